//! The jobs pallet's calls.

use super::*;
use agora_primitives::{
	jobs::{commit_hash, JobMode, JobStatus, SlotState, MAX_RESULT_BYTES},
	Balance,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::Inspect, Get},
};
use sp_core::H256;
use sp_runtime::{traits::Zero, Saturating};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_submit(consumer: T::AccountId, spec: JobSpec<T>) -> DispatchResult {
		let p = Params::<T>::get();
		let now = Self::now();
		match spec.mode {
			JobMode::Replicated => ensure!(
				spec.replicas >= MIN_REPLICATED && spec.replicas <= p.max_replicas,
				Error::<T>::InvalidReplicas
			),
			JobMode::Attested => ensure!(spec.replicas == 1, Error::<T>::InvalidReplicas),
		}
		ensure!(spec.deadline <= now.saturating_add(p.max_deadline), Error::<T>::DeadlineTooFar);
		// Named workers could be the consumer's own: a replicated job's majority must be drawn.
		ensure!(
			spec.mode == JobMode::Attested || spec.candidates.is_empty(),
			Error::<T>::CandidatesOnlyForAttested
		);
		ensure!(
			spec.fuel >= 1
				&& spec.fuel <= p.max_fuel
				&& spec.memory_pages >= 1
				&& spec.memory_pages <= p.max_memory_pages,
			Error::<T>::InvalidLimits
		);
		let id = NextJobId::<T>::get();
		let mut job = Job::<T> {
			consumer: consumer.clone(),
			module: spec.module,
			input: spec.input,
			fuel: spec.fuel,
			memory_pages: spec.memory_pages,
			mode: spec.mode,
			replicas: spec.replicas,
			reward: spec.reward,
			escrow: spec.reward,
			collateral: 0,
			agreement: spec.agreement,
			min_score: spec.min_score,
			candidates: spec.candidates,
			submitted_at: now,
			deadline: spec.deadline,
			slots: Default::default(),
			tried: Default::default(),
			draw_at: None,
			draw_dropped: false,
			status: JobStatus::Assigning,
			deposit: p.record_deposit,
		};
		if let Some(agreement) = spec.agreement {
			ensure!(
				spec.mode == JobMode::Attested
					&& spec.reward.is_zero()
					&& job.candidates.is_empty()
					&& spec.min_score.is_none(),
				Error::<T>::InvalidAgreementJob
			);
			let (owner, provider, vcpus) =
				T::Agreements::active_compute(agreement).ok_or(Error::<T>::NotComputeAgreement)?;
			ensure!(owner == consumer, Error::<T>::NotConsumer);
			ensure!(spec.deadline >= now.saturating_add(p.run_window), Error::<T>::DeadlineTooSoon);
			let running = ActiveUnderAgreement::<T>::get(agreement);
			ensure!(running < vcpus, Error::<T>::AgreementAtCapacity);
			ActiveUnderAgreement::<T>::insert(agreement, running.saturating_add(1));
			let slot = Slot { worker: provider.clone(), state: SlotState::Accepted, collateral: 0 };
			job.slots.try_push(slot).map_err(|_| Error::<T>::InvalidReplicas)?;
			let until = now.saturating_add(p.run_window);
			job.status = JobStatus::Running { until };
			JobsOfWorker::<T>::insert(&provider, BigEndianId::from(id), ());
			Self::hold_deposit(&consumer, job.deposit)?;
			Self::finish_submit(id, job);
			Self::deposit_event(Event::Running { job: id, until });
			return Ok(());
		}
		ensure!(!spec.reward.is_zero(), Error::<T>::ZeroReward);
		// Paying a share to a winner whose account was reaped must not fail.
		let share = spec.reward.checked_div(Balance::from(spec.replicas)).unwrap_or_default();
		ensure!(share >= T::Currency::minimum_balance(), Error::<T>::ShareBelowMinimum);
		let mut earliest = now.saturating_add(p.accept_window).saturating_add(p.run_window);
		if spec.mode == JobMode::Replicated {
			earliest = earliest.saturating_add(p.reveal_window);
		}
		ensure!(spec.deadline >= earliest, Error::<T>::DeadlineTooSoon);
		job.collateral =
			Self::collateral_for(&p, spec.reward, spec.replicas).ok_or(Error::<T>::Overflow)?;
		Self::hold_deposit(&consumer, job.deposit)?;
		Self::take(&consumer, spec.reward, Error::<T>::InsufficientFunds)?;
		Self::queue_draw(id, &mut job, now.saturating_add(2u32.into()))?;
		Self::finish_submit(id, job);
		Ok(())
	}

	fn finish_submit(id: JobId, job: Job<T>) {
		NextJobId::<T>::put(id.saturating_add(1));
		JobsOf::<T>::insert(&job.consumer, BigEndianId::from(id), ());
		Self::stats(|s| {
			s.submitted = s.submitted.saturating_add(1);
			s.live = s.live.saturating_add(1);
		});
		Self::deposit_event(Event::Submitted {
			job: id,
			consumer: job.consumer.clone(),
			reward: job.reward,
			replicas: job.replicas,
			deadline: job.deadline,
		});
		Jobs::<T>::insert(id, job);
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: JobId) -> DispatchResult {
		let job = Self::get_job(id)?;
		ensure!(job.consumer == who, Error::<T>::NotConsumer);
		ensure!(job.status == JobStatus::Assigning, Error::<T>::NotAssigning);
		ensure!(!job.slots.iter().any(|s| accepted(&s.state)), Error::<T>::AlreadyAccepted);
		Self::unwind(id, job, JobOutcome::Cancelled)
	}

	pub(crate) fn do_opt_in(who: T::AccountId) -> DispatchResult {
		ensure!(T::Providers::compute_offer(&who).is_some(), Error::<T>::NoComputeOffer);
		let mut info = Workers::<T>::get(&who).unwrap_or_default();
		ensure!(info.index.is_none(), Error::<T>::AlreadyOptedIn);
		let count = WorkerCount::<T>::get();
		ensure!(count < T::MaxWorkers::get(), Error::<T>::TooManyWorkers);
		WorkerAt::<T>::insert(count, &who);
		WorkerCount::<T>::put(count.saturating_add(1));
		info.index = Some(count);
		Workers::<T>::insert(&who, info);
		Self::deposit_event(Event::OptedIn { worker: who });
		Ok(())
	}

	pub(crate) fn do_opt_out(who: T::AccountId) -> DispatchResult {
		Self::unlist(&who)?;
		Self::deposit_event(Event::OptedOut { worker: who });
		Ok(())
	}

	pub(crate) fn do_kick(worker: T::AccountId) -> DispatchResult {
		let listed = Workers::<T>::get(&worker).is_some_and(|w| w.index.is_some());
		ensure!(listed, Error::<T>::NotOptedIn);
		ensure!(T::Providers::compute_offer(&worker).is_none(), Error::<T>::StillEligible);
		Self::unlist(&worker)?;
		Self::deposit_event(Event::Kicked { worker });
		Ok(())
	}

	/// Take `who` off the draw list (swap-remove); it stays recorded while it runs jobs.
	fn unlist(who: &T::AccountId) -> DispatchResult {
		let mut info = Workers::<T>::get(who).ok_or(Error::<T>::NotOptedIn)?;
		let index = info.index.take().ok_or(Error::<T>::NotOptedIn)?;
		let last = WorkerCount::<T>::get().saturating_sub(1);
		if index != last {
			if let Some(moved) = WorkerAt::<T>::get(last) {
				WorkerAt::<T>::insert(index, &moved);
				Workers::<T>::mutate(&moved, |m| {
					if let Some(m) = m {
						m.index = Some(index);
					}
				});
			}
		}
		WorkerAt::<T>::remove(last);
		WorkerCount::<T>::put(last);
		if info.running == 0 {
			Workers::<T>::remove(who);
		} else {
			Workers::<T>::insert(who, info);
		}
		Ok(())
	}

	pub(crate) fn do_accept(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		ensure!(job.status == JobStatus::Assigning, Error::<T>::NotAssigning);
		let now = Self::now();
		ensure!(now < job.deadline, Error::<T>::DeadlinePassed);
		let i = Self::slot_of(&job, &who)?;
		let slot = job.slots.get(i).ok_or(Error::<T>::NotWorker)?;
		let SlotState::Offered { until } = slot.state else {
			return Err(Error::<T>::NotOffered.into());
		};
		ensure!(now < until, Error::<T>::OfferExpired);
		let worker = slot.worker.clone();
		let (_, vcpus) = T::Providers::compute_offer(&worker).ok_or(Error::<T>::NoComputeOffer)?;
		let running = Workers::<T>::get(&worker).map(|w| w.running).unwrap_or_default();
		ensure!(running < vcpus, Error::<T>::AtCapacity);
		let collateral = job.collateral;
		Self::take(&worker, collateral, Error::<T>::InsufficientCollateral)?;
		Self::start_running(&worker);
		if let Some(slot) = job.slots.get_mut(i) {
			slot.state = SlotState::Accepted;
			slot.collateral = collateral;
		}
		Self::deposit_event(Event::Accepted { job: id, worker, collateral });
		let all = job.undrawn() == 0 && job.slots.iter().all(|s| accepted(&s.state));
		if all {
			let until = now.saturating_add(Params::<T>::get().run_window);
			job.status = JobStatus::Running { until };
			Self::unqueue(id, &mut job);
			Self::deposit_event(Event::Running { job: id, until });
		}
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	pub(crate) fn do_decline(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		ensure!(job.status == JobStatus::Assigning, Error::<T>::NotAssigning);
		let i = Self::slot_of(&job, &who)?;
		let worker = job.slots.get(i).map(|s| s.worker.clone()).ok_or(Error::<T>::NotWorker)?;
		Self::free_offer(id, &mut job, i)?;
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::Declined { job: id, worker });
		Ok(())
	}

	pub(crate) fn do_skip(id: JobId, worker: T::AccountId) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		ensure!(job.status == JobStatus::Assigning, Error::<T>::NotAssigning);
		let i = job.slots.iter().position(|s| s.worker == worker).ok_or(Error::<T>::NotWorker)?;
		let Some(SlotState::Offered { until }) = job.slots.get(i).map(|s| s.state) else {
			return Err(Error::<T>::NotOffered.into());
		};
		ensure!(Self::now() >= until, Error::<T>::TooEarly);
		Self::free_offer(id, &mut job, i)?;
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::Skipped { job: id, worker });
		Ok(())
	}

	/// The slot `who` acts for in a running job before its window ends.
	fn running_slot(job: &Job<T>, who: &T::AccountId) -> Result<usize, sp_runtime::DispatchError> {
		let JobStatus::Running { until } = job.status else {
			return Err(Error::<T>::NotRunning.into());
		};
		ensure!(Self::now() < until, Error::<T>::WindowClosed);
		Self::slot_of(job, who)
	}

	pub(crate) fn do_commit(who: T::AccountId, id: JobId, hash: H256) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		Self::ensure_mode(&job, JobMode::Replicated)?;
		let i = Self::running_slot(&job, &who)?;
		let slot = job.slots.get_mut(i).ok_or(Error::<T>::NotWorker)?;
		ensure!(slot.state == SlotState::Accepted, Error::<T>::NotAccepted);
		slot.state = SlotState::Committed { hash };
		let worker = slot.worker.clone();
		Self::deposit_event(Event::Committed { job: id, worker });
		if job.slots.iter().all(|s| matches!(s.state, SlotState::Committed { .. })) {
			Self::open_reveal(id, &mut job);
		}
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	pub(crate) fn open_reveal(id: JobId, job: &mut Job<T>) {
		let until = Self::now().saturating_add(Params::<T>::get().reveal_window);
		job.status = JobStatus::Revealing { until };
		Self::deposit_event(Event::RevealOpened { job: id, until });
	}

	pub(crate) fn do_reveal(
		who: T::AccountId,
		id: JobId,
		result: Blob,
		salt: [u8; 32],
	) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		Self::ensure_mode(&job, JobMode::Replicated)?;
		Self::ensure_result_size(&result)?;
		let JobStatus::Revealing { until } = job.status else {
			return Err(Error::<T>::NotRevealing.into());
		};
		ensure!(Self::now() < until, Error::<T>::WindowClosed);
		let i = Self::slot_of(&job, &who)?;
		let slot = job.slots.get_mut(i).ok_or(Error::<T>::NotWorker)?;
		let SlotState::Committed { hash } = slot.state else {
			return Err(Error::<T>::NotCommitted.into());
		};
		ensure!(commit_hash(&result, &salt, &slot.worker) == hash, Error::<T>::BadReveal);
		slot.state = SlotState::Revealed { result };
		let worker = slot.worker.clone();
		Self::deposit_event(Event::Revealed { job: id, worker, result });
		if !job.slots.iter().any(|s| matches!(s.state, SlotState::Committed { .. })) {
			return Self::tally(id, job);
		}
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	pub(crate) fn do_post_result(who: T::AccountId, id: JobId, result: Blob) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		Self::ensure_mode(&job, JobMode::Attested)?;
		Self::ensure_result_size(&result)?;
		let i = Self::running_slot(&job, &who)?;
		let slot = job.slots.get_mut(i).ok_or(Error::<T>::NotWorker)?;
		ensure!(slot.state == SlotState::Accepted, Error::<T>::NotAccepted);
		slot.state = SlotState::Revealed { result };
		let worker = slot.worker.clone();
		let until = Self::now().saturating_add(Params::<T>::get().review_window);
		job.status = JobStatus::Posted { until };
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::ResultPosted { job: id, worker, result, until });
		Ok(())
	}

	/// Whether `result` may be a result blob: its status byte, at most `MAX_RESULT_BYTES`.
	fn ensure_result_size(result: &Blob) -> DispatchResult {
		ensure!(result.size >= 1 && result.size <= MAX_RESULT_BYTES, Error::<T>::BadResultSize);
		Ok(())
	}

	pub(crate) fn do_accept_result(who: T::AccountId, id: JobId) -> DispatchResult {
		let job = Self::get_job(id)?;
		ensure!(job.consumer == who, Error::<T>::NotConsumer);
		ensure!(matches!(job.status, JobStatus::Posted { .. }), Error::<T>::NotPosted);
		Self::deposit_event(Event::ResultAccepted { job: id });
		Self::complete_attested(id, job)
	}

	pub(crate) fn do_advance(id: JobId) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		let now = Self::now();
		let status = job.status;
		match status {
			JobStatus::Assigning if now >= job.deadline => {
				Self::unwind(id, job, JobOutcome::Unassigned)
			},
			// A redraw was dropped for want of room: queue it again.
			JobStatus::Assigning
				if job.draw_at.is_none() && job.undrawn() > 0 && !Self::exhausted(&job) =>
			{
				Self::queue_draw(id, &mut job, now.saturating_add(2u32.into()))?;
				if let Some(at) = job.draw_at {
					Self::deposit_event(Event::DrawQueued { job: id, at });
				}
				Jobs::<T>::insert(id, job);
				Ok(())
			},
			JobStatus::Running { until } if now >= until => match job.mode {
				JobMode::Replicated => {
					if job.slots.iter().any(|s| matches!(s.state, SlotState::Committed { .. })) {
						Self::open_reveal(id, &mut job);
						Jobs::<T>::insert(id, job);
						Ok(())
					} else {
						// Nobody committed: nothing to reveal.
						Self::tally(id, job)
					}
				},
				JobMode::Attested => {
					let worker = job.slots.first().map(|s| s.worker.clone());
					Self::slash_collateral(id, &mut job, 0)?;
					if let Some(worker) = worker {
						Self::stats(|s| s.missed = s.missed.saturating_add(1));
						// Under an agreement the provider could not decline the job: the
						// agreement is the remedy, not its reputation.
						if job.agreement.is_none() {
							T::Reputation::job_missed(&worker);
						}
					}
					Self::finish(id, job, JobOutcome::TimedOut)
				},
			},
			JobStatus::Revealing { until } if now >= until => Self::tally(id, job),
			JobStatus::Posted { until } if now >= until => Self::complete_attested(id, job),
			_ => Err(Error::<T>::NothingDue.into()),
		}
	}

	pub(crate) fn do_close(id: JobId) -> DispatchResult {
		let mut job = Self::get_job(id)?;
		let JobStatus::Finished { at, .. } = job.status else {
			return Err(Error::<T>::NotFinished.into());
		};
		ensure!(
			Self::now() >= at.saturating_add(Params::<T>::get().retention),
			Error::<T>::RetentionNotOver
		);
		Self::unqueue(id, &mut job);
		Self::release_deposit(&job.consumer, job.deposit)?;
		JobsOf::<T>::remove(&job.consumer, BigEndianId::from(id));
		Jobs::<T>::remove(id);
		<T::OnClose as agora_primitives::traits::OnJobClosed>::job_closed(id);
		Self::deposit_event(Event::Closed { job: id });
		Ok(())
	}
}

/// What a job is worth to its worker(s) and at stake in a dispute: the reward plus one
/// worker's collateral.
pub(crate) fn at_stake(reward: Balance, collateral: Balance) -> Balance {
	reward.saturating_add(collateral)
}
