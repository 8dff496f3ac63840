//! Challenges: issuing, answering, missing, failing.

use super::*;
use frame_support::{assert_noop, assert_ok, dispatch::Pays};

#[test]
fn a_challenge_is_issued_and_a_valid_answer_passes_for_free() {
	run_test(|| {
		let bytes = data(5_000, 4); // 20 leaves
		let first = committed_and_confirmed(1, &bytes);
		run_to(first - 1);
		assert!(OpenChallenge::<Test>::get(1).is_none(), "nothing before its block");
		run_to(first);
		let id = open(1);
		let ch = Challenges::<Test>::get(id).unwrap();
		assert_eq!(ch.indices.len() as u32, K);
		assert!(ch.indices.iter().all(|i| *i < merkle::leaf_count(5_000)));
		assert_eq!(ch.expires_at, first + WINDOW);
		assert!(ChallengesOf::<Test>::contains_key(PROVIDER, id));
		assert!(events().contains(&Event::ChallengeIssued {
			challenge: id,
			agreement: 1,
			provider: PROVIDER,
			indices: ch.indices.clone(),
			expires_at: first + WINDOW,
		}));
		// The next one is already on the agenda.
		let next = Commitments::<Test>::get(1).unwrap().next_challenge_at.unwrap();
		assert!((first + PERIOD - JITTER..=first + PERIOD + JITTER).contains(&next));

		let post = StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, &bytes))
			.unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(events().pop(), Some(Event::ChallengePassed { challenge: id, agreement: 1 }));
		assert!(Challenges::<Test>::get(id).is_none());
		assert_eq!(Stats::<Test>::get(PROVIDER), ProofStats { passes: 1, faults: 0 });
		assert_eq!(Commitments::<Test>::get(1).unwrap().passes, 1);
		assert_eq!(outcomes(), vec![("pass", 1)]);
		// Its expiry finds nothing to fault.
		run_to(first + WINDOW);
		assert_eq!(Stats::<Test>::get(PROVIDER).faults, 0);
	});
}

#[test]
fn indices_are_random_per_agreement_and_block() {
	run_test(|| {
		let a = StorageProofs::challenge_indices(1, 10, 1 << 20, 8);
		let b = StorageProofs::challenge_indices(2, 10, 1 << 20, 8);
		let c = StorageProofs::challenge_indices(1, 11, 1 << 20, 8);
		assert_ne!(a, b);
		assert_ne!(a, c);
		assert!(StorageProofs::challenge_indices(1, 10, 3, 8).iter().all(|i| *i < 3));
		assert_eq!(StorageProofs::challenge_indices(1, 10, 1, 8).into_inner(), vec![0; 8]);
	});
}

#[test]
fn respond_errors() {
	run_test(|| {
		let bytes = data(3_000, 5);
		let first = committed_and_confirmed(1, &bytes);
		run_to(first);
		let id = open(1);
		let good = answer(id, &bytes);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id + 1, good.clone()),
			Error::<Test>::ChallengeNotFound
		);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(STRANGER), id, good.clone()),
			Error::<Test>::NotChallenged
		);
		let mut short = good.clone();
		short.pop();
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, short),
			Error::<Test>::WrongProofCount
		);
		// A flipped bit in one leaf.
		let mut bad = good.clone();
		bad[0].leaf[0] ^= 1;
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, bad),
			Error::<Test>::InvalidProof
		);
		// Another file's proofs.
		let other = data(3_000, 6);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, &other)),
			Error::<Test>::InvalidProof
		);
		// Too late (the block of expiry, before its hook runs).
		System::set_block_number(first + WINDOW);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, good),
			Error::<Test>::ChallengeExpired
		);
	});
}

