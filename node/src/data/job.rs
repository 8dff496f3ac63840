//! `agora-node job ...`: the consumer's side of compute jobs (issue 13).
//!
//! * `job submit --module M.wasm --input IN [--replicas R | --attested] --fuel N
//!   --memory-pages P --reward X [--agreement ID] [--deadline-blocks B] --suri S --url URL
//!   [--out F]` computes the module's and the input's blobs (merkle root and size), submits
//!   `jobs.submit`, follows the job (drawn, accepted, running, revealing / posted, finished),
//!   uploads module and input to each drawn worker's endpoint (from the provider registry) as soon as
//!   it accepts, then downloads the result from a worker whose result won, checks it against
//!   the winning root and writes the output (the bytes after the status byte) to `--out`. An
//!   attested result is checked the same way and then accepted (`jobs.accept_result`).
//! * `job status ID --url URL` prints the job (`agora_job`) as JSON.
//! * `job result ID --out F --suri S --url URL` downloads and checks the result of a finished
//!   (or posted) job.
//!
//! Progress goes to stderr; stdout gets machine-readable lines: `job: <id>` once the job is
//! on chain, and at the end `result: <path> <status> <root>` (status as in the result blob's
//! first byte: `ok`, `trap`, `outOfFuel`, `memoryLimit`, `invalid`, `outputLimit`). Any other
//! end than a checked result with status `ok` exits non-zero.

use super::{
	block_on,
	client::RpcClient,
	transfer::{download_valid_until, fetch_checked, on, send_chunks, Chain},
};
use crate::protocol::{
	self, JobBlobKind, JobDownloadRange, JobUploadChunk, JobUploadStatus, UploadState,
};
use agora_primitives::{
	jobs::{Blob, JobId, JobMode, JobOutcome, JobStatus, JobView, ResultStatus, SlotState},
	market::{AgreementId, ProviderView},
	merkle, AccountId, Balance, BlockNumber,
};
use agora_runtime::{Runtime, RuntimeCall};
use serde_json::json;
use sp_core::{Bytes, H256};
use std::{
	collections::HashSet,
	fs,
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

/// A job as `agora_job` answers it.
pub type Job = JobView<AccountId, BlockNumber>;

/// Consumer tools for compute jobs.
#[derive(Debug, clap::Subcommand)]
pub enum JobCmd {
	/// Post a job, upload its module and input to the drawn workers, wait for and fetch the
	/// checked result.
	Submit(SubmitCmd),
	/// Print a job as JSON.
	Status(StatusCmd),
	/// Download and check the result of a finished job.
	Result(ResultCmd),
}

/// `agora-node job submit`.
#[derive(Debug, clap::Args)]
pub struct SubmitCmd {
	/// The WebAssembly module (the job ABI: imports only `agora`, exports `memory` and `run`).
	#[arg(long, value_name = "FILE")]
	pub module: PathBuf,
	/// The input.
	#[arg(long, value_name = "FILE")]
	pub input: PathBuf,
	/// Workers that run it and commit; a strict majority's result wins (default 3; 1 with
	/// --attested).
	#[arg(long, value_name = "R")]
	pub replicas: Option<u32>,
	/// Fuel limit (about one unit per instruction).
	#[arg(long, value_name = "N")]
	pub fuel: u64,
	/// Memory limit in 64 KiB pages.
	#[arg(long, value_name = "P")]
	pub memory_pages: u32,
	/// The reward in plancks, shared by the workers whose result wins (0 under --agreement).
	#[arg(long, value_name = "PLANCKS", default_value_t = 0)]
	pub reward: Balance,
	/// One worker posts its result, the consumer accepts or disputes it.
	#[arg(long)]
	pub attested: bool,
	/// Run under this compute agreement (attested, its provider is the worker, no reward).
	#[arg(long, value_name = "ID")]
	pub agreement: Option<AgreementId>,
	/// Draw the worker only from these providers (repeat the option; attested jobs only: a
	/// replicated job's workers are drawn from every provider that opted in, so that nobody can
	/// name a majority of its own).
	#[arg(long = "candidate", value_name = "ACCOUNT", value_parser = parse_account)]
	pub candidates: Vec<AccountId>,
	/// The job's deadline, in blocks from the chain node's best block: if not every worker
	/// accepted by then it ends `unassigned`.
	#[arg(long, value_name = "B", default_value_t = 100)]
	pub deadline_blocks: BlockNumber,
	/// The consumer's secret: signs the job, the uploads and the download.
	#[command(flatten)]
	pub secret: super::secret::SecretArgs,
	/// A chain node's RPC URL (http(s):// or ws(s)://).
	#[arg(long, value_name = "URL")]
	pub url: String,
	/// Where to write the output (default: job-<ID>.out).
	#[arg(long, short, value_name = "FILE")]
	pub out: Option<PathBuf>,
	/// Give up following the job after this many seconds (it goes on on chain; fetch the
	/// result later with `job result`).
	#[arg(long, value_name = "SECS", default_value_t = 3600)]
	pub timeout: u64,
}

/// `agora-node job status`.
#[derive(Debug, clap::Args)]
pub struct StatusCmd {
	/// The job.
	pub id: JobId,
	/// A chain node's RPC URL.
	#[arg(long, value_name = "URL")]
	pub url: String,
}

/// `agora-node job result`.
#[derive(Debug, clap::Args)]
pub struct ResultCmd {
	/// The job.
	pub id: JobId,
	/// Where to write the output.
	#[arg(long, short, value_name = "FILE")]
	pub out: PathBuf,
	/// The consumer's secret.
	#[command(flatten)]
	pub secret: super::secret::SecretArgs,
	/// A chain node's RPC URL.
	#[arg(long, value_name = "URL")]
	pub url: String,
}

/// What `job submit` asks of the chain, from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
	/// Replicated or attested.
	pub mode: JobMode,
	/// Workers.
	pub replicas: u32,
	/// Reward in plancks.
	pub reward: Balance,
}

