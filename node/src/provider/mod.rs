//! Provider mode: `agora-node --provider-store DIR` keeps consumers' data and answers the chain's
//! storage challenges by itself.
//!
//! * [`store`]: one blob per agreement behind the [`store::BlobStore`] trait (files under
//!   `DIR/blobs` today).
//! * [`prover`]: a cache of each tree's upper levels (`DIR/trees`), so a proof reads 16 KiB of
//!   data per challenged leaf.
//! * [`responder`]: on every new best block, asks the runtime for this provider's open
//!   challenges, proves them from disk, checks the proofs locally and submits signed
//!   `storageProofs.respond` transactions; confirms fully received uploads
//!   (`storageProofs.confirm`); deletes data of agreements that are gone from the chain.
//! * [`rpc`]: `agora_uploadStatus`, `agora_upload`, `agora_download`, and for compute jobs
//!   `agora_jobUploadStatus`, `agora_jobUpload`, `agora_jobDownload` ([`crate::protocol`]).
//! * [`job_store`] and [`job_worker`]: the compute jobs this node's providers are drawn for
//!   (`DIR/jobs`), run by the responder's loop (issue 13).
//! * [`metrics`]: the `agora_provider_*` Prometheus metrics, in the node's registry when it has
//!   one (issue 14).
//!
//! [`start`] is provider mode's one entry point: the node service calls it when
//! `--provider-store` is given; it spawns the responder and returns the [`rpc::DataRpcState`]
//! that `rpc::create_full` builds the data methods from. Nothing here imports the service: the
//! responder and the data RPC are generic over the client and the transaction pool.
//!
//! The node's keys are the sr25519 keys of type [`KEY_TYPE`] (`agpr`) in its keystore, inserted
//! with
//! `agora-node key insert --chain CHAIN --base-path BASE --key-type agpr --scheme sr25519 --suri SECRET`.
//! Each key acts for its own account and for the provider it is the operator of
//! (`storageProofs.setOperator`, finding 17 of issue 12): the recommended setup inserts an
//! operator key, so the provider's funded account key is never on this internet-facing node.

pub mod job_store;
pub mod job_worker;
pub mod metrics;
pub mod prover;
pub mod responder;
pub mod rpc;
pub mod store;

use crate::protocol::{self, UploadState, UploadStatus, MAX_CHUNK};
use agora_primitives::{
	market::AgreementId, merkle::Node, AccountId, JobsApi, MarketApi, Nonce, ProofsApi,
};
use agora_runtime::opaque::Block;
use frame_system_rpc_runtime_api::AccountNonceApi;
use prover::{Prover, ProverError};
use rpc::DataRpcState;
use sc_client_api::BlockchainEvents;
use sc_service::TaskManager;
use sc_transaction_pool_api::TransactionPool;
use sp_api::{Core, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_consensus::SyncOracle;
use sp_core::{crypto::KeyTypeId, H256};
use sp_keystore::KeystorePtr;
use std::{
	collections::{BTreeSet, HashMap, HashSet},
	io,
	path::{Path, PathBuf},
	sync::{Arc, Mutex, MutexGuard},
};
use store::{BlobStore, FsStore};

/// The keystore key type of provider keys: `agpr`.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"agpr");

/// Log target of provider mode.
pub const LOG_TARGET: &str = "agora-provider";

/// Command line of provider mode.
#[derive(Debug, Clone, clap::Args)]
pub struct ProviderParams {
	/// Run as a storage provider: keep consumers' data under this directory, serve the data
	/// RPC (`agora_upload`, `agora_uploadStatus`, `agora_download`) and answer storage
	/// challenges with the `agpr` keys from the keystore (the provider's operator key, set with
	/// `storageProofs.setOperator`, or the provider's own key).
	#[arg(long, value_name = "DIR")]
	pub provider_store: Option<PathBuf>,
}

/// Start provider mode on the store under `dir`: open it, spawn the challenge responder
/// ([`responder::spawn`]) as a task of the node, and return what the data RPC is built from (the
/// service hands it to `rpc::create_full`). With the node's Prometheus `registry` (none with
/// `--no-prometheus`), the [`metrics`] are registered in it.
pub fn start<C, P>(
	dir: &Path,
	task_manager: &TaskManager,
	client: Arc<C>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	sync: Arc<dyn SyncOracle + Send + Sync>,
	registry: Option<&substrate_prometheus_endpoint::Registry>,
) -> Result<DataRpcState, sc_service::Error>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: Core<Block>
		+ AccountNonceApi<Block, AccountId, Nonce>
		+ MarketApi<Block>
		+ ProofsApi<Block>
		+ JobsApi<Block>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	let provider = Provider::open(dir).map_err(|e| {
		sc_service::Error::Other(format!("cannot open the provider store {}: {e}", dir.display()))
	})?;
	let jobs = job_store::JobStore::open(dir).map(Arc::new).map_err(|e| {
		sc_service::Error::Other(format!("cannot open the job store under {}: {e}", dir.display()))
	})?;
	let runner = job_worker::WasmRunner::new()
		.map_err(|e| sc_service::Error::Other(format!("cannot start the job runner: {e}")))?;
	let worker = job_worker::JobWorker::new(
		jobs.clone(),
		Arc::new(runner),
		Box::new(job_worker::BlockingSpawner),
	);
	let metrics = metrics::Metrics::register_or_warn(registry);
	responder::spawn(
		task_manager,
		client,
		pool,
		keystore.clone(),
		provider.clone(),
		sync,
		worker,
		metrics,
	);
	Ok(DataRpcState { keystore, provider, jobs })
}

