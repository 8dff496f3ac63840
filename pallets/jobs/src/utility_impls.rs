//! Helpers shared by the jobs pallet's calls, its hook and its dispute interface: tunables,
//! money movements (every transfer goes through these), the worker a signer acts for, the draw
//! agenda and how a job ends.

use super::*;
use agora_primitives::{
	jobs::{JobMode, JobStatus, SlotState, MAX_REPLICAS},
	Balance,
};
use frame_support::{
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Precision, Preservation},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, One, Zero},
	DispatchError, Saturating,
};

impl<T: Config> Pallet<T> {
	/// Whether `p` are acceptable tunables.
	pub fn params_valid(p: &JobParams<BlockNumberFor<T>>) -> bool {
		p.max_replicas >= MIN_REPLICATED
			&& p.max_replicas <= MAX_REPLICAS
			&& p.max_fuel >= 1
			&& p.max_memory_pages >= 1
			&& !p.accept_window.is_zero()
			&& !p.run_window.is_zero()
			&& !p.reveal_window.is_zero()
			&& !p.review_window.is_zero()
			&& p.collateral_percent <= 1_000
			// The hold keeps the consumer's account alive for payouts below the existential
			// deposit.
			&& !p.record_deposit.is_zero()
			&& p.draw_attempts >= 1
			&& p.draw_attempts <= MAX_DRAW_ATTEMPTS
			&& p.max_deadline
				>= p.accept_window.saturating_add(p.run_window).saturating_add(p.reveal_window)
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	// ---- money ----

	/// The pallet's pot: the unpaid rewards and the workers' collateral of every live job, plus
	/// the existential deposit minted at genesis.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Move `amount` from `who` into the pot, keeping `who` alive.
	pub(crate) fn take(who: &T::AccountId, amount: Balance, err: Error<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(who, &Self::pot(), amount, Preservation::Preserve)
			.map(|_| ())
			.map_err(|_| err.into())
	}

	/// Pay `amount` out of the pot to `to`.
	pub(crate) fn give(to: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve).map(|_| ())
	}

