//! Replicated jobs: commit, reveal, the tally and its money, to the unit.

use super::*;
use agora_primitives::jobs::JobOutcome;
use frame_support::assert_noop;

#[test]
fn a_unanimous_result_pays_every_worker() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		for x in &w {
			commit(id, *x, blob(9));
		}
		assert_eq!(status(id), JobStatus::Revealing { until: 3 + REVEAL });
		for x in &w {
			reveal(id, *x, blob(9));
		}
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 3 }
		);
		for x in &w {
			assert_eq!(free(*x), INITIAL + 300);
			assert!(reports().contains(&format!("done {x} 300")));
		}
		assert_eq!(free(CONSUMER), INITIAL - 900 - RECORD);
		assert_eq!(pot_balance(), 0);
		assert_eq!(Stats::<Test>::get().completed, 1);
		assert_eq!(Stats::<Test>::get().rewards_paid, 900);
		for x in &w {
			assert_eq!(Workers::<Test>::get(x).map(|i| i.running), Some(0));
			assert!(Jobs::assigned_jobs(x).is_empty());
		}
	});
}

#[test]
fn the_majority_is_paid_and_the_minority_loses_its_collateral() {
	run_test(|| {
		opt_in_all();
		// A share of 200, collateral 100; 1,001 leaves a remainder of 2 among 3 winners.
		let id = running(spec(JobMode::Replicated, 5, 1_001));
		let w = workers(id);
		for x in &w[..3] {
			commit(id, *x, blob(9));
		}
		commit(id, w[3], blob(8));
		commit(id, w[4], blob(7));
		for x in &w[..3] {
			reveal(id, *x, blob(9));
		}
		reveal(id, w[3], blob(8));
		// w[4] never reveals: the window ends.
		run_to(3 + REVEAL);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 8 }
		);
		for x in &w[..3] {
			assert_eq!(free(*x), INITIAL + 333);
		}
		assert_eq!(free(w[3]), INITIAL - 100);
		assert_eq!(free(w[4]), INITIAL - 100);
		// Consumer: reward 1,001 and the deposit out; remainder 2 and two collaterals back.
		assert_eq!(free(CONSUMER), INITIAL - 1_001 - RECORD + 2 + 200);
		assert_eq!(pot_balance(), 0);
		let r = reports();
		assert!(r.contains(&format!("wrong {}", w[3])));
		// w[4] committed and kept its (losing) result to itself: wrong, not missed.
		assert!(r.contains(&format!("wrong {}", w[4])));
		let stats = Stats::<Test>::get();
		assert_eq!((stats.wrong_results, stats.missed, stats.collateral_slashed), (2, 0, 200));
		assert!(events().contains(&Event::CollateralSlashed {
			job: id,
			worker: w[3],
			amount: 100
		}));
	});
}

#[test]
fn no_strict_majority_refunds_the_reward_and_the_revealers() {
	run_test(|| {
		opt_in_all();
		// Two against two: no strict majority of four.
		let id = running(spec(JobMode::Replicated, 4, 800));
		let w = workers(id);
		for (i, x) in w.iter().enumerate() {
			commit(id, *x, blob(if i < 2 { 9 } else { 8 }));
		}
		for (i, x) in w.iter().enumerate() {
			reveal(id, *x, blob(if i < 2 { 9 } else { 8 }));
		}
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::NoMajority, at: 3 });
		for x in &w {
			assert_eq!(free(*x), INITIAL);
		}
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(pot_balance(), 0);
		assert!(reports().is_empty(), "nobody can tell who was wrong");
		assert_eq!(Stats::<Test>::get().no_majority, 1);
	});
}

#[test]
fn a_plurality_is_not_a_majority_and_silence_costs_the_collateral() {
	run_test(|| {
		opt_in_all();
		// Three workers: one result, another result, one that never commits.
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		commit(id, w[0], blob(9));
		commit(id, w[1], blob(8));
		// The run window ends without w[2]'s commitment: reveals open.
		run_to(3 + RUN);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Revealing { until: 13 + REVEAL });
		reveal(id, w[0], blob(9));
		// The last outstanding reveal ends the job at once.
		reveal(id, w[1], blob(8));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::NoMajority, at: 13 });
		assert_eq!(free(w[0]), INITIAL);
		assert_eq!(free(w[1]), INITIAL);
		assert_eq!(free(w[2]), INITIAL - 150);
		assert_eq!(free(CONSUMER), INITIAL - RECORD + 150);
		assert_eq!(reports(), vec![format!("missed {}", w[2])]);
	});
}

#[test]
fn nobody_committing_ends_the_job_when_the_run_window_ends() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		assert_noop!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NothingDue);
		run_to(3 + RUN);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::NoMajority, at: 13 });
		// Collateral 150 each to the consumer, the reward back.
		assert_eq!(free(CONSUMER), INITIAL - RECORD + 450);
		for x in &w {
			assert_eq!(free(*x), INITIAL - 150);
		}
	});
}