impl SubmitCmd {
	/// The job's mode, replicas and reward, with the command line's contradictions refused.
	pub fn plan(&self) -> Result<Plan, String> {
		let attested = self.attested || self.agreement.is_some();
		let replicas = self.replicas.unwrap_or(if attested { 1 } else { 3 });
		if attested && replicas != 1 {
			return Err(format!(
				"an attested job (--attested or --agreement) has exactly 1 worker, not {replicas}"
			));
		}
		if !attested && replicas < 3 {
			return Err(format!(
				"a replicated job needs at least 3 workers (with 2, one dissent leaves no \
				 majority), not {replicas}; use --attested for one worker"
			));
		}
		if !attested && !self.candidates.is_empty() {
			return Err("--candidate is for attested jobs: a replicated job's workers are drawn \
			            from every provider that opted in"
				.into());
		}
		if self.agreement.is_some() && self.reward != 0 {
			return Err("a job under --agreement pays no reward: the agreement pays".into());
		}
		if self.agreement.is_none() && self.reward == 0 {
			return Err("--reward must be more than 0 plancks (or run under --agreement)".into());
		}
		let mode = if attested { JobMode::Attested } else { JobMode::Replicated };
		Ok(Plan { mode, replicas, reward: self.reward })
	}
}

/// An account in SS58 form.
fn parse_account(s: &str) -> Result<AccountId, String> {
	use sp_core::crypto::Ss58Codec;
	AccountId::from_ss58check(s).map_err(|e| format!("not an SS58 account: {e:?}"))
}

/// The name of a status as the JSON views and the final line write it (`ok`, `outOfFuel`...).
pub fn status_name(status: ResultStatus) -> String {
	serde_json::to_value(status)
		.ok()
		.and_then(|v| v.as_str().map(str::to_string))
		.unwrap_or_else(|| format!("{status:?}"))
}

/// The blob (merkle root, size) of `bytes`.
pub fn blob_of(bytes: &[u8]) -> Option<Blob> {
	merkle::root(bytes).map(|root| Blob { root: H256(root), size: bytes.len() as u64 })
}