/// Uploads in flight, as the data RPC and the verifier see them.
#[derive(Default)]
struct Uploads {
	/// Complete uploads being checked against their commitment.
	verifying: HashSet<AgreementId>,
	/// Uploads whose data did not match, with the reason.
	rejected: HashMap<AgreementId, String>,
	/// Agreements whose data is stored and verified.
	stored: BTreeSet<AgreementId>,
	/// Per agreement, a stamp that every change of its bytes renews (a write, discarding
	/// rejected data, removal). The verifier counts data as stored only if the stamp is still
	/// the one the upload was seen complete at. Stamps come from one counter, so an agreement
	/// that is removed and written again never gets an old stamp back.
	generation: HashMap<AgreementId, u64>,
	/// The last stamp handed out.
	last_generation: u64,
}

impl Uploads {
	/// Renew the stamp of `agreement`: its bytes are about to change.
	fn bump(&mut self, agreement: AgreementId) {
		self.last_generation = self.last_generation.wrapping_add(1);
		self.generation.insert(agreement, self.last_generation);
	}

	/// The stamp of `agreement` now (one is handed out if it has none yet).
	fn generation(&mut self, agreement: AgreementId) -> u64 {
		match self.generation.get(&agreement) {
			Some(generation) => *generation,
			None => {
				self.bump(agreement);
				self.last_generation
			},
		}
	}

	/// Whether the stamp of `agreement` is still `generation`.
	fn unchanged(&self, agreement: AgreementId, generation: u64) -> bool {
		self.generation.get(&agreement) == Some(&generation)
	}
}

/// Why [`Provider::write_checked`] refused a chunk. A refused chunk writes nothing.
#[derive(Debug)]
pub enum WriteError {
	/// The agreement's data is stored in full and verified: nothing more is written.
	AlreadyStored(AgreementId),
	/// The upload is complete and being checked against the commitment.
	Verifying(AgreementId),
	/// A blob is stored in full and verified, or being verified: nothing more is written (the
	/// message says which blob).
	Complete(String),
	/// A chunk holds 1 to [`MAX_CHUNK`] bytes.
	BadLength(u64),
	/// Uploads only append: a chunk starts exactly at the bytes received so far.
	NotAppend { offset: u64, received: u64 },
	/// The chunk would end past the committed size.
	PastSize { offset: u64, end: u64, size: u64 },
	/// The store failed.
	Io(io::Error),
}

impl WriteError {
	/// The data RPC's error code ([`crate::protocol`]) for this refusal.
	pub fn code(&self) -> i32 {
		match self {
			Self::Io(_) => protocol::STORE_ERROR,
			_ => protocol::BAD_RANGE,
		}
	}
}

