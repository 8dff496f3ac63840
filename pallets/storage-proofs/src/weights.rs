//! Weights for `pallet_storage_proofs`.
//!
//! PROVISIONAL, NOT MEASURED: the benchmarks of this pallet are not written yet, so it is not in
//! the runtime. `scripts/bench.sh pallet_storage_proofs` replaces this file once they are.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_storage_proofs`.
pub trait WeightInfo {
	fn commit() -> Weight;
	fn confirm() -> Weight;
	fn respond(k: u32, d: u32, ) -> Weight;
	fn remove_commitment() -> Weight;
	fn set_params() -> Weight;
	fn on_initialize(c: u32, e: u32, ) -> Weight;
}

impl WeightInfo for () {
	fn commit() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn confirm() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn respond(k: u32, d: u32, ) -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul((k as u64).saturating_mul(d as u64 + 1))) }
	fn remove_commitment() -> Weight { Weight::from_parts(100_000_000, 4000) }
	fn set_params() -> Weight { Weight::from_parts(10_000_000, 0) }
	fn on_initialize(c: u32, e: u32, ) -> Weight { Weight::from_parts(10_000_000, 0).saturating_add(Weight::from_parts(100_000_000, 4000).saturating_mul(c as u64 + e as u64)) }
}

/// Weights for `pallet_storage_proofs` on a runtime (provisional, see the file header).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn commit() -> Weight { <() as WeightInfo>::commit() }
	fn confirm() -> Weight { <() as WeightInfo>::confirm() }
	fn respond(k: u32, d: u32, ) -> Weight { <() as WeightInfo>::respond(k, d) }
	fn remove_commitment() -> Weight { <() as WeightInfo>::remove_commitment() }
	fn set_params() -> Weight { <() as WeightInfo>::set_params() }
	fn on_initialize(c: u32, e: u32, ) -> Weight { <() as WeightInfo>::on_initialize(c, e) }
}
