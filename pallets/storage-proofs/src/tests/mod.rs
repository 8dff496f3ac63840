//! Tests of the storage-proofs pallet, by feature.

mod attacks;
mod audit;
mod challenges;
mod commitments;
mod counters;
mod operators;

use crate::{mock::*, *};
use agora_primitives::merkle;
pub use frame_support::BoundedVec;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::StorageProofs(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The agreements with at least one `ChallengeIssued` so far.
pub fn challenged() -> std::collections::BTreeSet<AgreementId> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::ChallengeIssued { agreement, .. } => Some(agreement),
			_ => None,
		})
		.collect()
}

/// Fund `who` for commitment deposits.
pub fn fund(who: u64) {
	use frame_support::traits::fungible::Mutate;
	assert!(Balances::set_balance(&who, 1_000) >= 1_000);
}

/// Agreement `id` between `consumer` and `provider`, committed to 1,000 bytes (root `[7; 32]`)
/// and confirmed.
pub fn confirmed_between(id: AgreementId, consumer: u64, provider: u64) {
	activate(id, consumer, provider, 1_000);
	frame_support::assert_ok!(StorageProofs::commit(
		RuntimeOrigin::signed(consumer),
		id,
		[7u8; 32],
		1_000
	));
	frame_support::assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(provider), id));
}

/// Deterministic test data of `size` bytes.
pub fn data(size: usize, seed: u8) -> Vec<u8> {
	(0..size)
		.map(|i| (i as u32).wrapping_mul(2_654_435_761).rotate_left(seed as u32) as u8)
		.collect()
}

/// Agreement `id` active with 1 MB of storage; the consumer commits to `bytes`, the provider
/// confirms: it joins the audit set.
pub fn committed_and_confirmed(id: AgreementId, bytes: &[u8]) {
	activate(id, CONSUMER, PROVIDER, 1_000_000);
	let root = merkle::root(bytes).unwrap();
	frame_support::assert_ok!(StorageProofs::commit(
		RuntimeOrigin::signed(CONSUMER),
		id,
		root,
		bytes.len() as u64
	));
	frame_support::assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), id));
}

/// Run block by block until `agreement` has an open challenge (at most two shortest rounds);
/// returns the challenge.
pub fn run_until_challenged(agreement: AgreementId) -> ChallengeId {
	for _ in 0..2 * PERIOD + 2 {
		if let Some(id) = OpenChallenge::<Test>::get(agreement) {
			return id;
		}
		run_to(System::block_number() + 1);
	}
	OpenChallenge::<Test>::get(agreement).expect("a challenge within two rounds")
}

/// The proofs answering `challenge` from `bytes`.
pub fn answer(
	challenge: ChallengeId,
	bytes: &[u8],
) -> BoundedVec<LeafProof<Test>, MaxLeavesPerChallenge> {
	let ch = Challenges::<Test>::get(challenge).expect("open challenge");
	let levels = merkle::levels(bytes);
	let proofs: Vec<LeafProof<Test>> = ch
		.indices
		.iter()
		.map(|i| {
			let start = *i as usize * merkle::LEAF_SIZE;
			let end = (start + merkle::LEAF_SIZE).min(bytes.len());
			LeafProof {
				leaf: bytes[start..end].to_vec().try_into().unwrap(),
				path: merkle::proof_from_levels(&levels, *i).unwrap().try_into().unwrap(),
			}
		})
		.collect();
	proofs.try_into().unwrap()
}

/// The id of the open challenge of `agreement`.
pub fn open(agreement: AgreementId) -> ChallengeId {
	OpenChallenge::<Test>::get(agreement).expect("an open challenge")
}