impl std::fmt::Display for WriteError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::AlreadyStored(id) => write!(f, "agreement {id}'s data is already stored in full"),
			Self::Verifying(id) => write!(f, "agreement {id}'s data is being verified"),
			Self::Complete(message) => write!(f, "{message}"),
			Self::BadLength(len) => {
				write!(f, "a chunk holds 1 to {MAX_CHUNK} bytes, this one {len}")
			},
			Self::NotAppend { offset, received } if offset > received => write!(
				f,
				"offset {offset} is past the {received} bytes received: resume from {received}"
			),
			Self::NotAppend { offset, received } => write!(
				f,
				"offset {offset} is before the {received} bytes received: uploads only append, \
				 resume from {received}"
			),
			Self::PastSize { offset, end, size } => {
				write!(f, "bytes {offset}..{end} go past the committed size of {size} bytes")
			},
			Self::Io(e) => write!(f, "the provider's store failed: {e}"),
		}
	}
}

/// The append-only rule of every upload (agreements' data and jobs' blobs): a chunk of 1 to
/// [`MAX_CHUNK`] bytes starts exactly at the `received` bytes held so far and ends within the
/// declared `size`.
pub fn check_append(offset: u64, len: u64, received: u64, size: u64) -> Result<(), WriteError> {
	if len == 0 || len > MAX_CHUNK {
		return Err(WriteError::BadLength(len));
	}
	if offset != received {
		return Err(WriteError::NotAppend { offset, received });
	}
	let end = offset.saturating_add(len);
	if end > size {
		return Err(WriteError::PastSize { offset, end, size });
	}
	Ok(())
}

/// One lock per key (an agreement, a job), kept only while someone holds or waits for it.
pub struct KeyedLocks<K> {
	locks: Mutex<HashMap<K, Arc<Mutex<()>>>>,
}

impl<K: std::hash::Hash + Eq + Copy> Default for KeyedLocks<K> {
	fn default() -> Self {
		Self { locks: Mutex::new(HashMap::new()) }
	}
}

impl<K: std::hash::Hash + Eq + Copy> KeyedLocks<K> {
	/// Run `f` holding the lock of `key`.
	pub fn with<T>(&self, key: K, f: impl FnOnce() -> T) -> T {
		let key_lock = lock(&self.locks).entry(key).or_default().clone();
		let result = {
			let _held = lock(&key_lock);
			f()
		};
		// Drop the entry if nobody else holds or waits for it: clones are only taken under
		// `locks`, so a count of 2 (the map's and this one) cannot grow while we look.
		let mut locks = lock(&self.locks);
		if Arc::strong_count(&key_lock) == 2 {
			locks.remove(&key);
		}
		result
	}
}

impl From<io::Error> for WriteError {
	fn from(e: io::Error) -> Self {
		Self::Io(e)
	}
}

/// The shared state of provider mode.
///
/// Rule (findings 11 and 17 of issue 12): *the node confirms only data it verified and that
/// nothing has written to since*, and *a captured data message cannot undo an upload*. Every
/// change of an agreement's bytes ([`Self::write_checked`], the verifier discarding rejected
/// data, [`Self::remove`]) and the verifier, from its first read to its decision, hold the
/// agreement's upload lock; writes only append; and the verifier also checks the agreement's
/// generation stamp ([`Uploads::generation`]) and the blob's size before it counts the data as
/// stored.
pub struct Provider {
	/// The consumers' data.
	pub store: Arc<dyn BlobStore>,
	/// The tree caches.
	pub prover: Prover,
	uploads: Mutex<Uploads>,
	/// The per-agreement upload locks.
	locks: KeyedLocks<AgreementId>,
}

