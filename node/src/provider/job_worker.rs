//! The job worker (issue 13): what a provider node does about the compute jobs it is drawn for.
//!
//! The responder ([`super::responder`]) calls [`JobWorker::plan`] on every new best block with
//! the providers this node acts for (each `agpr` key's own account and the provider it
//! operates), signs what it returns with the same keys and nonces as its other transactions,
//! and reports each submission back ([`JobWorker::submitted`]). For each job a provider holds a
//! slot of (`JobsApi::assigned_jobs`):
//!
//! * **accept** an offered slot while fewer of the provider's jobs run than its declared vCPUs
//!   (`MarketApi::provider`), and only while the offer stands one more block;
//! * **run** it once the job is `Running`, this slot accepted and both blobs are complete: on a
//!   blocking thread ([`Spawner`]), at most vCPUs runs of a provider at once, with the job's
//!   fuel and memory limits. The run first checks module and input against the job's declared
//!   merkle roots and sizes ([`JobStore::load_verified`]), then writes the result blob and
//!   `state.json` with the result's root and size and a fresh random salt, synced to disk
//!   ([`JobStore::save_result`]);
//! * **commit** (replicated) or **post** (attested) the result, only ever from what
//!   `state.json` holds, so the salt is on disk before the commitment leaves the node;
//! * **reveal** when the job is `Revealing`, with the salt from `state.json` (so also after a
//!   restart), after checking it opens this slot's commitment;
//! * **advance** a job whose deadline it can see has passed (`Assigning` at its deadline,
//!   `Running`, `Revealing` or `Posted` at their `until`), one provider per job.
//!
//! Nothing is submitted twice while the first is in flight: a submission counts as pending
//! while it is in the pool or younger than [`RESUBMIT_AFTER`] blocks (the responder's rule).
//! Every failure is logged and retried on a later block; nothing here panics.

use super::{
	job_store::{JobStore, RunRecord},
	LOG_TARGET,
};
use crate::protocol::JobBlobKind;
use agora_primitives::{
	jobs::{commit_hash, Blob, JobId, JobMode, JobStatus, JobView, ResultStatus, SlotState},
	merkle, AccountId, BlockNumber,
};
use sp_core::H256;
use std::{
	collections::{HashMap, HashSet},
	sync::{Arc, Mutex},
};

pub use super::responder::RESUBMIT_AFTER;

/// A job as the runtime API shows it.
pub type Job = JobView<AccountId, BlockNumber>;

/// Blocks a failed run waits before it is tried again.
pub const RETRY_RUN_AFTER: BlockNumber = 3;

/// What the worker asks the chain to do about a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
	/// `jobs.accept(job)`.
	Accept,
	/// `jobs.commit(job, hash)`.
	Commit(H256),
	/// `jobs.reveal(job, result, salt)`.
	Reveal {
		/// The result blob.
		result: Blob,
		/// The salt of the commitment.
		salt: [u8; 32],
	},
	/// `jobs.post_result(job, result)`.
	PostResult(Blob),
	/// `jobs.advance(job)`.
	Advance,
}

impl Action {
	/// The call's name, for logs.
	pub fn name(&self) -> &'static str {
		self.kind()
	}

	fn kind(&self) -> &'static str {
		match self {
			Self::Accept => "accept",
			Self::Commit(_) => "commit",
			Self::Reveal { .. } => "reveal",
			Self::PostResult(_) => "post_result",
			Self::Advance => "advance",
		}
	}
}

/// A transaction the worker wants signed for `provider` (by its key or its operator's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
	/// The job.
	pub job: JobId,
	/// The provider it acts for.
	pub provider: AccountId,
	/// What to do.
	pub action: Action,
}

/// What the worker reads from the chain (the runtime APIs at the best block).
pub trait JobChain {
	/// `JobsApi::assigned_jobs(provider)`.
	fn assigned_jobs(&self, provider: &AccountId) -> Result<Vec<Job>, String>;
	/// The provider's declared vCPUs (`MarketApi::provider`), 0 if it is not registered.
	fn vcpus(&self, provider: &AccountId) -> Result<u32, String>;
	/// Whether the job still exists on chain (`JobsApi::job`); closed jobs are deleted here.
	fn job_exists(&self, job: JobId) -> Result<bool, String>;
}

