//! The data RPC of provider mode (see [`crate::protocol`]): served only by a node started with
//! `--provider-store`, for agreements whose provider's key, or the key of the provider's
//! operator (`storageProofs.setOperator`), is in its keystore.
//!
//! [`super::start`] returns a [`DataRpcState`]; `rpc::create_full` builds [`Data`] from it and
//! the node's client (any client with the [`MarketApi`] and [`ProofsApi`] runtime APIs) and
//! merges it with the other methods.

use super::{job_store::JobStore, Provider, KEY_TYPE};
use crate::protocol::{
	self, DownloadRange, JobBlobKind, JobDownloadRange, JobUploadChunk, JobUploadStatus,
	UploadChunk, UploadState, UploadStatus, MAX_CHUNK,
};
use agora_primitives::{
	jobs::{Blob, JobId, JobStatus, JobView, SlotState},
	market::{AgreementId, AgreementStatus, AgreementView},
	proofs::CommitmentView,
	AccountId, BlockNumber, JobsApi, MarketApi, ProofsApi,
};
use agora_runtime::opaque::Block;
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{sr25519, Bytes, H256};
use sp_keystore::KeystorePtr;
use std::sync::Arc;

/// The data methods of a provider node.
#[rpc(server, namespace = "agora")]
pub trait DataRpc {
	/// How much of an agreement's data this provider holds, and whether it matched the
	/// commitment.
	#[method(name = "uploadStatus", blocking)]
	fn upload_status(&self, agreement: AgreementId) -> RpcResult<UploadStatus>;

	/// Store a chunk of an agreement's data (signed by its consumer).
	#[method(name = "upload", blocking)]
	fn upload(&self, chunk: UploadChunk) -> RpcResult<UploadStatus>;

	/// Read a range of an agreement's stored data (signed by its consumer, served only up to the
	/// request's `validUntil` block).
	#[method(name = "download", blocking)]
	fn download(&self, range: DownloadRange) -> RpcResult<Bytes>;
}

/// The job methods of a provider node (issue 13; see [`crate::protocol`]): for jobs one of its
/// providers holds a slot of.
#[rpc(server, namespace = "agora")]
pub trait JobDataRpc {
	/// How much of a job's module and input this worker holds, and whether each matched.
	#[method(name = "jobUploadStatus", blocking)]
	fn job_upload_status(&self, job: JobId) -> RpcResult<JobUploadStatus>;

	/// Store a chunk of a job's module or input (signed by the job's consumer).
	#[method(name = "jobUpload", blocking)]
	fn job_upload(&self, chunk: JobUploadChunk) -> RpcResult<JobUploadStatus>;

	/// Read a range of the job's result blob (signed by its consumer, served only up to the
	/// request's `validUntil` block, and only once this worker's result is on chain).
	#[method(name = "jobDownload", blocking)]
	fn job_download(&self, range: JobDownloadRange) -> RpcResult<Bytes>;
}

/// What the data RPC is built from, besides the client: returned by [`super::start`], carried to
/// `rpc::create_full` in `FullDeps::provider`.
#[derive(Clone)]
pub struct DataRpcState {
	/// The keystore holding the provider keys (`agpr`) whose agreements are served.
	pub keystore: KeystorePtr,
	/// The provider's store and upload state.
	pub provider: Arc<Provider>,
	/// The jobs' files.
	pub jobs: Arc<JobStore>,
}

/// Implements [`DataRpcServer`] and [`JobDataRpcServer`].
pub struct Data<C> {
	client: Arc<C>,
	keystore: KeystorePtr,
	provider: Arc<Provider>,
	jobs: Arc<JobStore>,
}