#[test]
fn a_job_not_fully_accepted_by_its_deadline_is_unassigned() {
	run_test(|| {
		// Only two workers for three slots.
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(10)));
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(11)));
		let id = submit(spec(JobMode::Replicated, 3, 900));
		run_to(3);
		for w in [10, 11] {
			assert_ok!(Jobs::accept(RuntimeOrigin::signed(w), id));
		}
		assert_noop!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NothingDue);
		run_to(41);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::Unassigned, at: 41 });
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(free(10), INITIAL);
		assert_eq!(free(11), INITIAL);
		assert_eq!(pot_balance(), 0);
		assert!(reports().is_empty());
		assert_eq!(Stats::<Test>::get().unassigned, 1);
		assert_eq!(DrawAgenda::<Test>::iter().count(), 0);
	});
}

#[test]
fn commit_and_reveal_errors() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		let stranger = WORKERS.iter().copied().find(|x| !w.contains(x)).unwrap();
		let h = commit_hash(&blob(9), &salt(w[0]), &w[0]);
		assert_noop!(
			Jobs::commit(RuntimeOrigin::signed(stranger), id, h),
			Error::<Test>::NotWorker
		);
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[0]), id, blob(9), salt(w[0])),
			Error::<Test>::NotRevealing
		);
		assert_noop!(
			Jobs::post_result(RuntimeOrigin::signed(w[0]), id, blob(9)),
			Error::<Test>::WrongMode
		);
		commit(id, w[0], blob(9));
		assert_noop!(Jobs::commit(RuntimeOrigin::signed(w[0]), id, h), Error::<Test>::NotAccepted);
		commit(id, w[1], blob(9));
		commit(id, w[2], blob(9));
		// Revealing now: commitments are closed.
		assert_noop!(Jobs::commit(RuntimeOrigin::signed(w[1]), id, h), Error::<Test>::NotRunning);
		// A wrong salt or a different result does not match.
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[0]), id, blob(9), [0; 32]),
			Error::<Test>::BadReveal
		);
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[0]), id, blob(8), salt(w[0])),
			Error::<Test>::BadReveal
		);
		reveal(id, w[0], blob(9));
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[0]), id, blob(9), salt(w[0])),
			Error::<Test>::NotCommitted
		);
		// The reveal window closes.
		run_to(3 + REVEAL);
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[1]), id, blob(9), salt(w[1])),
			Error::<Test>::WindowClosed
		);
		// One of three is no strict majority: the silent ones pay.
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::NoMajority, at: 8 });
		assert_eq!(free(w[0]), INITIAL);
		assert_eq!(free(w[1]), INITIAL - 150);
		assert_eq!(free(w[2]), INITIAL - 150);
	});
}

#[test]
fn commits_close_with_the_run_window() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		run_to(3 + RUN);
		assert_noop!(
			Jobs::commit(
				RuntimeOrigin::signed(w[0]),
				id,
				commit_hash(&blob(9), &salt(w[0]), &w[0])
			),
			Error::<Test>::WindowClosed
		);
	});
}

#[test]
fn an_operator_commits_and_reveals_for_its_provider() {
	run_test(|| {
		// Three workers for three slots: 10 is drawn.
		for w in [10, 11, 12] {
			assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(w)));
		}
		let id = running(spec(JobMode::Replicated, 3, 900));
		// The commitment binds the provider (10), not the operator key.
		assert_ok!(Jobs::commit(
			RuntimeOrigin::signed(OPERATOR),
			id,
			commit_hash(&blob(9), &salt(10), &10u64)
		));
		commit(id, 11, blob(9));
		commit(id, 12, blob(9));
		assert_ok!(Jobs::reveal(RuntimeOrigin::signed(OPERATOR), id, blob(9), salt(10)));
		reveal(id, 11, blob(9));
		reveal(id, 12, blob(9));
		assert_eq!(free(10), INITIAL + 300);
		assert_eq!(free(OPERATOR), 0);
	});
}

#[test]
fn withholding_a_losing_result_is_wrong_and_silence_is_missed() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Replicated, 5, 1_000));
		let w = workers(id);
		for x in &w[..3] {
			commit(id, *x, blob(9));
		}
		// w[3] commits to another result and keeps it; w[4] never commits.
		commit(id, w[3], blob(8));
		run_to(3 + RUN);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		for x in &w[..3] {
			reveal(id, *x, blob(9));
		}
		run_to(13 + REVEAL);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 18 }
		);
		let r = reports();
		assert!(r.contains(&format!("wrong {}", w[3])));
		assert!(!r.contains(&format!("missed {}", w[3])));
		assert!(r.contains(&format!("missed {}", w[4])));
		let stats = Stats::<Test>::get();
		assert_eq!((stats.wrong_results, stats.missed), (1, 1));
	});
}