/// What a run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutput {
	/// How it ended.
	pub status: ResultStatus,
	/// The result blob (status byte, then the output).
	pub blob: Vec<u8>,
	/// Fuel used.
	pub fuel_used: u64,
}

/// Runs a job module (`agora-job-runner` in the node).
pub trait Runner: Send + Sync + 'static {
	/// Run `module` on `input` with the job's limits. An error is a failure of this machine
	/// (never the module's fault, which is a status): the run is retried later.
	fn run(
		&self,
		module: &[u8],
		input: &[u8],
		fuel: u64,
		memory_pages: u32,
	) -> Result<RunOutput, String>;
}

/// The node's runner: `agora-job-runner` on one engine for every run, with its wall-clock
/// guard for the job's fuel ([`agora_job_runner::default_deadline`]).
pub struct WasmRunner(agora_job_runner::Runner);

impl WasmRunner {
	/// A runner with a fresh engine.
	pub fn new() -> Result<Self, String> {
		agora_job_runner::Runner::new().map(Self).map_err(|e| e.to_string())
	}
}

impl Runner for WasmRunner {
	fn run(
		&self,
		module: &[u8],
		input: &[u8],
		fuel: u64,
		memory_pages: u32,
	) -> Result<RunOutput, String> {
		let limits = agora_job_runner::Limits { fuel, memory_pages };
		let deadline = agora_job_runner::default_deadline(fuel);
		let outcome = self.0.run(module, input, &limits, deadline).map_err(|e| e.to_string())?;
		Ok(RunOutput { status: outcome.status, blob: outcome.blob(), fuel_used: outcome.fuel_used })
	}
}

/// Where runs execute: a blocking thread in the node ([`BlockingSpawner`]), inline in tests.
pub trait Spawner: Send + Sync {
	/// Run `task` off the async executor.
	fn spawn(&self, task: Box<dyn FnOnce() + Send>);
}

/// Runs tasks with `tokio::task::spawn_blocking` on the current runtime.
pub struct BlockingSpawner;

impl Spawner for BlockingSpawner {
	fn spawn(&self, task: Box<dyn FnOnce() + Send>) {
		drop(tokio::task::spawn_blocking(task));
	}
}

/// A submission made.
struct Sent {
	hash: H256,
	at: BlockNumber,
}

/// Counters of the runs this node made (logged; the metrics' source).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
	/// Runs that produced a result.
	pub runs: u64,
	/// Runs that failed (this machine's fault, or a blob that did not match).
	pub failed: u64,
	/// Fuel used by the runs that produced a result.
	pub fuel_used: u64,
}

#[derive(Default)]
struct Runs {
	/// Jobs being run, with the provider whose vCPU they take.
	running: HashMap<JobId, AccountId>,
	/// Jobs whose last run failed, with the block it was started at.
	failed: HashMap<JobId, BlockNumber>,
	stats: RunStats,
}

