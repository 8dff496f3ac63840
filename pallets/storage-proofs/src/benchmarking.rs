//! Benchmarks of the storage-proofs pallet (frame-benchmarking v2): `respond` with the number of
//! leaves `k` and the proof depth `d` as parameters, and `on_initialize` with a full challenge
//! agenda (`c` agreements to challenge) and a full expiry agenda (`e` missed challenges, each
//! reported to the agreements).

use super::*;
use agora_primitives::merkle::{self, LEAF_SIZE};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

const SEED: u32 = 0;
/// Storage of the benchmarked agreements: enough for a tree of depth 32 (1 TiB).
const STORAGE: u64 = 2 << 40;

fn agreement<T: Config>(i: u32) -> (AgreementId, T::AccountId, T::AccountId) {
	let consumer: T::AccountId = account("consumer", i, SEED);
	let provider: T::AccountId = account("provider", 0, SEED);
	let id = T::Agreements::create_active(&consumer, &provider, STORAGE)
		.expect("an active storage agreement for the benchmarks");
	(id, consumer, provider)
}

/// A confirmed commitment whose data is `2^d` leaves, all equal to `leaf`: the root follows
/// from hashing the leaf's path up `d` levels.
fn confirmed<T: Config>(i: u32, d: u32) -> (AgreementId, T::AccountId, T::AccountId) {
	let (id, consumer, provider) = agreement::<T>(i);
	let mut node = merkle::hash_leaf(&[7u8; LEAF_SIZE]).unwrap_or_default();
	for _ in 0..d {
		node = merkle::hash_inner(&node, &node);
	}
	let size = (LEAF_SIZE as u64) << d;
	Pallet::<T>::do_commit(consumer.clone(), id, node, size).expect("the consumer commits");
	Pallet::<T>::do_confirm(provider.clone(), id).expect("the provider confirms");
	(id, consumer, provider)
}

/// The path of any leaf in the tree of [`confirmed`]: the sibling at each level is the node of
/// that level.
fn path<T: Config>(d: u32) -> BoundedVec<Node, T::MaxProofDepth> {
	let mut node = merkle::hash_leaf(&[7u8; LEAF_SIZE]).unwrap_or_default();
	let mut path = alloc::vec::Vec::new();
	for _ in 0..d {
		path.push(node);
		node = merkle::hash_inner(&node, &node);
	}
	BoundedVec::truncate_from(path)
}

/// Open a challenge of `id` asking `k` leaves, expiring at `expires_at`.
fn open_challenge<T: Config>(
	id: AgreementId,
	provider: &T::AccountId,
	k: u32,
	expires_at: BlockNumberFor<T>,
) -> ChallengeId {
	let cid = NextChallengeId::<T>::get();
	NextChallengeId::<T>::put(cid + 1);
	let indices = BoundedVec::truncate_from(alloc::vec![0u64; k as usize]);
	Challenges::<T>::insert(
		cid,
		Challenge {
			agreement: id,
			provider: provider.clone(),
			indices,
			issued_at: frame_system::Pallet::<T>::block_number(),
			expires_at,
		},
	);
	ChallengesOf::<T>::insert(provider, cid, ());
	OpenChallenge::<T>::insert(id, cid);
	ExpiryAgenda::<T>::try_mutate(expires_at, |l| l.try_push(cid))
		.expect("room on the expiry agenda");
	cid
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn commit() {
		let (id, consumer, _) = agreement::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id, [1u8; 32], 1u64 << 30);
		assert!(Commitments::<T>::contains_key(id));
	}

	#[benchmark]
	fn confirm() {
		let (id, consumer, provider) = agreement::<T>(0);
		Pallet::<T>::do_commit(consumer, id, [1u8; 32], 1u64 << 30).expect("the consumer commits");
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(Commitments::<T>::get(id).is_some_and(|c| c.confirmed_at.is_some()));
	}

	#[benchmark]
	fn respond(k: Linear<1, { T::MaxLeavesPerChallenge::get() }>, d: Linear<1, 32>) {
		let (id, _, provider) = confirmed::<T>(0, d);
		let expires = frame_system::Pallet::<T>::block_number() + 10u32.into();
		let cid = open_challenge::<T>(id, &provider, k, expires);
		let proof = LeafProof::<T> {
			leaf: BoundedVec::truncate_from(alloc::vec![7u8; LEAF_SIZE]),
			path: path::<T>(d),
		};
		let proofs = BoundedVec::truncate_from(alloc::vec![proof; k as usize]);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), cid, proofs);
		assert!(!Challenges::<T>::contains_key(cid));
	}

	#[benchmark]
	fn remove_commitment() {
		let (id, _, provider) = confirmed::<T>(0, 10);
		let expires = frame_system::Pallet::<T>::block_number() + 10u32.into();
		open_challenge::<T>(id, &provider, 1, expires);
		T::Agreements::end_for_benchmarks(id);
		let anyone: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert!(!Commitments::<T>::contains_key(id));
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Params::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	/// `c` challenges to issue and `e` missed challenges to report, in one block.
	#[benchmark]
	fn on_initialize(
		c: Linear<0, { T::MaxChallengesPerBlock::get() }>,
		e: Linear<0, { T::MaxChallengesPerBlock::get() }>,
	) {
		let n = frame_system::Pallet::<T>::block_number() + 100u32.into();
		for i in 0..c {
			let (id, _, _) = confirmed::<T>(i, 20);
			// Move its scheduled challenge to block `n`.
			Commitments::<T>::mutate(id, |m| {
				if let Some(m) = m {
					if let Some(at) = m.next_challenge_at {
						ChallengeAgenda::<T>::mutate(at, |l| l.retain(|x| *x != id));
					}
					m.next_challenge_at = Some(n);
				}
			});
			ChallengeAgenda::<T>::try_mutate(n, |l| l.try_push(id))
				.expect("room on the challenge agenda");
		}
		// Each missed challenge is the last one allowed: the agreement fails (the worst case).
		let max = Params::<T>::get().max_consecutive_faults;
		for i in 0..e {
			let (id, _, provider) = confirmed::<T>(1_000 + i, 20);
			open_challenge::<T>(id, &provider, 1, n);
			Commitments::<T>::mutate(id, |m| {
				if let Some(m) = m {
					m.consecutive_faults = max.saturating_sub(1);
				}
			});
		}
		frame_system::Pallet::<T>::set_block_number(n);
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert_eq!(Stats::<T>::get(account::<T::AccountId>("provider", 0, SEED)).faults, e as u64);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