impl<C> Data<C> {
	/// The data RPC over the store of `state`, reading the chain through `client`.
	pub fn new(client: Arc<C>, state: DataRpcState) -> Self {
		let DataRpcState { keystore, provider, jobs } = state;
		Self { client, keystore, provider, jobs }
	}
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

type Context = (AgreementView<AccountId, BlockNumber>, CommitmentView<AccountId, BlockNumber>);

impl<C> Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: MarketApi<Block> + ProofsApi<Block>,
{
	/// The agreement and its commitment at the best block, if this node serves them.
	fn context(&self, id: AgreementId) -> RpcResult<Context> {
		let best = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let runtime = |e: sp_api::ApiError| error(protocol::RUNTIME_ERROR, e.to_string());
		let agreement = api
			.agreement(best, id)
			.map_err(runtime)?
			.ok_or_else(|| error(protocol::NOT_SERVED, format!("agreement {id} does not exist")))?;
		let provider = &agreement.agreement.provider;
		if !self.serves(best, provider).map_err(runtime)? {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} belongs to provider {provider}, whose key (or its operator's) \
					 is not on this node"
				),
			));
		}
		let commitment = api.commitment(best, id).map_err(runtime)?.ok_or_else(|| {
			error(
				protocol::NO_COMMITMENT,
				format!(
					"agreement {id} has no commitment yet: submit storageProofs.commit(agreement, \
					 root, size) before uploading"
				),
			)
		})?;
		Ok((agreement, commitment))
	}

	/// Whether this node acts for `provider` at block `at`: the provider's own key, or the key
	/// of its operator, is an `agpr` key in the keystore.
	fn serves(&self, at: H256, provider: &AccountId) -> Result<bool, sp_api::ApiError> {
		let keys = self.keystore.sr25519_public_keys(KEY_TYPE);
		let public = sr25519::Public::from_raw(*AsRef::<[u8; 32]>::as_ref(provider));
		if keys.contains(&public) {
			return Ok(true);
		}
		let api = self.client.runtime_api();
		for key in keys {
			if api.operator_of(at, AccountId::from(key))?.as_ref() == Some(provider) {
				return Ok(true);
			}
		}
		Ok(false)
	}

	fn status_of(
		&self,
		commitment: &CommitmentView<AccountId, BlockNumber>,
	) -> RpcResult<UploadStatus> {
		self.provider
			.status(
				commitment.agreement,
				commitment.root.0,
				commitment.size,
				commitment.confirmed_at,
			)
			.map_err(|e| error(protocol::STORE_ERROR, format!("the provider's store failed: {e}")))
	}
}

/// `whose`: "agreement" or "job", for the message.
fn check_signature(
	whose: &str,
	consumer: &AccountId,
	payload: &[u8],
	signature: &[u8],
) -> RpcResult<()> {
	if protocol::verify_signature(consumer, payload, signature) {
		Ok(())
	} else {
		Err(error(
			protocol::BAD_SIGNATURE,
			format!("not signed by the {whose}'s consumer {consumer}"),
		))
	}
}

/// The checks of a download request before anything is read: the consumer's signature over
/// the `agora/download/v2` payload, then its window against the best block `best` (the rule of
/// finding 17, issue 12: a captured request is refused once its `valid_until` block has passed,
/// and a request cannot be signed to last more than [`protocol::MAX_DOWNLOAD_VALIDITY`] blocks).
fn check_download(
	genesis: &H256,
	best: BlockNumber,
	consumer: &AccountId,
	range: &DownloadRange,
) -> RpcResult<()> {
	let payload = protocol::download_payload(
		genesis,
		range.agreement,
		range.offset,
		range.length,
		range.valid_until,
	);
	check_signed_window("agreement", best, consumer, &payload, &range.signature, range.valid_until)
}

/// The consumer's signature over `payload`, then the request's window (`valid_until`) against
/// the best block `best`: the rule of every download, data or job result.
fn check_signed_window(
	whose: &str,
	best: BlockNumber,
	consumer: &AccountId,
	payload: &[u8],
	signature: &[u8],
	valid_until: BlockNumber,
) -> RpcResult<()> {
	check_signature(whose, consumer, payload, signature)?;
	protocol::check_validity(best, valid_until).map_err(|message| error(protocol::EXPIRED, message))
}