/// The job worker's state across blocks.
pub struct JobWorker {
	store: Arc<JobStore>,
	runner: Arc<dyn Runner>,
	spawner: Box<dyn Spawner>,
	sent: HashMap<(JobId, AccountId, &'static str), Sent>,
	runs: Arc<Mutex<Runs>>,
	/// Problems already logged at `error`, so a stuck job does not flood the log.
	reported: HashSet<(JobId, &'static str)>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
	mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A random 32-byte salt from the operating system's generator.
fn random_salt() -> [u8; 32] {
	use sp_core::Pair as _;
	sp_core::sr25519::Pair::generate().1
}

/// Whether a deadline the worker can see has passed at best block `number`, so that
/// `advance(job)` included in a later block finds something due.
pub fn advance_due(job: &Job, number: BlockNumber) -> bool {
	match job.status {
		JobStatus::Assigning => number >= job.deadline,
		JobStatus::Running { until }
		| JobStatus::Revealing { until }
		| JobStatus::Posted { until } => number >= until,
		JobStatus::Disputed { .. } | JobStatus::Finished { .. } => false,
	}
}

/// Whether a result transaction (commit, post, reveal) planned at best block `number` can
/// still land inside the job's window: included at `number + 1` at the earliest, it must be
/// before `until`.
fn window_open(job: &Job, number: BlockNumber) -> bool {
	match job.status {
		JobStatus::Running { until } | JobStatus::Revealing { until } => {
			number.saturating_add(1) < until
		},
		_ => false,
	}
}

impl JobWorker {
	/// A worker over the jobs in `store`, running modules with `runner` on `spawner`.
	pub fn new(store: Arc<JobStore>, runner: Arc<dyn Runner>, spawner: Box<dyn Spawner>) -> Self {
		Self {
			store,
			runner,
			spawner,
			sent: HashMap::new(),
			runs: Arc::new(Mutex::new(Runs::default())),
			reported: HashSet::new(),
		}
	}

	/// The run counters so far.
	pub fn stats(&self) -> RunStats {
		lock(&self.runs).stats
	}

	/// How many runs are going now.
	pub fn running(&self) -> usize {
		lock(&self.runs).running.len()
	}

	/// Record that `submission` went into the pool as `hash` at best block `number`.
	pub fn submitted(&mut self, submission: &Submission, hash: H256, number: BlockNumber) {
		self.sent.insert(
			(submission.job, submission.provider.clone(), submission.action.kind()),
			Sent { hash, at: number },
		);
	}

	fn in_flight(
		&self,
		job: JobId,
		provider: &AccountId,
		kind: &'static str,
		number: BlockNumber,
		in_pool: &dyn Fn(&H256) -> bool,
	) -> bool {
		self.sent.get(&(job, provider.clone(), kind)).is_some_and(|sent| {
			in_pool(&sent.hash) || number < sent.at.saturating_add(RESUBMIT_AFTER)
		})
	}

	fn report(&mut self, job: JobId, what: &'static str, message: String) {
		if self.reported.insert((job, what)) {
			log::error!(target: LOG_TARGET, "❌ job {job}: {message}");
		} else {
			log::debug!(target: LOG_TARGET, "job {job}: {message}");
		}
	}

	/// What is due at best block `number` for the jobs of `providers`; starts the runs that
	/// are due. `in_pool` tells whether a transaction is still in the pool.
	pub fn plan(
		&mut self,
		chain: &dyn JobChain,
		number: BlockNumber,
		providers: &[AccountId],
		in_pool: &dyn Fn(&H256) -> bool,
	) -> Vec<Submission> {
		let mut out = Vec::new();
		let mut listed = HashSet::new();
		let mut advancing = HashSet::new();
		for provider in providers {
			let jobs = match chain.assigned_jobs(provider) {
				Ok(jobs) => jobs,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot read the jobs of {provider}: {e}");
					continue;
				},
			};
			let vcpus = match chain.vcpus(provider) {
				Ok(vcpus) => vcpus,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot read the vCPUs of {provider}: {e}");
					continue;
				},
			};
			let mine =
				|job: &Job| job.slots.iter().find(|s| &s.worker == provider).map(|s| s.state);
			// Jobs holding one of the provider's vCPUs: accepted (or further), or an acceptance
			// in flight.
			let mut busy = jobs
				.iter()
				.filter(|job| match mine(job) {
					Some(SlotState::Offered { .. }) => {
						self.in_flight(job.id, provider, "accept", number, in_pool)
					},
					Some(_) => true,
					None => false,
				})
				.count() as u32;
			for job in &jobs {
				listed.insert(job.id);
				let Some(slot) = mine(job) else { continue };
				if advance_due(job, number) {
					if advancing.insert(job.id) {
						self.want(&mut out, job.id, provider, Action::Advance, number, in_pool);
					}
					continue;
				}
				match (slot, job.status) {
					(SlotState::Offered { until }, JobStatus::Assigning) => {
						let lands = number.saturating_add(1);
						let pending = self.in_flight(job.id, provider, "accept", number, in_pool);
						// Accepting means "I hold the module and the input, checked": a consumer
						// that never uploads cannot collect the collateral of workers that
						// accepted blind (the offer lapses instead, without blame).
						let ready = self.store.state(job.id).is_ok_and(|state| {
							state.module.verified == Some(job.module)
								&& state.input.verified == Some(job.input)
						});
						if ready
							&& lands < until && lands < job.deadline
							&& busy < vcpus && !pending
						{
							busy = busy.saturating_add(1);
							self.want(&mut out, job.id, provider, Action::Accept, number, in_pool);
						}
					},
					(SlotState::Accepted, JobStatus::Running { .. }) => {
						let open = window_open(job, number);
						match self.store.state(job.id) {
							Ok(state) => match state.result {
								Some(_) if !open => {},
								Some(run) => {
									let action = match job.mode {
										JobMode::Replicated => Action::Commit(commit_hash(
											&run.result,
											&run.salt.0,
											provider,
										)),
										JobMode::Attested => Action::PostResult(run.result),
									};
									self.want(&mut out, job.id, provider, action, number, in_pool);
								},
								None => self.maybe_run(job, provider, vcpus, number),
							},
							Err(e) => {
								self.report(job.id, "state", format!("cannot read its state: {e}"))
							},
						}
					},
					(SlotState::Committed { hash }, JobStatus::Revealing { .. })
						if window_open(job, number) =>
					{
						match self.store.state(job.id).map(|state| state.result) {
							Ok(Some(run))
								if commit_hash(&run.result, &run.salt.0, provider) == hash =>
							{
								let action =
									Action::Reveal { result: run.result, salt: run.salt.0 };
								self.want(&mut out, job.id, provider, action, number, in_pool);
							},
							Ok(Some(_)) => self.report(
								job.id,
								"reveal",
								format!(
									"the result and salt in state.json do not open {provider}'s \
									 commitment {hash:?}: it cannot be revealed"
								),
							),
							Ok(None) => self.report(
								job.id,
								"reveal",
								format!(
									"{provider} committed, but state.json holds no result and salt: \
									 it cannot be revealed"
								),
							),
							Err(e) => {
								self.report(job.id, "state", format!("cannot read its state: {e}"))
							},
						}
					},
					_ => {},
				}
			}
		}
		self.sent.retain(|(job, _, _), _| listed.contains(job));
		self.reported.retain(|(job, _)| listed.contains(job));
		out
	}

	fn want(
		&self,
		out: &mut Vec<Submission>,
		job: JobId,
		provider: &AccountId,
		action: Action,
		number: BlockNumber,
		in_pool: &dyn Fn(&H256) -> bool,
	) {
		if !self.in_flight(job, provider, action.kind(), number, in_pool) {
			out.push(Submission { job, provider: provider.clone(), action });
		}
	}

	/// Start running `job` for `provider` if it is due: both blobs complete, not running or
	/// recently failed, and fewer than `vcpus` runs of the provider going.
	fn maybe_run(&mut self, job: &Job, provider: &AccountId, vcpus: u32, number: BlockNumber) {
		for (kind, declared) in [(JobBlobKind::Module, job.module), (JobBlobKind::Input, job.input)]
		{
			match self.store.received(job.id, kind) {
				Ok(received) if received == declared.size => {},
				Ok(received) => {
					log::debug!(
						target: LOG_TARGET,
						"job {}: waiting for the {} ({received} of {} bytes)",
						job.id,
						kind.name(),
						declared.size
					);
					return;
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "job {}: cannot read the {}: {e}", job.id, kind.name());
					return;
				},
			}
		}
		{
			let mut runs = lock(&self.runs);
			if runs.running.contains_key(&job.id)
				|| runs
					.failed
					.get(&job.id)
					.is_some_and(|at| number < at.saturating_add(RETRY_RUN_AFTER))
			{
				return;
			}
			if runs.running.values().filter(|p| *p == provider).count() as u32 >= vcpus {
				return;
			}
			runs.failed.remove(&job.id);
			runs.running.insert(job.id, provider.clone());
		}
		log::info!(
			target: LOG_TARGET,
			"⚙️ job {}: running (fuel {}, {} memory pages)",
			job.id,
			job.fuel,
			job.memory_pages
		);
		let (store, runner, runs, job) =
			(self.store.clone(), self.runner.clone(), self.runs.clone(), job.clone());
		self.spawner.spawn(Box::new(move || {
			let outcome = run_job(&store, &*runner, &job);
			let mut runs = lock(&runs);
			runs.running.remove(&job.id);
			match outcome {
				Ok(record) => {
					runs.stats.runs = runs.stats.runs.saturating_add(1);
					runs.stats.fuel_used = runs.stats.fuel_used.saturating_add(record.fuel_used);
					log::info!(
						target: LOG_TARGET,
						"⚙️ job {}: ran to {:?}, result {:?} ({} bytes), {} fuel",
						job.id,
						record.status,
						record.result.root,
						record.result.size,
						record.fuel_used
					);
				},
				Err(e) => {
					runs.stats.failed = runs.stats.failed.saturating_add(1);
					runs.failed.insert(job.id, number);
					log::warn!(
						target: LOG_TARGET,
						"job {}: the run failed: {e}; trying again in {RETRY_RUN_AFTER} blocks",
						job.id
					);
				},
			}
		}));
	}

