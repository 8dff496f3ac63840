//! Weights for `pallet_jobs`.
//!
//! PLACEHOLDER: not yet generated; run scripts/bench.sh pallet_jobs
//!
//! These are conservative estimates written by hand in the generated format (the reads and
//! writes are counted from the code, the times guessed high) so that the runtime builds; the
//! benchmark run replaces the whole file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_jobs`.
pub trait WeightInfo {
	fn submit() -> Weight;
	fn cancel() -> Weight;
	fn opt_in() -> Weight;
	fn opt_out() -> Weight;
	fn accept() -> Weight;
	fn decline() -> Weight;
	fn skip() -> Weight;
	fn commit() -> Weight;
	fn reveal() -> Weight;
	fn post_result() -> Weight;
	fn accept_result() -> Weight;
	fn advance() -> Weight;
	fn close() -> Weight;
	fn set_params() -> Weight;
	fn kick() -> Weight;
	fn on_initialize(j: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn submit() -> Weight {
		Weight::from_parts(120_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn cancel() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(40_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn opt_out() -> Weight {
		Weight::from_parts(45_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn accept() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn decline() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn skip() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn commit() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn reveal() -> Weight {
		Weight::from_parts(250_000_000, 9000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn post_result() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn accept_result() -> Weight {
		Weight::from_parts(130_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn advance() -> Weight {
		Weight::from_parts(300_000_000, 9000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(15_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn kick() -> Weight {
		Weight::from_parts(45_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn on_initialize(j: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 1500)
			// Per job: up to MAX_REPLICAS slots x MAX_DRAW_ATTEMPTS picks, each reading a
			// worker, its offer and its score.
			.saturating_add(Weight::from_parts(2_000_000_000, 200_000).saturating_mul(j.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((250_u64).saturating_mul(j.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((7_u64).saturating_mul(j.into())))
	}
}

/// The same weights with ParityDb's database weights, for mocks and tests.
impl WeightInfo for () {
	fn submit() -> Weight {
		Weight::from_parts(120_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn cancel() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(40_000_000, 3000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn opt_out() -> Weight {
		Weight::from_parts(45_000_000, 3000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn accept() -> Weight {
		Weight::from_parts(110_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn decline() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn skip() -> Weight {
		Weight::from_parts(60_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn commit() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn reveal() -> Weight {
		Weight::from_parts(250_000_000, 9000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn post_result() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn accept_result() -> Weight {
		Weight::from_parts(130_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn advance() -> Weight {
		Weight::from_parts(300_000_000, 9000)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(15_000_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn kick() -> Weight {
		Weight::from_parts(45_000_000, 3000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn on_initialize(j: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 1500)
			// Per job: up to MAX_REPLICAS slots x MAX_DRAW_ATTEMPTS picks, each reading a
			// worker, its offer and its score.
			.saturating_add(Weight::from_parts(2_000_000_000, 200_000).saturating_mul(j.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((250_u64).saturating_mul(j.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((7_u64).saturating_mul(j.into())))
	}
}
