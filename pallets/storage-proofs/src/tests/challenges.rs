//! Challenges: issuing, answering, missing, failing.

use super::*;
use frame_support::{assert_noop, assert_ok, dispatch::Pays};

#[test]
fn a_challenge_is_issued_and_a_valid_answer_passes_for_free() {
	run_test(|| {
		let bytes = data(5_000, 4); // 20 leaves
		committed_and_confirmed(1, &bytes);
		let id = run_until_challenged(1);
		let first = System::block_number();
		let ch = Challenges::<Test>::get(id).unwrap();
		assert_eq!(ch.issued_at, first);
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
		// Nothing about the next one is known: no schedule exists.
		let view = StorageProofs::commitment_view(1).unwrap();
		let round_ends_at = Round::<Test>::get().started_at + PERIOD;
		assert_eq!(
			(view.last_challenged_at, view.round_ends_at),
			(Some(first), Some(round_ends_at))
		);

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
		let (r, s) = (sp_core::H256::repeat_byte(1), sp_core::H256::repeat_byte(2));
		let a = StorageProofs::challenge_indices(&r, 10, 1, 1 << 20, 8);
		let b = StorageProofs::challenge_indices(&r, 10, 2, 1 << 20, 8);
		let c = StorageProofs::challenge_indices(&r, 11, 1, 1 << 20, 8);
		let d = StorageProofs::challenge_indices(&s, 10, 1, 1 << 20, 8);
		assert_ne!(a, b);
		assert_ne!(a, c);
		assert_ne!(a, d);
		assert!(StorageProofs::challenge_indices(&r, 10, 1, 3, 8).iter().all(|i| *i < 3));
		assert_eq!(StorageProofs::challenge_indices(&r, 10, 1, 1, 8).into_inner(), vec![0; 8]);
	});
}

#[test]
fn respond_errors() {
	run_test(|| {
		let bytes = data(3_000, 5);
		committed_and_confirmed(1, &bytes);
		let id = run_until_challenged(1);
		let first = System::block_number();
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
		committed_and_confirmed(1, &bytes);
		let c1 = run_until_challenged(1);
		run_to(System::block_number() + WINDOW);
		assert!(Challenges::<Test>::get(c1).is_none());
		assert!(events().contains(&Event::ChallengeMissed {
			challenge: c1,
			agreement: 1,
			consecutive: 1
		}));
		assert_eq!(outcomes(), vec![("fault", 1)]);
		assert_eq!(Stats::<Test>::get(PROVIDER), ProofStats { passes: 0, faults: 1 });
		// A pass resets the count.
		let c2 = run_until_challenged(1);
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), c2, answer(c2, &bytes)));
		assert_eq!(Commitments::<Test>::get(1).unwrap().consecutive_faults, 0);
		// Two misses in a row fail it.
		run_until_challenged(1);
		run_to(System::block_number() + WINDOW);
		run_until_challenged(1);
		run_to(System::block_number() + WINDOW);
		let c = Commitments::<Test>::get(1).unwrap();
		assert!(c.failed);
		assert_eq!((c.faults, c.passes, c.consecutive_faults), (3, 1, 2));
		// It left the audit set.
		assert_eq!((c.slot, AuditCount::<Test>::get()), (None, 0));
		assert_eq!(
			outcomes(),
			vec![("fault", 1), ("pass", 1), ("fault", 1), ("fault", 1), ("failed", 1)]
		);
		assert!(events().contains(&Event::AgreementFailed { agreement: 1 }));
		// No more challenges.
		let issued = NextChallengeId::<Test>::get();
		run_to(System::block_number() + 5 * PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), issued);
	});
}

#[test]
fn with_the_longest_window_an_agreement_never_has_two_challenges_and_none_after_failure() {
	run_test(|| {
		// The longest window the params allow: a challenge may still be open when the next
		// round draws its agreement, which then counts as challenged.
		Params::<Test>::put(ProofParams { response_window: PERIOD, ..params() });
		committed_and_confirmed(1, &data(3_000, 5));
		let mut open_ids = Vec::new();
		while !Commitments::<Test>::get(1).unwrap().failed {
			run_to(System::block_number() + 1);
			// Never two challenges open for one agreement, and the pointer names the open one.
			let mine = StorageProofs::challenges_of(&PROVIDER);
			assert!(mine.len() <= 1, "block {}: {mine:?}", System::block_number());
			if let Some((id, _)) = mine.first() {
				assert_eq!(OpenChallenge::<Test>::get(1), Some(*id));
				if open_ids.last() != Some(id) {
					open_ids.push(*id);
				}
			}
			assert!(System::block_number() < 20 * PERIOD, "the agreement fails");
		}
		// Every issued challenge was missed in turn; after the failure none is left open.
		assert_eq!(open_ids.len() as u32, MAX_FAULTS);
		assert!(StorageProofs::challenges_of(&PROVIDER).is_empty());
		assert!(OpenChallenge::<Test>::get(1).is_none());
		assert_eq!(Stats::<Test>::get(PROVIDER).faults, MAX_FAULTS as u64);
		let issued = NextChallengeId::<Test>::get();
		run_to(System::block_number() + 3 * PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), issued, "no challenge after the failure");
	});
}

#[test]
fn an_ended_agreement_is_not_challenged_and_leaves_the_audit_set_when_drawn() {
	run_test(|| {
		committed_and_confirmed(1, &data(1_000, 8));
		committed_and_confirmed(2, &data(1_000, 9));
		end(1);
		run_to(PERIOD);
		// Agreement 2 was challenged in round 0; agreement 1's draw found no obligation.
		assert!(OpenChallenge::<Test>::get(2).is_some());
		assert!(OpenChallenge::<Test>::get(1).is_none());
		assert!(events().contains(&Event::AuditEnded { agreement: 1 }));
		let c = Commitments::<Test>::get(1).unwrap();
		assert_eq!(c.slot, None, "out of the audit set; the commitment stays");
		assert_eq!((AuditCount::<Test>::get(), Audited::<Test>::get(0)), (1, Some(2)));
		assert_eq!(NextChallengeId::<Test>::get(), 1);
	});
}

#[test]
fn many_agreements_share_the_bounded_block() {
	run_test(|| {
		// Seven agreements confirmed in the same block with at most 3 draws per block.
		let files: Vec<Vec<u8>> = (0..7).map(|i| data(700 + i * 300, i as u8)).collect();
		for (i, f) in files.iter().enumerate() {
			committed_and_confirmed(i as u64 + 1, f);
		}
		// A responder that answers every open challenge each block: all are challenged within
		// the first round, never more than 3 issued per block, and every answer passes.
		let mut issued = 0;
		for b in 2..=PERIOD {
			run_to(b);
			let now = NextChallengeId::<Test>::get();
			assert!(now - issued <= 3, "block {b}: {} issued", now - issued);
			issued = now;
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
			assert_eq!(Commitments::<Test>::get(agreement).unwrap().passes, 1, "{agreement}");
		}
		let stats = Stats::<Test>::get(PROVIDER);
		assert_eq!(stats.faults, 0);
		assert_eq!(stats.passes, NextChallengeId::<Test>::get());
		let provider_challenges = StorageProofs::challenges_of(&PROVIDER);
		assert!(provider_challenges.is_empty(), "{provider_challenges:?}");
	});
}