	/// Delete the files of jobs that are gone from the chain (closed).
	pub fn collect_garbage(&self, chain: &dyn JobChain) {
		let Ok(jobs) = self.store.list() else { return };
		for job in jobs {
			if lock(&self.runs).running.contains_key(&job) {
				continue;
			}
			if matches!(chain.job_exists(job), Ok(false)) {
				match self.store.remove(job) {
					Ok(()) => {
						log::info!(target: LOG_TARGET, "🗑️ deleted the files of closed job {job}")
					},
					Err(e) => {
						log::warn!(target: LOG_TARGET, "cannot delete the files of job {job}: {e}")
					},
				}
			}
		}
	}
}

/// One run: check the blobs, run, store the result with a fresh salt (durably).
fn run_job(store: &JobStore, runner: &dyn Runner, job: &Job) -> Result<RunRecord, String> {
	let module = store.load_verified(job.id, JobBlobKind::Module, &job.module)?;
	let input = store.load_verified(job.id, JobBlobKind::Input, &job.input)?;
	let output = runner.run(&module, &input, job.fuel, job.memory_pages)?;
	if output.blob.first().copied() != Some(output.status as u8) {
		return Err("the runner returned a result blob without its status byte".into());
	}
	let root = merkle::root(&output.blob).ok_or("the result blob is empty")?;
	let record = RunRecord {
		result: Blob { root: H256(root), size: output.blob.len() as u64 },
		status: output.status,
		salt: H256(random_salt()),
		fuel_used: output.fuel_used,
	};
	store
		.save_result(job.id, &output.blob, record)
		.map_err(|e| format!("cannot store the result: {e}"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::provider::store::temp_dir;
	use agora_primitives::jobs::{result_blob, SlotView};
	use sp_keyring::Sr25519Keyring;
	use std::cell::RefCell;

	/// A chain whose jobs the test sets.
	#[derive(Default)]
	struct FakeChain {
		jobs: RefCell<HashMap<AccountId, Vec<Job>>>,
		vcpus: u32,
	}

	impl JobChain for FakeChain {
		fn assigned_jobs(&self, provider: &AccountId) -> Result<Vec<Job>, String> {
			Ok(self.jobs.borrow().get(provider).cloned().unwrap_or_default())
		}
		fn vcpus(&self, _: &AccountId) -> Result<u32, String> {
			Ok(self.vcpus)
		}
		fn job_exists(&self, job: JobId) -> Result<bool, String> {
			Ok(self.jobs.borrow().values().flatten().any(|j| j.id == job))
		}
	}

	/// Echoes the input as the output; counts its runs.
	#[derive(Default)]
	struct EchoRunner {
		calls: Mutex<u32>,
		fail: Mutex<bool>,
	}

	impl Runner for EchoRunner {
		fn run(&self, _: &[u8], input: &[u8], _: u64, _: u32) -> Result<RunOutput, String> {
			*self.calls.lock().unwrap() += 1;
			if *self.fail.lock().unwrap() {
				return Err("host out of memory".into());
			}
			Ok(RunOutput {
				status: ResultStatus::Ok,
				blob: result_blob(ResultStatus::Ok, input),
				fuel_used: 42,
			})
		}
	}

	/// Runs tasks inline, or keeps them for the test to run later.
	type Tasks = Vec<Box<dyn FnOnce() + Send>>;

	#[derive(Clone, Default)]
	struct TestSpawner {
		held: Arc<Mutex<Option<Tasks>>>,
	}

	impl TestSpawner {
		fn hold(&self) {
			*self.held.lock().unwrap() = Some(Vec::new());
		}
		fn release(&self) {
			let tasks = self.held.lock().unwrap().take().unwrap_or_default();
			for task in tasks {
				task();
			}
		}
	}

	impl Spawner for TestSpawner {
		fn spawn(&self, task: Box<dyn FnOnce() + Send>) {
			let mut held = self.held.lock().unwrap();
			match held.as_mut() {
				Some(tasks) => tasks.push(task),
				None => {
					drop(held);
					task()
				},
			}
		}
	}

	const MODULE: &[u8] = b"\0asm fake module";
	const INPUT: &[u8] = b"some input";

	fn blob(bytes: &[u8]) -> Blob {
		Blob { root: H256(merkle::root(bytes).unwrap()), size: bytes.len() as u64 }
	}

	fn job(
		id: JobId,
		mode: JobMode,
		slots: Vec<(AccountId, SlotState<BlockNumber>)>,
		status: JobStatus<BlockNumber>,
	) -> Job {
		JobView {
			id,
			consumer: Sr25519Keyring::Ferdie.to_account_id(),
			module: blob(MODULE),
			input: blob(INPUT),
			fuel: 1_000,
			memory_pages: 16,
			mode,
			replicas: slots.len() as u32,
			reward: 100,
			collateral: 10,
			agreement: None,
			min_score: None,
			candidates: vec![],
			submitted_at: 1,
			deadline: 100,
			slots: slots
				.into_iter()
				.map(|(worker, state)| SlotView { worker, state, collateral: 10 })
				.collect(),
			undrawn: 0,
			status,
			deposit: 1,
		}
	}

	fn eve() -> AccountId {
		Sr25519Keyring::Eve.to_account_id()
	}

	fn worker(
		tag: &str,
	) -> (JobWorker, Arc<JobStore>, Arc<EchoRunner>, TestSpawner, std::path::PathBuf) {
		let dir = temp_dir(tag);
		let store = Arc::new(JobStore::open(&dir).unwrap());
		let runner = Arc::new(EchoRunner::default());
		let spawner = TestSpawner::default();
		let worker = JobWorker::new(store.clone(), runner.clone(), Box::new(spawner.clone()));
		(worker, store, runner, spawner, dir)
	}

	fn upload(store: &JobStore, id: JobId) {
		store.write_checked(id, JobBlobKind::Module, 0, MODULE, &blob(MODULE)).unwrap();
		store.write_checked(id, JobBlobKind::Input, 0, INPUT, &blob(INPUT)).unwrap();
	}

	fn never_in_pool(_: &H256) -> bool {
		false
	}

	/// The node's runner adapter hands back the runner's result blob with its status byte.
	#[test]
	fn the_wasm_runner_reports_invalid_modules_as_a_status() {
		let runner = WasmRunner::new().unwrap();
		let out = runner.run(b"not wasm", b"input", 1_000, 1).unwrap();
		assert_eq!(out.status, ResultStatus::Invalid);
		assert_eq!(out.blob, result_blob(ResultStatus::Invalid, b""));
	}

	#[test]
	fn accepts_offered_slots_only_within_its_vcpus() {
		let (mut worker, store, _, _, dir) = worker("worker-capacity");
		let offered = SlotState::Offered { until: 20 };
		let chain = FakeChain { vcpus: 2, ..Default::default() };
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![
				// One job already accepted takes a vCPU.
				job(
					1,
					JobMode::Replicated,
					vec![(eve(), SlotState::Accepted)],
					JobStatus::Assigning,
				),
				job(2, JobMode::Replicated, vec![(eve(), offered)], JobStatus::Assigning),
				job(3, JobMode::Replicated, vec![(eve(), offered)], JobStatus::Assigning),
				// An offer that lapses before a transaction could land is left alone, and so is
				// one of a job whose deadline comes first.
				{
					let mut job =
						job(5, JobMode::Replicated, vec![(eve(), offered)], JobStatus::Assigning);
					job.deadline = 11;
					job
				},
				job(
					4,
					JobMode::Replicated,
					vec![(eve(), SlotState::Offered { until: 11 })],
					JobStatus::Assigning,
				),
			],
		);
		// Nothing is accepted before the consumer uploaded module and input (checked).
		assert_eq!(worker.plan(&chain, 10, &[eve()], &never_in_pool), vec![]);
		for id in [2, 3, 4, 5] {
			upload(&store, id);
		}
		let plan = worker.plan(&chain, 10, &[eve()], &never_in_pool);
		assert_eq!(plan, vec![Submission { job: 2, provider: eve(), action: Action::Accept }]);
		worker.submitted(&plan[0], H256::repeat_byte(1), 10);
		// Job 5 reaches its deadline next block: advanced (and gone from the list after).
		let plan = worker.plan(&chain, 11, &[eve()], &never_in_pool);
		assert_eq!(plan, vec![Submission { job: 5, provider: eve(), action: Action::Advance }]);
		chain.jobs.borrow_mut().get_mut(&eve()).unwrap().retain(|job| job.id != 5);
		// While that acceptance is in flight, it counts against the vCPUs: still nothing for 3.
		assert_eq!(worker.plan(&chain, 11, &[eve()], &never_in_pool), vec![]);
		// With more vCPUs, job 3 is accepted; job 2 is not asked twice.
		let chain = FakeChain { vcpus: 3, jobs: chain.jobs };
		let plan = worker.plan(&chain, 11, &[eve()], &never_in_pool);
		assert_eq!(plan, vec![Submission { job: 3, provider: eve(), action: Action::Accept }]);
		std::fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn runs_persists_the_salt_then_commits_and_does_not_resubmit_while_in_flight() {
		let (mut worker, store, runner, spawner, dir) = worker("worker-commit");
		let chain = FakeChain { vcpus: 1, ..Default::default() };
		let running = JobStatus::Running { until: 50 };
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![job(7, JobMode::Replicated, vec![(eve(), SlotState::Accepted)], running)],
		);
		// No blobs yet: nothing runs, nothing is submitted.
		assert_eq!(worker.plan(&chain, 10, &[eve()], &never_in_pool), vec![]);
		assert_eq!(*runner.calls.lock().unwrap(), 0);
		upload(&store, 7);
		// The run is held on its thread: no commitment before the result and salt are stored.
		spawner.hold();
		assert_eq!(worker.plan(&chain, 11, &[eve()], &never_in_pool), vec![]);
		assert_eq!(store.state(7).unwrap().result, None);
		// Still running: not started twice.
		assert_eq!(worker.plan(&chain, 12, &[eve()], &never_in_pool), vec![]);
		spawner.release();
		assert_eq!(*runner.calls.lock().unwrap(), 1);
		let run = store.state(7).unwrap().result.expect("the result and salt are on disk");
		assert_eq!(run.result, blob(&result_blob(ResultStatus::Ok, INPUT)));
		assert_eq!(store.read_result(7, 0, run.result.size as usize).unwrap()[1..], *INPUT);
		// Now the commitment, to exactly what state.json holds.
		let plan = worker.plan(&chain, 13, &[eve()], &never_in_pool);
		let hash = commit_hash(&run.result, &run.salt.0, &eve());
		assert_eq!(
			plan,
			vec![Submission { job: 7, provider: eve(), action: Action::Commit(hash) }]
		);
		worker.submitted(&plan[0], H256::repeat_byte(2), 13);
		// In flight: in the pool, or recent. Not sent again.
		assert_eq!(worker.plan(&chain, 14, &[eve()], &never_in_pool), vec![]);
		assert_eq!(worker.plan(&chain, 30, &[eve()], &|h| *h == H256::repeat_byte(2)), vec![]);
		// Left the pool without landing, and old enough: sent once more, the same commitment.
		let again = worker.plan(&chain, 13 + RESUBMIT_AFTER, &[eve()], &never_in_pool);
		assert_eq!(again, plan);
		assert_eq!(*runner.calls.lock().unwrap(), 1, "the job ran once");
		std::fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn resumes_after_a_restart_and_reveals_with_the_same_salt() {
		let (mut worker, store, _, _, dir) = worker("worker-restart");
		let chain = FakeChain { vcpus: 1, ..Default::default() };
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![job(
				9,
				JobMode::Replicated,
				vec![(eve(), SlotState::Accepted)],
				JobStatus::Running { until: 50 },
			)],
		);
		upload(&store, 9);
		assert_eq!(worker.plan(&chain, 10, &[eve()], &never_in_pool), vec![]);
		let plan = worker.plan(&chain, 11, &[eve()], &never_in_pool);
		let Action::Commit(hash) = plan[0].action else { panic!("{plan:?}") };
		worker.submitted(&plan[0], H256::repeat_byte(3), 11);
		let salt = store.state(9).unwrap().result.unwrap().salt;

		// The node restarts: a new worker over the same directory, the commit landed and the
		// job is revealing.
		drop((worker, store));
		let (mut worker, store, runner, _, _) = {
			let store = Arc::new(JobStore::open(&dir).unwrap());
			let runner = Arc::new(EchoRunner::default());
			let worker =
				JobWorker::new(store.clone(), runner.clone(), Box::new(TestSpawner::default()));
			(worker, store, runner, (), ())
		};
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![job(
				9,
				JobMode::Replicated,
				vec![(eve(), SlotState::Committed { hash })],
				JobStatus::Revealing { until: 60 },
			)],
		);
		let plan = worker.plan(&chain, 20, &[eve()], &never_in_pool);
		let run = store.state(9).unwrap().result.unwrap();
		assert_eq!(run.salt, salt);
		assert_eq!(
			plan,
			vec![Submission {
				job: 9,
				provider: eve(),
				action: Action::Reveal { result: run.result, salt: salt.0 }
			}]
		);
		assert_eq!(*runner.calls.lock().unwrap(), 0, "not run again");
		// A commitment the stored salt does not open is not revealed (it would fail on chain).
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![job(
				9,
				JobMode::Replicated,
				vec![(eve(), SlotState::Committed { hash: H256::repeat_byte(1) })],
				JobStatus::Revealing { until: 60 },
			)],
		);
		assert_eq!(worker.plan(&chain, 21, &[eve()], &never_in_pool), vec![]);
		std::fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn attested_jobs_post_failed_runs_retry_and_deadlines_advance() {
		let (mut worker, store, runner, _, dir) = worker("worker-attested");
		let chain = FakeChain { vcpus: 4, ..Default::default() };
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		chain.jobs.borrow_mut().insert(
			eve(),
			vec![
				job(
					1,
					JobMode::Attested,
					vec![(eve(), SlotState::Accepted)],
					JobStatus::Running { until: 50 },
				),
				// Past deadlines: advanced once, even when two of our providers hold slots.
				job(
					2,
					JobMode::Replicated,
					vec![(eve(), SlotState::Accepted), (ferdie.clone(), SlotState::Accepted)],
					JobStatus::Running { until: 10 },
				),
				job(
					3,
					JobMode::Replicated,
					vec![(eve(), SlotState::Offered { until: 30 })],
					JobStatus::Assigning,
				),
				job(
					4,
					JobMode::Attested,
					vec![(eve(), SlotState::Revealed { result: blob(b"r") })],
					JobStatus::Posted { until: 9 },
				),
			],
		);
		let j2 = chain.jobs.borrow()[&eve()][1].clone();
		chain.jobs.borrow_mut().insert(ferdie.clone(), vec![j2]);
		let mut last = chain.jobs.borrow()[&eve()][2].clone();
		last.deadline = 10;
		chain.jobs.borrow_mut().get_mut(&eve()).unwrap()[2] = last;
		upload(&store, 1);
		*runner.fail.lock().unwrap() = true;
		let plan = worker.plan(&chain, 10, &[eve(), ferdie.clone()], &never_in_pool);
		let advance = |job| Submission { job, provider: eve(), action: Action::Advance };
		assert_eq!(plan, vec![advance(2), advance(3), advance(4)]);
		assert_eq!(worker.stats().failed, 1);
		assert_eq!(store.state(1).unwrap().result, None);
		// The advances landed: only job 1 is left.
		chain.jobs.borrow_mut().get_mut(&eve()).unwrap().truncate(1);
		chain.jobs.borrow_mut().remove(&ferdie);
		// Retried only after RETRY_RUN_AFTER blocks.
		*runner.fail.lock().unwrap() = false;
		worker.plan(&chain, 11, &[eve()], &never_in_pool);
		assert_eq!(*runner.calls.lock().unwrap(), 1);
		let plan = worker.plan(&chain, 10 + RETRY_RUN_AFTER, &[eve()], &never_in_pool);
		assert_eq!(*runner.calls.lock().unwrap(), 2);
		assert_eq!(worker.stats(), RunStats { runs: 1, failed: 1, fuel_used: 42 });
		// Attested: the result is posted once the run stored it.
		let run = store.state(1).unwrap().result.unwrap();
		assert_eq!(plan, vec![]);
		let plan = worker.plan(&chain, 10 + RETRY_RUN_AFTER + 1, &[eve()], &never_in_pool);
		assert_eq!(
			plan,
			vec![Submission { job: 1, provider: eve(), action: Action::PostResult(run.result) }]
		);
		// Closed jobs' files are deleted.
		chain.jobs.borrow_mut().clear();
		worker.collect_garbage(&chain);
		assert_eq!(store.list().unwrap(), Vec::<JobId>::new());
		std::fs::remove_dir_all(dir).unwrap();
	}
}