/// A job as the runtime API shows it.
type Job = JobView<AccountId, BlockNumber>;

fn store_error(e: impl std::fmt::Display) -> ErrorObjectOwned {
	error(protocol::STORE_ERROR, format!("the provider's store failed: {e}"))
}

/// `agora_jobUpload` once the job is read: `served` says whether one of the job's slots is a
/// provider this node acts for. The consumer's signature, then the append rules and the
/// declared size ([`JobStore::write_checked`], which verifies the blob when it is complete).
fn job_upload(
	store: &JobStore,
	genesis: &H256,
	job: &Job,
	served: bool,
	chunk: &JobUploadChunk,
) -> RpcResult<JobUploadStatus> {
	let id = job.id;
	if !served {
		return Err(error(
			protocol::NOT_SERVED,
			format!("no provider this node works for holds a slot of job {id}"),
		));
	}
	if let JobStatus::Finished { .. } = job.status {
		return Err(error(protocol::NOT_SERVED, format!("job {id} is finished")));
	}
	let payload = protocol::job_upload_payload(genesis, id, chunk.blob, chunk.offset, &chunk.data);
	check_signature("job", &job.consumer, &payload, &chunk.signature)?;
	let declared = declared_blob(job, chunk.blob);
	store
		.write_checked(id, chunk.blob, chunk.offset, &chunk.data, &declared)
		.map_err(|e| error(e.code(), e.to_string()))?;
	store.upload_status(id, &job.module, &job.input).map_err(store_error)
}

fn declared_blob(job: &Job, kind: JobBlobKind) -> Blob {
	match kind {
		JobBlobKind::Module => job.module,
		JobBlobKind::Input => job.input,
	}
}

/// `agora_jobDownload` once the job is read: `released` says whether the result may be handed
/// out (a slot of a provider this node acts for has revealed or posted it on chain, or the job
/// is finished and this node served it).
fn job_download(
	store: &JobStore,
	genesis: &H256,
	best: BlockNumber,
	job: &Job,
	released: bool,
	range: &JobDownloadRange,
) -> RpcResult<Bytes> {
	let id = job.id;
	let payload =
		protocol::job_download_payload(genesis, id, range.offset, range.length, range.valid_until);
	check_signed_window("job", best, &job.consumer, &payload, &range.signature, range.valid_until)?;
	if !released {
		return Err(error(
			protocol::NOT_STORED,
			format!("job {id}'s result is not revealed on chain by a worker of this node yet"),
		));
	}
	let result = store
		.state(id)
		.map_err(store_error)?
		.result
		.ok_or_else(|| error(protocol::NOT_STORED, format!("this node has no result of job {id}")))?
		.result;
	if range.length == 0 || range.length > MAX_CHUNK || range.offset >= result.size {
		return Err(error(
			protocol::BAD_RANGE,
			format!("ranges start before byte {} and hold 1 to {MAX_CHUNK} bytes", result.size),
		));
	}
	let len = range.length.min(result.size - range.offset);
	store
		.read_result(id, range.offset, len as usize)
		.map(Bytes)
		.map_err(store_error)
}

impl<C> Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: MarketApi<Block> + ProofsApi<Block> + JobsApi<Block>,
{
	/// The job at the best block, and the providers this node acts for among its workers.
	fn job_context(&self, id: JobId) -> RpcResult<(Job, Vec<AccountId>)> {
		let best = self.client.info().best_hash;
		let runtime = |e: sp_api::ApiError| error(protocol::RUNTIME_ERROR, e.to_string());
		let job = self
			.client
			.runtime_api()
			.job(best, id)
			.map_err(runtime)?
			.ok_or_else(|| error(protocol::NOT_SERVED, format!("job {id} does not exist")))?;
		let mut served = Vec::new();
		for slot in &job.slots {
			if self.serves(best, &slot.worker).map_err(runtime)? {
				served.push(slot.worker.clone());
			}
		}
		Ok((job, served))
	}
}

