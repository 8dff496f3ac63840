//! Benchmarks of the reputation pallet.

use super::*;
use crate::pallet::{Params, Profiles, Ratings};
use agora_primitives::{
	reputation::Side,
	traits::{CompletedAgreements, ReputationEvents},
};
use frame_benchmarking::v2::*;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: both profiles exist with evidence to decay, the rating carries the full
	/// weight.
	#[benchmark]
	fn rate() {
		let consumer: T::AccountId = account("consumer", 0, 0);
		let provider: T::AccountId = account("provider", 0, 0);
		let id = T::Agreements::complete_for_benchmarks(
			&consumer,
			&provider,
			agora_primitives::Balance::MAX / 4,
		);
		<Pallet<T> as ReputationEvents<T::AccountId>>::challenge_passed(
			&provider,
			agora_primitives::AGR,
		);
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + 1u32.into(),
		);
		let scores = Scores { performance: 5, stability: 4, support: 3 };

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), id, scores, H256::repeat_byte(1));

		assert!(Ratings::<T>::contains_key(id, Side::Provider));
		assert_eq!(Profiles::<T>::get(&provider, Side::Provider).counters.ratings, 1);
	}

	#[benchmark]
	fn set_params() {
		let params = ReputationParams::<BlockNumberFor<T>>::default();

		#[extrinsic_call]
		_(RawOrigin::Root, params.clone());

		assert_eq!(Params::<T>::get(), params);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