fn read_blob(path: &Path, what: &str) -> Result<(Vec<u8>, Blob), String> {
	let bytes =
		fs::read(path).map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))?;
	let blob = blob_of(&bytes).ok_or_else(|| format!("the {what} {} is empty", path.display()))?;
	Ok((bytes, blob))
}

impl JobCmd {
	/// Run the subcommand.
	pub fn run(&self) -> sc_cli::Result<()> {
		match self {
			JobCmd::Submit(cmd) => block_on(submit(cmd)),
			JobCmd::Status(cmd) => block_on(async {
				let node = RpcClient::new(&cmd.url)?;
				let job: serde_json::Value = node
					.call("agora_job", json!([cmd.id]))
					.await
					.map_err(on("chain node", &node))?;
				if job.is_null() {
					return Err(format!("job {} does not exist (never posted, or closed)", cmd.id));
				}
				println!("{}", serde_json::to_string_pretty(&job).map_err(|e| e.to_string())?);
				Ok(())
			}),
			JobCmd::Result(cmd) => block_on(async {
				let chain =
					Chain::connect(&cmd.secret.resolve()?, RpcClient::new(&cmd.url)?).await?;
				let job = job(&chain, cmd.id).await?;
				let (root, workers) = result_source(&job).ok_or_else(|| {
					format!("job {} has no result to fetch ({:?})", cmd.id, job.status)
				})?;
				fetch_result(&chain, &job, &root, &workers, &cmd.out).await
			}),
		}
	}
}

async fn job(chain: &Chain, id: JobId) -> Result<Job, String> {
	let job: Option<Job> = chain.call("agora_job", json!([id])).await?;
	let job = job.ok_or_else(|| format!("job {id} does not exist (never posted, or closed)"))?;
	if job.consumer != chain.me {
		return Err(format!(
			"job {id} belongs to {}, not to {} (the account of --suri)",
			job.consumer, chain.me
		));
	}
	Ok(job)
}

/// Every job of the consumer on chain (all pages of `agora_jobsOf`).
async fn jobs_of(chain: &Chain) -> Result<Vec<Job>, String> {
	const PAGE: u32 = 100;
	let mut all = Vec::new();
	for page in 0.. {
		let jobs: Vec<Job> =
			chain.call("agora_jobsOf", json!([chain.me.to_string(), page, PAGE])).await?;
		let last = jobs.is_empty() || (jobs.len() as u32) < PAGE;
		all.extend(jobs);
		if last {
			break;
		}
	}
	Ok(all)
}

/// The result to fetch and the workers that have it: the winning result of a completed job,
/// or the posted result of an attested job under review.
pub fn result_source(job: &Job) -> Option<(Blob, Vec<AccountId>)> {
	let root = match job.status {
		JobStatus::Finished { outcome: JobOutcome::Completed { result }, .. } => Some(result),
		JobStatus::Posted { .. } | JobStatus::Disputed { .. } => {
			job.slots.iter().find_map(|s| match s.state {
				SlotState::Revealed { result } => Some(result),
				_ => None,
			})
		},
		_ => None,
	}?;
	let workers = job
		.slots
		.iter()
		.filter(|s| s.state == SlotState::Revealed { result: root })
		.map(|s| s.worker.clone())
		.collect();
	Some((root, workers))
}

/// The data RPC URL a provider registered.
async fn endpoint(chain: &Chain, worker: &AccountId) -> Result<String, String> {
	let view: Option<ProviderView<AccountId, BlockNumber>> =
		chain.call("agora_provider", json!([worker.to_string()])).await?;
	let view = view.ok_or_else(|| format!("worker {worker} is not a registered provider"))?;
	String::from_utf8(view.endpoint)
		.ok()
		.filter(|url| !url.is_empty())
		.ok_or_else(|| format!("worker {worker} registered no usable endpoint"))
}