impl<C> JobDataRpcServer for Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketApi<Block> + ProofsApi<Block> + JobsApi<Block>,
{
	fn job_upload_status(&self, id: JobId) -> RpcResult<JobUploadStatus> {
		let (job, served) = self.job_context(id)?;
		if served.is_empty() {
			return Err(error(
				protocol::NOT_SERVED,
				format!("no provider this node works for holds a slot of job {id}"),
			));
		}
		self.jobs.upload_status(id, &job.module, &job.input).map_err(store_error)
	}

	fn job_upload(&self, chunk: JobUploadChunk) -> RpcResult<JobUploadStatus> {
		let (job, served) = self.job_context(chunk.job)?;
		let genesis = self.client.info().genesis_hash;
		job_upload(&self.jobs, &genesis, &job, !served.is_empty(), &chunk)
	}

	fn job_download(&self, range: JobDownloadRange) -> RpcResult<Bytes> {
		let (job, served) = self.job_context(range.job)?;
		let info = self.client.info();
		let released = matches!(job.status, JobStatus::Finished { .. }) && !served.is_empty()
			|| job.slots.iter().any(|slot| {
				served.contains(&slot.worker) && matches!(slot.state, SlotState::Revealed { .. })
			});
		job_download(&self.jobs, &info.genesis_hash, info.best_number, &job, released, &range)
	}
}

impl<C> DataRpcServer for Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketApi<Block> + ProofsApi<Block>,
{
	fn upload_status(&self, agreement: AgreementId) -> RpcResult<UploadStatus> {
		let (_, commitment) = self.context(agreement)?;
		self.status_of(&commitment)
	}

