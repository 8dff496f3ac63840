//! [`DisputedJobs`] for the disputes pallet: the consumer of an attested job disputes its
//! posted result within the review window; the panel's ruling divides the reward and the
//! worker's collateral. The disputes pallet reports the outcome to reputation
//! (`dispute_resolved`): a ruling is not reported again here as `job_done` or `job_wrong`.

use super::*;
use crate::dispatchable_impls::at_stake;
use agora_primitives::{
	disputes::{DisputeId, Ruling, RulingPayout},
	jobs::{JobMode, JobStatus},
	Balance,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Freeze job `id` for dispute `dispute` opened by its consumer: an attested job whose
	/// result is posted and whose review window is open.
	pub fn freeze_job(
		id: JobId,
		opener: &T::AccountId,
		dispute: DisputeId,
	) -> Result<(T::AccountId, T::AccountId, Balance), DispatchError> {
		let mut job = Self::get_job(id)?;
		ensure!(job.consumer == *opener, Error::<T>::NotConsumer);
		let JobStatus::Posted { until } = job.status else {
			return Err(Error::<T>::NotDisputable.into());
		};
		ensure!(job.mode == JobMode::Attested, Error::<T>::NotDisputable);
		ensure!(Self::now() < until, Error::<T>::NotDisputable);
		let worker =
			job.slots.first().map(|s| s.worker.clone()).ok_or(Error::<T>::NotDisputable)?;
		let stake = at_stake(job.escrow, job.slots.first().map(|s| s.collateral).unwrap_or(0));
		job.status = JobStatus::Disputed { dispute };
		Jobs::<T>::insert(id, job.clone());
		Self::stats(|s| s.disputed = s.disputed.saturating_add(1));
		Ok((job.consumer, worker, stake))
	}

	/// Apply `ruling` to the frozen job `id` and end it as ruled (reputation hears of it from
	/// the disputes pallet only).
	pub fn execute_ruling(id: JobId, ruling: Ruling) -> Result<RulingPayout, DispatchError> {
		let mut job = Self::get_job(id)?;
		ensure!(matches!(job.status, JobStatus::Disputed { .. }), Error::<T>::NotDisputed);
		ensure!(!job.slots.is_empty(), Error::<T>::NotDisputed);
		let reward = job.escrow;
		let collateral = job.slots.first().map(|s| s.collateral).unwrap_or(0);
		let payout = match ruling {
			Ruling::FavourConsumer => {
				Self::slash_collateral(id, &mut job, 0)?;
				Self::stats(|s| s.wrong_results = s.wrong_results.saturating_add(1));
				RulingPayout { to_consumer: reward.saturating_add(collateral), to_provider: 0 }
			},
			Ruling::FavourProvider => {
				Self::pay(id, &mut job, 0, reward)?;
				Self::return_collateral(&mut job, 0)?;
				RulingPayout { to_consumer: 0, to_provider: reward }
			},
			Ruling::Split(to_consumer) => {
				// A Perbill share of the reward is at most the reward: no overflow.
				#[allow(clippy::arithmetic_side_effects)]
				let back = to_consumer * reward;
				let to_worker = reward.saturating_sub(back);
				Self::pay(id, &mut job, 0, to_worker)?;
				Self::return_collateral(&mut job, 0)?;
				RulingPayout { to_consumer: back, to_provider: to_worker }
			},
		};
		// `finish` returns the rest of the escrow to the consumer.
		Self::finish(id, job, JobOutcome::Ruled(ruling))?;
		Ok(payout)
	}

	/// The dispute of job `id` ended without a ruling: the posted result stands.
	pub fn dismiss_dispute(id: JobId) -> DispatchResult {
		let job = Self::get_job(id)?;
		ensure!(matches!(job.status, JobStatus::Disputed { .. }), Error::<T>::NotDisputed);
		Self::complete_attested(id, job)
	}
}

impl<T: Config> DisputedJobs<T::AccountId> for Pallet<T> {
	fn freeze(
		id: JobId,
		opener: &T::AccountId,
		dispute: DisputeId,
	) -> Result<(T::AccountId, T::AccountId, Balance), DispatchError> {
		Self::freeze_job(id, opener, dispute)
	}

	fn execute(id: JobId, ruling: Ruling) -> Result<RulingPayout, DispatchError> {
		Self::execute_ruling(id, ruling)
	}

	fn dismiss(id: JobId) -> DispatchResult {
		Self::dismiss_dispute(id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &T::AccountId, worker: &T::AccountId) -> JobId {
		Self::posted_for_benchmarks(consumer, worker)
	}
}
