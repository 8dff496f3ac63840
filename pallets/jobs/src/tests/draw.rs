//! The draw: who may be offered a slot, when, and what happens without randomness or room.

use super::*;
use frame_support::assert_noop;
use sp_runtime::Perbill;

/// An attested job of reward 300 restricted to `candidates` (replicated jobs name none).
fn restricted(candidates: Vec<u64>) -> JobSpec<Test> {
	let mut s = spec(JobMode::Attested, 1, 300);
	s.candidates = candidates.try_into().unwrap();
	s
}

#[test]
fn draws_wait_two_blocks_and_offer_distinct_workers() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 5, 1_500));
		run_to(2);
		assert!(workers(id).is_empty(), "no draw before the randomness of block 3");
		run_to(3);
		let mut drawn = workers(id);
		drawn.sort();
		// Five slots, five workers: each exactly once.
		assert_eq!(drawn, WORKERS.to_vec());
		let j = job(id);
		assert_eq!(j.draw_at, None);
		for s in j.slots.iter() {
			assert_eq!(s.state, SlotState::Offered { until: 3 + ACCEPT });
			assert_eq!(Jobs::assigned_jobs(&s.worker).len(), 1);
		}
		assert!(events().contains(&Event::Drawn { job: id, worker: drawn[0], until: 3 + ACCEPT }));
	});
}

#[test]
fn many_draws_never_repeat_a_worker_within_a_job() {
	run_test(|| {
		opt_in_all();
		for _ in 0..20 {
			let id = submit(spec(JobMode::Replicated, 3, 900));
			run_to(System::block_number() + 2);
			let mut drawn = workers(id);
			assert_eq!(drawn.len(), 3);
			drawn.sort();
			drawn.dedup();
			assert_eq!(drawn.len(), 3, "a worker drawn twice for one job");
			assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		}
	});
}

#[test]
fn candidates_restrict_the_draw() {
	run_test(|| {
		opt_in_all();
		for _ in 0..5 {
			let id = submit(restricted(vec![11, 13]));
			run_to(System::block_number() + 2);
			let drawn = workers(id);
			assert!(drawn == vec![11] || drawn == vec![13], "drew {drawn:?}");
			assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		}
		// A candidate that did not opt in is never drawn.
		for _ in 0..5 {
			let id = submit(restricted(vec![IDLE, 12]));
			run_to(System::block_number() + 2);
			assert_eq!(workers(id), vec![12]);
			assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		}
	});
}

#[test]
fn the_minimum_score_filters_workers() {
	run_test(|| {
		opt_in_all();
		for w in [10, 11, 12, 13] {
			set_score(w, Perbill::from_percent(59));
		}
		set_score(14, Perbill::from_percent(60));
		let mut s = spec(JobMode::Attested, 1, 300);
		s.min_score = Some(Perbill::from_percent(60));
		let id = submit(s);
		run_to(3);
		assert_eq!(workers(id), vec![14]);
		// Nobody reaches 61 %.
		let mut s = spec(JobMode::Attested, 1, 300);
		s.min_score = Some(Perbill::from_percent(61));
		let id = submit(s);
		run_to(System::block_number() + 2);
		assert!(workers(id).is_empty());
	});
}

#[test]
fn a_worker_whose_price_exceeds_its_share_is_not_drawn() {
	run_test(|| {
		opt_in_all();
		// A share of 300; 10 asks 301 per vCPU, 11 exactly 300.
		set_offer(10, Some((301, VCPUS)));
		set_offer(11, Some((300, VCPUS)));
		let id = submit(restricted(vec![10, 11]));
		run_to(3);
		assert_eq!(workers(id), vec![11]);
	});
}

#[test]
fn a_worker_without_an_offer_is_not_drawn() {
	run_test(|| {
		opt_in_all();
		set_offer(10, None);
		let id = submit(restricted(vec![10, 11]));
		run_to(3);
		assert_eq!(workers(id), vec![11]);
	});
}

