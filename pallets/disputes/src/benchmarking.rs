//! Benchmarks of the disputes pallet.

use super::*;
use crate::pallet::{Disputes, Params};
use agora_primitives::disputes::{
	DisputeStatus, DisputeSubject, DisputedAgreements, DisputedJobs, Ruling,
};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::Saturating;

const FUNDS: agora_primitives::Balance = 1_000_000_000_000_000_000_000;

fn parties<T: Config>() -> (T::AccountId, T::AccountId) {
	let consumer: T::AccountId = account("consumer", 0, 0);
	let provider: T::AccountId = account("provider", 0, 0);
	(consumer, provider)
}

/// A committee of `n` members (besides the parties) and an open dispute by the consumer on a
/// funded, prepaid agreement.
fn open_dispute<T: Config>(n: u32) -> (u64, T::AccountId, T::AccountId, Vec<T::AccountId>) {
	let (consumer, provider) = parties::<T>();
	let members: Vec<T::AccountId> = (0..n).map(|i| account("member", i, 0)).collect();
	T::BenchmarkHelper::set_committee(members.clone());
	let agreement = T::Agreements::create_for_benchmarks(&consumer, &provider);
	assert!(T::Currency::set_balance(&consumer, FUNDS) >= FUNDS, "the consumer is funded");
	let id = NextDisputeId::<T>::get();
	Pallet::<T>::do_open(
		consumer.clone(),
		DisputeSubject::Agreement(agreement),
		H256::repeat_byte(1),
	)
	.expect("dispute opens");
	(id, consumer, provider, members)
}

fn go_to_voting<T: Config>(id: u64) {
	let d = Disputes::<T>::get(id).expect("dispute");
	frame_system::Pallet::<T>::set_block_number(d.evidence_ends);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p` committee members become the panel.
	#[benchmark]
	fn open(p: Linear<1, { T::MaxPanel::get() }>) {
		let (consumer, provider) = parties::<T>();
		let members: Vec<T::AccountId> = (0..p).map(|i| account("member", i, 0)).collect();
		T::BenchmarkHelper::set_committee(members);
		let agreement = T::Agreements::create_for_benchmarks(&consumer, &provider);
		assert!(T::Currency::set_balance(&consumer, FUNDS) >= FUNDS, "the consumer is funded");
		let id = NextDisputeId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), agreement, H256::repeat_byte(1));

		assert_eq!(Disputes::<T>::get(id).map(|d| d.panel.len() as u32), Some(p));
	}

	/// `p` committee members become the panel of a dispute on an attested job's result.
	#[benchmark]
	fn open_job(p: Linear<1, { T::MaxPanel::get() }>) {
		let (consumer, provider) = parties::<T>();
		let members: Vec<T::AccountId> = (0..p).map(|i| account("member", i, 0)).collect();
		T::BenchmarkHelper::set_committee(members);
		let job = T::Jobs::create_for_benchmarks(&consumer, &provider);
		assert!(T::Currency::set_balance(&consumer, FUNDS) >= FUNDS, "the consumer is funded");
		let id = NextDisputeId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), job, H256::repeat_byte(1));

		assert_eq!(Disputes::<T>::get(id).map(|d| d.panel.len() as u32), Some(p));
	}

	/// The consumer files the last item of its half of the evidence room.
	#[benchmark]
	fn submit_evidence() {
		let (id, consumer, provider, _) = open_dispute::<T>(T::MaxPanel::get());
		let half = T::MaxEvidence::get() / 2;
		for i in 0..half.saturating_sub(1) {
			Pallet::<T>::do_submit_evidence(consumer.clone(), id, H256::repeat_byte(i as u8))
				.expect("evidence");
			Pallet::<T>::do_submit_evidence(provider.clone(), id, H256::repeat_byte(i as u8))
				.expect("evidence");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id, H256::repeat_byte(0xee));

		let d = Disputes::<T>::get(id).expect("dispute");
		assert_eq!(d.evidence.len() as u32, 2 * half - 1);
	}

	/// The last member of a full panel votes (an insert at the end of the votes).
	#[benchmark]
	fn vote() {
		let (id, _, _, members) = open_dispute::<T>(T::MaxPanel::get());
		go_to_voting::<T>(id);
		let panel = Disputes::<T>::get(id).expect("dispute").panel;
		let (last, rest) = panel.split_last().expect("a panel");
		for (i, member) in rest.iter().enumerate() {
			let ruling = if i % 2 == 0 { Ruling::FavourConsumer } else { Ruling::FavourProvider };
			Pallet::<T>::do_vote(member.clone(), id, ruling).expect("vote");
		}
		let _ = members;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(last.clone()),
			id,
			Ruling::Split(sp_runtime::Perbill::from_percent(30)),
		);

		assert_eq!(Disputes::<T>::get(id).expect("dispute").votes.len(), panel.len());
	}

	/// A full panel, votes split so the majority is found last; the consumer wins: escrow,
	/// collateral and the provider-side reputation move; the bond returns. This bounds the
	/// dismissal branch too (no majority: one agreement write and two transfers from the pot,
	/// against the ruling's wind-up of the agreement).
	#[benchmark]
	fn resolve() {
		let (id, consumer, _, _) = open_dispute::<T>(T::MaxPanel::get());
		go_to_voting::<T>(id);
		let panel = Disputes::<T>::get(id).expect("dispute").panel;
		let half = panel.len() / 2;
		for (i, member) in panel.iter().enumerate() {
			let ruling = if i < panel.len() - (half + 1) {
				Ruling::Split(sp_runtime::Perbill::from_percent(i as u32 % 100))
			} else {
				Ruling::FavourConsumer
			};
			Pallet::<T>::do_vote(member.clone(), id, ruling).expect("vote");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);

		let d = Disputes::<T>::get(id).expect("dispute");
		assert_eq!(d.status, DisputeStatus::Resolved(Ruling::FavourConsumer));
	}

	#[benchmark]
	fn set_params() {
		let mut params = DisputeParams::<BlockNumberFor<T>>::default();
		params.voting_period = params.voting_period.saturating_add(1u32.into());

		#[extrinsic_call]
		_(RawOrigin::Root, params.clone());

		assert_eq!(Params::<T>::get(), params);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
