//! Attacks on the challenge schedule (findings 2 and 14 of the economic-security review): each
//! test plays the attacker and asserts the rule that stops it.

use super::*;
use sp_core::H256;
use std::collections::BTreeSet;

/// The indices of the first challenge of `agreement` issued so far.
fn first_challenge_of(agreement: AgreementId) -> Option<Vec<u64>> {
	events().into_iter().find_map(|e| match e {
		Event::ChallengeIssued { agreement: a, indices, .. } if a == agreement => {
			Some(indices.into_inner())
		},
		_ => None,
	})
}

/// Finding 2: a provider fills the blocks around the one its victim agreement `V` would be
/// scheduled in with its own Sybil agreements, so `V` finds no slot and is never challenged.
/// With audit rounds every confirmed commitment is challenged once per round, whatever the
/// number of commitments and whatever the randomness: more commitments only stretch the round.
#[test]
fn no_number_of_commitments_leaves_one_unchallenged() {
	const FILLERS: u64 = 210;
	const V: AgreementId = 1_000;
	let total = FILLERS + 1;
	let blocks = 3 * total.div_ceil(MaxChallengesPerBlock::get() as u64) + PERIOD;
	for salt in [None, Some(1u8), Some(2u8)] {
		run_test(|| {
			if let Some(salt) = salt {
				for b in 1..=blocks + 1 {
					let r = sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(salt, b)));
					set_randomness(b, Some(H256(r)));
				}
			}
			// The Sybil agreements, each with its own consumer, then the victim, in one block.
			for i in 0..FILLERS {
				let consumer = 100 + i;
				fund(consumer);
				confirmed_between(i, consumer, STRANGER);
			}
			confirmed_between(V, CONSUMER, PROVIDER);
			run_to(1 + blocks);
			let challenged = challenged();
			for id in (0..FILLERS).chain([V]) {
				assert!(challenged.contains(&id), "salt {salt:?}: agreement {id} never challenged");
			}
		});
	}
}

/// Finding 14 (iii): without randomness (BABE's VRF output is `None`) nothing is issued, since
/// indices from the hash of `None` would be known to everyone in advance; the work waits for
/// randomness.
#[test]
fn no_challenge_is_issued_from_missing_randomness() {
	run_test(|| {
		const DARK: u64 = 3 * PERIOD;
		for b in 2..=1 + DARK {
			set_randomness(b, None);
		}
		committed_and_confirmed(1, &data(3_000, 1));
		run_to(1 + DARK);
		assert!(challenged().is_empty(), "a challenge was issued without randomness");
		// Told once for the gap, and nothing was drawn.
		let told: Vec<_> = events()
			.into_iter()
			.filter(|e| matches!(e, Event::RandomnessUnavailable { .. }))
			.collect();
		assert_eq!(told, vec![Event::RandomnessUnavailable { block: 2 }]);
		assert_eq!(Round::<Test>::get().cursor, 0);
		// With randomness back, the agreement is challenged: drawn in block DARK + 2, issued
		// in the next block.
		run_to(2 + DARK);
		assert_eq!(PendingIndices::<Test>::get().into_inner(), vec![1], "the round is overdue");
		run_to(3 + DARK);
		assert_eq!(challenged(), BTreeSet::from([1]));
	});
}

/// Finding 14 (i): the agreement to challenge is drawn in one block and its leaf indices come
/// from the next block's randomness, so knowing one block's randomness in advance (the author
/// of the parent block knows it) is not enough to know a challenge before it is issued.
#[test]
fn leaf_indices_are_unknown_when_the_challenge_is_drawn() {
	// The block the agreement is drawn in, with the default randomness.
	let drawn = {
		let mut drawn = 0;
		run_test(|| {
			committed_and_confirmed(1, &data(50_000, 2));
			drawn = drawn_at(1);
		});
		drawn
	};
	let mut runs = Vec::new();
	for r in [H256::repeat_byte(1), H256::repeat_byte(2)] {
		run_test(|| {
			set_randomness(drawn + 1, Some(r));
			committed_and_confirmed(1, &data(50_000, 2));
			assert_eq!(drawn_at(1), drawn, "the draw does not depend on later randomness");
			run_to(drawn + 1);
			runs.push(first_challenge_of(1).expect("the challenge is issued"));
		});
	}
	assert_ne!(runs[0], runs[1], "the indices were known when the challenge was drawn");
}

/// The block in which `agreement` is drawn for its first challenge (on the per-block agenda
/// before audit rounds, where the test failed: the block its challenge was issued in).
fn drawn_at(agreement: AgreementId) -> u64 {
	for _ in 0..10 * PERIOD {
		run_to(System::block_number() + 1);
		if PendingIndices::<Test>::get().contains(&agreement) {
			assert!(first_challenge_of(agreement).is_none(), "not issued in the block it is drawn");
			return System::block_number();
		}
	}
	panic!("agreement {agreement} was never drawn");
}
