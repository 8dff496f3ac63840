//! Posting and cancelling jobs, and governance of the tunables.

use super::*;
use agora_primitives::jobs::JobOutcome;
use frame_support::assert_noop;
use sp_runtime::DispatchError;

#[test]
fn submit_takes_the_reward_holds_the_deposit_and_queues_the_draw() {
	run_test(|| {
		let id = submit(spec(JobMode::Replicated, 3, 900));
		assert_eq!(id, 0);
		assert_eq!(free(CONSUMER), INITIAL - 900 - RECORD);
		assert_eq!(deposit_of(CONSUMER), RECORD);
		assert_eq!(pot_balance(), 900);
		let j = job(id);
		assert_eq!(j.status, JobStatus::Assigning);
		assert_eq!(j.escrow, 900);
		// A share is 300: 50 % of it.
		assert_eq!(j.collateral, 150);
		// Two blocks on: the first block whose randomness nobody knew.
		assert_eq!(j.draw_at, Some(3));
		assert_eq!(DrawAgenda::<Test>::get(3).into_inner(), vec![id]);
		assert!(JobsOf::<Test>::contains_key(CONSUMER, agora_primitives::BigEndianId::from(id)));
		assert_eq!(Stats::<Test>::get().submitted, 1);
		assert_eq!(
			events().last(),
			Some(&Event::Submitted {
				job: id,
				consumer: CONSUMER,
				reward: 900,
				replicas: 3,
				deadline: 41
			})
		);
	});
}

#[test]
fn collateral_is_at_least_the_minimum() {
	run_test(|| {
		// A share of 12: 50 % is 6, below the minimum of 10.
		let id = submit(spec(JobMode::Replicated, 3, 36));
		assert_eq!(job(id).collateral, MIN_COLLATERAL);
	});
}

#[test]
fn submit_errors() {
	run_test(|| {
		let s = |f: &dyn Fn(&mut JobSpec<Test>)| {
			let mut x = spec(JobMode::Replicated, 3, 900);
			f(&mut x);
			x
		};
		let bad: Vec<(JobSpec<Test>, Error<Test>)> = vec![
			(s(&|x| x.replicas = 1), Error::InvalidReplicas),
			(s(&|x| x.replicas = 2), Error::InvalidReplicas),
			(s(&|x| x.replicas = 6), Error::InvalidReplicas),
			(s(&|x| x.mode = JobMode::Attested), Error::InvalidReplicas),
			(s(&|x| x.fuel = 0), Error::InvalidLimits),
			(s(&|x| x.fuel = 1_000_001), Error::InvalidLimits),
			(s(&|x| x.memory_pages = 0), Error::InvalidLimits),
			(s(&|x| x.memory_pages = 17), Error::InvalidLimits),
			(s(&|x| x.reward = 0), Error::ZeroReward),
			// Now (1) + accept + run + reveal = 21.
			(s(&|x| x.deadline = 20), Error::DeadlineTooSoon),
		];
		for (spec, err) in bad {
			assert_noop!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec), err);
		}
		// The boundary itself is fine; attested jobs need no reveal window.
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), s(&|x| x.deadline = 21)));
		let mut attested = spec(JobMode::Attested, 1, 300);
		attested.deadline = 15;
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), attested.clone()),
			Error::<Test>::DeadlineTooSoon
		);
		attested.deadline = 16;
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), attested));
		// 60 cannot cover a reward of 100 and the deposit.
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(POOR), spec(JobMode::Replicated, 3, 100)),
			Error::<Test>::InsufficientFunds
		);
		assert_noop!(
			Jobs::submit(RuntimeOrigin::none(), spec(JobMode::Replicated, 3, 100)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_full_draw_agenda_pushes_draws_later_then_refuses() {
	run_test(|| {
		// 3 per block, 8 blocks from block 3 on.
		for i in 0..24u64 {
			let id = submit(spec(JobMode::Replicated, 3, 100));
			assert_eq!(job(id).draw_at, Some(3 + i / 3));
		}
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec(JobMode::Replicated, 3, 100)),
			Error::<Test>::DrawAgendaFull
		);
		// A block later, there is room again.
		run_to(2);
		assert_ok!(Jobs::submit(
			RuntimeOrigin::signed(CONSUMER),
			spec(JobMode::Replicated, 3, 100)
		));
	});
}

#[test]
fn cancel_returns_everything_before_anyone_accepted() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 600));
		run_to(3);
		assert_eq!(workers(id).len(), 3);
		assert_noop!(Jobs::cancel(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotConsumer);
		assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(status(id), JobStatus::Finished { outcome: JobOutcome::Cancelled, at: 3 });
		assert_eq!(free(CONSUMER), INITIAL - RECORD);
		assert_eq!(pot_balance(), 0);
		// The offers are gone from the workers' lists.
		for w in WORKERS {
			assert!(Jobs::assigned_jobs(&w).is_empty());
		}
		assert_noop!(
			Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotAssigning
		);
		assert_noop!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), 99), Error::<Test>::JobNotFound);
		assert_eq!(Stats::<Test>::get().cancelled, 1);
	});
}

