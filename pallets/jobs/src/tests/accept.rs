//! Accepting, declining and skipping offers; operators acting for their providers.

use super::*;
use frame_support::assert_noop;

/// An attested job restricted to worker 10, drawn: its slot is offered to 10 until block 8.
fn offered_to_10() -> JobId {
	let mut s = spec(JobMode::Attested, 1, 300);
	s.candidates = vec![10].try_into().unwrap();
	let id = submit(s);
	run_to(3);
	assert_eq!(workers(id), vec![10]);
	id
}

#[test]
fn accept_moves_the_collateral_into_the_pot_and_starts_the_run() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(10), id));
		// A share of 300: 150 of collateral.
		assert_eq!(free(10), INITIAL - 150);
		assert_eq!(pot_balance(), 300 + 150);
		assert_eq!(slot_state(id, 10), SlotState::Accepted);
		assert_eq!(status(id), JobStatus::Running { until: 3 + RUN });
		assert_eq!(Workers::<Test>::get(10).map(|w| w.running), Some(1));
		let evs = events();
		assert!(evs.contains(&Event::Accepted { job: id, worker: 10, collateral: 150 }));
		assert_eq!(evs.last(), Some(&Event::Running { job: id, until: 3 + RUN }));
	});
}

#[test]
fn a_replicated_job_runs_once_every_slot_accepted() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 900));
		run_to(3);
		let w = workers(id);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w[0]), id));
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w[1]), id));
		assert_eq!(status(id), JobStatus::Assigning);
		run_to(4);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w[2]), id));
		assert_eq!(status(id), JobStatus::Running { until: 4 + RUN });
	});
}

#[test]
fn an_operator_accepts_for_its_provider_with_the_providers_money() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(OPERATOR), id));
		assert_eq!(free(10), INITIAL - 150);
		assert_eq!(free(OPERATOR), 0);
		assert_eq!(slot_state(id, 10), SlotState::Accepted);
	});
}

#[test]
fn accept_errors() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(11), id), Error::<Test>::NotWorker);
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(10), 99), Error::<Test>::JobNotFound);
		// The offer lasts until block 8.
		run_to(3 + ACCEPT);
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(10), id), Error::<Test>::OfferExpired);
	});
}

#[test]
fn accept_needs_an_offer_a_free_vcpu_and_the_collateral() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		// The offer went away since the draw.
		set_offer(10, None);
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(10), id), Error::<Test>::NoComputeOffer);
		// One vCPU, already busy with another job.
		set_offer(10, Some((PRICE, 1)));
		Workers::<Test>::mutate(10, |w| w.as_mut().unwrap().running = 1);
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(10), id), Error::<Test>::AtCapacity);
		Workers::<Test>::mutate(10, |w| w.as_mut().unwrap().running = 0);
		// Broke: 10 keeps 100 only.
		let rest = free(10) - 100;
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&10,
			&STRANGER,
			rest,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_noop!(
			Jobs::accept(RuntimeOrigin::signed(10), id),
			Error::<Test>::InsufficientCollateral
		);
	});
}

#[test]
fn accept_only_while_assigning_and_before_the_deadline() {
	run_test(|| {
		// Three workers for three slots: each is drawn.
		for w in [10, 11, 12] {
			assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(w)));
		}
		let mut s = spec(JobMode::Replicated, 3, 900);
		s.deadline = 1 + ACCEPT + RUN + REVEAL;
		let id = submit(s);
		run_to(3);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(10), id));
		// Accepting twice: the slot is no offer any more.
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(10), id), Error::<Test>::NotOffered);
		// 11 declines; nobody is left, the deadline (21) passes.
		assert_ok!(Jobs::decline(RuntimeOrigin::signed(11), id));
		run_to(21);
		assert_noop!(Jobs::accept(RuntimeOrigin::signed(11), id), Error::<Test>::DeadlinePassed);
	});
}

#[test]
fn decline_and_skip_errors() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		assert_noop!(Jobs::decline(RuntimeOrigin::signed(11), id), Error::<Test>::NotWorker);
		assert_noop!(Jobs::skip(RuntimeOrigin::signed(STRANGER), id, 10), Error::<Test>::TooEarly);
		assert_noop!(Jobs::skip(RuntimeOrigin::signed(STRANGER), id, 11), Error::<Test>::NotWorker);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(10), id));
		assert_noop!(Jobs::decline(RuntimeOrigin::signed(10), id), Error::<Test>::NotAssigning);
		run_to(20);
		assert_noop!(
			Jobs::skip(RuntimeOrigin::signed(STRANGER), id, 10),
			Error::<Test>::NotAssigning
		);
	});
}

#[test]
fn an_accepted_slot_cannot_be_declined_or_skipped() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 900));
		run_to(3);
		let w = workers(id);
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w[0]), id));
		assert_noop!(Jobs::decline(RuntimeOrigin::signed(w[0]), id), Error::<Test>::NotOffered);
		run_to(3 + ACCEPT);
		assert_noop!(
			Jobs::skip(RuntimeOrigin::signed(STRANGER), id, w[0]),
			Error::<Test>::NotOffered
		);
		assert_ok!(Jobs::skip(RuntimeOrigin::signed(STRANGER), id, w[1]));
	});
}

#[test]
fn an_operator_declines_for_its_provider() {
	run_test(|| {
		opt_in_all();
		let id = offered_to_10();
		assert_ok!(Jobs::decline(RuntimeOrigin::signed(OPERATOR), id));
		assert!(workers(id).is_empty());
		assert_eq!(events().last(), Some(&Event::Declined { job: id, worker: 10 }));
	});
}

#[test]
fn a_decline_succeeds_when_no_agenda_has_room() {
	run_test(|| {
		opt_in_all();
		let mut s = spec(JobMode::Attested, 1, 300);
		s.candidates = vec![10, 11].try_into().unwrap();
		let id = submit(s);
		run_to(3);
		let w = workers(id)[0];
		// Blocks 5 to 12 fill up.
		for _ in 0..AGENDA_SEARCH * 3 {
			submit(spec(JobMode::Attested, 1, 300));
		}
		assert_ok!(Jobs::decline(RuntimeOrigin::signed(w), id));
		assert!(workers(id).is_empty());
		assert_eq!(job(id).draw_at, None);
		assert!(events().contains(&Event::DrawDropped { job: id }));
		// A block later there is room: anyone queues the draw again.
		run_to(4);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(job(id).draw_at, Some(13));
	});
}
