//! Benchmarks of the jobs pallet (frame-benchmarking v2), each at its worst case: jobs of
//! [`MAX_REPLICAS`] workers with the most candidates, draws pushed past full agendas, the tally
//! paying and slashing every slot, and `on_initialize` with a full agenda whose every pick
//! (replicas × the most draw attempts) reads a worker, its offer and its score and finds it
//! ineligible. Worker calls are signed by the worker itself: the operator look-up an operator
//! key costs is one read, added in the calls' weights.

use super::*;
use agora_primitives::{
	jobs::{commit_hash, JobMode, JobStatus, MAX_REPLICAS},
	Balance,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::Saturating;

const SEED: u32 = 0;
/// What a worker asks per vCPU: within every benchmark job's share.
const PRICE: Balance = 1;

fn funds() -> Balance {
	1_000_000_000_000_000_000_000
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	assert!(T::Currency::set_balance(&who, funds()) >= funds(), "funded");
	who
}

/// Worker `i`, registered with a compute offer at `price`, funded and opted in.
fn worker<T: Config>(i: u32, price: Balance) -> T::AccountId {
	let w: T::AccountId = account("worker", i, SEED);
	T::Providers::register_compute_for_benchmarks(&w, 1_000, price);
	assert!(T::Currency::set_balance(&w, funds()) >= funds(), "funded");
	Pallet::<T>::do_opt_in(w.clone()).expect("the worker opts in");
	w
}

/// The largest jobs and draws the pallet allows.
fn max_params<T: Config>() {
	Params::<T>::mutate(|p| {
		p.max_replicas = MAX_REPLICAS;
		p.draw_attempts = MAX_DRAW_ATTEMPTS;
	});
}

fn replicas(mode: JobMode) -> u32 {
	match mode {
		JobMode::Replicated => MAX_REPLICAS,
		JobMode::Attested => 1,
	}
}

/// A spec; attested ones with the most candidates (none of them workers: the draw is not what
/// is measured), replicated ones name none.
fn spec<T: Config>(mode: JobMode, reward: Balance) -> JobSpec<T> {
	let candidates: alloc::vec::Vec<T::AccountId> = match mode {
		JobMode::Attested => {
			(0..T::MaxCandidates::get()).map(|i| account("candidate", i, SEED)).collect()
		},
		JobMode::Replicated => Default::default(),
	};
	// The farthest deadline allowed: at least the accept, run and reveal windows.
	let deadline =
		frame_system::Pallet::<T>::block_number().saturating_add(Params::<T>::get().max_deadline);
	JobSpec {
		module: Default::default(),
		input: Default::default(),
		fuel: 1,
		memory_pages: 1,
		mode,
		replicas: replicas(mode),
		reward,
		deadline,
		min_score: Some(sp_runtime::Perbill::zero()),
		candidates: BoundedVec::truncate_from(candidates),
		agreement: None,
	}
}

/// Fill the draw agendas from `from` on, but for the last block a draw may be pushed to.
fn fill_agendas<T: Config>(from: BlockNumberFor<T>) {
	let mut at = from;
	for b in 0..AGENDA_SEARCH.saturating_sub(1) {
		let ids = (0..T::MaxDrawsPerBlock::get()).map(|k| u64::MAX - u64::from(b * 1_000 + k));
		DrawAgenda::<T>::insert(at, BoundedVec::truncate_from(ids.collect::<alloc::vec::Vec<_>>()));
		at = at.saturating_add(1u32.into());
	}
}

/// A submitted job whose every slot is offered to its own worker.
fn offered<T: Config>(mode: JobMode) -> (JobId, T::AccountId, alloc::vec::Vec<T::AccountId>) {
	max_params::<T>();
	let consumer = funded::<T>("consumer", 0);
	let id = NextJobId::<T>::get();
	Pallet::<T>::do_submit(consumer.clone(), spec::<T>(mode, 1_000_000_000_000))
		.expect("the job is submitted");
	let workers: alloc::vec::Vec<T::AccountId> =
		(0..replicas(mode)).map(|i| worker::<T>(i, PRICE)).collect();
	for w in &workers {
		Pallet::<T>::offer_for_benchmarks(id, w);
	}
	(id, consumer, workers)
}

/// A running job: every slot accepted.
fn running<T: Config>(mode: JobMode) -> (JobId, T::AccountId, alloc::vec::Vec<T::AccountId>) {
	let (id, consumer, workers) = offered::<T>(mode);
	for w in &workers {
		Pallet::<T>::do_accept(w.clone(), id).expect("the worker accepts");
	}
	(id, consumer, workers)
}

fn salt(i: usize) -> [u8; 32] {
	[i as u8; 32]
}

fn result(i: u8) -> Blob {
	Blob { root: sp_core::H256::repeat_byte(i), size: u64::from(i) }
}

/// A replicated job whose workers all committed: the first three to `result(1)`, the others
/// to `result(2)`.
fn committed<T: Config>() -> (JobId, T::AccountId, alloc::vec::Vec<T::AccountId>) {
	let (id, consumer, workers) = running::<T>(JobMode::Replicated);
	for (i, w) in workers.iter().enumerate() {
		let r = if i < 3 { result(1) } else { result(2) };
		Pallet::<T>::do_commit(w.clone(), id, commit_hash(&r, &salt(i), w))
			.expect("the worker commits");
	}
	(id, consumer, workers)
}

fn status<T: Config>(id: JobId) -> JobStatus<BlockNumberFor<T>> {
	Jobs::<T>::get(id).expect("the job exists").status
}

fn go_to<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A replicated job of the most workers and candidates, its draw pushed past full agendas.
	#[benchmark]
	fn submit() {
		max_params::<T>();
		let consumer = funded::<T>("consumer", 0);
		let now = frame_system::Pallet::<T>::block_number();
		fill_agendas::<T>(now.saturating_add(2u32.into()));
		let s = spec::<T>(JobMode::Replicated, 1_000_000_000_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), s);
		assert!(Jobs::<T>::get(0).is_some_and(|j| j.draw_at.is_some()));
	}

	/// Every slot offered: each leaves its worker's index.
	#[benchmark]
	fn cancel() {
		let (id, consumer, _) = offered::<T>(JobMode::Replicated);
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert!(matches!(status::<T>(id), JobStatus::Finished { .. }));
	}

	#[benchmark]
	fn opt_in() {
		let w: T::AccountId = account("worker", 0, SEED);
		T::Providers::register_compute_for_benchmarks(&w, 1_000, PRICE);
		#[extrinsic_call]
		_(RawOrigin::Signed(w.clone()));
		assert!(Workers::<T>::get(&w).is_some_and(|i| i.index.is_some()));
	}

	/// Not the last in the list: the last one moves into its place.
	#[benchmark]
	fn opt_out() {
		let first = worker::<T>(0, PRICE);
		let _last = worker::<T>(1, PRICE);
		#[extrinsic_call]
		_(RawOrigin::Signed(first.clone()));
		assert!(Workers::<T>::get(&first).is_none());
	}

	/// The last slot accepts: the job starts running.
	#[benchmark]
	fn accept() {
		let (id, _, workers) = offered::<T>(JobMode::Replicated);
		let (last, others) = workers.split_last().expect("workers");
		for w in others {
			Pallet::<T>::do_accept(w.clone(), id).expect("the worker accepts");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id);
		assert!(matches!(status::<T>(id), JobStatus::Running { .. }));
	}

	/// The redraw is pushed past full agendas.
	#[benchmark]
	fn decline() {
		let (id, _, workers) = offered::<T>(JobMode::Replicated);
		let now = frame_system::Pallet::<T>::block_number();
		// The job's own draw is at now + 2: take it off so the redraw searches.
		Jobs::<T>::mutate(id, |j| {
			if let Some(j) = j {
				Pallet::<T>::unqueue(id, j);
			}
		});
		fill_agendas::<T>(now.saturating_add(2u32.into()));
		#[extrinsic_call]
		_(RawOrigin::Signed(workers[0].clone()), id);
		assert_eq!(Jobs::<T>::get(id).map(|j| j.slots.len() as u32), Some(MAX_REPLICAS - 1));
	}

	#[benchmark]
	fn skip() {
		let (id, _, workers) = offered::<T>(JobMode::Replicated);
		Jobs::<T>::mutate(id, |j| {
			if let Some(j) = j {
				Pallet::<T>::unqueue(id, j);
			}
		});
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(Params::<T>::get().accept_window);
		go_to::<T>(later);
		fill_agendas::<T>(later.saturating_add(2u32.into()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, workers[0].clone());
		assert_eq!(Jobs::<T>::get(id).map(|j| j.slots.len() as u32), Some(MAX_REPLICAS - 1));
	}

	/// The last commitment: reveals open.
	#[benchmark]
	fn commit() {
		let (id, _, workers) = running::<T>(JobMode::Replicated);
		let (last, others) = workers.split_last().expect("workers");
		for (i, w) in others.iter().enumerate() {
			Pallet::<T>::do_commit(w.clone(), id, commit_hash(&result(1), &salt(i), w))
				.expect("the worker commits");
		}
		let hash = commit_hash(&result(1), &salt(4), last);
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id, hash);
		assert!(matches!(status::<T>(id), JobStatus::Revealing { .. }));
	}

	/// The last reveal: the tally pays three workers and slashes two.
	#[benchmark]
	fn reveal() {
		let (id, _, workers) = committed::<T>();
		let (last, others) = workers.split_last().expect("workers");
		for (i, w) in others.iter().enumerate() {
			let r = if i < 3 { result(1) } else { result(2) };
			Pallet::<T>::do_reveal(w.clone(), id, r, salt(i)).expect("the worker reveals");
		}
		let i = workers.len() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id, result(2), salt(i));
		assert!(matches!(status::<T>(id), JobStatus::Finished { .. }));
	}

	#[benchmark]
	fn post_result() {
		let (id, _, workers) = running::<T>(JobMode::Attested);
		#[extrinsic_call]
		_(RawOrigin::Signed(workers[0].clone()), id, result(1));
		assert!(matches!(status::<T>(id), JobStatus::Posted { .. }));
	}

	#[benchmark]
	fn accept_result() {
		let (id, consumer, workers) = running::<T>(JobMode::Attested);
		Pallet::<T>::do_post_result(workers[0].clone(), id, result(1)).expect("posted");
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert!(matches!(status::<T>(id), JobStatus::Finished { .. }));
	}

	/// The reveal window ended with two workers silent: the tally pays three, slashes two.
	#[benchmark]
	fn advance() {
		let (id, _, workers) = committed::<T>();
		for (i, w) in workers.iter().enumerate().take(3) {
			Pallet::<T>::do_reveal(w.clone(), id, result(1), salt(i)).expect("the worker reveals");
		}
		let JobStatus::Revealing { until } = status::<T>(id) else { panic!("revealing") };
		go_to::<T>(until);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert!(matches!(status::<T>(id), JobStatus::Finished { .. }));
	}

	#[benchmark]
	fn close() {
		let (id, consumer, _) = offered::<T>(JobMode::Replicated);
		Pallet::<T>::do_cancel(consumer, id).expect("cancelled");
		let later =
			frame_system::Pallet::<T>::block_number().saturating_add(Params::<T>::get().retention);
		go_to::<T>(later);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert!(Jobs::<T>::get(id).is_none());
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = JobParams { retention: 7u32.into(), ..Params::<T>::get() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	/// A listed worker without a compute offer, not the last in the list: the last one moves
	/// into its place.
	#[benchmark]
	fn kick() {
		let dead: T::AccountId = account("dead", 0, SEED);
		WorkerAt::<T>::insert(0, &dead);
		WorkerCount::<T>::put(1);
		Workers::<T>::insert(&dead, WorkerInfo { index: Some(0), running: 0 });
		let _last = worker::<T>(1, PRICE);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), dead.clone());
		assert!(Workers::<T>::get(&dead).is_none());
	}

	/// `j` jobs of the most workers on the agenda, each asking a score of 100 % that no worker
	/// has, so every one of replicas × draw attempts picks reads a worker, its offer and its
	/// score and fails; every job goes back on the next block's agenda.
	#[benchmark]
	fn on_initialize(j: Linear<0, { T::MaxDrawsPerBlock::get() }>) {
		max_params::<T>();
		for i in 0..MAX_REPLICAS {
			worker::<T>(i, PRICE);
		}
		let consumer = funded::<T>("consumer", 0);
		let mut ids = alloc::vec::Vec::new();
		for _ in 0..j {
			let id = NextJobId::<T>::get();
			let mut s = spec::<T>(JobMode::Replicated, 1_000_000_000_000);
			s.candidates = Default::default();
			s.min_score = Some(sp_runtime::Perbill::one());
			Pallet::<T>::do_submit(consumer.clone(), s).expect("the job is submitted");
			ids.push(id);
		}
		let n = frame_system::Pallet::<T>::block_number().saturating_add(2u32.into());
		go_to::<T>(n);
		T::BenchmarkHelper::set_randomness([7; 32]);
		assert_eq!(DrawAgenda::<T>::get(n).len() as u32, j);
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		let next = n.saturating_add(1u32.into());
		for id in ids {
			assert_eq!(Jobs::<T>::get(id).and_then(|x| x.draw_at), Some(next));
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
