//! PLACEHOLDER until `scripts/bench.sh` regenerates this file from a real benchmark run.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

pub trait WeightInfo {
	fn add_validator(v: u32) -> Weight;
	fn remove_validator(v: u32) -> Weight;
	fn set_min_validators() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator(_v: u32) -> Weight {
		Weight::MAX
	}
	fn remove_validator(_v: u32) -> Weight {
		Weight::MAX
	}
	fn set_min_validators() -> Weight {
		Weight::MAX
	}
}

impl WeightInfo for () {
	fn add_validator(_v: u32) -> Weight {
		Weight::zero()
	}
	fn remove_validator(_v: u32) -> Weight {
		Weight::zero()
	}
	fn set_min_validators() -> Weight {
		Weight::zero()
	}
}
