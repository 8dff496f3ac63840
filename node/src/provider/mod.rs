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
//! * [`rpc`]: `agora_uploadStatus`, `agora_upload`, `agora_download` ([`crate::protocol`]).
//!
//! [`start`] is provider mode's one entry point: the node service calls it when
//! `--provider-store` is given; it spawns the responder and returns the [`rpc::DataRpcState`]
//! that `rpc::create_full` builds the data methods from. Nothing here imports the service: the
//! responder and the data RPC are generic over the client and the transaction pool.
//!
//! The provider's account is the sr25519 key of type [`KEY_TYPE`] (`agpr`) in the node's
//! keystore, inserted with
//! `agora-node key insert --chain CHAIN --base-path BASE --key-type agpr --scheme sr25519 --suri SECRET`.
//! Every `agpr` key in the keystore is served.

pub mod prover;
pub mod responder;
pub mod rpc;
pub mod store;

use crate::protocol::{UploadState, UploadStatus};
use agora_primitives::{market::AgreementId, merkle::Node, AccountId, MarketApi, Nonce, ProofsApi};
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
	/// challenges with the `agpr` key from the keystore.
	#[arg(long, value_name = "DIR")]
	pub provider_store: Option<PathBuf>,
}

/// Start provider mode on the store under `dir`: open it, spawn the challenge responder
/// ([`responder::spawn`]) as a task of the node, and return what the data RPC is built from (the
/// service hands it to `rpc::create_full`).
pub fn start<C, P>(
	dir: &Path,
	task_manager: &TaskManager,
	client: Arc<C>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	sync: Arc<dyn SyncOracle + Send + Sync>,
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
		+ ProofsApi<Block>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	let provider = Provider::open(dir).map_err(|e| {
		sc_service::Error::Other(format!("cannot open the provider store {}: {e}", dir.display()))
	})?;
	responder::spawn(task_manager, client, pool, keystore.clone(), provider.clone(), sync);
	Ok(DataRpcState { keystore, provider })
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
}

/// The shared state of provider mode.
pub struct Provider {
	/// The consumers' data.
	pub store: Arc<dyn BlobStore>,
	/// The tree caches.
	pub prover: Prover,
	uploads: Mutex<Uploads>,
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
		Ok(Arc::new(Self { store, prover, uploads: Mutex::new(uploads) }))
	}

	fn uploads(&self) -> MutexGuard<'_, Uploads> {
		self.uploads.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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

	/// Write a chunk of an upload. The caller checked the signature and the range.
	pub fn write(&self, agreement: AgreementId, offset: u64, bytes: &[u8]) -> io::Result<u64> {
		{
			let mut uploads = self.uploads();
			uploads.rejected.remove(&agreement);
			uploads.stored.remove(&agreement);
		}
		let _ = self.prover.remove(agreement);
		self.store.write_from(agreement, offset, bytes)
	}

	/// Check a complete upload against its commitment in the background: on a match the data
	/// counts as stored (and the responder confirms it on chain); otherwise it is discarded and
	/// the reason kept for `agora_uploadStatus`.
	pub fn verify(self: &Arc<Self>, agreement: AgreementId, root: Node, size: u64) {
		if !self.uploads().verifying.insert(agreement) {
			return;
		}
		let this = self.clone();
		let spawned = std::thread::Builder::new().name("agora-verify".into()).spawn(move || {
			let result = this.prover.build(&*this.store, agreement, size, &root);
			let mut uploads = this.uploads();
			uploads.verifying.remove(&agreement);
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
					let _ = this.store.remove(agreement);
					uploads.rejected.insert(agreement, reason);
				},
			}
		});
		if let Err(e) = spawned {
			log::error!(target: LOG_TARGET, "cannot start verifying agreement {agreement}: {e}");
			self.uploads().verifying.remove(&agreement);
		}
	}

	/// Forget an agreement's data (its agreement is gone from the chain).
	pub fn remove(&self, agreement: AgreementId) -> io::Result<()> {
		{
			let mut uploads = self.uploads();
			uploads.stored.remove(&agreement);
			uploads.rejected.remove(&agreement);
		}
		self.prover.remove(agreement)?;
		self.store.remove(agreement)
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
		provider.write(1, 0, &data[..70_000]).unwrap();
		// A retried chunk at an earlier offset replaces what followed it.
		provider.write(1, 60_000, &data[60_000..120_000]).unwrap();
		let status = provider.status(1, root, size, None).unwrap();
		assert_eq!((status.state, status.received), (UploadState::Receiving, 120_000));
		provider.write(1, 120_000, &data[120_000..]).unwrap();
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

		// Data that does not match its commitment is rejected and discarded, with the reason.
		provider.write(2, 0, &data).unwrap();
		let wrong = [3u8; 32];
		let status = settled(&provider, 2, wrong, size);
		assert_eq!((status.state, status.received), (UploadState::Rejected, 0));
		assert!(status.reason.unwrap().contains("but the commitment says 0x0303"));
		assert_eq!(provider.stored(), vec![1]);
		// Starting over clears the rejection.
		provider.write(2, 0, &data[..10]).unwrap();
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
		provider.write(1, 0, &data).unwrap();

		// The upload is complete: the status call starts the verifier, which stops right after
		// reading the last group (it has hashed every byte, nothing is renamed or stored yet).
		let gate = Arc::new(Barrier::new(2));
		store.arm(size, gate.clone());
		assert_eq!(provider.status(1, root, size, None).unwrap().state, UploadState::Verifying);
		gate.wait();
		// Now a write of other bytes at offset 0 (e.g. a replayed first chunk) comes in.
		let _ = provider.write(1, 0, &other);
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
		std::fs::remove_dir_all(dir).unwrap();
	}

	/// Finding 17 (issue 12): replaying a captured earlier chunk (a valid signature over old
	/// bytes at an old offset) must not cut the upload back.
	#[test]
	fn a_replayed_chunk_cannot_truncate_an_upload() {
		let dir = store::temp_dir("provider-replay");
		let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 253) as u8).collect();
		let provider = Provider::open(&dir).unwrap();
		for chunk in 0..3u64 {
			let from = chunk * 10_000;
			provider.write(1, from, &data[from as usize..from as usize + 10_000]).unwrap();
		}
		assert_eq!(provider.store.size(1).unwrap(), Some(30_000));

		// Chunk 0 again, exactly as the consumer signed it.
		let _ = provider.write(1, 0, &data[..10_000]);
		assert_eq!(
			provider.store.size(1).unwrap(),
			Some(30_000),
			"the replay truncated the upload"
		);
		assert_eq!(provider.store.read_at(1, 0, 30_000).unwrap(), data[..30_000]);
		std::fs::remove_dir_all(dir).unwrap();
	}
}