async fn submit(cmd: &SubmitCmd) -> Result<(), String> {
	let plan = cmd.plan()?;
	let (module, module_blob) = read_blob(&cmd.module, "module")?;
	let (input, input_blob) = read_blob(&cmd.input, "input")?;
	let chain = Chain::connect(&cmd.secret.resolve()?, RpcClient::new(&cmd.url)?).await?;
	eprintln!(
		"module {:?} ({} bytes), input {:?} ({} bytes)",
		module_blob.root, module_blob.size, input_blob.root, input_blob.size
	);
	let known: HashSet<JobId> = jobs_of(&chain).await?.into_iter().map(|j| j.id).collect();
	let best = chain.best_number().await?;
	let deadline = BlockNumber::try_from(best)
		.map_err(|_| "the best block number is too large")?
		.saturating_add(cmd.deadline_blocks);
	let spec = pallet_jobs::JobSpec::<Runtime> {
		module: module_blob,
		input: input_blob,
		fuel: cmd.fuel,
		memory_pages: cmd.memory_pages,
		mode: plan.mode,
		replicas: plan.replicas,
		reward: plan.reward,
		deadline,
		min_score: None,
		candidates: cmd
			.candidates
			.clone()
			.try_into()
			.map_err(|_| "too many --candidate providers for the chain")?,
		agreement: cmd.agreement,
	};
	let tx = chain.submit(RuntimeCall::Jobs(pallet_jobs::Call::submit { spec })).await?;
	eprintln!("submitted jobs.submit in {tx:?} (deadline block {deadline}); waiting for the job");
	let id = match included(&chain, tx, best, Duration::from_secs(180)).await? {
		Some(events) => {
			submitted_job(&events)?.ok_or("jobs.submit succeeded without a Submitted event")?
		},
		// The block was not seen (e.g. the node reorganised past it): look for the job.
		None => jobs_of(&chain)
			.await?
			.into_iter()
			.find(|j| !known.contains(&j.id) && j.module == module_blob && j.input == input_blob)
			.map(|j| j.id)
			.ok_or_else(|| {
				format!(
					"the job transaction {tx:?} was not seen in a block within 180 s; check \
					 `agora_jobsOf` before submitting again"
				)
			})?,
	};
	println!("job: {id}");
	let out = cmd.out.clone().unwrap_or_else(|| PathBuf::from(format!("job-{id}.out")));
	follow(&chain, id, &module, &input, &out, Duration::from_secs(cmd.timeout)).await
}

/// The events of one extrinsic.
type Events = Vec<frame_system::EventRecord<agora_runtime::RuntimeEvent, H256>>;

