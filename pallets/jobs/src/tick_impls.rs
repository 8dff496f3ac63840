//! What `on_initialize` does each block: draw workers for the jobs on this block's agenda.

use super::*;
use agora_primitives::jobs::{JobStatus, SlotState};
use codec::Encode;
use frame_support::{
	pallet_prelude::Weight,
	traits::{Get, Randomness},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::One, Saturating};

impl<T: Config> Pallet<T> {
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
				let picked = (0..p.draw_attempts).find_map(|attempt| {
					let worker = Self::pick(&random, n, id, &job, slot, attempt)?;
					Self::eligible(&job, &worker).then_some(worker)
				});
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
				let exhausted = job.tried.len() as u32 >= T::MaxTried::get()
					|| (!job.candidates.is_empty()
						&& job.candidates.iter().all(|c| job.tried.contains(c)));
				if !exhausted && Self::queue_draw(id, &mut job, next).is_err() {
					log::warn!(target: LOG_TARGET, "job {id}: no room to draw again");
				}
			}
			Jobs::<T>::insert(id, job);
		}
		T::WeightInfo::on_initialize(handled)
	}

	/// Put job `id`, taken off an agenda, on the agenda of `at` (or the next with room).
	fn requeue(id: JobId, at: BlockNumberFor<T>) {
		let Some(mut job) = Jobs::<T>::get(id) else { return };
		job.draw_at = None;
		if Self::queue_draw(id, &mut job, at).is_err() {
			log::warn!(target: LOG_TARGET, "job {id}: no room to draw again");
		}
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
		if *worker == job.consumer || job.tried.contains(worker) {
			return false;
		}
		let Some(info) = Workers::<T>::get(worker) else { return false };
		if info.index.is_none() {
			return false;
		}
		let Some((price, vcpus)) = T::Providers::compute_offer(worker) else { return false };
		if price > Self::share_of(job) || info.running >= vcpus {
			return false;
		}
		job.min_score.is_none_or(|min| T::Scores::provider_score(worker) >= min)
	}
}
