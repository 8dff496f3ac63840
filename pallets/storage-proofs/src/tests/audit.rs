//! Audit rounds: every commitment once per round, round timing, the two stages, removal from
//! the audit set, and closing an agreement.

use super::*;
use agora_primitives::traits::OnAgreementClosed;
use frame_support::{assert_ok, traits::fungible::InspectHold};
use std::collections::{BTreeMap, BTreeSet};

/// The drawn and the still-to-draw part of the audit set.
fn split() -> (BTreeSet<AgreementId>, BTreeSet<AgreementId>) {
	let cursor = Round::<Test>::get().cursor;
	let all: Vec<_> = (0..AuditCount::<Test>::get())
		.map(|s| Audited::<Test>::get(s).unwrap())
		.collect();
	let (drawn, pending) = all.split_at(cursor as usize);
	(drawn.iter().copied().collect(), pending.iter().copied().collect())
}

/// Answer every open challenge of `PROVIDER`, whose agreements all store `bytes`.
fn answer_all(bytes: &[u8]) {
	for (id, _) in StorageProofs::challenges_of(&PROVIDER) {
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, bytes)));
	}
}

/// Runs blocks one at a time, answering every challenge at once, and records per agreement
/// the rounds its challenges were drawn in (the round at the end of the block before the one
/// it was issued in).
#[derive(Default)]
struct Recorder {
	rounds: BTreeMap<AgreementId, Vec<u32>>,
	seen: usize,
	round_before: u32,
}

impl Recorder {
	fn new() -> Self {
		Self { seen: events().len(), round_before: Round::<Test>::get().index, ..Self::default() }
	}

	/// Run the next block and answer its challenges from `bytes`.
	fn step(&mut self, bytes: &[u8]) {
		run_to(System::block_number() + 1);
		let all = events();
		for e in &all[self.seen..] {
			if let Event::ChallengeIssued { agreement, .. } = e {
				self.rounds.entry(*agreement).or_default().push(self.round_before);
			}
		}
		self.seen = all.len();
		self.round_before = Round::<Test>::get().index;
		answer_all(bytes);
	}

	fn run_to(&mut self, n: u64, bytes: &[u8]) {
		while System::block_number() < n {
			self.step(bytes);
		}
	}
}

#[test]
fn each_round_challenges_every_commitment_exactly_once() {
	for salt in [None, Some(1u8), Some(2u8), Some(3u8)] {
		each_round_challenges_every_commitment_exactly_once_with(salt);
	}
}

fn each_round_challenges_every_commitment_exactly_once_with(salt: Option<u8>) {
	run_test(|| {
		if let Some(salt) = salt {
			for b in 1..=6 * PERIOD {
				let r = sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(salt, b)));
				set_randomness(b, Some(sp_core::H256(r)));
			}
		}
		let bytes = data(600, 1);
		let root = merkle::root(&bytes).unwrap();
		for id in 1..=8 {
			activate(id, CONSUMER, PROVIDER, 1_000);
			assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), id, root, 600));
			assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), id));
		}
		// Rounds 0 to 4 are complete by block 5 * PERIOD + 1 (the last draws issue then).
		let mut rec = Recorder::new();
		rec.run_to(5 * PERIOD + 1, &bytes);
		for id in 1..=8 {
			let complete: Vec<_> = rec.rounds[&id].iter().copied().filter(|r| *r < 5).collect();
			assert_eq!(complete, vec![0, 1, 2, 3, 4], "salt {salt:?}, agreement {id}");
		}
		assert_eq!(Stats::<Test>::get(PROVIDER).faults, 0);
	});
}

