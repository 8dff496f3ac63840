//! What `on_initialize` does each block: draw workers for the jobs on this block's agenda.

use super::*;
use agora_primitives::jobs::{JobStatus, SlotState, MAX_REPLICAS};
use codec::Encode;
use frame_support::{
	pallet_prelude::{Get, Weight},
	traits::Randomness,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::One, Saturating};

/// Distinct storage items one pick of a draw reads (see [`Pallet::draw_weight`]).
pub(crate) const READS_PER_PICK: u64 = 4;

impl<T: Config> Pallet<T> {
	/// The weight of drawing for `jobs` jobs with `attempts` picks per slot: the benchmark
	/// (`on_initialize`, worst case: every pick of every slot fails) plus the database reads of
	/// distinct workers. The benchmark picks among a handful of workers, whose records the
	/// overlay caches after the first read, so it measures the work of every pick but not the
	/// reads of a large list; here each pick is counted as [`READS_PER_PICK`] fresh reads
	/// (`WorkerAt`, `Workers`, the provider record, the reputation profile).
	pub fn draw_weight(jobs: u32, attempts: u32) -> Weight {
		let picks = u64::from(jobs)
			.saturating_mul(u64::from(MAX_REPLICAS))
			.saturating_mul(u64::from(attempts.min(MAX_DRAW_ATTEMPTS)));
		T::WeightInfo::on_initialize(jobs)
			.saturating_add(T::DbWeight::get().reads(picks.saturating_mul(READS_PER_PICK)))
	}

	/// `on_initialize` of block `n`: take the agenda of `n`; with randomness fill each job's
	/// open slots, re-queueing jobs with slots left open at `n + 1`; without randomness move
	/// the whole agenda to `n + 1`.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let agenda = DrawAgenda::<T>::take(n);
		let handled = agenda.len() as u32;
		if agenda.is_empty() {
			return T::WeightInfo::on_initialize(0);
		}
		let next = n.saturating_add(One::one());
		let Some(random) = Self::randomness() else {
			if !RandomnessMissing::<T>::get() {
				RandomnessMissing::<T>::put(true);
				Self::deposit_event(Event::RandomnessUnavailable { block: n });
			}
			for id in agenda {
				Self::requeue(id, next);
			}
			return T::WeightInfo::on_initialize(handled);
		};
		let weight = Self::draw_weight(handled, Params::<T>::get().draw_attempts);
		if RandomnessMissing::<T>::get() {
			RandomnessMissing::<T>::kill();
		}
		let p = Params::<T>::get();
		for id in agenda {
			let Some(mut job) = Jobs::<T>::get(id) else { continue };
			job.draw_at = None;
			if job.status != JobStatus::Assigning || n >= job.deadline {
				// Ended, or past its deadline (`advance` ends it): no draw.
				Jobs::<T>::insert(id, job);
				continue;
			}
			let open = job.undrawn();
			let until = n.saturating_add(p.accept_window);
			for slot in 0..open {
				let mut picked = None;
				for attempt in 0..p.draw_attempts {
					let Some(worker) = Self::pick(&random, n, id, &job, slot, attempt) else {
						continue;
					};
					match Self::fit(&job, &worker) {
						Fit::Eligible => {
							picked = Some(worker);
							break;
						},
						// A candidate that cannot work at all counts as tried, so a job whose
						// candidates all cannot stops being drawn.
						Fit::Unable if !job.candidates.is_empty() => {
							if job.tried.try_push(worker).is_err() {
								break;
							}
						},
						Fit::Unable | Fit::NotNow => {},
					}
				}
				let Some(worker) = picked else { continue };
				let pushed = job.tried.try_push(worker.clone()).is_ok()
					&& job
						.slots
						.try_push(Slot {
							worker: worker.clone(),
							state: SlotState::Offered { until },
							collateral: 0,
						})
						.is_ok();
				if !pushed {
					break;
				}
				JobsOfWorker::<T>::insert(&worker, BigEndianId::from(id), ());
				Self::deposit_event(Event::Drawn { job: id, worker, until });
			}
			let left = job.undrawn();
			if left > 0 {
				Self::deposit_event(Event::NoEligibleWorker { job: id, open: left });
				// Once every worker it may ever be offered to was tried, it waits for its
				// deadline.
				if !Self::exhausted(&job) {
					Self::queue_or_drop(id, &mut job, next);
				}
			}
			Jobs::<T>::insert(id, job);
		}
		weight
	}

	/// Put job `id`, taken off an agenda, on the agenda of `at` (or the next with room).
	fn requeue(id: JobId, at: BlockNumberFor<T>) {
		let Some(mut job) = Jobs::<T>::get(id) else { return };
		job.draw_at = None;
		Self::queue_or_drop(id, &mut job, at);
		Jobs::<T>::insert(id, job);
	}

	pub(crate) fn randomness() -> Option<T::Hash> {
		T::Randomness::random(b"agora/jobs").0
	}

	/// The worker of the `attempt`-th pick for open slot `slot` of job `id` in block `n`: from
	/// the job's candidates if it named any, else from the draw list.
	fn pick(
		random: &T::Hash,
		n: BlockNumberFor<T>,
		id: JobId,
		job: &Job<T>,
		slot: u32,
		attempt: u32,
	) -> Option<T::AccountId> {
		let hash = sp_crypto_hashing::blake2_256(&(random, n, id, slot, attempt).encode());
		let mut bytes = [0u8; 8];
		bytes.copy_from_slice(hash.get(..8)?);
		let seed = u64::from_le_bytes(bytes);
		if job.candidates.is_empty() {
			let count = u64::from(WorkerCount::<T>::get());
			let index = seed.checked_rem(count)?;
			WorkerAt::<T>::get(u32::try_from(index).ok()?)
		} else {
			let index = seed.checked_rem(job.candidates.len() as u64)?;
			job.candidates.get(usize::try_from(index).ok()?).cloned()
		}
	}

	/// Whether `worker` may be offered a slot of `job` now: in the draw list, a compute offer
	/// at a vCPU price within its share, the minimum score, a free vCPU, never tried for this
	/// job, not the consumer.
	pub fn eligible(job: &Job<T>, worker: &T::AccountId) -> bool {
		matches!(Self::fit(job, worker), Fit::Eligible)
	}

	/// How `worker` fits `job` now (see [`Self::eligible`]).
	fn fit(job: &Job<T>, worker: &T::AccountId) -> Fit {
		if job.tried.contains(worker) {
			return Fit::NotNow;
		}
		if *worker == job.consumer {
			return Fit::Unable;
		}
		let Some(info) = Workers::<T>::get(worker) else { return Fit::Unable };
		if info.index.is_none() {
			return Fit::Unable;
		}
		let Some((price, vcpus)) = T::Providers::compute_offer(worker) else { return Fit::Unable };
		if price > Self::share_of(job) || info.running >= vcpus {
			return Fit::NotNow;
		}
		if job.min_score.is_none_or(|min| T::Scores::provider_score(worker) >= min) {
			Fit::Eligible
		} else {
			Fit::NotNow
		}
	}
}

/// How a worker fits a job in a draw.
enum Fit {
	/// It may be offered a slot now.
	Eligible,
	/// Not now (tried already, its price, its capacity, its score).
	NotNow,
	/// Not at all: the consumer itself, not in the draw list, or no compute offer.
	Unable,
}
