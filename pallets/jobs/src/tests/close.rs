//! Closing finished jobs, and the runtime API's views.

use super::*;
use agora_primitives::jobs::JobOutcome;
use frame_support::assert_noop;

#[test]
fn close_after_retention_returns_the_deposit_and_removes_everything() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Attested, 1, 300));
		assert_noop!(Jobs::close(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotFinished);
		assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_noop!(
			Jobs::close(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::RetentionNotOver
		);
		run_to(1 + RETENTION);
		assert_ok!(Jobs::close(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(events().last(), Some(&Event::Closed { job: id }));
		assert_eq!(crate::Jobs::<Test>::get(id), None);
		assert_eq!(deposit_of(CONSUMER), 0);
		assert_eq!(free(CONSUMER), INITIAL);
		assert!(Jobs::jobs_of(&CONSUMER, 0, 10).is_empty());
		assert_noop!(Jobs::close(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::JobNotFound);
	});
}

#[test]
fn views_page_the_consumers_jobs_and_list_a_workers_open_slots() {
	run_test(|| {
		opt_in_all();
		let ids: Vec<JobId> = (0..5).map(|_| submit(spec(JobMode::Attested, 1, 300))).collect();
		let page =
			|p, n| Jobs::jobs_of(&CONSUMER, p, n).into_iter().map(|v| v.id).collect::<Vec<_>>();
		assert_eq!(page(0, 2), vec![ids[0], ids[1]]);
		assert_eq!(page(1, 2), vec![ids[2], ids[3]]);
		assert_eq!(page(2, 2), vec![ids[4]]);
		assert!(page(3, 2).is_empty());
		run_to(3);
		let view = Jobs::job(ids[0]).unwrap();
		assert_eq!(view.undrawn, 0);
		assert_eq!(view.collateral, 150);
		assert_eq!(view.deposit, RECORD);
		let w = view.slots[0].worker;
		assert!(Jobs::assigned_jobs(&w).iter().any(|v| v.id == ids[0]));
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w), ids[0]));
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), ids[0], blob(9)));
		assert_ok!(Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), ids[0]));
		// Finished: no longer assigned, still readable until closed.
		assert!(!Jobs::assigned_jobs(&w).iter().any(|v| v.id == ids[0]));
		assert_eq!(
			Jobs::job(ids[0]).unwrap().status,
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 3 }
		);
		let stats = Jobs::job_stats();
		assert_eq!((stats.submitted, stats.completed, stats.rewards_paid), (5, 1, 300));
	});
}

#[test]
fn a_workers_accepted_jobs_come_before_its_offers() {
	run_test(|| {
		opt_in_all();
		// Job 0 is offered to 10 and left open; job 1 is offered to 10 and accepted.
		let mut s = spec(JobMode::Attested, 1, 300);
		s.candidates = vec![10].try_into().unwrap();
		let offer = submit(s.clone());
		let taken = submit(s);
		run_to(3);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(10), taken));
		let ids: Vec<JobId> = Jobs::assigned_jobs(&10).into_iter().map(|v| v.id).collect();
		assert_eq!(ids, vec![taken, offer]);
	});
}
