//! Tests of the jobs pallet, by feature.

use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Jobs`).
use crate::mock::Jobs;
use agora_primitives::{
	jobs::{commit_hash, Blob, JobMode, JobStatus, SlotState},
	Balance,
};
use frame_support::assert_ok;
use sp_core::H256;

mod accept;
mod attacks;
mod attested;
mod close;
mod counters;
mod disputes;
mod draw;
mod migrations;
mod replicated;
mod submit;
mod workers;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Jobs(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// A job spec: `replicas` workers, `reward`, a deadline far enough out.
pub fn spec(mode: JobMode, replicas: u32, reward: Balance) -> JobSpec<Test> {
	JobSpec {
		module: blob(1),
		input: blob(2),
		fuel: 1_000,
		memory_pages: 1,
		mode,
		replicas,
		reward,
		deadline: System::block_number() + 40,
		min_score: None,
		candidates: Default::default(),
		agreement: None,
	}
}

/// A blob whose root is `b` repeated.
pub fn blob(b: u8) -> Blob {
	Blob { root: H256::repeat_byte(b), size: u64::from(b) }
}

/// Every worker opts in.
pub fn opt_in_all() {
	for w in WORKERS {
		assert_ok!(Jobs::opt_in(RuntimeOrigin::signed(w)));
	}
}

/// `CONSUMER` submits `spec`; returns the job's id.
pub fn submit(spec: JobSpec<Test>) -> JobId {
	let id = NextJobId::<Test>::get();
	assert_ok!(Jobs::submit(RuntimeOrigin::signed(CONSUMER), spec));
	id
}

/// The job's record.
pub fn job(id: JobId) -> Job<Test> {
	crate::Jobs::<Test>::get(id).expect("job exists")
}

/// The job's status.
pub fn status(id: JobId) -> JobStatus<u64> {
	job(id).status
}

/// The workers drawn for the job, in slot order.
pub fn workers(id: JobId) -> Vec<u64> {
	job(id).slots.iter().map(|s| s.worker).collect()
}

/// Submit, draw (two blocks on) and have every drawn worker accept: a running job.
pub fn running(spec: JobSpec<Test>) -> JobId {
	let replicas = spec.replicas;
	let id = submit(spec);
	run_to(System::block_number() + 2);
	let drawn = workers(id);
	assert_eq!(drawn.len() as u32, replicas, "every slot drawn");
	for w in drawn {
		assert_ok!(Jobs::accept(RuntimeOrigin::signed(w), id));
	}
	assert!(matches!(status(id), JobStatus::Running { .. }));
	id
}

/// The salt of `worker`'s commitment in the tests.
pub fn salt(worker: u64) -> [u8; 32] {
	[worker as u8; 32]
}

/// `worker` commits to `result`.
pub fn commit(id: JobId, worker: u64, result: Blob) {
	assert_ok!(Jobs::commit(
		RuntimeOrigin::signed(worker),
		id,
		commit_hash(&result, &salt(worker), &worker)
	));
}

/// `worker` reveals `result`.
pub fn reveal(id: JobId, worker: u64, result: Blob) {
	assert_ok!(Jobs::reveal(RuntimeOrigin::signed(worker), id, result, salt(worker)));
}

/// The slot state of `worker` in the job.
pub fn slot_state(id: JobId, worker: u64) -> SlotState<u64> {
	job(id)
		.slots
		.iter()
		.find(|s| s.worker == worker)
		.expect("a slot of the worker")
		.state
}
