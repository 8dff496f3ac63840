//! Benchmarks of the storage-proofs pallet (frame-benchmarking v2): `respond` with the number of
//! leaves `k` and the proof depth `d` as parameters, and `on_initialize` in its worst case:
//! `c` challenges issued (drawn in the block before) and `c` more drawn, and `e` missed
//! challenges that each fail their agreement, every agreement with its own provider and
//! consumer. `confirm` and `respond` are signed by the provider's operator (one more read than
//! the provider itself), `set_operator` names a first operator and holds its deposit.

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

/// An active storage agreement `i`, with its own consumer and provider.
fn agreement<T: Config>(i: u32) -> (AgreementId, T::AccountId, T::AccountId) {
	let consumer: T::AccountId = account("consumer", i, SEED);
	let provider: T::AccountId = account("provider", i, SEED);
	let id = T::Agreements::create_active(&consumer, &provider, STORAGE)
		.expect("an active storage agreement for the benchmarks");
	(id, consumer, provider)
}

/// A confirmed commitment (in the audit set) whose data is `2^d` leaves, all equal to `leaf`:
/// the root follows from hashing the leaf's path up `d` levels.
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

/// Name `operator` the operator of `provider` (as `set_operator` would, without the deposit).
fn with_operator<T: Config>(provider: &T::AccountId) -> T::AccountId {
	let operator: T::AccountId = account("operator", 0, SEED);
	Operators::<T>::insert(provider, &operator);
	OperatorOf::<T>::insert(&operator, provider);
	operator
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
	// Counted as `issue_pending` counts it, so the state is one the chain can reach.
	Counters::<T>::mutate(|c| {
		c.issued += 1;
		c.open += 1;
	});
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

	/// The worst case: the audit set was empty and its round over, so a new round starts; the
	/// provider's operator signs.
	#[benchmark]
	fn confirm() {
		let (id, consumer, provider) = agreement::<T>(0);
		let operator = with_operator::<T>(&provider);
		Pallet::<T>::do_commit(consumer, id, [1u8; 32], 1u64 << 30).expect("the consumer commits");
		let period = Params::<T>::get().challenge_period;
		let now = frame_system::Pallet::<T>::block_number().max(period);
		frame_system::Pallet::<T>::set_block_number(now);
		Round::<T>::put(RoundState { index: 0, started_at: 0u32.into(), cursor: 0 });
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), id);
		assert!(Commitments::<T>::get(id).is_some_and(|c| c.slot == Some(0)));
		assert_eq!(Round::<T>::get().index, 1);
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
		let operator = with_operator::<T>(&provider);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), cid, proofs);
		assert!(!Challenges::<T>::contains_key(cid));
		assert_eq!(Stats::<T>::get(&provider).passes, 1);
	}

	/// The worst case: an open challenge, and the commitment was drawn this round but is not
	/// the last drawn one, so leaving the audit set moves two entries; it also waits in a full
	/// [`PendingIndices`].
	#[benchmark]
	fn remove_commitment() {
		let (id, _, provider) = confirmed::<T>(0, 10);
		confirmed::<T>(1, 10);
		confirmed::<T>(2, 10);
		Round::<T>::mutate(|r| r.cursor = 2);
		let max = T::MaxChallengesPerBlock::get();
		let queue = (0..max).map(|i| if i == 0 { id } else { u64::MAX - u64::from(i) });
		PendingIndices::<T>::put(BoundedVec::truncate_from(queue.collect::<alloc::vec::Vec<_>>()));
		let expires = frame_system::Pallet::<T>::block_number() + 10u32.into();
		open_challenge::<T>(id, &provider, 1, expires);
		T::Agreements::end_for_benchmarks(id);
		let anyone: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert!(!Commitments::<T>::contains_key(id));
		assert_eq!((AuditCount::<T>::get(), Round::<T>::get().cursor), (2, 1));
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

	/// The worst case: a funded provider names its first operator, so the deposit is held.
	#[benchmark]
	fn set_operator() {
		let (_, _, provider) = agreement::<T>(0);
		let operator: T::AccountId = account("operator", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), Some(operator.clone()));
		assert_eq!(Operators::<T>::get(&provider), Some(operator.clone()));
		assert_eq!(OperatorOf::<T>::get(&operator), Some(provider));
	}

	/// In one block: `e` missed challenges, each the last one allowed, so each fails its
	/// agreement (payouts, and a removal from the audit set that moves two entries); `c`
	/// challenges issued for the agreements drawn in the block before; and `c` draws, in the
	/// round's last block so that all of them are made. Every agreement has its own provider and
	/// consumer.
	#[benchmark]
	fn on_initialize(
		c: Linear<0, { T::MaxChallengesPerBlock::get() }>,
		e: Linear<0, { T::MaxChallengesPerBlock::get() }>,
	) {
		let n = frame_system::Pallet::<T>::block_number() + 100u32.into();
		let max = Params::<T>::get().max_consecutive_faults;
		// The audit set: `e` drawn agreements with a challenge expiring now, `c` drawn ones
		// waiting for their indices, then `c` still to draw.
		let mut expiring = alloc::vec::Vec::new();
		for i in 0..e {
			let (id, _, provider) = confirmed::<T>(i, 20);
			expiring.push(provider.clone());
			open_challenge::<T>(id, &provider, 1, n);
			Commitments::<T>::mutate(id, |m| {
				if let Some(m) = m {
					m.consecutive_faults = max.saturating_sub(1);
				}
			});
		}
		let mut queue = alloc::vec::Vec::new();
		for i in 0..c {
			let (id, _, _) = confirmed::<T>(1_000 + i, 20);
			queue.push(id);
		}
		for i in 0..c {
			confirmed::<T>(2_000 + i, 20);
		}
		PendingIndices::<T>::put(BoundedVec::truncate_from(queue));
		let period = Params::<T>::get().challenge_period;
		// The round's last block: every pending commitment is drawn now.
		let started_at = n + 1u32.into() - period;
		Round::<T>::put(RoundState { index: 0, started_at, cursor: e + c });
		frame_system::Pallet::<T>::set_block_number(n);
		T::BenchmarkHelper::set_randomness([7u8; 32]);
		let issued = NextChallengeId::<T>::get();
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		for provider in expiring {
			assert_eq!(Stats::<T>::get(provider).faults, 1);
		}
		assert_eq!(NextChallengeId::<T>::get(), issued + u64::from(c));
		assert_eq!(PendingIndices::<T>::get().len() as u32, c);
		assert_eq!(AuditCount::<T>::get(), 2 * c);
		assert_eq!(Round::<T>::get().cursor, 2 * c);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
