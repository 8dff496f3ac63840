//! `agora-node data upload` and `data download`: the consumer's side of the data protocol
//! ([`crate::protocol`]).
//!
//! Upload: check the agreement (exists, is ours, active, big enough) -> encode the file with the
//! agreement's cipher and compute the commitment of the encoded bytes -> submit
//! `storageProofs.commit` (or find the same commitment already on chain) -> send the encoded
//! bytes in signed chunks from where the provider stands (so an interrupted upload resumes) ->
//! wait for the provider to verify the data and confirm on chain.
//!
//! Download: fetch the encoded bytes in signed ranges, each valid for
//! [`protocol::DOWNLOAD_VALIDITY`] blocks past the provider node's best block, check them
//! against the on-chain commitment, decode, and only then move the file into place.
//!
//! Uploads only append (the provider refuses a chunk that does not start at the bytes it
//! holds), so an interrupted upload resumes from the provider's `received`.

use super::{
	cipher::AgreementCipher,
	client::{CallError, RpcClient},
	progress::Progress,
};
use crate::{
	extrinsic::{self, SigningContext},
	protocol::{self, hex, DownloadRange, UploadChunk, UploadState, UploadStatus, MAX_CHUNK},
};
use agora_primitives::{
	market::{AgreementId, AgreementStatus, AgreementView},
	merkle::RootBuilder,
	proofs::CommitmentView,
	AccountId, BlockNumber,
};
use agora_runtime::RuntimeCall;
use codec::Encode;
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, Bytes, H256};
use std::{
	fs::{self, File},
	io::{Read, Seek, SeekFrom, Write},
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

/// How long to wait for the commit transaction, and for the provider's confirmation.
const WAIT: Duration = Duration::from_secs(180);

/// Where the consumer talks to.
pub struct Endpoints {
	/// A chain node (reads and the commit transaction).
	pub node: RpcClient,
	/// The provider's node (data).
	pub provider: RpcClient,
}

/// The consumer's key and the chain node it talks to: reads, and signed transactions.
pub struct Chain {
	/// The consumer's key.
	pub pair: sr25519::Pair,
	/// Its account.
	pub me: AccountId,
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The chain node.
	pub node: RpcClient,
}

/// Turns a call error into a message naming `what` was called and where.
pub fn on<'a>(what: &str, client: &'a RpcClient) -> impl Fn(CallError) -> String + 'a {
	let what = what.to_string();
	move |e| format!("{what} ({}): {e}", client.url())
}

impl Chain {
	/// Load the key of `suri` and learn the chain from `node`.
	pub async fn connect(suri: &str, node: RpcClient) -> Result<Self, String> {
		let pair = sr25519::Pair::from_string(suri, None)
			.map_err(|e| format!("--suri is not a valid secret: {e:?}"))?;
		let me = AccountId::from(pair.public());
		let genesis: H256 = node
			.call("chain_getBlockHash", json!([0]))
			.await
			.map_err(on("cannot reach the chain node", &node))?;
		Ok(Self { pair, me, genesis, node })
	}

	/// Call `method` on the chain node.
	pub async fn call<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Value,
	) -> Result<T, String> {
		self.node.call(method, params).await.map_err(on("chain node", &self.node))
	}

	/// The chain node's best block number.
	pub async fn best_number(&self) -> Result<u64, String> {
		best_number(&self.node).await
	}

	/// Sign `call` with the consumer's key and submit it through the chain node.
	pub async fn submit(&self, call: RuntimeCall) -> Result<H256, String> {
		let nonce: u32 = self.call("system_accountNextIndex", json!([self.me.to_string()])).await?;
		let version: Value = self.call("state_getRuntimeVersion", json!([])).await?;
		let number = |v: &Value, field: &str| -> Result<u64, String> {
			v.get(field)
				.and_then(Value::as_u64)
				.ok_or_else(|| format!("the chain node's runtime version lacks {field}"))
		};
		let best = self.best_number().await?;
		let signing_number = SigningContext::signing_number(best);
		let birth = SigningContext::birth(signing_number);
		let birth_hash: H256 = self.call("chain_getBlockHash", json!([birth])).await?;
		let ctx = SigningContext {
			genesis: self.genesis,
			spec_version: number(&version, "specVersion")? as u32,
			transaction_version: number(&version, "transactionVersion")? as u32,
			at_number: signing_number,
			birth_hash,
		};
		let xt = extrinsic::signed(call, self.me.clone(), nonce, &ctx, |payload| {
			Some(self.pair.sign(payload))
		})?;
		self.node
			.call("author_submitExtrinsic", json!([hex(&xt.encode())]))
			.await
			.map_err(|e| format!("the chain refused the transaction: {e}"))
	}

	/// Sign `payload` with the consumer's key.
	pub fn sign(&self, payload: &[u8]) -> Bytes {
		Bytes(self.pair.sign(payload).0.to_vec())
	}
}

