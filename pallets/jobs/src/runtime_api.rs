//! What the jobs pallet answers through the runtime API (`JobsApi`), and the set-up other
//! pallets' benchmarks ask for.

use super::*;
use agora_primitives::jobs::{JobView, SlotView};
use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;

/// Most jobs `assigned_jobs` lists.
pub const MAX_ASSIGNED_VIEWS: usize = 1_024;

/// Most entries of a worker's index `assigned_jobs` reads: strangers' open offers, however
/// many, cannot hide the jobs the worker accepted among the first of these.
pub const MAX_ASSIGNED_SCAN: usize = 4 * MAX_ASSIGNED_VIEWS;

impl<T: Config> Pallet<T> {
	/// The runtime API's view of a job.
	pub fn view_of(id: JobId, job: Job<T>) -> JobView<T::AccountId, BlockNumberFor<T>> {
		let undrawn = job.undrawn();
		JobView {
			id,
			consumer: job.consumer,
			module: job.module,
			input: job.input,
			fuel: job.fuel,
			memory_pages: job.memory_pages,
			mode: job.mode,
			replicas: job.replicas,
			reward: job.reward,
			collateral: job.collateral,
			agreement: job.agreement,
			min_score: job.min_score,
			candidates: job.candidates.into_inner(),
			submitted_at: job.submitted_at,
			deadline: job.deadline,
			slots: job
				.slots
				.into_iter()
				.map(|s| SlotView { worker: s.worker, state: s.state, collateral: s.collateral })
				.collect(),
			undrawn,
			status: job.status,
			deposit: job.deposit,
		}
	}

	/// A job, for the runtime API.
	pub fn job(id: JobId) -> Option<JobView<T::AccountId, BlockNumberFor<T>>> {
		Jobs::<T>::get(id).map(|j| Self::view_of(id, j))
	}

	/// A page of `consumer`'s jobs, oldest first, for the runtime API.
	pub fn jobs_of(
		consumer: &T::AccountId,
		page: u32,
		page_size: u32,
	) -> Vec<JobView<T::AccountId, BlockNumberFor<T>>> {
		let skip = (page as usize).saturating_mul(page_size as usize);
		JobsOf::<T>::iter_key_prefix(consumer)
			.skip(skip)
			.take(page_size as usize)
			.filter_map(|key| Self::job(key.into()))
			.collect()
	}

	/// The unfinished jobs `provider` holds a slot in, for the runtime API: first those whose
	/// slot it accepted (running, committed, revealed), then its open offers, each oldest
	/// first; at most [`MAX_ASSIGNED_VIEWS`] of the first [`MAX_ASSIGNED_SCAN`] entries of its
	/// index.
	pub fn assigned_jobs(provider: &T::AccountId) -> Vec<JobView<T::AccountId, BlockNumberFor<T>>> {
		let mut taken = Vec::new();
		let mut offers = Vec::new();
		for key in JobsOfWorker::<T>::iter_key_prefix(provider).take(MAX_ASSIGNED_SCAN) {
			let id: JobId = key.into();
			let Some(job) = Jobs::<T>::get(id) else { continue };
			let offered = job.slots.iter().any(|s| s.worker == *provider && !accepted(&s.state));
			if !offered {
				taken.push((id, job));
				if taken.len() >= MAX_ASSIGNED_VIEWS {
					break;
				}
			} else if offers.len() < MAX_ASSIGNED_VIEWS {
				offers.push((id, job));
			}
		}
		taken
			.into_iter()
			.chain(offers)
			.take(MAX_ASSIGNED_VIEWS)
			.map(|(id, job)| Self::view_of(id, job))
			.collect()
	}

	/// The job market's counters.
	pub fn job_stats() -> JobStatsView {
		Stats::<T>::get()
	}

	/// An attested job of `consumer` whose result `worker` posted, funded (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	// Set-up for benchmarks: a failure is a broken benchmark, not a runtime path.
	#[allow(clippy::expect_used)]
	pub fn posted_for_benchmarks(consumer: &T::AccountId, worker: &T::AccountId) -> JobId {
		use agora_primitives::jobs::JobMode;
		use frame_support::traits::fungible::Mutate;
		use sp_runtime::Saturating;
		let funds: agora_primitives::Balance = 1_000_000_000_000_000_000_000;
		assert!(T::Currency::set_balance(consumer, funds) >= funds, "the consumer is funded");
		if T::Providers::compute_offer(worker).is_none() {
			T::Providers::register_compute_for_benchmarks(worker, 1_000, 1);
		}
		assert!(T::Currency::set_balance(worker, funds) >= funds, "the worker is funded");
		if Workers::<T>::get(worker).and_then(|w| w.index).is_none() {
			Self::do_opt_in(worker.clone()).expect("the worker opts in");
		}
		let p = Params::<T>::get();
		let now = Self::now();
		let deadline = now
			.saturating_add(p.accept_window)
			.saturating_add(p.run_window)
			.saturating_add(p.reveal_window);
		let id = NextJobId::<T>::get();
		let spec = JobSpec::<T> {
			module: Default::default(),
			input: Default::default(),
			fuel: 1,
			memory_pages: 1,
			mode: JobMode::Attested,
			replicas: 1,
			reward: 1_000_000_000_000,
			deadline,
			min_score: None,
			candidates: Default::default(),
			agreement: None,
		};
		Self::do_submit(consumer.clone(), spec).expect("the benchmark job is submitted");
		Self::offer_for_benchmarks(id, worker);
		Self::do_accept(worker.clone(), id).expect("the worker accepts");
		let result = Blob { root: Default::default(), size: 1 };
		Self::do_post_result(worker.clone(), id, result).expect("the worker posts");
		id
	}

	/// Offer a slot of job `id` to `worker` as a draw would (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	// Set-up for benchmarks: a failure is a broken benchmark, not a runtime path.
	#[allow(clippy::expect_used)]
	pub fn offer_for_benchmarks(id: JobId, worker: &T::AccountId) {
		use agora_primitives::jobs::SlotState;
		use sp_runtime::Saturating;
		let until = Self::now().saturating_add(Params::<T>::get().accept_window);
		Jobs::<T>::mutate(id, |maybe| {
			let job = maybe.as_mut().expect("the job exists");
			job.tried.try_push(worker.clone()).expect("room to try");
			job.slots
				.try_push(Slot {
					worker: worker.clone(),
					state: SlotState::Offered { until },
					collateral: 0,
				})
				.expect("room for a slot");
		});
		JobsOfWorker::<T>::insert(worker, BigEndianId::from(id), ());
	}
}