/// Lock `mutex`, also after a thread panicked while holding it (the data it guards stays
/// consistent: every update is a few map operations).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
	mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Provider {
	/// Open (or create) the store under `dir`. Agreements with a blob and a matching cache count
	/// as stored.
	pub fn open(dir: &Path) -> io::Result<Arc<Self>> {
		Self::with_store(dir, Arc::new(FsStore::open(dir)?))
	}

	/// Like [`Self::open`], with the blobs in `store` (the tree caches stay under `dir`).
	pub fn with_store(dir: &Path, store: Arc<dyn BlobStore>) -> io::Result<Arc<Self>> {
		let prover = Prover::open(dir)?;
		let mut uploads = Uploads::default();
		for id in store.list()? {
			if let (Some((_, size)), Some(len)) = (prover.cached(id), store.size(id)?) {
				if size == len {
					uploads.stored.insert(id);
				}
			}
		}
		log::info!(
			target: LOG_TARGET,
			"💾 provider store at {}: {} agreements stored",
			dir.display(),
			uploads.stored.len()
		);
		Ok(Arc::new(Self {
			store,
			prover,
			uploads: Mutex::new(uploads),
			locks: KeyedLocks::default(),
		}))
	}

	fn uploads(&self) -> MutexGuard<'_, Uploads> {
		lock(&self.uploads)
	}

	/// Run `f` holding the upload lock of `agreement`. Never called with `uploads` locked (the
	/// lock order is: upload lock, then `uploads`).
	fn with_upload_lock<T>(&self, agreement: AgreementId, f: impl FnOnce() -> T) -> T {
		self.locks.with(agreement, f)
	}

	/// Agreements whose data is stored and verified.
	pub fn stored(&self) -> Vec<AgreementId> {
		self.uploads().stored.iter().copied().collect()
	}

	/// Where the upload of `agreement` stands against its commitment `(root, size)`. A complete
	/// upload that nobody is verifying (e.g. after a restart) is verified now.
	pub fn status(
		self: &Arc<Self>,
		agreement: AgreementId,
		root: Node,
		size: u64,
		confirmed_at: Option<agora_primitives::BlockNumber>,
	) -> io::Result<UploadStatus> {
		let (mut state, mut received, mut reason) = self.snapshot(agreement, root, size)?;
		if state == UploadState::Receiving && received == size {
			self.verify(agreement, root, size);
			(state, received, reason) = self.snapshot(agreement, root, size)?;
		}
		Ok(UploadStatus {
			agreement,
			size,
			root: root.into(),
			received,
			state,
			reason,
			confirmed_at,
		})
	}

	/// State, bytes received and rejection reason, read together under the lock the verifier
	/// holds while it discards rejected data (so a rejection never shows the old byte count).
	fn snapshot(
		&self,
		agreement: AgreementId,
		root: Node,
		size: u64,
	) -> io::Result<(UploadState, u64, Option<String>)> {
		let uploads = self.uploads();
		let state = if uploads.stored.contains(&agreement)
			&& self.prover.cached(agreement) == Some((root, size))
		{
			UploadState::Stored
		} else if uploads.verifying.contains(&agreement) {
			UploadState::Verifying
		} else if uploads.rejected.contains_key(&agreement) {
			UploadState::Rejected
		} else {
			UploadState::Receiving
		};
		let received = self.store.size(agreement)?.unwrap_or(0);
		Ok((state, received, uploads.rejected.get(&agreement).cloned()))
	}

	/// Write a chunk of the upload of `agreement`, committed to as `(root, size)`, if the upload
	/// takes it; returns the bytes received. The caller checked the consumer's signature.
	///
	/// Under the agreement's upload lock, so no verification and no other write runs between
	/// the check and the write:
	/// * nothing is written while the data is being verified or once it is stored;
	/// * a chunk holds 1 to [`MAX_CHUNK`] bytes and ends within the committed size;
	/// * uploads only append: `offset` must be exactly the bytes received so far. A replayed
	///   earlier chunk is refused (it cannot cut the upload back), and a replayed next chunk
	///   is the consumer's own bytes. Rejected data is already discarded, so a new upload
	///   starts at 0.
	pub fn write_checked(
		&self,
		agreement: AgreementId,
		offset: u64,
		bytes: &[u8],
		root: Node,
		size: u64,
	) -> Result<u64, WriteError> {
		// The verifier holds the upload lock for as long as it reads the data: refuse at once
		// instead of waiting for it (the check under the lock below would refuse anyway).
		if self.uploads().verifying.contains(&agreement) {
			return Err(WriteError::Verifying(agreement));
		}
		self.with_upload_lock(agreement, || {
			let (state, received, _) = self.snapshot(agreement, root, size)?;
			// Rejected data was discarded (if the verifier could not delete it, it is deleted
			// below, once this write is accepted): a new upload starts at 0.
			let (received, leftover) = match state {
				UploadState::Stored => return Err(WriteError::AlreadyStored(agreement)),
				UploadState::Verifying => return Err(WriteError::Verifying(agreement)),
				UploadState::Rejected => (0, received > 0),
				UploadState::Receiving => (received, false),
			};
			check_append(offset, bytes.len() as u64, received, size)?;
			{
				let mut uploads = self.uploads();
				uploads.rejected.remove(&agreement);
				uploads.stored.remove(&agreement);
				uploads.bump(agreement);
			}
			if leftover {
				self.store.remove(agreement)?;
			}
			self.prover.remove(agreement)?;
			Ok(self.store.write_from(agreement, offset, bytes)?)
		})
	}

	/// Check a complete upload against its commitment in the background: on a match the data
	/// counts as stored (and the responder confirms it on chain); otherwise it is discarded and
	/// the reason kept for `agora_uploadStatus`.
	pub fn verify(self: &Arc<Self>, agreement: AgreementId, root: Node, size: u64) {
		let generation = {
			let mut uploads = self.uploads();
			if !uploads.verifying.insert(agreement) {
				return;
			}
			uploads.generation(agreement)
		};
		let this = self.clone();
		let spawned = std::thread::Builder::new()
			.name("agora-verify".into())
			.spawn(move || this.check_upload(agreement, root, size, generation));
		if let Err(e) = spawned {
			log::error!(target: LOG_TARGET, "cannot start verifying agreement {agreement}: {e}");
			self.uploads().verifying.remove(&agreement);
		}
	}

	/// The verification proper (on the verifier's thread). It holds the upload lock from before
	/// its first read until the data counts as stored or is discarded, so no write lands in
	/// between; and it counts the data as stored only if the generation is still `generation`
	/// (the one the upload was seen complete at) and the blob has the committed size.
	/// Otherwise what it would check is not what was complete: it drops what it built, and the
	/// state goes back to `Receiving` (the next status call verifies again).
	fn check_upload(&self, agreement: AgreementId, root: Node, size: u64, generation: u64) {
		self.with_upload_lock(agreement, || {
			let unchanged = self.uploads().unchanged(agreement, generation);
			let complete =
				unchanged && matches!(self.store.size(agreement), Ok(Some(len)) if len == size);
			let result = complete.then(|| self.prover.build(&*self.store, agreement, size, &root));
			let mut uploads = self.uploads();
			uploads.verifying.remove(&agreement);
			let result = match result {
				Some(result) if uploads.unchanged(agreement, generation) => result,
				other => {
					if matches!(other, Some(Ok(()))) {
						if let Err(e) = self.prover.remove(agreement) {
							log::warn!(
								target: LOG_TARGET,
								"agreement {agreement}: cannot drop a tree cache: {e}"
							);
						}
					}
					log::warn!(
						target: LOG_TARGET,
						"agreement {agreement}: the data changed while it was to be verified; \
						 not counted as stored"
					);
					return;
				},
			};
			match result {
				Ok(()) => {
					log::info!(
						target: LOG_TARGET,
						"💾 agreement {agreement}: {size} bytes received and verified against the commitment"
					);
					uploads.stored.insert(agreement);
				},
				Err(e) => {
					let reason = match &e {
						ProverError::RootMismatch { .. } => e.to_string(),
						_ => format!("the provider could not check the data: {e}"),
					};
					log::warn!(target: LOG_TARGET, "agreement {agreement}: upload rejected: {reason}");
					uploads.bump(agreement);
					if let Err(e) = self.store.remove(agreement) {
						log::warn!(
							target: LOG_TARGET,
							"agreement {agreement}: cannot delete the rejected data yet: {e}"
						);
					}
					uploads.rejected.insert(agreement, reason);
				},
			}
		})
	}

	/// Forget an agreement's data (its agreement is gone from the chain). Refused with
	/// `WouldBlock` while the data is being verified (the caller tries again later) instead of
	/// waiting for the verifier.
	pub fn remove(&self, agreement: AgreementId) -> io::Result<()> {
		if self.uploads().verifying.contains(&agreement) {
			return Err(io::Error::new(
				io::ErrorKind::WouldBlock,
				"the data is being verified; it is deleted on a later round",
			));
		}
		self.with_upload_lock(agreement, || {
			{
				let mut uploads = self.uploads();
				uploads.stored.remove(&agreement);
				uploads.rejected.remove(&agreement);
				uploads.generation.remove(&agreement);
			}
			self.prover.remove(agreement)?;
			self.store.remove(agreement)
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use agora_primitives::merkle;
	use std::{
		sync::Barrier,
		time::{Duration, Instant},
	};

	fn settled(provider: &Arc<Provider>, id: AgreementId, root: Node, size: u64) -> UploadStatus {
		let start = Instant::now();
		loop {
			let status = provider.status(id, root, size, None).unwrap();
			if status.state != UploadState::Verifying || start.elapsed() > Duration::from_secs(20) {
				return status;
			}
			std::thread::sleep(Duration::from_millis(10));
		}
	}

	#[test]
	fn uploads_resume_verify_and_survive_a_restart() {
		let dir = store::temp_dir("provider-state");
		let data: Vec<u8> = (0..200_000u32).map(|i| (i * 13 % 256) as u8).collect();
		let (root, size) = (merkle::root(&data).unwrap(), data.len() as u64);
		let provider = Provider::open(&dir).unwrap();

		let status = provider.status(1, root, size, None).unwrap();
		assert_eq!((status.state, status.received), (UploadState::Receiving, 0));
		let write = |id, offset: usize, bytes: &[u8], root| {
			provider.write_checked(id, offset as u64, bytes, root, size)
		};
		assert_eq!(write(1, 0, &data[..70_000], root).unwrap(), 70_000);
		// Uploads only append: a chunk that does not start at the bytes received is refused,
		// before or past them, and so are empty or oversized chunks and bytes past the size.
		let too_long = vec![0u8; MAX_CHUNK as usize + 1];
		let past_size = vec![0u8; 130_001];
		for (offset, bytes) in [
			(60_000, &data[60_000..120_000]),
			(70_001, &data[70_001..120_000]),
			(70_000, &data[..0]),
			(70_000, &too_long[..]),
			(70_000, &past_size[..]),
		] {
			let refused = write(1, offset, bytes, root).unwrap_err();
			assert_eq!(refused.code(), protocol::BAD_RANGE, "{refused}");
		}
		assert_eq!(
			write(1, 60_000, &data[60_000..120_000], root).unwrap_err().to_string(),
			"offset 60000 is before the 70000 bytes received: uploads only append, resume from \
			 70000"
		);
		assert_eq!(
			write(1, 70_001, &data[70_001..], root).unwrap_err().to_string(),
			"offset 70001 is past the 70000 bytes received: resume from 70000"
		);
		assert_eq!(provider.store.size(1).unwrap(), Some(70_000), "refusals write nothing");
		write(1, 70_000, &data[70_000..120_000], root).unwrap();
		let status = provider.status(1, root, size, None).unwrap();
		assert_eq!((status.state, status.received), (UploadState::Receiving, 120_000));
		write(1, 120_000, &data[120_000..], root).unwrap();
		// The last byte in: verified against the commitment, then stored.
		let status = settled(&provider, 1, root, size);
		assert_eq!(
			(status.state, status.received, status.reason),
			(UploadState::Stored, size, None)
		);
		assert_eq!(provider.stored(), vec![1]);
		let (leaf, path) = provider.prover.prove(&*provider.store, 1, &root, size, 700).unwrap();
		assert!(merkle::verify(&root, size, 700, &leaf, &path));

		// After a restart the data still counts as stored.
		drop(provider);
		let provider = Provider::open(&dir).unwrap();
		assert_eq!(provider.stored(), vec![1]);
		assert_eq!(provider.status(1, root, size, None).unwrap().state, UploadState::Stored);

		// Once stored, nothing more is written.
		let refused = provider.write_checked(1, 0, &data[..10], root, size).unwrap_err();
		assert!(matches!(refused, WriteError::AlreadyStored(1)), "{refused}");

		// Data that does not match its commitment is rejected and discarded, with the reason.
		let wrong = [3u8; 32];
		provider.write_checked(2, 0, &data, wrong, size).unwrap();
		let status = settled(&provider, 2, wrong, size);
		assert_eq!((status.state, status.received), (UploadState::Rejected, 0));
		assert!(status.reason.unwrap().contains("but the commitment says 0x0303"));
		assert_eq!(provider.stored(), vec![1]);
		// Starting over clears the rejection.
		provider.write_checked(2, 0, &data[..10], wrong, size).unwrap();
		assert_eq!(provider.status(2, wrong, size, None).unwrap().state, UploadState::Receiving);

		// Closing an agreement removes everything of it.
		provider.remove(1).unwrap();
		assert_eq!(provider.stored(), Vec::<AgreementId>::new());
		assert_eq!(provider.store.size(1).unwrap(), None);
		assert_eq!(provider.prover.cached(1), None);
		std::fs::remove_dir_all(dir).unwrap();
	}

	/// A [`FsStore`] whose `read_at` can be stopped once, right after it read the bytes that end
	/// at a given offset: the test learns that the reader holds them (first `wait`) and lets it
	/// go on (second `wait`).
	struct GatedStore {
		inner: FsStore,
		gate: Mutex<Option<(u64, Arc<Barrier>)>>,
	}

	impl GatedStore {
		fn open(dir: &Path) -> Arc<Self> {
			Arc::new(Self { inner: FsStore::open(dir).unwrap(), gate: Mutex::new(None) })
		}

		/// Stop the next read that ends at byte `end`.
		fn arm(&self, end: u64, barrier: Arc<Barrier>) {
			*self.gate.lock().unwrap() = Some((end, barrier));
		}
	}

	impl BlobStore for GatedStore {
		fn size(&self, agreement: AgreementId) -> io::Result<Option<u64>> {
			self.inner.size(agreement)
		}
		fn write_from(&self, agreement: AgreementId, offset: u64, bytes: &[u8]) -> io::Result<u64> {
			self.inner.write_from(agreement, offset, bytes)
		}
		fn read_at(&self, agreement: AgreementId, offset: u64, len: usize) -> io::Result<Vec<u8>> {
			let bytes = self.inner.read_at(agreement, offset, len)?;
			let gate = {
				let mut gate = self.gate.lock().unwrap();
				match gate.as_ref() {
					Some((end, _)) if *end == offset + len as u64 => gate.take(),
					_ => None,
				}
			};
			if let Some((_, barrier)) = gate {
				barrier.wait();
				barrier.wait();
			}
			Ok(bytes)
		}
		fn remove(&self, agreement: AgreementId) -> io::Result<()> {
			self.inner.remove(agreement)
		}
		fn list(&self) -> io::Result<Vec<AgreementId>> {
			self.inner.list()
		}
	}

	/// Finding 11 (issue 12): a write that lands after the verifier read the data but before it
	/// marked the data stored must not leave altered data counted as stored (and confirmed).
	#[test]
	fn a_write_racing_verification_never_leaves_altered_data_stored() {
		let dir = store::temp_dir("provider-race");
		let data: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 251) as u8).collect();
		let other = vec![0x5au8; 1000];
		let (root, size) = (merkle::root(&data).unwrap(), data.len() as u64);
		let store = GatedStore::open(&dir);
		let provider = Provider::with_store(&dir, store.clone()).unwrap();
		provider.write_checked(1, 0, &data, root, size).unwrap();

		// The upload is complete: the status call starts the verifier, which stops right after
		// reading the last group (it has hashed every byte, nothing is renamed or stored yet).
		let gate = Arc::new(Barrier::new(2));
		store.arm(size, gate.clone());
		assert_eq!(provider.status(1, root, size, None).unwrap().state, UploadState::Verifying);
		gate.wait();
		// Now a write of other bytes at offset 0 (e.g. a replayed first chunk) comes in. It is
		// refused at once: the verifier holds the upload lock, and the upload only appends.
		let refused = provider.write_checked(1, 0, &other, root, size).unwrap_err();
		assert!(matches!(refused, WriteError::Verifying(1)), "{refused}");
		assert_eq!(refused.code(), protocol::BAD_RANGE);
		// Nor is the data deleted under the verifier: the caller (garbage collection) retries.
		let busy = provider.remove(1).unwrap_err();
		assert_eq!(busy.kind(), io::ErrorKind::WouldBlock);
		gate.wait();

		let status = settled(&provider, 1, root, size);
		if status.state == UploadState::Stored {
			assert_eq!(
				provider.store.size(1).unwrap(),
				Some(size),
				"stored, but the blob changed size"
			);
			for index in 0..merkle::leaf_count(size) {
				let proof = provider.prover.prove(&*provider.store, 1, &root, size, index);
				assert!(
					matches!(&proof, Ok((leaf, path)) if merkle::verify(&root, size, index, leaf, path)),
					"stored, but leaf {index} does not prove: {proof:?}"
				);
			}
		}
		assert_eq!(status.state, UploadState::Stored, "the honest upload is still stored");
		std::fs::remove_dir_all(dir).unwrap();
	}

	/// Finding 17 (issue 12): replaying a captured earlier chunk (a valid signature over old
	/// bytes at an old offset) must not cut the upload back.
	#[test]
	fn a_replayed_chunk_cannot_truncate_an_upload() {
		let dir = store::temp_dir("provider-replay");
		let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 253) as u8).collect();
		let (root, size) = (merkle::root(&data).unwrap(), data.len() as u64);
		let provider = Provider::open(&dir).unwrap();
		let chunk = |n: usize| (n as u64 * 10_000, &data[n * 10_000..(n + 1) * 10_000]);
		for n in 0..3 {
			let (offset, bytes) = chunk(n);
			provider.write_checked(1, offset, bytes, root, size).unwrap();
		}
		assert_eq!(provider.store.size(1).unwrap(), Some(30_000));

		// Chunk 0 again, exactly as the consumer signed it, and chunk 2: refused, nothing cut.
		for n in [0, 2] {
			let (offset, bytes) = chunk(n);
			let refused = provider.write_checked(1, offset, bytes, root, size).unwrap_err();
			assert!(matches!(refused, WriteError::NotAppend { received: 30_000, .. }), "{refused}");
			assert_eq!(refused.code(), protocol::BAD_RANGE);
		}
		assert_eq!(
			provider.store.size(1).unwrap(),
			Some(30_000),
			"the replay truncated the upload"
		);
		assert_eq!(provider.store.read_at(1, 0, 30_000).unwrap(), data[..30_000]);
		// The upload goes on from where it was, and completes.
		for n in 3..5 {
			let (offset, bytes) = chunk(n);
			provider.write_checked(1, offset, bytes, root, size).unwrap();
		}
		assert_eq!(settled(&provider, 1, root, size).state, UploadState::Stored);
		std::fs::remove_dir_all(dir).unwrap();
	}

	/// The verifier counts data as stored only if nothing changed its bytes since the upload
	/// was seen complete (the generation stamp), even when the bytes it finds would match.
	#[test]
	fn a_verification_of_superseded_bytes_counts_nothing() {
		let dir = store::temp_dir("provider-generation");
		let data: Vec<u8> = (0..40_000u32).map(|i| (i * 11 % 241) as u8).collect();
		let (root, size) = (merkle::root(&data).unwrap(), data.len() as u64);
		let provider = Provider::open(&dir).unwrap();
		provider.write_checked(1, 0, &data[..30_000], root, size).unwrap();
		// A verification decided now, then a write before it runs.
		let generation = provider.uploads().generation(1);
		provider.write_checked(1, 30_000, &data[30_000..], root, size).unwrap();
		provider.check_upload(1, root, size, generation);
		assert!(provider.stored().is_empty(), "superseded bytes counted as stored");
		assert_eq!(provider.prover.cached(1), None);
		// Back to receiving, nothing rejected.
		assert_eq!(provider.snapshot(1, root, size).unwrap(), (UploadState::Receiving, size, None));
		// The next status call sees the upload complete and verifies it afresh.
		assert_eq!(settled(&provider, 1, root, size).state, UploadState::Stored);
		std::fs::remove_dir_all(dir).unwrap();
	}
}