/// Wait until the extrinsic `tx` is in a block after `from`, and return its events (`None` if
/// it was not seen within `timeout`).
async fn included(
	chain: &Chain,
	tx: H256,
	from: u64,
	timeout: Duration,
) -> Result<Option<Events>, String> {
	use codec::Decode;
	let started = Instant::now();
	let mut next = from;
	// System.Events: twox128("System") ++ twox128("Events").
	let key =
		[sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"Events")].concat();
	while started.elapsed() < timeout {
		let best = chain.best_number().await?;
		while next <= best {
			let hash: H256 = chain.call("chain_getBlockHash", json!([next])).await?;
			let block: serde_json::Value = chain.call("chain_getBlock", json!([hash])).await?;
			let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			let index = extrinsics.iter().position(|xt| {
				xt.as_str()
					.and_then(decode_hex)
					.is_some_and(|bytes| H256(sp_crypto_hashing::blake2_256(&bytes)) == tx)
			});
			if let Some(index) = index {
				let raw: Option<Bytes> = chain
					.call("state_getStorage", json!([crate::protocol::hex(&key), hash]))
					.await?;
				let raw = raw.ok_or("the block has no events")?;
				let all = Events::decode(&mut &raw.0[..])
					.map_err(|e| format!("cannot decode the block's events: {e}"))?;
				let phase = frame_system::Phase::ApplyExtrinsic(index as u32);
				eprintln!("included in block {next} ({hash:?})");
				return Ok(Some(all.into_iter().filter(|e| e.phase == phase).collect()));
			}
			next += 1;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	Ok(None)
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
	let hex = hex.strip_prefix("0x")?;
	(0..hex.len())
		.step_by(2)
		.map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
		.collect()
}

/// The job an included `jobs.submit` created, or why it failed (the pallet's error by name).
pub fn submitted_job(events: &Events) -> Result<Option<JobId>, String> {
	use agora_runtime::RuntimeEvent;
	use codec::Decode;
	for record in events {
		match &record.event {
			RuntimeEvent::Jobs(pallet_jobs::Event::Submitted { job, .. }) => return Ok(Some(*job)),
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => {
				let reason = match dispatch_error {
					sp_runtime::DispatchError::Module(e) if e.index == 17 => {
						pallet_jobs::Error::<Runtime>::decode(&mut &e.error[..])
							.map(|e| format!("jobs.{e:?}"))
							.unwrap_or_else(|_| format!("{dispatch_error:?}"))
					},
					other => format!("{other:?}"),
				};
				return Err(format!("the chain refused the job: {reason}"));
			},
			_ => {},
		}
	}
	Ok(None)
}

/// Follow job `id` to its end: upload to each worker once it is drawn, print what happens,
/// fetch and check the result.
async fn follow(
	chain: &Chain,
	id: JobId,
	module: &[u8],
	input: &[u8],
	out: &Path,
	timeout: Duration,
) -> Result<(), String> {
	let started = Instant::now();
	let mut seen: HashSet<String> = HashSet::new();
	let mut uploaded: HashSet<AccountId> = HashSet::new();
	let mut accepting = false;
	loop {
		let job = job(chain, id).await?;
		for slot in &job.slots {
			let what = match slot.state {
				SlotState::Offered { until } => {
					format!("drawn: {} (offer until block {until})", slot.worker)
				},
				SlotState::Accepted => format!("accepted: {}", slot.worker),
				SlotState::Committed { .. } => format!("committed: {}", slot.worker),
				SlotState::Revealed { result } => {
					format!(
						"revealed: {} result {:?} ({} bytes)",
						slot.worker, result.root, result.size
					)
				},
			};
			if seen.insert(what.clone()) {
				eprintln!("{what}");
			}
			// As soon as a worker is drawn: it accepts only once it holds both, checked.
			if !uploaded.contains(&slot.worker) {
				match upload(chain, &job, &slot.worker, module, input).await {
					Ok(()) => {
						eprintln!("uploaded: module and input are verified on {}", slot.worker);
						uploaded.insert(slot.worker.clone());
					},
					Err(e) => eprintln!("upload to {} failed (trying again): {e}", slot.worker),
				}
			}
		}
		let status = match job.status {
			JobStatus::Assigning => {
				format!("assigning ({} of {} workers drawn)", job.slots.len(), job.replicas)
			},
			JobStatus::Running { until } => format!("running (results due by block {until})"),
			JobStatus::Revealing { until } => format!("revealing (until block {until})"),
			JobStatus::Posted { until } => format!("posted (review until block {until})"),
			JobStatus::Disputed { dispute } => format!("disputed (dispute {dispute})"),
			JobStatus::Finished { outcome, at } => format!("finished at block {at}: {outcome:?}"),
		};
		if seen.insert(status.clone()) {
			eprintln!("status: {status}");
		}
		match job.status {
			JobStatus::Finished { outcome: JobOutcome::Completed { .. }, .. } => {
				let (root, workers) =
					result_source(&job).ok_or("the winning result has no worker")?;
				return fetch_result(chain, &job, &root, &workers, out).await;
			},
			JobStatus::Finished { outcome, .. } => {
				return Err(format!("job {id} ended without a checked result: {outcome:?}"));
			},
			JobStatus::Posted { .. } if !accepting => {
				// Attested: check the posted result by fetching it, then accept it.
				let (root, workers) =
					result_source(&job).ok_or("the posted result has no worker")?;
				fetch_result(chain, &job, &root, &workers, out).await?;
				let tx = chain
					.submit(RuntimeCall::Jobs(pallet_jobs::Call::accept_result { job: id }))
					.await?;
				eprintln!("the posted result checks out; accepted it in {tx:?}");
				accepting = true;
			},
			_ => {},
		}
		if started.elapsed() > timeout {
			return Err(format!(
				"job {id} is still {status} after {} s; fetch the result later with `agora-node \
				 job result {id}`",
				timeout.as_secs()
			));
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// Upload module and input to `worker` (resuming where it stands), until both are verified.
async fn upload(
	chain: &Chain,
	job: &Job,
	worker: &AccountId,
	module: &[u8],
	input: &[u8],
) -> Result<(), String> {
	let client = RpcClient::new(&endpoint(chain, worker).await?)?;
	let status: JobUploadStatus = client
		.call("agora_jobUploadStatus", json!([job.id]))
		.await
		.map_err(on("worker", &client))?;
	for (kind, bytes) in [(JobBlobKind::Module, module), (JobBlobKind::Input, input)] {
		let blob = status.blob(kind);
		let from = match blob.state {
			UploadState::Stored | UploadState::Verifying => continue,
			UploadState::Rejected => 0,
			UploadState::Receiving => blob.received,
		};
		let read = |offset: u64, len: usize| {
			bytes
				.get(offset as usize..offset as usize + len)
				.map(<[u8]>::to_vec)
				.ok_or_else(|| format!("the {} has no bytes at {offset}", kind.name()))
		};
		let put = async |offset: u64, data: Vec<u8>| {
			let payload = protocol::job_upload_payload(&chain.genesis, job.id, kind, offset, &data);
			let chunk = JobUploadChunk {
				job: job.id,
				blob: kind,
				offset,
				data: Bytes(data),
				signature: chain.sign(&payload),
			};
			let answer: JobUploadStatus = client
				.call("agora_jobUpload", json!([chunk]))
				.await
				.map_err(on("worker", &client))?;
			Ok((answer.blob(kind).received, answer))
		};
		let label = format!("{} → {}", kind.name(), short(worker));
		let answer = send_chunks(&label, from, bytes.len() as u64, read, put).await?;
		let state = answer.blob(kind);
		if state.state == UploadState::Rejected {
			return Err(format!(
				"the worker rejected the {}: {}",
				kind.name(),
				state.reason.clone().unwrap_or_default()
			));
		}
	}
	let status: JobUploadStatus = client
		.call("agora_jobUploadStatus", json!([job.id]))
		.await
		.map_err(on("worker", &client))?;
	if status.module.state == UploadState::Stored && status.input.state == UploadState::Stored {
		Ok(())
	} else {
		Err(format!(
			"the worker holds module {:?} and input {:?}",
			status.module.state, status.input.state
		))
	}
}

fn short(account: &AccountId) -> String {
	let s = account.to_string();
	s.chars().take(8).collect()
}

/// Download the result blob `root` from the first of `workers` that serves it, check it, and
/// write the output to `out` (through `out.partial`). Prints `result: <out> <status> <root>`;
/// a status other than `ok` is an error after that line.
async fn fetch_result(
	chain: &Chain,
	job: &Job,
	root: &Blob,
	workers: &[AccountId],
	out: &Path,
) -> Result<(), String> {
	let mut errors = Vec::new();
	for worker in workers {
		match fetch_from(chain, job, root, worker).await {
			Ok(blob) => return write_output(&blob, root, out),
			Err(e) => {
				eprintln!("cannot fetch the result from {worker}: {e}");
				errors.push(format!("{worker}: {e}"));
			},
		}
	}
	Err(format!("no worker served the result {:?}: {}", root.root, errors.join("; ")))
}

async fn fetch_from(
	chain: &Chain,
	job: &Job,
	root: &Blob,
	worker: &AccountId,
) -> Result<Vec<u8>, String> {
	let client = RpcClient::new(&endpoint(chain, worker).await?)?;
	let mut blob = Vec::with_capacity(root.size.min(protocol::MAX_CHUNK) as usize);
	let get = async |offset: u64, length: u64| {
		let valid_until = download_valid_until(&client).await?;
		let payload =
			protocol::job_download_payload(&chain.genesis, job.id, offset, length, valid_until);
		let range = JobDownloadRange {
			job: job.id,
			offset,
			length,
			valid_until,
			signature: chain.sign(&payload),
		};
		let Bytes(bytes) = client
			.call("agora_jobDownload", json!([range]))
			.await
			.map_err(on("worker", &client))?;
		Ok(bytes)
	};
	let put = |_: u64, bytes: Vec<u8>| {
		blob.extend_from_slice(&bytes);
		Ok(())
	};
	fetch_checked("result", root.size, &root.root, "result's root", get, put).await?;
	Ok(blob)
}

/// Write the output of a checked result blob to `out` and print the final line.
pub fn write_output(blob: &[u8], root: &Blob, out: &Path) -> Result<(), String> {
	let (&first, output) = blob.split_first().ok_or("the result is empty")?;
	let status =
		ResultStatus::from_byte(first).ok_or_else(|| format!("unknown result status {first}"))?;
	let partial = PathBuf::from(format!("{}.partial", out.display()));
	fs::write(&partial, output)
		.and_then(|()| fs::rename(&partial, out))
		.map_err(|e| format!("cannot write {}: {e}", out.display()))?;
	eprintln!("{} bytes of output written to {}", output.len(), out.display());
	println!("result: {} {} {:?}", out.display(), status_name(status), root.root);
	if status == ResultStatus::Ok {
		Ok(())
	} else {
		Err(format!("the job's module ended with status {}", status_name(status)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	#[derive(Debug, clap::Parser)]
	struct Cli {
		#[command(subcommand)]
		job: JobCmd,
	}

	fn parse(args: &str) -> Result<JobCmd, clap::Error> {
		Cli::try_parse_from(std::iter::once("job").chain(args.split_whitespace())).map(|c| c.job)
	}

	fn submit(args: &str) -> SubmitCmd {
		match parse(&format!(
			"submit --suri //Ferdie --url http://x:9944 --fuel 1000 --memory-pages 16 {args}"
		)) {
			Ok(JobCmd::Submit(cmd)) => cmd,
			other => panic!("{other:?}"),
		}
	}

	#[test]
	fn submit_arguments_parse_and_contradictions_are_refused() {
		let cmd = submit("--module m.wasm --input in.txt --reward 1000 --out o.bin");
		assert_eq!((cmd.fuel, cmd.memory_pages, cmd.deadline_blocks), (1000, 16, 100));
		assert_eq!(cmd.out, Some(PathBuf::from("o.bin")));
		assert_eq!(cmd.plan(), Ok(Plan { mode: JobMode::Replicated, replicas: 3, reward: 1000 }));
		let cmd = submit("--module m --input i --reward 5 --replicas 5 --deadline-blocks 40");
		assert_eq!(cmd.plan().unwrap().replicas, 5);
		assert_eq!(cmd.deadline_blocks, 40);
		let cmd = submit("--module m --input i --reward 5 --attested");
		assert_eq!(cmd.plan(), Ok(Plan { mode: JobMode::Attested, replicas: 1, reward: 5 }));
		let cmd = submit("--module m --input i --agreement 7");
		assert_eq!(cmd.plan(), Ok(Plan { mode: JobMode::Attested, replicas: 1, reward: 0 }));
		let eve = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
		let cmd = submit(&format!("--module m --input i --reward 5 --attested --candidate {eve}"));
		assert_eq!(cmd.candidates, vec![sp_keyring::Sr25519Keyring::Eve.to_account_id()]);
		assert!(cmd.plan().is_ok());
		assert!(parse(
			"submit --module m --input i --reward 5 --candidate nobody --fuel 1 \
		               --memory-pages 1 --suri //F --url http://x"
		)
		.is_err());
		let replicated_with_candidates =
			format!("--module m --input i --reward 5 --candidate {eve}");
		// Refused: attested with replicas, replicated with 1 or 2, no reward, reward under an
		// agreement, candidates for a replicated job.
		for bad in [
			"--module m --input i --reward 5 --attested --replicas 3",
			"--module m --input i --reward 5 --replicas 1",
			"--module m --input i --reward 5 --replicas 2",
			replicated_with_candidates.as_str(),
			"--module m --input i",
			"--module m --input i --agreement 7 --reward 5",
		] {
			assert!(submit(bad).plan().is_err(), "{bad}");
		}
		// Required arguments.
		assert!(
			parse("submit --suri //F --url http://x --fuel 1 --memory-pages 1 --input i").is_err()
		);
		// The secret may come from --suri-file, AGORA_SURI or a prompt instead of --suri
		// (data::secret), but not from two options at once.
		let Ok(JobCmd::Submit(cmd)) =
			parse("submit --module m --input i --url http://x --fuel 1 --memory-pages 1")
		else {
			panic!("a submit without --suri parses")
		};
		assert_eq!((cmd.secret.suri, cmd.secret.suri_file), (None, None));
		assert!(parse(
			"submit --module m --input i --url http://x --fuel 1 --memory-pages 1 --suri //F \
			 --suri-file f"
		)
		.is_err());
		assert!(matches!(
			parse("status 12 --url http://x"),
			Ok(JobCmd::Status(StatusCmd { id: 12, .. }))
		));
		let Ok(JobCmd::Result(cmd)) = parse("result 3 --out f --suri //F --url http://x") else {
			panic!()
		};
		assert_eq!((cmd.id, cmd.out), (3, PathBuf::from("f")));
		assert!(parse("result 3 --suri //F --url http://x").is_err(), "--out is required");
	}

	#[test]
	fn submission_events_give_the_job_or_the_pallet_error_by_name() {
		use agora_runtime::RuntimeEvent;
		use codec::Encode;
		let record = |event| frame_system::EventRecord {
			phase: frame_system::Phase::ApplyExtrinsic(1),
			event,
			topics: vec![],
		};
		let ok = vec![record(RuntimeEvent::Jobs(pallet_jobs::Event::Submitted {
			job: 9,
			consumer: sp_keyring::Sr25519Keyring::Ferdie.to_account_id(),
			reward: 5,
			replicas: 2,
			deadline: 100,
		}))];
		assert_eq!(submitted_job(&ok), Ok(Some(9)));
		let error = pallet_jobs::Error::<Runtime>::DeadlineTooSoon.encode();
		let mut module_error = sp_runtime::ModuleError { index: 17, error: [0; 4], message: None };
		module_error.error[..error.len()].copy_from_slice(&error);
		let failed = vec![record(RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: sp_runtime::DispatchError::Module(module_error),
			dispatch_info: Default::default(),
		}))];
		let err = submitted_job(&failed).unwrap_err();
		assert!(err.ends_with("jobs.DeadlineTooSoon"), "{err}");
		assert_eq!(submitted_job(&vec![]), Ok(None));
	}

	#[test]
	fn the_output_is_the_bytes_after_the_status_and_the_last_line_says_so() {
		let dir = std::env::temp_dir().join(format!("agora-job-out-{}", std::process::id()));
		fs::create_dir_all(&dir).unwrap();
		let out = dir.join("o");
		let blob = agora_primitives::jobs::result_blob(ResultStatus::Ok, b"42\n");
		write_output(&blob, &blob_of(&blob).unwrap(), &out).unwrap();
		assert_eq!(fs::read(&out).unwrap(), b"42\n");
		let trap = agora_primitives::jobs::result_blob(ResultStatus::Trap, b"");
		let err = write_output(&trap, &blob_of(&trap).unwrap(), &out).unwrap_err();
		assert!(err.contains("trap"), "{err}");
		assert_eq!(fs::read(&out).unwrap(), b"", "a failed run's output is empty");
		assert_eq!(status_name(ResultStatus::OutOfFuel), "outOfFuel");
		fs::remove_dir_all(dir).unwrap();
	}
}