#[test]
fn rounds_restart_after_the_shortest_length_once_every_commitment_is_drawn() {
	run_test(|| {
		let bytes = data(600, 1);
		committed_and_confirmed(1, &bytes);
		committed_and_confirmed(2, &bytes);
		let mut rec = Recorder::new();
		rec.run_to(PERIOD - 1, &bytes);
		assert_eq!(Round::<Test>::get(), RoundState { index: 0, started_at: 0, cursor: 2 });
		rec.run_to(PERIOD, &bytes);
		assert_eq!(Round::<Test>::get().index, 1);
		assert_eq!(Round::<Test>::get().started_at, PERIOD);
		assert!(events().contains(&Event::AuditRoundStarted { round: 1, commitments: 2 }));
		rec.run_to(2 * PERIOD - 1, &bytes);
		assert_eq!((Round::<Test>::get().index, Round::<Test>::get().cursor), (1, 2));
		rec.run_to(2 * PERIOD, &bytes);
		assert_eq!(Round::<Test>::get().started_at, 2 * PERIOD);
		assert!(events().contains(&Event::AuditRoundStarted { round: 2, commitments: 2 }));
		assert!(!events().iter().any(|e| matches!(e, Event::AuditRoundStretched { .. })));
	});
}

#[test]
fn more_commitments_than_a_round_can_draw_stretch_it_for_everyone() {
	run_test(|| {
		// 40 commitments, at most 3 draws per block: round 0 (blocks 2 to 9 left) stretches.
		for id in 0..40 {
			fund(100 + id);
			confirmed_between(id, 100 + id, PROVIDER);
		}
		for b in 2..=15 {
			run_to(b);
			assert_eq!(Round::<Test>::get().cursor, (3 * (b as u32 - 1)).min(40), "block {b}");
			assert_eq!(Round::<Test>::get().index, 0);
		}
		// In block 10, the shortest length, 24 were drawn.
		assert!(events().contains(&Event::AuditRoundStretched { pending: 40 - 24 }));
		// The last draws were in block 15: round 1 starts in the next block.
		run_to(16);
		assert_eq!((Round::<Test>::get().index, Round::<Test>::get().started_at), (1, 16));
		assert_eq!(challenged().len(), 40);
	});
}

#[test]
fn an_empty_audit_set_starts_no_round_until_a_commitment_joins() {
	run_test(|| {
		run_to(3 * PERIOD + 5);
		assert_eq!(Round::<Test>::get(), RoundState::default());
		assert!(events().is_empty());
		committed_and_confirmed(1, &data(600, 1));
		let now = 3 * PERIOD + 5;
		assert_eq!(Round::<Test>::get(), RoundState { index: 1, started_at: now, cursor: 0 });
		assert!(events().contains(&Event::AuditRoundStarted { round: 1, commitments: 1 }));
		// Drawn in the round's remaining blocks, issued by its end.
		run_to(now + PERIOD);
		assert_eq!(challenged(), BTreeSet::from([1]));
		let issued = Commitments::<Test>::get(1).unwrap().last_challenged_at.unwrap();
		assert!((now + 2..=now + PERIOD).contains(&issued), "issued at {issued}");
	});
}

#[test]
fn a_lone_commitment_is_drawn_anywhere_in_its_round() {
	run_test(|| {
		let bytes = data(600, 1);
		committed_and_confirmed(1, &bytes);
		let mut offsets = BTreeSet::new();
		let mut round = Round::<Test>::get();
		for _ in 0..40 * PERIOD {
			run_to(System::block_number() + 1);
			let now = Round::<Test>::get();
			if now.index != round.index {
				round = now;
			}
			if PendingIndices::<Test>::get().contains(&1) {
				offsets.insert(System::block_number() - round.started_at);
			}
			answer_all(&bytes);
		}
		// Not always the round's first blocks: nothing tells the provider when it comes.
		assert!(offsets.len() >= 6, "drawn only at offsets {offsets:?}");
		assert!(offsets.iter().all(|o| *o < PERIOD));
	});
}