/// The best block number of the node behind `client`.
pub async fn best_number(client: &RpcClient) -> Result<u64, String> {
	let header: Value =
		client.call("chain_getHeader", json!([])).await.map_err(on("node", client))?;
	header_number(&header)
		.ok_or_else(|| format!("the best header of {} has no number", client.url()))
}

/// The consumer, the chain and the agreement of a transfer.
pub struct Session {
	chain: Chain,
	agreement: AgreementId,
	provider: RpcClient,
}

impl Session {
	/// Load the key of `suri` and learn the chain from the node.
	pub async fn new(suri: &str, agreement: AgreementId, ends: Endpoints) -> Result<Self, String> {
		let chain = Chain::connect(suri, ends.node).await?;
		Ok(Self { chain, agreement, provider: ends.provider })
	}

	async fn node<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Value,
	) -> Result<T, String> {
		self.chain.call(method, params).await
	}

	async fn provider<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Value,
	) -> Result<T, String> {
		self.provider.call(method, params).await.map_err(on("provider", &self.provider))
	}

	/// The agreement, which must exist and be this consumer's.
	async fn agreement(&self) -> Result<AgreementView<AccountId, BlockNumber>, String> {
		let id = self.agreement;
		let view: Option<AgreementView<AccountId, BlockNumber>> =
			self.node("agora_agreement", json!([id])).await?;
		let view = view.ok_or_else(|| format!("agreement {id} does not exist on this chain"))?;
		if view.agreement.consumer != self.chain.me {
			return Err(format!(
				"agreement {id} belongs to consumer {}, not to {} (the account of --suri)",
				view.agreement.consumer, self.chain.me
			));
		}
		Ok(view)
	}

	async fn commitment(&self) -> Result<Option<CommitmentView<AccountId, BlockNumber>>, String> {
		self.node("agora_commitment", json!([self.agreement])).await
	}
}

/// The number of a block header as the chain RPC returns it (`"number": "0x.."`).
fn header_number(header: &Value) -> Option<u64> {
	header
		.get("number")
		.and_then(Value::as_str)
		.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
}

/// The last block a download request is signed for: [`protocol::DOWNLOAD_VALIDITY`] blocks past
/// the best block of the provider node `provider` (the provider checks the request against its
/// own best block, and refuses it after that block or if it lies more than
/// [`protocol::MAX_DOWNLOAD_VALIDITY`] blocks ahead).
pub async fn download_valid_until(provider: &RpcClient) -> Result<BlockNumber, String> {
	let best = BlockNumber::try_from(best_number(provider).await?)
		.map_err(|_| "the provider node's best block number is too large")?;
	Ok(best.saturating_add(protocol::DOWNLOAD_VALIDITY))
}

/// The commitment (root, size) of `file` as encoded for the agreement, with a progress bar.
fn encoded_commitment(file: &Path, cipher: &AgreementCipher) -> Result<(H256, u64), String> {
	let mut input = File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
	let total = input.metadata().map_err(|e| e.to_string())?.len();
	let mut builder = RootBuilder::new();
	let mut buf = vec![0u8; MAX_CHUNK as usize];
	let mut progress = Progress::new("encoding ", total);
	let mut offset = 0u64;
	loop {
		let n = input
			.read(&mut buf)
			.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
		let Some(chunk) = buf.get_mut(..n).filter(|c| !c.is_empty()) else { break };
		cipher.apply(offset, chunk);
		builder.update(chunk);
		offset += n as u64;
		progress.set(offset);
	}
	let (root, size) = builder
		.finish()
		.ok_or_else(|| format!("{} is empty: there is nothing to store", file.display()))?;
	Ok((H256(root), size))
}