#[test]
fn cancel_before_the_draw_takes_the_job_off_the_agenda() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 600));
		assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert!(DrawAgenda::<Test>::get(3).is_empty());
		run_to(3);
		assert!(workers(id).is_empty());
	});
}

#[test]
fn no_cancel_once_a_worker_accepted() {
	run_test(|| {
		opt_in_all();
		let id = submit(spec(JobMode::Replicated, 3, 600));
		run_to(3);
		let w = workers(id)[0];
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w), id));
		assert_noop!(
			Jobs::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::AlreadyAccepted
		);
	});
}

#[test]
fn set_params_is_for_governance_and_checks_the_values() {
	run_test(|| {
		let new = JobParams { run_window: 30, ..params() };
		assert_noop!(
			Jobs::set_params(RuntimeOrigin::signed(CONSUMER), new.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Jobs::set_params(RuntimeOrigin::root(), new.clone()));
		assert_eq!(Params::<Test>::get(), new);
		assert_eq!(events().last(), Some(&Event::ParamsSet { params: new }));
		let bad = [
			JobParams { max_replicas: 1, ..params() },
			JobParams { max_replicas: 2, ..params() },
			JobParams { max_replicas: 6, ..params() },
			JobParams { max_fuel: 0, ..params() },
			JobParams { max_memory_pages: 0, ..params() },
			JobParams { accept_window: 0, ..params() },
			JobParams { run_window: 0, ..params() },
			JobParams { reveal_window: 0, ..params() },
			JobParams { review_window: 0, ..params() },
			JobParams { collateral_percent: 1_001, ..params() },
			JobParams { record_deposit: 0, ..params() },
			JobParams { draw_attempts: 0, ..params() },
			JobParams { draw_attempts: MAX_DRAW_ATTEMPTS + 1, ..params() },
		];
		for p in bad {
			assert_noop!(Jobs::set_params(RuntimeOrigin::root(), p), Error::<Test>::InvalidParams);
		}
		assert!(Jobs::params_valid(&JobParams::<u64>::default()));
	});
}

#[test]
fn candidates_are_only_for_attested_jobs() {
	run_test(|| {
		opt_in_all();
		// A replicated job naming its workers could name a majority of its own: refused.
		let mut replicated = spec(JobMode::Replicated, 3, 900);
		replicated.candidates = vec![10, 11, 12].try_into().unwrap();
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), replicated),
			Error::<Test>::CandidatesOnlyForAttested
		);
		// An attested job may name its candidates.
		let mut attested = spec(JobMode::Attested, 1, 300);
		attested.candidates = vec![10, 11].try_into().unwrap();
		let id = submit(attested);
		assert_eq!(job(id).candidates.into_inner(), vec![10, 11]);
	});
}

#[test]
fn replicated_jobs_need_three_workers() {
	run_test(|| {
		// Two workers: one deviating worker would force a tie at no cost.
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec(JobMode::Replicated, 2, 600)),
			Error::<Test>::InvalidReplicas
		);
		assert_ok!(Jobs::submit(
			RuntimeOrigin::signed(CONSUMER),
			spec(JobMode::Replicated, 3, 900)
		));
		assert_noop!(
			Jobs::set_params(RuntimeOrigin::root(), JobParams { max_replicas: 2, ..params() }),
			Error::<Test>::InvalidParams
		);
	});
}

#[test]
fn the_deadline_is_bounded() {
	run_test(|| {
		// Now (1) + max_deadline at most.
		let mut s = spec(JobMode::Attested, 1, 300);
		s.deadline = 1 + MAX_DEADLINE + 1;
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), s.clone()),
			Error::<Test>::DeadlineTooFar
		);
		s.deadline = 1 + MAX_DEADLINE;
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), s));
		// Under an agreement too.
		set_agreement(7, Some((CONSUMER, 10, 1)));
		let mut a = spec(JobMode::Attested, 1, 0);
		a.agreement = Some(7);
		a.deadline = 1 + MAX_DEADLINE + 1;
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), a),
			Error::<Test>::DeadlineTooFar
		);
		// The bound must leave room for a replicated job's windows.
		let short = JobParams { max_deadline: ACCEPT + RUN + REVEAL - 1, ..params() };
		assert_noop!(Jobs::set_params(RuntimeOrigin::root(), short), Error::<Test>::InvalidParams);
		let tight = JobParams { max_deadline: ACCEPT + RUN + REVEAL, ..params() };
		assert_ok!(Jobs::set_params(RuntimeOrigin::root(), tight));
	});
}

#[test]
fn a_share_below_the_existential_deposit_is_refused() {
	run_test(|| {
		// Three workers sharing 2: a share of 0 cannot be paid to a reaped winner.
		assert_noop!(
			Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec(JobMode::Replicated, 3, 2)),
			Error::<Test>::ShareBelowMinimum
		);
		// A share of the existential deposit (1) is enough.
		assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec(JobMode::Replicated, 3, 3)));
	});
}