#[test]
fn a_worker_at_capacity_is_not_drawn() {
	run_test(|| {
		opt_in_all();
		// 10 runs two jobs on its two vCPUs.
		for _ in 0..VCPUS {
			let id = submit(restricted(vec![10]));
			run_to(System::block_number() + 2);
			assert_ok!(Jobs::accept(RuntimeOrigin::signed(10), id));
		}
		assert_eq!(Workers::<Test>::get(10).map(|w| w.running), Some(VCPUS));
		let id = submit(restricted(vec![10, 11]));
		run_to(System::block_number() + 2);
		assert_eq!(workers(id), vec![11]);
	});
}

#[test]
fn the_consumer_is_never_its_own_worker() {
	run_test(|| {
		opt_in_all();
		let id = NextJobId::<Test>::get();
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(10), restricted(vec![10, 11])));
		run_to(3);
		assert_eq!(workers(id), vec![11]);
	});
}

#[test]
fn unfilled_slots_are_drawn_again_next_block() {
	run_test(|| {
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(10)));
		let id = submit(spec(JobMode::Replicated, 3, 900));
		run_to(3);
		assert_eq!(workers(id), vec![10]);
		assert_eq!(job(id).draw_at, Some(4));
		assert!(events().contains(&Event::NoEligibleWorker { job: id, open: 2 }));
		// Two more workers join: the next block draws them.
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(11)));
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(12)));
		run_to(4);
		let mut drawn = workers(id);
		drawn.sort();
		assert_eq!(drawn, vec![10, 11, 12]);
		assert_eq!(job(id).draw_at, None);
	});
}

#[test]
fn a_decline_redraws_among_the_workers_not_tried_yet() {
	run_test(|| {
		opt_in_all();
		let id = submit(restricted(vec![10, 11]));
		run_to(3);
		let first = workers(id)[0];
		let second = if first == 10 { 11 } else { 10 };
		assert_ok!(Jobs::decline(RuntimeOrigin::signed(first), id));
		assert_eq!(events().last(), Some(&Event::Declined { job: id, worker: first }));
		assert!(workers(id).is_empty());
		assert!(Jobs::assigned_jobs(&first).is_empty());
		assert_eq!(job(id).draw_at, Some(5));
		run_to(5);
		assert_eq!(workers(id), vec![second]);
		// The second declines too: nobody is left to try.
		assert_ok!(Jobs::decline(RuntimeOrigin::signed(second), id));
		run_to(7);
		assert!(workers(id).is_empty());
		assert_eq!(job(id).tried.len(), 2);
		// Every candidate was tried: it waits for its deadline instead of redrawing each block.
		assert_eq!(job(id).draw_at, None);
	});
}

#[test]
fn a_skip_redraws_and_the_skipped_worker_is_not_offered_again() {
	run_test(|| {
		opt_in_all();
		let id = submit(restricted(vec![10, 11]));
		run_to(3);
		let first = workers(id)[0];
		let until = 3 + ACCEPT;
		run_to(until);
		assert_ok!(Jobs::skip(RuntimeOrigin::signed(STRANGER), id, first));
		assert_eq!(events().last(), Some(&Event::Skipped { job: id, worker: first }));
		// No evidence for an offer left alone.
		assert!(reports().is_empty());
		run_to(until + 2);
		assert_eq!(workers(id), vec![if first == 10 { 11 } else { 10 }]);
	});
}

#[test]
fn without_randomness_the_draw_waits_and_says_so_once() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 900));
		set_randomness(3, None);
		set_randomness(4, None);
		run_to(4);
		assert!(workers(id).is_empty());
		let missing: Vec<_> = events()
			.into_iter()
			.filter(|e| matches!(e, Event::RandomnessUnavailable { .. }))
			.collect();
		assert_eq!(missing, vec![Event::RandomnessUnavailable { block: 3 }]);
		assert_eq!(job(id).draw_at, Some(5));
		run_to(5);
		assert_eq!(workers(id).len(), 3);
		assert!(!RandomnessMissing::<Test>::get());
	});
}