/// `data upload`: encode, commit, upload (resuming), wait for the provider's confirmation.
pub async fn upload(session: Session, file: &Path) -> Result<(), String> {
	let id = session.agreement;
	let view = session.agreement().await?;
	if view.agreement.status != AgreementStatus::Active {
		return Err(format!(
			"agreement {id} is {:?}, not active: data can only be stored under an active agreement",
			view.agreement.status
		));
	}
	let size = fs::metadata(file)
		.map_err(|e| format!("cannot open {}: {e}", file.display()))?
		.len();
	let capacity = view.agreement.resources.storage_bytes;
	if size > capacity {
		return Err(format!(
			"{} is {size} bytes, agreement {id} covers {capacity} bytes of storage",
			file.display()
		));
	}
	// The provider must be reachable and serve this agreement before anything is committed.
	match session.provider.call::<UploadStatus>("agora_uploadStatus", json!([id])).await {
		Ok(_) => {},
		Err(CallError::Rpc { code, .. }) if code == i64::from(protocol::NO_COMMITMENT) => {},
		Err(e) => return Err(format!("provider ({}): {e}", session.provider.url())),
	}
	let cipher = AgreementCipher::new(&session.chain.pair, &session.chain.genesis, id);
	let (root, size) = encoded_commitment(file, &cipher)?;
	eprintln!("commitment of the encoded data: root {root:?}, {size} bytes");

	match session.commitment().await? {
		Some(c) if c.root == root && c.size == size => {
			eprintln!("the commitment is already on chain (block {})", c.committed_at);
		},
		Some(c) => {
			return Err(format!(
				"agreement {id} already has a commitment to other data (root {:?}, {} bytes) and it \
				 cannot change; was {} modified since it was first uploaded?",
				c.root,
				c.size,
				file.display()
			))
		},
		None => {
			let call = RuntimeCall::StorageProofs(pallet_storage_proofs::Call::commit {
				agreement: id,
				root: root.0,
				size,
			});
			let tx = session.chain.submit(call).await?;
			eprintln!("submitted storageProofs.commit in {tx:?}; waiting for it to be included");
			let started = Instant::now();
			loop {
				if let Some(c) = session.commitment().await? {
					if c.root != root || c.size != size {
						return Err(format!(
							"agreement {id} got a commitment to other data (root {:?})",
							c.root
						));
					}
					eprintln!("committed in block {}", c.committed_at);
					break;
				}
				if started.elapsed() > WAIT {
					return Err(format!(
						"the commit transaction {tx:?} was not included within {} s; check it on \
						 chain and run the same command again",
						WAIT.as_secs()
					));
				}
				tokio::time::sleep(Duration::from_secs(1)).await;
			}
		},
	}

	let mut status: UploadStatus = session.provider("agora_uploadStatus", json!([id])).await?;
	if status.state == UploadState::Receiving || status.state == UploadState::Rejected {
		let from = if status.state == UploadState::Rejected { 0 } else { status.received };
		if from > 0 {
			eprintln!("resuming the upload at byte {from} of {size}");
		}
		status = send(&session, file, &cipher, from, size).await?;
	}

	// The provider verifies the data against the commitment and confirms on chain by itself.
	let started = Instant::now();
	loop {
		match status.state {
			UploadState::Rejected => {
				return Err(format!(
					"the provider rejected the data: {}",
					status.reason.unwrap_or_default()
				))
			},
			UploadState::Stored => {
				if let Some(block) = status.confirmed_at {
					println!(
						"stored {size} bytes for agreement {id} (root {root:?}); the provider \
						 confirmed in block {block}"
					);
					return Ok(());
				}
			},
			UploadState::Receiving if status.received < size => {
				return Err(format!(
					"the provider holds {} of {size} bytes; run the same command again to resume",
					status.received
				))
			},
			UploadState::Receiving | UploadState::Verifying => {},
		}
		if started.elapsed() > WAIT {
			return Err(format!(
				"the provider has not confirmed within {} s (state {:?}); run the same command \
				 again to check",
				WAIT.as_secs(),
				status.state
			));
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
		status = session.provider("agora_uploadStatus", json!([id])).await?;
	}
}

/// Send the encoded bytes `from..size` in signed chunks.
async fn send(
	session: &Session,
	file: &Path,
	cipher: &AgreementCipher,
	from: u64,
	size: u64,
) -> Result<UploadStatus, String> {
	let id = session.agreement;
	let mut input = File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
	input
		.seek(SeekFrom::Start(from))
		.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
	let read = |offset: u64, len: usize| {
		let mut chunk = vec![0u8; len];
		input
			.read_exact(&mut chunk)
			.map_err(|e| format!("cannot read {} (did it change?): {e}", file.display()))?;
		cipher.apply(offset, &mut chunk);
		Ok(chunk)
	};
	let put = async |offset: u64, chunk: Vec<u8>| {
		let payload = protocol::upload_payload(&session.chain.genesis, id, offset, &chunk);
		let signature = session.chain.sign(&payload);
		let request = UploadChunk { agreement: id, offset, data: Bytes(chunk), signature };
		let answer: UploadStatus = session.provider("agora_upload", json!([request])).await?;
		Ok((answer.received, answer))
	};
	send_chunks("uploading", from, size, read, put).await
}

/// The consumer's side of an upload (data or a job's blob): `read(offset, len)` gives the next
/// chunk of at most [`MAX_CHUNK`] bytes, `put(offset, chunk)` sends it and returns the bytes
/// the provider now holds (where the next chunk starts) and its answer. Sends `from..size`
/// with a progress bar; returns the last answer.
pub async fn send_chunks<T>(
	label: &str,
	from: u64,
	size: u64,
	mut read: impl FnMut(u64, usize) -> Result<Vec<u8>, String>,
	mut put: impl AsyncFnMut(u64, Vec<u8>) -> Result<(u64, T), String>,
) -> Result<T, String> {
	let mut progress = Progress::new(label, size);
	let mut offset = from;
	let mut last = None;
	while offset < size {
		let len = MAX_CHUNK.min(size - offset) as usize;
		let chunk = read(offset, len)?;
		let (received, answer) = put(offset, chunk).await?;
		if received <= offset {
			return Err(format!("the provider holds {received} bytes after a chunk at {offset}"));
		}
		offset = received;
		progress.set(offset);
		last = Some(answer);
	}
	last.ok_or_else(|| "nothing to send".to_string())
}

/// `data download`: fetch, check against the commitment, decode into `out`.
pub async fn download(session: Session, out: &Path) -> Result<(), String> {
	let id = session.agreement;
	session.agreement().await?;
	let commitment = session
		.commitment()
		.await?
		.ok_or_else(|| format!("agreement {id} has no commitment: no data was stored under it"))?;
	let cipher = AgreementCipher::new(&session.chain.pair, &session.chain.genesis, id);
	let partial = PathBuf::from(format!("{}.partial", out.display()));
	let result = fetch(&session, &cipher, &commitment, &partial).await;
	match result {
		Ok(()) => fs::rename(&partial, out)
			.map_err(|e| format!("cannot write {}: {e}", out.display()))
			.map(|()| {
				println!(
					"downloaded {} bytes of agreement {id} into {}; they match the commitment {:?}",
					commitment.size,
					out.display(),
					commitment.root
				)
			}),
		Err(e) => {
			let _ = fs::remove_file(&partial);
			Err(e)
		},
	}
}

async fn fetch(
	session: &Session,
	cipher: &AgreementCipher,
	commitment: &CommitmentView<AccountId, BlockNumber>,
	partial: &Path,
) -> Result<(), String> {
	let id = session.agreement;
	let mut output =
		File::create(partial).map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
	let get = async |offset: u64, length: u64| {
		// Each range is signed just before it is sent, valid for a few blocks only, so a
		// captured request is soon useless and a long download never runs out of time.
		let valid_until = download_valid_until(&session.provider).await?;
		let payload =
			protocol::download_payload(&session.chain.genesis, id, offset, length, valid_until);
		let signature = session.chain.sign(&payload);
		let range = DownloadRange { agreement: id, offset, length, valid_until, signature };
		let Bytes(bytes) = session.provider("agora_download", json!([range])).await?;
		Ok(bytes)
	};
	let put = |offset: u64, mut bytes: Vec<u8>| {
		cipher.apply(offset, &mut bytes);
		output
			.write_all(&bytes)
			.map_err(|e| format!("cannot write {}: {e}", partial.display()))
	};
	fetch_checked("downloading", commitment.size, &commitment.root, "commitment", get, put).await?;
	output
		.sync_all()
		.map_err(|e| format!("cannot write {}: {e}", partial.display()))
}

/// The consumer's side of a download (data or a job's result): `get(offset, length)` fetches
/// a range of at most [`MAX_CHUNK`] bytes, `put(offset, bytes)` takes it. Fetches `0..size`
/// with a progress bar, and checks the merkle root of every byte fetched against `root` (what
/// `what` declares) before it returns.
pub async fn fetch_checked(
	label: &str,
	size: u64,
	root: &H256,
	what: &str,
	mut get: impl AsyncFnMut(u64, u64) -> Result<Vec<u8>, String>,
	mut put: impl FnMut(u64, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
	let mut builder = RootBuilder::new();
	let mut progress = Progress::new(label, size);
	let mut offset = 0u64;
	while offset < size {
		let length = MAX_CHUNK.min(size - offset);
		let bytes = get(offset, length).await?;
		if bytes.len() as u64 != length {
			return Err(format!(
				"the provider sent {} bytes for bytes {offset}..{}",
				bytes.len(),
				offset + length
			));
		}
		builder.update(&bytes);
		put(offset, bytes)?;
		offset += length;
		progress.set(offset);
	}
	let (found, _) = builder.finish().ok_or_else(|| format!("the {what} covers no data"))?;
	if H256(found) != *root {
		return Err(format!(
			"the provider's data does not match the {what}: its root is {}, the {what}'s {root:?}",
			hex(&found)
		));
	}
	Ok(())
}