#[test]
fn missed_challenges_are_faults_and_enough_in_a_row_fail_the_agreement() {
	run_test(|| {
		let bytes = data(4_000, 7);
		let first = committed_and_confirmed(1, &bytes);
		run_to(first);
		let c1 = open(1);
		run_to(first + WINDOW);
		assert!(Challenges::<Test>::get(c1).is_none());
		assert!(events().contains(&Event::ChallengeMissed {
			challenge: c1,
			agreement: 1,
			consecutive: 1
		}));
		assert_eq!(outcomes(), vec![("fault", 1)]);
		assert_eq!(Stats::<Test>::get(PROVIDER), ProofStats { passes: 0, faults: 1 });
		// A pass resets the count.
		let next = Commitments::<Test>::get(1).unwrap().next_challenge_at.unwrap();
		run_to(next);
		let c2 = open(1);
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), c2, answer(c2, &bytes)));
		assert_eq!(Commitments::<Test>::get(1).unwrap().consecutive_faults, 0);
		// Two misses in a row fail it.
		let next = Commitments::<Test>::get(1).unwrap().next_challenge_at.unwrap();
		run_to(next + WINDOW);
		let next = Commitments::<Test>::get(1).unwrap().next_challenge_at.unwrap();
		run_to(next + WINDOW);
		let c = Commitments::<Test>::get(1).unwrap();
		assert!(c.failed);
		assert_eq!((c.faults, c.passes, c.consecutive_faults), (3, 1, 2));
		assert_eq!(c.next_challenge_at, None);
		assert_eq!(
			outcomes(),
			vec![("fault", 1), ("pass", 1), ("fault", 1), ("fault", 1), ("failed", 1)]
		);
		assert!(events().contains(&Event::AgreementFailed { agreement: 1 }));
		// No more challenges.
		let issued = NextChallengeId::<Test>::get();
		run_to(next + 5 * PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), issued);
	});
}

#[test]
fn an_expiry_and_the_next_issue_in_one_block_leave_one_challenge_and_none_after_failure() {
	run_test(|| {
		// The longest window the params allow: the next challenge comes in the very block the
		// previous one expires (no jitter).
		Params::<Test>::put(ProofParams { jitter: 0, response_window: PERIOD, ..params() });
		let bytes = data(3_000, 5);
		let first = committed_and_confirmed(1, &bytes);
		assert_eq!(first, 1 + PERIOD);
		let mut n = first;
		let mut open_ids = Vec::new();
		while !Commitments::<Test>::get(1).unwrap().failed {
			run_to(n);
			// Never two challenges open for one agreement, and the pointer names the open one.
			let mine = StorageProofs::challenges_of(&PROVIDER);
			assert!(mine.len() <= 1, "block {n}: {mine:?}");
			if let Some((id, _)) = mine.first() {
				assert_eq!(OpenChallenge::<Test>::get(1), Some(*id), "block {n}");
				open_ids.push(*id);
			}
			n += PERIOD;
			assert!(n < first + 10 * PERIOD, "the agreement fails after MAX_FAULTS misses");
		}
		// Every issued challenge was missed in turn; after the failure none is left open.
		assert_eq!(open_ids.len() as u32, MAX_FAULTS);
		assert!(StorageProofs::challenges_of(&PROVIDER).is_empty());
		assert!(OpenChallenge::<Test>::get(1).is_none());
		assert_eq!(Stats::<Test>::get(PROVIDER).faults, MAX_FAULTS as u64);
		let issued = NextChallengeId::<Test>::get();
		run_to(n + 3 * PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), issued, "no challenge after the failure");
	});
}

#[test]
fn an_ended_agreement_is_not_challenged() {
	run_test(|| {
		let first = committed_and_confirmed(1, &data(1_000, 8));
		end(1);
		run_to(first + PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), 0);
		assert_eq!(Commitments::<Test>::get(1).unwrap().next_challenge_at, None);
	});
}

#[test]
fn many_agreements_share_the_bounded_agendas() {
	run_test(|| {
		// Seven agreements confirmed in the same block with at most 3 challenges per block.
		let files: Vec<Vec<u8>> = (0..7).map(|i| data(700 + i * 300, i as u8)).collect();
		for (i, f) in files.iter().enumerate() {
			committed_and_confirmed(i as u64 + 1, f);
		}
		for b in 1..=(1 + PERIOD + JITTER + 10) {
			assert!(ChallengeAgenda::<Test>::get(b).len() <= 3);
		}
		// A responder that answers every open challenge each block: all are challenged within
		// the first round (pushed at most a few blocks), and every answer passes.
		for b in 2..=(1 + PERIOD + JITTER + 3) {
			run_to(b);
			for (id, ch) in StorageProofs::challenges_of(&PROVIDER) {
				let f = &files[ch.agreement as usize - 1];
				assert_ok!(StorageProofs::respond(
					RuntimeOrigin::signed(PROVIDER),
					id,
					answer(id, f)
				));
			}
		}
		for agreement in 1..=7u64 {
			assert!(Commitments::<Test>::get(agreement).unwrap().passes >= 1, "{agreement}");
		}
		let stats = Stats::<Test>::get(PROVIDER);
		assert_eq!(stats.faults, 0);
		assert_eq!(stats.passes, NextChallengeId::<Test>::get());
		let provider_challenges = StorageProofs::challenges_of(&PROVIDER);
		assert!(provider_challenges.is_empty(), "{provider_challenges:?}");
	});
}
