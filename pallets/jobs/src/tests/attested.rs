//! Attested jobs: posting, acceptance, silence, time-outs, and jobs under compute agreements.

use super::*;
use agora_primitives::jobs::JobOutcome;
use frame_support::assert_noop;

/// A running attested job of reward 300 (collateral 150) and its worker.
fn attested() -> (JobId, u64) {
	opt_in_all();
	let id = running(spec(JobMode::Attested, 1, 300));
	(id, workers(id)[0])
}

#[test]
fn an_accepted_result_pays_the_worker() {
	run_test(|| {
		let (id, w) = attested();
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		assert_eq!(status(id), JobStatus::Posted { until: 3 + REVIEW });
		assert_eq!(
			events().last(),
			Some(&Event::ResultPosted { job: id, worker: w, result: blob(9), until: 3 + REVIEW })
		);
		assert_noop!(
			Jobs::accept_result(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotConsumer
		);
		assert_ok!(Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 3 }
		);
		assert_eq!(free(w), INITIAL + 300);
		assert_eq!(free(CONSUMER), INITIAL - 300 - RECORD);
		assert_eq!(pot_balance(), 0);
		assert_eq!(reports(), vec![format!("done {w} 300")]);
		assert!(events().contains(&Event::ResultAccepted { job: id }));
		assert!(events().contains(&Event::Paid { job: id, worker: w, amount: 300 }));
	});
}

#[test]
fn silence_is_acceptance_once_the_review_window_ends() {
	run_test(|| {
		let (id, w) = attested();
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		run_to(3 + REVIEW - 1);
		assert_noop!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NothingDue);
		run_to(3 + REVIEW);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 9 }
		);
		assert_eq!(free(w), INITIAL + 300);
		assert_eq!(free(CONSUMER), INITIAL - 300 - RECORD);
	});
}

#[test]
fn no_result_in_time_pays_reward_and_collateral_to_the_consumer() {
	run_test(|| {
		let (id, w) = attested();
		run_to(3 + RUN);
		assert_noop!(
			Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)),
			Error::<Test>::WindowClosed
		);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::TimedOut, at: 13 });
		assert_eq!(free(w), INITIAL - 150);
		assert_eq!(free(CONSUMER), INITIAL - RECORD + 150);
		assert_eq!(pot_balance(), 0);
		assert_eq!(reports(), vec![format!("missed {w}")]);
		assert_eq!(Stats::<Test>::get().timed_out, 1);
		assert!(events().contains(&Event::Refunded { job: id, amount: 300 }));
	});
}

#[test]
fn post_and_accept_result_errors() {
	run_test(|| {
		let (id, w) = attested();
		let other = WORKERS.iter().copied().find(|x| *x != w).unwrap();
		assert_noop!(
			Jobs::post_result(RuntimeOrigin::signed(other), id, blob(9)),
			Error::<Test>::NotWorker
		);
		assert_noop!(
			Jobs::commit(RuntimeOrigin::signed(w), id, H256::zero()),
			Error::<Test>::WrongMode
		);
		assert_noop!(
			Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotPosted
		);
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
		assert_noop!(
			Jobs::post_result(RuntimeOrigin::signed(w), id, blob(8)),
			Error::<Test>::NotRunning
		);
	});
}

#[test]
fn a_job_under_an_agreement_runs_at_once_on_its_provider_without_money() {
	run_test(|| {
		set_agreement(7, Some((CONSUMER, 10, 1)));
		let mut s = spec(JobMode::Attested, 1, 0);
		s.agreement = Some(7);
		s.deadline = 1 + RUN;
		let id = submit(s.clone());
		assert_eq!(workers(id), vec![10]);
		assert_eq!(slot_state(id, 10), SlotState::Accepted);
		assert_eq!(status(id), JobStatus::Running { until: 1 + RUN });
		assert_eq!(ActiveUnderAgreement::<Test>::get(7), 1);
		assert_eq!(Jobs::assigned_jobs(&10).len(), 1);
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(pot_balance(), 0);
		// One vCPU: one job at a time.
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), s.clone()),
			Error::<Test>::AgreementAtCapacity
		);
		// No draw was queued.
		assert_eq!(DrawAgenda::<Test>::iter().count(), 0);
		// The operator posts for 10; the consumer accepts; nobody is paid.
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(OPERATOR), id, blob(9)));
		assert_ok!(Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 1 }
		);
		assert_eq!(free(10), INITIAL);
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(ActiveUnderAgreement::<Test>::get(7), 0);
		// Room again.
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), s));
	});
}

#[test]
fn agreement_job_errors() {
	run_test(|| {
		set_agreement(7, Some((CONSUMER, 10, 1)));
		let base = || {
			let mut s = spec(JobMode::Attested, 1, 0);
			s.agreement = Some(7);
			s
		};
		let mut replicated = base();
		replicated.mode = JobMode::Replicated;
		replicated.replicas = 3;
		let mut paid = base();
		paid.reward = 5;
		let mut restricted = base();
		restricted.candidates = vec![11].try_into().unwrap();
		let mut scored = base();
		scored.min_score = Some(sp_runtime::Perbill::from_percent(10));
		for s in [replicated, paid, restricted, scored] {
			assert_noop!(
				Jobs::submit(RuntimeOrigin::signed(CONSUMER), s),
				Error::<Test>::InvalidAgreementJob
			);
		}
		let mut unknown = base();
		unknown.agreement = Some(8);
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), unknown),
			Error::<Test>::NotComputeAgreement
		);
		// Only the agreement's consumer.
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER2), base()),
			Error::<Test>::NotConsumer
		);
		let mut soon = base();
		soon.deadline = RUN;
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), soon),
			Error::<Test>::DeadlineTooSoon
		);
		// Not cancellable: it runs at once.
		let id = submit(base());
		assert_noop!(
			Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotAssigning
		);
	});
}

#[test]
fn a_missed_job_under_an_agreement_moves_no_money_and_is_not_reported() {
	run_test(|| {
		set_agreement(7, Some((CONSUMER, 10, 2)));
		let mut s = spec(JobMode::Attested, 1, 0);
		s.agreement = Some(7);
		let id = submit(s);
		run_to(1 + RUN);
		assert_ok!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::TimedOut, at: 11 });
		assert_eq!(free(10), INITIAL);
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(Stats::<Test>::get().missed, 1);
		// The provider could not decline it; the agreement is the consumer's remedy.
		assert!(reports().is_empty());
	});
}

#[test]
fn a_result_has_a_size_within_the_limit() {
	run_test(|| {
		let (id, w) = attested();
		let sized = |size| Blob { root: H256::repeat_byte(9), size };
		let too_big = agora_primitives::jobs::MAX_RESULT_BYTES + 1;
		for bad in [sized(0), sized(too_big)] {
			assert_noop!(
				Jobs::post_result(RuntimeOrigin::signed(w), id, bad),
				Error::<Test>::BadResultSize
			);
		}
		let biggest = sized(agora_primitives::jobs::MAX_RESULT_BYTES);
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, biggest));
		// Replicated: a commitment to an empty result cannot be revealed.
		let id = running(spec(JobMode::Replicated, 3, 900));
		let w = workers(id);
		for x in &w {
			commit(id, *x, sized(0));
		}
		assert_noop!(
			Jobs::reveal(RuntimeOrigin::signed(w[0]), id, sized(0), salt(w[0])),
			Error::<Test>::BadResultSize
		);
	});
}
