//! The draw list: opting in and out.

use super::*;
use frame_support::assert_noop;

#[test]
fn opt_in_needs_a_compute_offer_and_happens_once() {
	run_test(|| {
		assert_noop!(Jobs::opt_in(RuntimeOrigin::signed(STRANGER)), Error::<Test>::NoComputeOffer);
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(10)));
		assert_eq!(events().last(), Some(&Event::OptedIn { worker: 10 }));
		assert_eq!(WorkerAt::<Test>::get(0), Some(10));
		assert_eq!(WorkerCount::<Test>::get(), 1);
		assert_eq!(Workers::<Test>::get(10), Some(WorkerInfo { index: Some(0), running: 0 }));
		assert_noop!(Jobs::opt_in(RuntimeOrigin::signed(10)), Error::<Test>::AlreadyOptedIn);
	});
}

#[test]
fn the_draw_list_is_bounded() {
	run_test(|| {
		// Ten slots: fill them with providers given an offer.
		for w in 100..110u64 {
			set_offer(w, Some((PRICE, VCPUS)));
			assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(w)));
		}
		set_offer(110, Some((PRICE, VCPUS)));
		assert_noop!(Jobs::opt_in(RuntimeOrigin::signed(110)), Error::<Test>::TooManyWorkers);
		assert_ok!(Jobs::opt_out(RuntimeOrigin::signed(100)));
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(110)));
	});
}

#[test]
fn opt_out_swap_removes_and_keeps_the_list_dense() {
	run_test(|| {
		opt_in_all();
		assert_noop!(Jobs::opt_out(RuntimeOrigin::signed(STRANGER)), Error::<Test>::NotOptedIn);
		// 10 is at 0: the last (14) moves there.
		assert_ok!(Jobs::opt_out(RuntimeOrigin::signed(10)));
		assert_eq!(events().last(), Some(&Event::OptedOut { worker: 10 }));
		assert_eq!(WorkerAt::<Test>::get(0), Some(14));
		assert_eq!(Workers::<Test>::get(14).and_then(|w| w.index), Some(0));
		assert_eq!(WorkerCount::<Test>::get(), 4);
		assert_eq!(Workers::<Test>::get(10), None);
		assert_noop!(Jobs::opt_out(RuntimeOrigin::signed(10)), Error::<Test>::NotOptedIn);
		// The last one leaves without moving anyone.
		assert_ok!(Jobs::opt_out(RuntimeOrigin::signed(13)));
		assert_eq!(WorkerCount::<Test>::get(), 3);
		assert_eq!(WorkerAt::<Test>::get(3), None);
	});
}

#[test]
fn a_worker_that_opts_out_finishes_its_jobs_and_is_not_drawn_again() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Attested, 1, 300));
		let w = workers(id)[0];
		assert_ok!(Jobs::opt_out(RuntimeOrigin::signed(w)));
		// Still recorded: it runs a job.
		assert_eq!(Workers::<Test>::get(w), Some(WorkerInfo { index: None, running: 1 }));
		// Never drawn while out: a job restricted to it finds nobody.
		let mut only = spec(JobMode::Attested, 1, 300);
		only.candidates = vec![w].try_into().unwrap();
		let other = submit(only);
		run_to(System::block_number() + 2);
		assert!(workers(other).is_empty());
		// It posts, the job completes, the record goes.
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		assert_ok!(Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(Workers::<Test>::get(w), None);
		// It may opt in again.
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(w)));
	});
}

#[test]
fn anyone_kicks_a_listed_worker_that_lost_its_offer() {
	run_test(|| {
		opt_in_all();
		assert_noop!(Jobs::kick(RuntimeOrigin::signed(STRANGER), 11), Error::<Test>::StillEligible);
		assert_noop!(Jobs::kick(RuntimeOrigin::signed(STRANGER), IDLE), Error::<Test>::NotOptedIn);
		// 10 (at 0) is no longer registered: the last (14) moves to its place.
		set_offer(10, None);
		assert_ok!(Jobs::kick(RuntimeOrigin::signed(STRANGER), 10));
		assert_eq!(events().last(), Some(&Event::Kicked { worker: 10 }));
		assert_eq!(WorkerAt::<Test>::get(0), Some(14));
		assert_eq!(Workers::<Test>::get(14).and_then(|w| w.index), Some(0));
		assert_eq!(WorkerCount::<Test>::get(), 4);
		assert_eq!(Workers::<Test>::get(10), None);
		assert_noop!(Jobs::kick(RuntimeOrigin::signed(STRANGER), 10), Error::<Test>::NotOptedIn);
		assert_noop!(Jobs::kick(RuntimeOrigin::none(), 11), sp_runtime::DispatchError::BadOrigin);
	});
}

#[test]
fn a_kicked_worker_finishes_its_jobs() {
	run_test(|| {
		opt_in_all();
		let id = running(spec(JobMode::Attested, 1, 300));
		let w = workers(id)[0];
		set_offer(w, None);
		assert_ok!(Jobs::kick(RuntimeOrigin::signed(STRANGER), w));
		assert_eq!(Workers::<Test>::get(w), Some(WorkerInfo { index: None, running: 1 }));
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		assert_ok!(Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(Workers::<Test>::get(w), None);
	});
}