#[test]
fn two_stages_draw_in_one_block_and_issue_in_the_next() {
	run_test(|| {
		committed_and_confirmed(1, &data(5_000, 3));
		while !PendingIndices::<Test>::get().contains(&1) {
			run_to(System::block_number() + 1);
		}
		let n = System::block_number();
		assert!(challenged().is_empty(), "nothing issued in the block it is drawn");
		run_to(n + 1);
		let ch = Challenges::<Test>::get(open(1)).unwrap();
		assert_eq!((ch.issued_at, ch.expires_at), (n + 1, n + 1 + WINDOW));
		let random = StorageProofs::randomness().unwrap();
		let leaves = merkle::leaf_count(5_000);
		assert_eq!(ch.indices, StorageProofs::challenge_indices(&random, n + 1, 1, leaves, K));
		assert!(PendingIndices::<Test>::get().is_empty());
	});
}

#[test]
fn a_gap_in_randomness_between_the_stages_postpones_the_issue() {
	run_test(|| {
		committed_and_confirmed(1, &data(5_000, 3));
		while !PendingIndices::<Test>::get().contains(&1) {
			run_to(System::block_number() + 1);
		}
		let n = System::block_number();
		set_randomness(n + 1, None);
		run_to(n + 1);
		assert!(challenged().is_empty());
		assert_eq!(PendingIndices::<Test>::get().into_inner(), vec![1]);
		assert_eq!(events().pop(), Some(Event::RandomnessUnavailable { block: n + 1 }));
		run_to(n + 2);
		let ch = Challenges::<Test>::get(open(1)).unwrap();
		assert_eq!((ch.issued_at, ch.expires_at), (n + 2, n + 2 + WINDOW));
		let random = StorageProofs::randomness().unwrap();
		let leaves = merkle::leaf_count(5_000);
		assert_eq!(ch.indices, StorageProofs::challenge_indices(&random, n + 2, 1, leaves, K));
		assert!(!RandomnessMissing::<Test>::get());
	});
}

#[test]
fn a_full_expiry_block_defers_the_issue_by_a_block() {
	run_test(|| {
		committed_and_confirmed(1, &data(600, 3));
		while !PendingIndices::<Test>::get().contains(&1) {
			run_to(System::block_number() + 1);
		}
		let n = System::block_number();
		// Only possible after governance shortened the window: that block is full.
		ExpiryAgenda::<Test>::insert(
			n + 1 + WINDOW,
			BoundedVec::truncate_from(vec![900, 901, 902]),
		);
		run_to(n + 1);
		assert!(challenged().is_empty());
		assert_eq!(PendingIndices::<Test>::get().into_inner(), vec![1]);
		run_to(n + 2);
		let ch = Challenges::<Test>::get(open(1)).unwrap();
		assert_eq!((ch.issued_at, ch.expires_at), (n + 2, n + 2 + WINDOW));
	});
}

#[test]
fn removing_from_the_audit_set_keeps_drawn_and_pending_apart() {
	// Every size, cursor and removed slot.
	for size in 1..=5u64 {
		for cursor in 0..=size as u32 {
			for slot in 0..size as u32 {
				run_test(|| {
					for id in 1..=size {
						committed_and_confirmed(id, &data(600, id as u8));
					}
					Round::<Test>::mutate(|r| r.cursor = cursor);
					let (drawn, pending) = split();
					let gone = Audited::<Test>::get(slot).unwrap();
					end(gone);
					assert_ok!(StorageProofs::remove_commitment(
						RuntimeOrigin::signed(STRANGER),
						gone
					));
					let (drawn_after, pending_after) = split();
					let without = |s: &BTreeSet<AgreementId>| {
						s.iter().copied().filter(|a| *a != gone).collect::<BTreeSet<_>>()
					};
					assert_eq!(drawn_after, without(&drawn), "{size} {cursor} {slot}");
					assert_eq!(pending_after, without(&pending), "{size} {cursor} {slot}");
					assert_eq!(AuditCount::<Test>::get(), size as u32 - 1);
					StorageProofs::do_try_state().unwrap();
				});
			}
		}
	}
}

