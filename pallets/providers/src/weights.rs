//! Weights for `pallet_providers`.
//!
//! PROVISIONAL: replaced by `scripts/bench.sh pallet_providers` output before landing.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_providers`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn update_resources() -> Weight;
	fn update_prices() -> Weight;
	fn update_endpoint() -> Weight;
	fn update_attributes() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn unregister() -> Weight;
	fn withdraw_bond() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn set_params() -> Weight;
}

impl WeightInfo for () {
	fn register() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn update_resources() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn update_prices() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn update_endpoint() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn update_attributes() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn pause() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn resume() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn unregister() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn withdraw_bond() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn suspend() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn reinstate() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn set_params() -> Weight { Weight::from_parts(100_000_000, 4000) }
}

/// Weights for `pallet_providers` on a runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register() -> Weight { <() as WeightInfo>::register() }
	fn update_resources() -> Weight { <() as WeightInfo>::update_resources() }
	fn update_prices() -> Weight { <() as WeightInfo>::update_prices() }
	fn update_endpoint() -> Weight { <() as WeightInfo>::update_endpoint() }
	fn update_attributes() -> Weight { <() as WeightInfo>::update_attributes() }
	fn pause() -> Weight { <() as WeightInfo>::pause() }
	fn resume() -> Weight { <() as WeightInfo>::resume() }
	fn unregister() -> Weight { <() as WeightInfo>::unregister() }
	fn withdraw_bond() -> Weight { <() as WeightInfo>::withdraw_bond() }
	fn suspend() -> Weight { <() as WeightInfo>::suspend() }
	fn reinstate() -> Weight { <() as WeightInfo>::reinstate() }
	fn set_params() -> Weight { <() as WeightInfo>::set_params() }
}
