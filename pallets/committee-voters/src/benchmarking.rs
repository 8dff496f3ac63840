//! Benchmarks of the committee voters pallet, on the real election.

use super::*;
use crate::pallet::Voters;
use agora_primitives::Balance;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;

/// Plenty for any bond and stake.
const FUNDS: Balance = 1_000_000_000_000_000_000;
/// The smallest stake of the full list (above any existential deposit here).
const STAKE: Balance = 1_000_000_000_000;

/// As many candidates as a voter may vote for, standing.
fn candidates<T: Config>() -> Vec<T::AccountId> {
	(0..T::Elections::max_votes_per_voter())
		.map(|i| {
			let c: T::AccountId = account("candidate", i, 0);
			T::Elections::fund(&c, FUNDS);
			T::Elections::stand(&c).expect("a funded account stands");
			c
		})
		.collect()
}

/// A full list: `MaxVoters` voters of the election, each voting for every candidate, with
/// distinct stakes (the first voter's is the smallest). Listed directly, in one write.
fn full_list<T: Config>(candidates: &[T::AccountId]) -> Vec<(T::AccountId, Balance)> {
	let list: Vec<(T::AccountId, Balance)> = (0..T::MaxVoters::get())
		.map(|i| {
			let who: T::AccountId = account("voter", i, 0);
			T::Elections::fund(&who, FUNDS);
			let stake = T::Elections::vote(&who, candidates.to_vec(), STAKE + Balance::from(i))
				.expect("a funded account votes");
			(who, stake)
		})
		.collect();
	Voters::<T>::put(BoundedVec::truncate_from(list.clone()));
	list
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The worst case: a newcomer voting for `v` candidates arrives at a full list. Every
	/// listed voter's record is read (reconciliation), and the smallest voter is evicted.
	#[benchmark]
	fn vote(v: Linear<1, { T::Elections::max_votes_per_voter() }>) {
		let candidates = candidates::<T>();
		let list = full_list::<T>(&candidates);
		let (smallest, _) = list.first().cloned().expect("a full list");
		let newcomer: T::AccountId = account("newcomer", 0, 0);
		T::Elections::fund(&newcomer, FUNDS);
		let votes: Vec<T::AccountId> = candidates.iter().take(v as usize).cloned().collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(newcomer.clone()), votes, FUNDS / 2);

		let voters = Voters::<T>::get();
		assert_eq!(voters.len() as u32, T::MaxVoters::get());
		assert_eq!(voters.last().map(|(w, _)| w), Some(&newcomer));
		assert!(T::Elections::stake_of(&smallest).is_none(), "the smallest voter was evicted");
	}

	/// A voter of a full list leaves: the first entry (the list shifts most).
	#[benchmark]
	fn remove_voter() {
		let candidates = candidates::<T>();
		let list = full_list::<T>(&candidates);
		let (first, _) = list.first().cloned().expect("a full list");

		#[extrinsic_call]
		_(RawOrigin::Signed(first.clone()));

		assert_eq!(Voters::<T>::get().len() as u32, T::MaxVoters::get() - 1);
		assert!(T::Elections::stake_of(&first).is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