	fn upload(&self, chunk: UploadChunk) -> RpcResult<UploadStatus> {
		let (view, commitment) = self.context(chunk.agreement)?;
		let id = chunk.agreement;
		if view.agreement.status != AgreementStatus::Active {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} is {:?}, not active: nothing more is stored for it",
					view.agreement.status
				),
			));
		}
		let genesis = self.client.info().genesis_hash;
		let payload = protocol::upload_payload(&genesis, id, chunk.offset, &chunk.data);
		check_signature("agreement", &view.agreement.consumer, &payload, &chunk.signature)?;

		// The state, range and append-only checks and the write happen together under the
		// agreement's upload lock (`Provider::write_checked`).
		self.provider
			.write_checked(id, chunk.offset, &chunk.data, commitment.root.0, commitment.size)
			.map_err(|e| error(e.code(), e.to_string()))?;
		self.status_of(&commitment)
	}

	fn download(&self, range: DownloadRange) -> RpcResult<Bytes> {
		let (view, commitment) = self.context(range.agreement)?;
		let id = range.agreement;
		let info = self.client.info();
		check_download(&info.genesis_hash, info.best_number, &view.agreement.consumer, &range)?;
		if let Some(until) = view.served_until.filter(|until| info.best_number > *until) {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} ended; its data was served until block {until} (the chain's \
					 dataGrace) and is deleted"
				),
			));
		}
		let status = self.status_of(&commitment)?;
		if status.state != UploadState::Stored {
			return Err(error(
				protocol::NOT_STORED,
				format!(
					"agreement {id}'s data is not stored in full ({:?}, {} of {} bytes received)",
					status.state, status.received, status.size
				),
			));
		}
		if range.length == 0 || range.length > MAX_CHUNK || range.offset >= commitment.size {
			return Err(error(
				protocol::BAD_RANGE,
				format!(
					"ranges start before byte {} and hold 1 to {MAX_CHUNK} bytes",
					commitment.size
				),
			));
		}
		let len = range.length.min(commitment.size - range.offset);
		self.provider
			.store
			.read_at(id, range.offset, len as usize)
			.map(Bytes)
			.map_err(|e| error(protocol::STORE_ERROR, format!("the provider's store failed: {e}")))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use agora_primitives::{jobs::JobMode, merkle};
	use sp_core::{crypto::Pair as _, sr25519};

	fn test_job(consumer: &sr25519::Pair, module: &[u8], input: Blob) -> Job {
		JobView {
			id: 4,
			consumer: consumer.public().into(),
			module: Blob { root: H256(merkle::root(module).unwrap()), size: module.len() as u64 },
			input,
			fuel: 10,
			memory_pages: 1,
			mode: JobMode::Replicated,
			replicas: 2,
			reward: 1,
			collateral: 1,
			agreement: None,
			min_score: None,
			candidates: vec![],
			submitted_at: 1,
			deadline: 100,
			slots: vec![],
			undrawn: 0,
			status: JobStatus::Running { until: 50 },
			deposit: 1,
		}
	}

	/// Job uploads: only for jobs this node works on, only the job's consumer's signature,
	/// within the declared size; a blob whose bytes miss the declared root is rejected. Result
	/// downloads: signed, time-limited and only once released.
	#[test]
	fn job_uploads_and_downloads_are_checked() {
		let dir = crate::provider::store::temp_dir("job-rpc");
		let store = JobStore::open(&dir).unwrap();
		let genesis = H256::repeat_byte(3);
		let consumer = sr25519::Pair::from_string("//Ferdie", None).unwrap();
		let stranger = sr25519::Pair::from_string("//Dave", None).unwrap();
		let module = b"\0asm module bytes".to_vec();
		let input = b"input".to_vec();
		let wrong_input = Blob { root: H256::repeat_byte(7), size: input.len() as u64 };
		let job = test_job(&consumer, &module, wrong_input);
		let chunk = |pair: &sr25519::Pair, blob, offset, data: &[u8]| {
			let payload = protocol::job_upload_payload(&genesis, 4, blob, offset, data);
			JobUploadChunk {
				job: 4,
				blob,
				offset,
				data: Bytes(data.to_vec()),
				signature: Bytes(pair.sign(&payload).0.to_vec()),
			}
		};
		let code = |r: RpcResult<JobUploadStatus>| r.map(|_| ()).map_err(|e| e.code());
		let good = chunk(&consumer, JobBlobKind::Module, 0, &module);
		// Not a job of this node's providers.
		assert_eq!(
			code(job_upload(&store, &genesis, &job, false, &good)),
			Err(protocol::NOT_SERVED)
		);
		// Unsigned, or signed by someone else, or signed for the other blob.
		let unsigned = JobUploadChunk { signature: Bytes(vec![]), ..good.clone() };
		assert_eq!(
			code(job_upload(&store, &genesis, &job, true, &unsigned)),
			Err(protocol::BAD_SIGNATURE)
		);
		let foreign = chunk(&stranger, JobBlobKind::Module, 0, &module);
		assert_eq!(
			code(job_upload(&store, &genesis, &job, true, &foreign)),
			Err(protocol::BAD_SIGNATURE)
		);
		let moved = JobUploadChunk { blob: JobBlobKind::Input, ..good.clone() };
		assert_eq!(
			code(job_upload(&store, &genesis, &job, true, &moved)),
			Err(protocol::BAD_SIGNATURE)
		);
		// Past the declared size.
		let big = chunk(&consumer, JobBlobKind::Module, 0, &[module.clone(), vec![0]].concat());
		assert_eq!(code(job_upload(&store, &genesis, &job, true, &big)), Err(protocol::BAD_RANGE));
		assert_eq!(store.received(4, JobBlobKind::Module).unwrap(), 0, "refusals write nothing");
		// The consumer's module: stored and verified.
		let status = job_upload(&store, &genesis, &job, true, &good).unwrap();
		assert_eq!(status.module.state, UploadState::Stored);
		// The input whose bytes miss the declared root: rejected.
		let status = job_upload(
			&store,
			&genesis,
			&job,
			true,
			&chunk(&consumer, JobBlobKind::Input, 0, &input),
		)
		.unwrap();
		assert_eq!((status.input.state, status.input.received), (UploadState::Rejected, 0));

		// Downloads of the result.
		let blob = vec![0u8, b'o', b'k'];
		let record = super::super::job_store::RunRecord {
			result: Blob { root: H256(merkle::root(&blob).unwrap()), size: 3 },
			status: agora_primitives::jobs::ResultStatus::Ok,
			salt: H256::repeat_byte(1),
			fuel_used: 1,
		};
		store.save_result(4, &blob, record).unwrap();
		let range = |pair: &sr25519::Pair, valid_until| {
			let payload = protocol::job_download_payload(&genesis, 4, 0, 10, valid_until);
			JobDownloadRange {
				job: 4,
				offset: 0,
				length: 10,
				valid_until,
				signature: Bytes(pair.sign(&payload).0.to_vec()),
			}
		};
		let get = |released, best, r: &JobDownloadRange| {
			job_download(&store, &genesis, best, &job, released, r).map_err(|e| e.code())
		};
		assert_eq!(get(true, 10, &range(&consumer, 20)), Ok(Bytes(blob.clone())));
		assert_eq!(get(false, 10, &range(&consumer, 20)), Err(protocol::NOT_STORED));
		assert_eq!(get(true, 10, &range(&stranger, 20)), Err(protocol::BAD_SIGNATURE));
		assert_eq!(get(true, 21, &range(&consumer, 20)), Err(protocol::EXPIRED));
		std::fs::remove_dir_all(dir).unwrap();
	}

	/// Finding 17 (issue 12): a download request is a signed `agora/download/v2` message that
	/// the node serves only up to its `valid_until` block, and never one signed to last more
	/// than `MAX_DOWNLOAD_VALIDITY` blocks.
	#[test]
	fn download_requests_expire_and_cannot_be_signed_to_last() {
		let consumer = sr25519::Pair::from_string("//Ferdie", None).unwrap();
		let stranger = sr25519::Pair::from_string("//Dave", None).unwrap();
		let who: AccountId = consumer.public().into();
		let genesis = H256::repeat_byte(1);
		let signed = |pair: &sr25519::Pair, valid_until: BlockNumber| {
			let payload = protocol::download_payload(&genesis, 7, 0, 100, valid_until);
			DownloadRange {
				agreement: 7,
				offset: 0,
				length: 100,
				valid_until,
				signature: Bytes(pair.sign(&payload).0.to_vec()),
			}
		};
		let code = |result: RpcResult<()>| result.map_err(|e| e.code());
		let best = 1_000;

		// As the CLI signs it (best + DOWNLOAD_VALIDITY): served until that block.
		let fresh = signed(&consumer, best + protocol::DOWNLOAD_VALIDITY);
		assert_eq!(code(check_download(&genesis, best, &who, &fresh)), Ok(()));
		let last = best + protocol::DOWNLOAD_VALIDITY;
		assert_eq!(code(check_download(&genesis, last, &who, &fresh)), Ok(()));
		// Replayed one block later: expired.
		assert_eq!(code(check_download(&genesis, last + 1, &who, &fresh)), Err(protocol::EXPIRED));
		// Signed to last longer than allowed: refused; exactly the limit is served.
		let far = signed(&consumer, best + protocol::MAX_DOWNLOAD_VALIDITY + 1);
		assert_eq!(code(check_download(&genesis, best, &who, &far)), Err(protocol::EXPIRED));
		let limit = signed(&consumer, best + protocol::MAX_DOWNLOAD_VALIDITY);
		assert_eq!(code(check_download(&genesis, best, &who, &limit)), Ok(()));
		// The window is signed: moving valid_until breaks the signature.
		let moved = DownloadRange { valid_until: last + 50, ..fresh.clone() };
		assert_eq!(
			code(check_download(&genesis, last + 1, &who, &moved)),
			Err(protocol::BAD_SIGNATURE)
		);
		// Another key, even inside the window: not the consumer's.
		assert_eq!(
			code(check_download(&genesis, best, &who, &signed(&stranger, last))),
			Err(protocol::BAD_SIGNATURE)
		);
	}
}