#[test]
fn removal_mid_round_leaves_the_rest_of_the_round_as_it_was() {
	run_test(|| {
		let bytes = data(600, 1);
		let root = merkle::root(&bytes).unwrap();
		for id in 1..=9 {
			activate(id, CONSUMER, PROVIDER, 1_000);
			assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), id, root, 600));
			assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), id));
		}
		// Mid-round: some drawn, some not.
		let mut rec = Recorder::new();
		while Round::<Test>::get().cursor < 2 || Round::<Test>::get().cursor > 7 {
			rec.step(&bytes);
		}
		let (drawn, pending) = split();
		let (gone_drawn, gone_pending) =
			(*drawn.iter().next().unwrap(), *pending.iter().next().unwrap());
		for gone in [gone_drawn, gone_pending] {
			end(gone);
			<StorageProofs as OnAgreementClosed>::closed(gone);
		}
		let (drawn_after, pending_after) = split();
		assert_eq!(drawn_after, &drawn - &BTreeSet::from([gone_drawn]));
		assert_eq!(pending_after, &pending - &BTreeSet::from([gone_pending]));
		// The round completes: every remaining agreement challenged exactly once in round 0,
		// the removed ones never after their removal.
		rec.run_to(PERIOD + 1, &bytes);
		for id in (1..=9).filter(|id| *id != gone_drawn && *id != gone_pending) {
			assert_eq!(rec.rounds[&id].iter().filter(|r| **r == 0).count(), 1, "agreement {id}");
		}
		assert!(!rec.rounds.contains_key(&gone_pending));
		assert!(rec.rounds.get(&gone_drawn).is_none_or(|r| r.len() == 1));
	});
}

#[test]
fn closing_an_agreement_removes_its_commitment() {
	run_test(|| {
		let held = |who| Balances::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who);
		committed_and_confirmed(1, &data(600, 1));
		committed_and_confirmed(2, &data(600, 2));
		let id = run_until_challenged(1);
		end(1);
		<StorageProofs as OnAgreementClosed>::closed(1);
		assert_eq!(events().pop(), Some(Event::CommitmentRemoved { agreement: 1 }));
		assert!(Commitments::<Test>::get(1).is_none());
		assert_eq!(held(CONSUMER), DEPOSIT, "only agreement 2's deposit is still held");
		assert!(Challenges::<Test>::get(id).is_none() && OpenChallenge::<Test>::get(1).is_none());
		assert!(!ChallengesOf::<Test>::contains_key(PROVIDER, id));
		assert_eq!(AuditCount::<Test>::get(), 1);
		assert_eq!(Audited::<Test>::get(0), Some(2));
		// Its challenge never becomes a fault, and it is never challenged again.
		let issued_for_1 = || {
			events()
				.iter()
				.filter(|e| matches!(e, Event::ChallengeIssued { agreement: 1, .. }))
				.count()
		};
		let before = issued_for_1();
		run_to(System::block_number() + 3 * PERIOD);
		assert!(!outcomes().contains(&("fault", 1)));
		assert_eq!(issued_for_1(), before);
		// Without a commitment nothing happens; an unconfirmed one is removed too.
		let n = events().len();
		<StorageProofs as OnAgreementClosed>::closed(99);
		assert_eq!(events().len(), n);
		activate(3, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 3, [1; 32], 10));
		end(3);
		<StorageProofs as OnAgreementClosed>::closed(3);
		assert!(Commitments::<Test>::get(3).is_none());
		assert_eq!(held(CONSUMER), DEPOSIT);
	});
}

#[test]
fn the_commitment_view_shows_the_round_not_a_schedule() {
	run_test(|| {
		activate(1, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 1, [1; 32], 600));
		let view = StorageProofs::commitment_view(1).unwrap();
		assert_eq!((view.last_challenged_at, view.round_ends_at), (None, None));
		assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1));
		let view = StorageProofs::commitment_view(1).unwrap();
		assert_eq!((view.last_challenged_at, view.round_ends_at), (None, Some(PERIOD)));
		// Failed: no longer audited.
		while !Commitments::<Test>::get(1).unwrap().failed {
			run_to(System::block_number() + 1);
		}
		let view = StorageProofs::commitment_view(1).unwrap();
		assert!(view.last_challenged_at.is_some());
		assert_eq!(view.round_ends_at, None);
	});
}