	pub(crate) fn hold_deposit(who: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::JobDeposit.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientFunds.into())
	}

	pub(crate) fn release_deposit(who: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::JobDeposit.into(), who, amount, Precision::Exact)
			.map(|_| ())
	}

	/// The collateral a worker holds for a share of `reward / replicas`.
	pub fn collateral_for(
		p: &JobParams<BlockNumberFor<T>>,
		reward: Balance,
		replicas: u32,
	) -> Option<Balance> {
		let share = reward.checked_div(Balance::from(replicas))?;
		Some(percent_of(share, p.collateral_percent)?.max(p.min_collateral))
	}

	/// One worker's share of the reward: what its vCPU price must not exceed.
	pub(crate) fn share_of(job: &Job<T>) -> Balance {
		job.reward.checked_div(Balance::from(job.replicas)).unwrap_or_default()
	}

	// ---- records ----

	pub(crate) fn get_job(id: JobId) -> Result<Job<T>, DispatchError> {
		Jobs::<T>::get(id).ok_or_else(|| Error::<T>::JobNotFound.into())
	}

	/// The position of the slot `who` acts for: its own, or its provider's if `who` is an
	/// operator.
	pub(crate) fn slot_of(job: &Job<T>, who: &T::AccountId) -> Result<usize, DispatchError> {
		if let Some(i) = job.slots.iter().position(|s| s.worker == *who) {
			return Ok(i);
		}
		let provider = T::Operators::provider_of(who).ok_or(Error::<T>::NotWorker)?;
		job.slots
			.iter()
			.position(|s| s.worker == provider)
			.ok_or_else(|| Error::<T>::NotWorker.into())
	}

	pub(crate) fn stats(f: impl FnOnce(&mut JobStatsView)) {
		Stats::<T>::mutate(f);
	}

	// ---- the draw agenda ----

	/// Queue `job` for a draw at `from` or, if that block's agenda is full, one of the next
	/// [`AGENDA_SEARCH`] blocks. A job on an agenda already stays where it is.
	pub(crate) fn queue_draw(
		id: JobId,
		job: &mut Job<T>,
		from: BlockNumberFor<T>,
	) -> DispatchResult {
		if job.draw_at.is_some() {
			return Ok(());
		}
		let mut at = from;
		for _ in 0..AGENDA_SEARCH {
			if DrawAgenda::<T>::try_mutate(at, |list| list.try_push(id)).is_ok() {
				job.draw_at = Some(at);
				job.draw_dropped = false;
				return Ok(());
			}
			at = at.saturating_add(One::one());
		}
		Err(Error::<T>::DrawAgendaFull.into())
	}

	/// Queue `job` for a redraw as [`Self::queue_draw`] does; without room, drop the redraw
	/// and say so (`advance` queues it again).
	pub(crate) fn queue_or_drop(id: JobId, job: &mut Job<T>, from: BlockNumberFor<T>) {
		if Self::queue_draw(id, job, from).is_err() {
			job.draw_dropped = true;
			Self::deposit_event(Event::DrawDropped { job: id });
		}
	}

	/// Whether every worker `job` may ever be offered to was tried: it is not drawn again.
	pub(crate) fn exhausted(job: &Job<T>) -> bool {
		job.tried.len() as u32 >= T::MaxTried::get()
			|| (!job.candidates.is_empty() && job.candidates.iter().all(|c| job.tried.contains(c)))
	}

	/// Take `job` off its draw agenda.
	pub(crate) fn unqueue(id: JobId, job: &mut Job<T>) {
		if let Some(at) = job.draw_at.take() {
			DrawAgenda::<T>::mutate_exists(at, |maybe| {
				if let Some(list) = maybe {
					list.retain(|j| *j != id);
					if list.is_empty() {
						*maybe = None;
					}
				}
			});
		}
	}

	/// Free an offered slot (declined or skipped) and queue a redraw (dropped if no agenda
	/// has room: the slot is freed all the same).
	pub(crate) fn free_offer(id: JobId, job: &mut Job<T>, index: usize) -> DispatchResult {
		let slot = job.slots.get(index).ok_or(Error::<T>::NotWorker)?;
		frame_support::ensure!(
			matches!(slot.state, SlotState::Offered { .. }),
			Error::<T>::NotOffered
		);
		let worker = slot.worker.clone();
		job.slots.remove(index);
		JobsOfWorker::<T>::remove(&worker, BigEndianId::from(id));
		Self::queue_or_drop(id, job, Self::now().saturating_add(2u32.into()));
		Ok(())
	}

	// ---- workers ----

	/// One more running job for `worker`.
	pub(crate) fn start_running(worker: &T::AccountId) {
		Workers::<T>::mutate(worker, |maybe| {
			let info = maybe.get_or_insert_with(WorkerInfo::default);
			info.running = info.running.saturating_add(1);
		});
	}

	/// One job less for `worker`; a worker that opted out goes once its last job is done.
	pub(crate) fn stop_running(worker: &T::AccountId) {
		Workers::<T>::mutate_exists(worker, |maybe| {
			if let Some(info) = maybe {
				info.running = info.running.saturating_sub(1);
				if info.running == 0 && info.index.is_none() {
					*maybe = None;
				}
			}
		});
	}

	// ---- ending ----

	/// Return `job`'s collateral of slot `i` to its worker.
	pub(crate) fn return_collateral(job: &mut Job<T>, i: usize) -> DispatchResult {
		if let Some(slot) = job.slots.get_mut(i) {
			let amount = core::mem::take(&mut slot.collateral);
			Self::give(&slot.worker, amount)?;
		}
		Ok(())
	}

	/// Pay `job`'s collateral of slot `i` to the consumer.
	pub(crate) fn slash_collateral(id: JobId, job: &mut Job<T>, i: usize) -> DispatchResult {
		if let Some(slot) = job.slots.get_mut(i) {
			let amount = core::mem::take(&mut slot.collateral);
			if !amount.is_zero() {
				Self::give(&job.consumer, amount)?;
				Self::stats(|s| s.collateral_slashed = s.collateral_slashed.saturating_add(amount));
				Self::deposit_event(Event::CollateralSlashed {
					job: id,
					worker: slot.worker.clone(),
					amount,
				});
			}
		}
		Ok(())
	}

	/// Pay `amount` of `job`'s escrow to the worker of slot `i`.
	pub(crate) fn pay(id: JobId, job: &mut Job<T>, i: usize, amount: Balance) -> DispatchResult {
		let amount = amount.min(job.escrow);
		if let Some(slot) = job.slots.get(i) {
			job.escrow = job.escrow.saturating_sub(amount);
			if !amount.is_zero() {
				Self::give(&slot.worker, amount)?;
				Self::stats(|s| s.rewards_paid = s.rewards_paid.saturating_add(amount));
				Self::deposit_event(Event::Paid { job: id, worker: slot.worker.clone(), amount });
			}
		}
		Ok(())
	}

	/// Return what is left of `job`'s escrow to the consumer.
	pub(crate) fn refund(id: JobId, job: &mut Job<T>) -> DispatchResult {
		let amount = core::mem::take(&mut job.escrow);
		if !amount.is_zero() {
			Self::give(&job.consumer, amount)?;
			Self::deposit_event(Event::Refunded { job: id, amount });
		}
		Ok(())
	}

	/// End `job` with `outcome`: every collateral must have been returned or paid already; what
	/// is left of the escrow returns to the consumer, slots leave the workers' indexes and
	/// capacity.
	pub(crate) fn finish(id: JobId, mut job: Job<T>, outcome: JobOutcome) -> DispatchResult {
		Self::refund(id, &mut job)?;
		Self::unqueue(id, &mut job);
		for slot in job.slots.iter() {
			JobsOfWorker::<T>::remove(&slot.worker, BigEndianId::from(id));
			if accepted(&slot.state) && job.agreement.is_none() {
				Self::stop_running(&slot.worker);
			}
			if !slot.collateral.is_zero() {
				log::error!(target: LOG_TARGET, "job {id}: collateral left at the end");
			}
		}
		if let Some(agreement) = job.agreement {
			ActiveUnderAgreement::<T>::mutate_exists(agreement, |n| {
				let left = n.unwrap_or_default().saturating_sub(1);
				*n = if left == 0 { None } else { Some(left) };
			});
		}
		Self::stats(|s| {
			// `finish` runs once per job: only an unfinished job gets here.
			s.live = s.live.saturating_sub(1);
			match outcome {
				JobOutcome::Completed { .. } => s.completed = s.completed.saturating_add(1),
				JobOutcome::NoMajority => s.no_majority = s.no_majority.saturating_add(1),
				JobOutcome::Unassigned => s.unassigned = s.unassigned.saturating_add(1),
				JobOutcome::TimedOut => s.timed_out = s.timed_out.saturating_add(1),
				JobOutcome::Cancelled => s.cancelled = s.cancelled.saturating_add(1),
				JobOutcome::Ruled(_) => s.ruled = s.ruled.saturating_add(1),
			}
		});
		job.status = JobStatus::Finished { outcome, at: Self::now() };
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::Finished { job: id, outcome });
		Ok(())
	}

	/// End `job` without a result: the reward returns and every accepted worker gets its
	/// collateral back (`Unassigned`, `Cancelled`).
	pub(crate) fn unwind(id: JobId, mut job: Job<T>, outcome: JobOutcome) -> DispatchResult {
		for i in 0..job.slots.len() {
			Self::return_collateral(&mut job, i)?;
		}
		Self::finish(id, job, outcome)
	}

	/// The attested job's posted result stands (accepted, silence, or a dispute dismissed):
	/// the worker gets the reward and its collateral.
	pub(crate) fn complete_attested(id: JobId, mut job: Job<T>) -> DispatchResult {
		let Some(SlotState::Revealed { result }) = job.slots.first().map(|s| s.state) else {
			return Err(Error::<T>::NotPosted.into());
		};
		let reward = job.escrow;
		Self::pay(id, &mut job, 0, reward)?;
		Self::return_collateral(&mut job, 0)?;
		if let Some(slot) = job.slots.first() {
			T::Reputation::job_done(&slot.worker, reward);
		}
		Self::finish(id, job, JobOutcome::Completed { result })
	}

	/// Tally a replicated job's reveals and end it.
	pub(crate) fn tally(id: JobId, mut job: Job<T>) -> DispatchResult {
		let revealed: alloc::vec::Vec<Option<Blob>> = job
			.slots
			.iter()
			.map(|s| match s.state {
				SlotState::Revealed { result } => Some(result),
				_ => None,
			})
			.collect();
		// Committed and never revealed: with a majority, it withheld a losing result.
		let withheld: alloc::vec::Vec<bool> = job
			.slots
			.iter()
			.map(|s| matches!(s.state, SlotState::Committed { .. }))
			.collect();
		let count = |r: &Blob| revealed.iter().filter(|x| x.as_ref() == Some(r)).count();
		let winner = revealed
			.iter()
			.flatten()
			.find(|r| (count(r) as u64).saturating_mul(2) > u64::from(job.replicas))
			.copied();
		match winner {
			Some(result) => {
				let winners = count(&result) as u128;
				let share = job.escrow.checked_div(winners).unwrap_or_default();
				for (i, r) in revealed.iter().enumerate() {
					let worker = job.slots.get(i).map(|s| s.worker.clone());
					let Some(worker) = worker else { continue };
					if r.as_ref() == Some(&result) {
						Self::pay(id, &mut job, i, share)?;
						Self::return_collateral(&mut job, i)?;
						T::Reputation::job_done(&worker, share);
					} else {
						Self::slash_collateral(id, &mut job, i)?;
						if r.is_some() || withheld.get(i).copied().unwrap_or(false) {
							Self::stats(|s| s.wrong_results = s.wrong_results.saturating_add(1));
							T::Reputation::job_wrong(&worker);
						} else {
							Self::stats(|s| s.missed = s.missed.saturating_add(1));
							T::Reputation::job_missed(&worker);
						}
					}
				}
				Self::finish(id, job, JobOutcome::Completed { result })
			},
			None => {
				for (i, r) in revealed.iter().enumerate() {
					let worker = job.slots.get(i).map(|s| s.worker.clone());
					let Some(worker) = worker else { continue };
					if r.is_some() {
						Self::return_collateral(&mut job, i)?;
					} else {
						Self::slash_collateral(id, &mut job, i)?;
						Self::stats(|s| s.missed = s.missed.saturating_add(1));
						T::Reputation::job_missed(&worker);
					}
				}
				Self::finish(id, job, JobOutcome::NoMajority)
			},
		}
	}

	/// Whether the job's mode is `mode`.
	pub(crate) fn ensure_mode(job: &Job<T>, mode: JobMode) -> DispatchResult {
		frame_support::ensure!(job.mode == mode, Error::<T>::WrongMode);
		Ok(())
	}
}
