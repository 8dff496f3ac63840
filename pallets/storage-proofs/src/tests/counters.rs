//! The pallet's counters for `agora_marketStats` move at every transition (`try_state`, run
//! after each test and block, also checks them against a scan), and the recent window rolls.

use super::*;
use agora_primitives::stats::{ProofCounters, RecentWindow};
use frame_support::assert_ok;

fn counters() -> ProofCounters {
	StorageProofs::counters()
}

#[test]
fn bytes_follow_commitments_confirmations_and_removals() {
	run_test(|| {
		activate(1, CONSUMER, PROVIDER, 5_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 1, [7; 32], 1_000));
		assert_eq!((counters().committed_bytes, counters().confirmed_bytes), (1_000, 0));
		confirmed_between(2, CONSUMER, PROVIDER);
		assert_eq!((counters().committed_bytes, counters().confirmed_bytes), (2_000, 1_000));
		// An unconfirmed commitment removed: only committed bytes go.
		end(1);
		assert_ok!(StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 1));
		assert_eq!((counters().committed_bytes, counters().confirmed_bytes), (1_000, 1_000));
		end(2);
		assert_ok!(StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 2));
		assert_eq!((counters().committed_bytes, counters().confirmed_bytes), (0, 0));
	});
}

#[test]
fn challenges_are_counted_issued_passed_missed_and_dropped() {
	run_test(|| {
		let bytes = data(5_000, 4);
		committed_and_confirmed(1, &bytes);
		let id = run_until_challenged(1);
		assert_eq!((counters().issued, counters().open), (1, 1));
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, &bytes)));
		let c = counters();
		assert_eq!((c.issued, c.passed, c.missed, c.open), (1, 1, 0, 0));
		assert_eq!((c.recent.recent_passed(), c.recent.recent_missed()), (1, 0));
		// The next one is missed.
		let id = run_until_challenged(1);
		let expires = Challenges::<Test>::get(id).unwrap().expires_at;
		run_to(expires);
		let c = counters();
		assert_eq!((c.issued, c.passed, c.missed, c.open), (2, 1, 1, 0));
		// The pass may have left the window by now (buckets of 10 blocks); the miss has not.
		assert_eq!(c.recent.recent_missed(), 1);
		// An open challenge closed by the commitment's removal is dropped.
		run_until_challenged(1);
		end(1);
		assert_ok!(StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 1));
		let c = counters();
		assert_eq!((c.issued, c.passed, c.missed, c.dropped, c.open), (3, 1, 1, 1, 0));
	});
}

#[test]
fn the_recent_window_keeps_two_buckets_and_rolls_lazily() {
	run_test(|| {
		let bytes = data(5_000, 4);
		committed_and_confirmed(1, &bytes);
		let id = run_until_challenged(1);
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, &bytes)));
		let bucket = System::block_number() / STATS_WINDOW;
		assert_eq!(
			Counters::<Test>::get().recent,
			RecentWindow { index: bucket, passed: 1, ..Default::default() }
		);
		// In the next bucket the pass is in the previous one, still recent; the view rolls
		// without writing.
		System::set_block_number((bucket + 1) * STATS_WINDOW);
		assert_eq!(
			counters().recent,
			RecentWindow { index: bucket + 1, previous_passed: 1, ..Default::default() }
		);
		assert_eq!(Counters::<Test>::get().recent.index, bucket);
		assert_eq!(counters().recent.recent_passed(), 1);
		// Two buckets later it is gone from the window, not from the totals.
		System::set_block_number((bucket + 2) * STATS_WINDOW);
		assert_eq!(counters().recent, RecentWindow { index: bucket + 2, ..Default::default() });
		assert_eq!(counters().passed, 1);
	});
}