#[test]
fn draws_spread_over_the_workers() {
	run_test(|| {
		opt_in_all();
		// Twelve jobs drawn with different randomness: not always the same workers.
		let mut seen = std::collections::BTreeSet::new();
		for seed in 0..12u8 {
			let id = submit(spec(JobMode::Attested, 1, 300));
			let at = System::block_number() + 2;
			set_randomness(at, Some(H256::repeat_byte(seed)));
			run_to(at);
			seen.insert(workers(id)[0]);
			assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		}
		assert!(seen.len() >= 3, "twelve draws hit only {seen:?}");
	});
}

#[test]
fn redraws_overflowing_a_full_agenda_move_to_later_blocks() {
	run_test(|| {
		// Nobody to draw: every job re-queues each block.
		let ids: Vec<JobId> = (0..3).map(|_| submit(spec(JobMode::Replicated, 3, 900))).collect();
		run_to(2);
		// Block 4's agenda fills up with three more.
		let later: Vec<JobId> = (0..3).map(|_| submit(spec(JobMode::Replicated, 3, 900))).collect();
		for id in &later {
			assert_eq!(job(*id).draw_at, Some(4));
		}
		run_to(3);
		// The first three found nobody; block 4 is full, so they go to block 5.
		for id in &ids {
			assert_eq!(job(*id).draw_at, Some(5));
		}
		assert_eq!(DrawAgenda::<Test>::get(4).len(), 3);
	});
}

#[test]
fn candidates_that_cannot_work_count_as_tried() {
	run_test(|| {
		opt_in_all();
		// IDLE never opted in; 10 opted in but lost its offer.
		set_offer(10, None);
		let mut ids = Vec::new();
		for candidate in [IDLE, 10] {
			let mut s = spec(JobMode::Attested, 1, 300);
			s.candidates = vec![candidate].try_into().unwrap();
			ids.push((submit(s), candidate));
		}
		run_to(3);
		for (id, candidate) in ids {
			assert!(workers(id).is_empty());
			assert_eq!(job(id).tried.into_inner(), vec![candidate]);
			// Nobody left to offer it to: it waits for its deadline instead of being drawn
			// again every block.
			assert_eq!(job(id).draw_at, None);
		}
	});
}

/// Fill the draw agendas of the next [`AGENDA_SEARCH`] blocks a submission reaches.
fn fill_agendas() {
	for _ in 0..AGENDA_SEARCH * 3 {
		submit(spec(JobMode::Attested, 1, 300));
	}
}

#[test]
fn a_dropped_redraw_is_told_and_advance_queues_it_again() {
	run_test(|| {
		// Nobody to draw: the job is drawn again after block 3.
		let id = submit(spec(JobMode::Attested, 1, 300));
		run_to(2);
		// Blocks 4 to 11 fill up.
		fill_agendas();
		assert_eq!(DrawAgenda::<Test>::get(11).len(), 3);
		run_to(3);
		assert_eq!(job(id).draw_at, None);
		assert!(events().contains(&Event::DrawDropped { job: id }));
		// Anyone queues it again, at the first block with room.
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(job(id).draw_at, Some(12));
		// Nothing more to do while it is queued.
		assert_noop!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NothingDue);
	});
}

#[test]
fn try_state_catches_a_lost_draw_and_an_untried_slot() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 900));
		// Off the agenda without being dropped: its draw would be lost.
		crate::Jobs::<Test>::mutate(id, |j| Jobs::unqueue(id, j.as_mut().unwrap()));
		assert!(Jobs::do_try_state().is_err());
		crate::Jobs::<Test>::mutate(id, |j| {
			assert_ok!(Jobs::queue_draw(id, j.as_mut().unwrap(), 3));
		});
		assert_ok!(Jobs::do_try_state());
		run_to(3);
		// A slot whose worker is missing from the tried list could be drawn again.
		let w = workers(id)[0];
		crate::Jobs::<Test>::mutate(id, |j| j.as_mut().unwrap().tried.retain(|x| *x != w));
		assert!(Jobs::do_try_state().is_err());
		crate::Jobs::<Test>::mutate(id, |j| j.as_mut().unwrap().tried.try_push(w).unwrap());
	});
}
