//! Weights for `pallet_agreements`.
//!
//! PROVISIONAL: replaced by `scripts/bench.sh pallet_agreements` output before landing.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_agreements`.
pub trait WeightInfo {
	fn request() -> Weight;
	fn accept() -> Weight;
	fn counter() -> Weight;
	fn accept_counter() -> Weight;
	fn revoke() -> Weight;
	fn reject() -> Weight;
	fn expire() -> Weight;
	fn prepay() -> Weight;
	fn settle() -> Weight;
	fn terminate_nonpayment() -> Weight;
	fn cancel() -> Weight;
	fn abandon() -> Weight;
	fn close() -> Weight;
	fn set_params() -> Weight;
}

/// Weights for `pallet_agreements` on a runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn request() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn accept() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn counter() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn accept_counter() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn revoke() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn reject() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn expire() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn prepay() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn settle() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn terminate_nonpayment() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn cancel() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn abandon() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn close() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn set_params() -> Weight { Weight::from_parts(100_000_000, 8000) }
}

impl WeightInfo for () {
	fn request() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn accept() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn counter() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn accept_counter() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn revoke() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn reject() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn expire() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn prepay() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn settle() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn terminate_nonpayment() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn cancel() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn abandon() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn close() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn set_params() -> Weight { Weight::from_parts(100_000_000, 8000) }
}
