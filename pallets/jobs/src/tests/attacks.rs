//! Attacks: copied commitments, reveals without commitments, disputes outside the window.

use super::*;
use agora_primitives::{jobs::JobOutcome, traits::DisputedJobs};
use frame_support::assert_noop;

#[test]
fn a_worker_copying_anothers_commitment_cannot_reveal_it() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		// w[0] commits honestly; w[1] copies its commitment without computing anything.
		commit(id, w[0], blob(9));
		let copied = match slot_state(id, w[0]) {
			SlotState::Committed { hash } => hash,
			s => panic!("not committed: {s:?}"),
		};
		assert_ok!(Jobs::commit(RuntimeOrigin::signed(w[1]), id, copied));
		commit(id, w[2], blob(9));
		reveal(id, w[0], blob(9));
		// Even knowing w[0]'s result and salt, w[1] cannot open the copy: the worker is in
		// the hash.
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[1]), id, blob(9), salt(w[0])),
			Error::<Test>::BadReveal
		);
		reveal(id, w[2], blob(9));
		run_to(3 + REVEAL);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 8 }
		);
		// The copier earned nothing and lost its collateral; the honest two share the reward.
		assert_eq!(free(w[1]), INITIAL - 150);
		assert_eq!(free(w[0]), INITIAL + 450);
		assert_eq!(free(w[2]), INITIAL + 450);
		// It committed and could not reveal: a withheld result is a wrong one.
		assert!(reports().contains(&format!("wrong {}", w[1])));
	});
}

#[test]
fn a_worker_that_did_not_commit_cannot_reveal() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		commit(id, w[0], blob(9));
		commit(id, w[1], blob(9));
		run_to(3 + RUN);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		// w[2] saw the others' result on chain after they reveal, but it never committed.
		reveal(id, w[0], blob(9));
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[2]), id, blob(9), salt(w[2])),
			Error::<Test>::NotCommitted
		);
		// Outsiders neither.
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(STRANGER), id, blob(9), salt(STRANGER)),
			Error::<Test>::NotWorker
		);
		reveal(id, w[1], blob(9));
		assert_eq!(free(w[2]), INITIAL - 150);
		assert_eq!(free(w[0]), INITIAL + 450);
	});
}

#[test]
fn disputes_only_by_the_consumer_within_the_review_window() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Attested, 1, 300));
		let w = workers(id)[0];
		// Nothing posted yet.
		assert_noop!(
			<Jobs as DisputedJobs<u64>>::freeze(id, &CONSUMER, 0),
			Error::<Test>::NotDisputable
		);
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		// Not the worker, not a stranger.
		for who in [w, STRANGER] {
			assert_noop!(
				<Jobs as DisputedJobs<u64>>::freeze(id, &who, 0),
				Error::<Test>::NotConsumer
			);
		}
		// The window ends at 9: too late, even before anyone advanced the job.
		run_to(3 + REVIEW);
		assert_noop!(
			<Jobs as DisputedJobs<u64>>::freeze(id, &CONSUMER, 0),
			Error::<Test>::NotDisputable
		);
		// A replicated job is never disputable.
		let other = running(spec(JobMode::Replicated, 3, 900));
		assert_noop!(
			<Jobs as DisputedJobs<u64>>::freeze(other, &CONSUMER, 0),
			Error::<Test>::NotDisputable
		);
		assert_noop!(
			<Jobs as DisputedJobs<u64>>::freeze(99, &CONSUMER, 0),
			Error::<Test>::JobNotFound
		);
	});
}
