//! The wire protocol of the `agora_*` JSON-RPC methods, shared by the node's servers (`rpc`,
//! provider mode's `provider::rpc`) and the consumer's tools (`data`): the error codes, the data
//! methods' arguments and answers, what the consumer signs, and hex. It is its own small crate
//! (the node names it `crate::protocol`), so both sides import it and neither imports the other,
//! and the fuzz targets (`fuzz/`, target `data_rpc_parse`) build it without the node.
//!
//! The data methods, served by a node started with `--provider-store`:
//!
//! * `agora_uploadStatus(agreement)`: how much of the agreement's data the provider holds and
//!   in which state ([`UploadStatus`]); no signature needed.
//! * `agora_upload({agreement, offset, data, signature})`: append `data` (1 to [`MAX_CHUNK`]
//!   bytes) at `offset`, which must be exactly the bytes received so far; any other offset is
//!   refused with [`BAD_RANGE`], and an interrupted upload (or one whose answer was lost)
//!   resumes from `received` of `agora_uploadStatus`. Signed by the agreement's consumer over
//!   [`upload_payload`]. When the last byte arrives, the provider checks the whole data against
//!   the on-chain commitment and, if it matches, confirms on chain by itself. Nothing is
//!   written while the data is being verified or once it is stored.
//! * `agora_download({agreement, offset, length, validUntil, signature})`: a range of the
//!   stored data (at most [`MAX_CHUNK`] bytes), signed by the consumer over
//!   [`download_payload`] (`agora/download/v2`). The request is served only while the
//!   provider's best block is at most `validUntil`, and only if `validUntil` is at most
//!   [`MAX_DOWNLOAD_VALIDITY`] blocks past it ([`check_validity`], else [`EXPIRED`]): a captured
//!   request cannot be replayed later. The consumer's tools sign for [`DOWNLOAD_VALIDITY`]
//!   blocks past the provider's best block.
//!
//! The job methods, served by the same nodes for jobs one of their providers holds a slot of
//! (issue 13):
//!
//! * `agora_jobUploadStatus(job)`: how much of the job's module and input the worker holds, and
//!   whether each matched the job's declared blob ([`JobUploadStatus`]); no signature needed.
//! * `agora_jobUpload({job, blob: "module"|"input", offset, data, signature})`: append to the
//!   job's module or input, by the rules of `agora_upload` (append only, within the declared
//!   size), signed by the job's consumer over [`job_upload_payload`]. When the last byte
//!   arrives the worker checks the blob against its declared merkle root and size; a blob that
//!   does not match is discarded (state `rejected`, upload again from 0).
//! * `agora_jobDownload({job, offset, length, validUntil, signature})`: a range of the job's
//!   result blob (status byte, then output), signed by the consumer over
//!   [`job_download_payload`] with the window rule of `agora_download`. Served once this
//!   worker's result is revealed or posted on chain (before that, handing it out would let
//!   another worker copy it).
//!
//! Signatures are sr25519 over the SCALE encoding of a domain tag, the chain's genesis hash, the
//! agreement id and the range, so a signature is good for one chain, one agreement and one
//! chunk only. Because uploads only append, a replayed upload message cannot undo an upload: an
//! earlier chunk is refused, and the next chunk is the consumer's own bytes.

use agora_primitives::{jobs::JobId, market::AgreementId, BlockNumber};
use codec::Encode;
use serde::{Deserialize, Serialize};
use sp_core::{Bytes, H256};

/// Largest chunk of one upload or download call, in bytes.
pub const MAX_CHUNK: u64 = 1 << 20;

/// Error code of a failed runtime API call (every `agora_*` method).
pub const RUNTIME_ERROR: i32 = 1;
/// Error code of a block hash the node does not know.
pub const UNKNOWN_BLOCK: i32 = 2;
/// Error code of a quote the runtime refuses (the message names the reason, e.g.
/// `InsufficientCapacity`).
pub const QUOTE_REFUSED: i32 = 3;

/// Error code: this node is not in provider mode for this agreement (unknown agreement, not
/// active, or its provider's key is not in this node's keystore).
pub const NOT_SERVED: i32 = 20;
/// Error code: the agreement has no commitment on chain yet (commit before uploading).
pub const NO_COMMITMENT: i32 = 21;
/// Error code: the signature is not the agreement consumer's.
pub const BAD_SIGNATURE: i32 = 22;
/// Error code: the offset or length is outside what can be written or read now.
pub const BAD_RANGE: i32 = 23;
/// Error code: the data is not (yet) stored in full, so it cannot be downloaded.
pub const NOT_STORED: i32 = 24;
/// Error code: the provider's disk failed.
pub const STORE_ERROR: i32 = 25;
/// Error code: the download request's `validUntil` block has passed, or is more than
/// [`MAX_DOWNLOAD_VALIDITY`] blocks past the provider's best block (sign a new request).
pub const EXPIRED: i32 = 26;

/// The furthest a download request's `validUntil` may lie past the provider's best block, so
/// that no signed request stays usable for long.
pub const MAX_DOWNLOAD_VALIDITY: BlockNumber = 100;
/// How many blocks past the provider's best block the consumer's tools sign a download
/// request for.
pub const DOWNLOAD_VALIDITY: BlockNumber = 20;

/// Where an upload stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UploadState {
	/// Bytes are arriving; `received` says how many.
	Receiving,
	/// All bytes arrived; the provider is checking them against the commitment.
	Verifying,
	/// The data matched the commitment and is stored (confirmed on chain or about to be).
	Stored,
	/// The data did not match the commitment and was discarded (see `reason`); upload again
	/// from offset 0.
	Rejected,
}

/// The answer of `agora_uploadStatus` and `agora_upload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadStatus {
	/// The agreement.
	pub agreement: AgreementId,
	/// Committed size in bytes.
	pub size: u64,
	/// Committed merkle root.
	pub root: H256,
	/// Bytes received so far (the offset to resume from).
	pub received: u64,
	/// Where the upload stands.
	pub state: UploadState,
	/// Why the data was rejected, if it was.
	pub reason: Option<String>,
	/// Block in which the provider's confirmation was included, once it was.
	pub confirmed_at: Option<BlockNumber>,
}

/// The argument of `agora_upload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadChunk {
	/// The agreement.
	pub agreement: AgreementId,
	/// Where `data` goes.
	pub offset: u64,
	/// The bytes (hex).
	pub data: Bytes,
	/// The consumer's sr25519 signature of [`upload_payload`] (hex, 64 bytes).
	pub signature: Bytes,
}

/// The argument of `agora_download`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadRange {
	/// The agreement.
	pub agreement: AgreementId,
	/// First byte.
	pub offset: u64,
	/// Number of bytes (at most [`MAX_CHUNK`]; fewer come back at the end of the data).
	pub length: u64,
	/// The last block (the provider's best) at which the request is served; at most
	/// [`MAX_DOWNLOAD_VALIDITY`] blocks ahead.
	pub valid_until: BlockNumber,
	/// The consumer's sr25519 signature of [`download_payload`] (hex, 64 bytes).
	pub signature: Bytes,
}

/// Which blob of a job a chunk belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum JobBlobKind {
	/// The WebAssembly module.
	Module,
	/// The input.
	Input,
}

impl JobBlobKind {
	/// Its name (also its file name in the provider's store).
	pub fn name(self) -> &'static str {
		match self {
			Self::Module => "module",
			Self::Input => "input",
		}
	}
}

/// Where one blob of a job stands on a worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobBlobStatus {
	/// Declared size in bytes.
	pub size: u64,
	/// Declared merkle root.
	pub root: H256,
	/// Bytes received so far (the offset to resume from).
	pub received: u64,
	/// `receiving`, `verifying` (complete, not checked yet), `stored` (checked) or `rejected`.
	pub state: UploadState,
	/// Why it was rejected, if it was.
	pub reason: Option<String>,
}

/// The answer of `agora_jobUploadStatus` and `agora_jobUpload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobUploadStatus {
	/// The job.
	pub job: JobId,
	/// The module.
	pub module: JobBlobStatus,
	/// The input.
	pub input: JobBlobStatus,
}

impl JobUploadStatus {
	/// The status of one blob.
	pub fn blob(&self, kind: JobBlobKind) -> &JobBlobStatus {
		match kind {
			JobBlobKind::Module => &self.module,
			JobBlobKind::Input => &self.input,
		}
	}
}

/// The argument of `agora_jobUpload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobUploadChunk {
	/// The job.
	pub job: JobId,
	/// Which blob.
	pub blob: JobBlobKind,
	/// Where `data` goes.
	pub offset: u64,
	/// The bytes (hex).
	pub data: Bytes,
	/// The consumer's sr25519 signature of [`job_upload_payload`] (hex, 64 bytes).
	pub signature: Bytes,
}

/// The argument of `agora_jobDownload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobDownloadRange {
	/// The job.
	pub job: JobId,
	/// First byte of the result blob.
	pub offset: u64,
	/// Number of bytes (at most [`MAX_CHUNK`]; fewer come back at the end).
	pub length: u64,
	/// The last block (the worker node's best) at which the request is served.
	pub valid_until: BlockNumber,
	/// The consumer's sr25519 signature of [`job_download_payload`] (hex, 64 bytes).
	pub signature: Bytes,
}

/// What the consumer signs to upload `data` at `offset` of a job's `blob`.
pub fn job_upload_payload(
	genesis: &H256,
	job: JobId,
	blob: JobBlobKind,
	offset: u64,
	data: &[u8],
) -> Vec<u8> {
	(b"agora/job-upload/v1", genesis, job, blob.name(), offset, sp_crypto_hashing::blake2_256(data))
		.encode()
}

/// What the consumer signs to download `length` bytes at `offset` of a job's result up to
/// block `valid_until`.
pub fn job_download_payload(
	genesis: &H256,
	job: JobId,
	offset: u64,
	length: u64,
	valid_until: BlockNumber,
) -> Vec<u8> {
	(b"agora/job-download/v1", genesis, job, offset, length, valid_until).encode()
}

/// What the consumer signs to upload `data` at `offset`.
pub fn upload_payload(genesis: &H256, agreement: AgreementId, offset: u64, data: &[u8]) -> Vec<u8> {
	(b"agora/upload/v1", genesis, agreement, offset, sp_crypto_hashing::blake2_256(data)).encode()
}

/// What the consumer signs to download `length` bytes at `offset` up to block `valid_until`.
pub fn download_payload(
	genesis: &H256,
	agreement: AgreementId,
	offset: u64,
	length: u64,
	valid_until: BlockNumber,
) -> Vec<u8> {
	(b"agora/download/v2", genesis, agreement, offset, length, valid_until).encode()
}

/// Whether a download request valid until block `valid_until` is served at best block `best`:
/// refused once `best` is past it, and when it lies more than [`MAX_DOWNLOAD_VALIDITY`] blocks
/// ahead (a request signed to last longer). The error says which, for [`EXPIRED`].
pub fn check_validity(best: BlockNumber, valid_until: BlockNumber) -> Result<(), String> {
	if best > valid_until {
		Err(format!(
			"the download request was valid until block {valid_until} and the provider's best \
			 block is {best}: sign a new one"
		))
	} else if valid_until > best.saturating_add(MAX_DOWNLOAD_VALIDITY) {
		Err(format!(
			"the download request is valid until block {valid_until}, more than \
			 {MAX_DOWNLOAD_VALIDITY} blocks past the provider's best block {best}"
		))
	} else {
		Ok(())
	}
}

/// Whether `signature` (64 bytes) is `signer`'s sr25519 signature of `payload`.
pub fn verify_signature(
	signer: &agora_primitives::AccountId,
	payload: &[u8],
	signature: &[u8],
) -> bool {
	use sp_core::{crypto::Pair as _, sr25519};
	let Ok(signature) = sr25519::Signature::try_from(signature) else { return false };
	let public = sr25519::Public::from_raw(*AsRef::<[u8; 32]>::as_ref(signer));
	sr25519::Pair::verify(&signature, payload, &public)
}

/// `0x`-prefixed lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{crypto::Pair as _, sr25519};

	#[test]
	fn signatures_bind_chain_agreement_and_range() {
		let pair = sr25519::Pair::from_string("//Dave", None).unwrap();
		let other = sr25519::Pair::from_string("//Eve", None).unwrap();
		let who: agora_primitives::AccountId = pair.public().into();
		let genesis = H256::repeat_byte(7);
		let payload = upload_payload(&genesis, 3, 0, b"hello");
		let sig = pair.sign(&payload);
		assert!(verify_signature(&who, &payload, sig.as_ref()));
		// Another key, chain, agreement, offset or content: refused.
		assert!(!verify_signature(&who, &payload, other.sign(&payload).as_ref()));
		for changed in [
			upload_payload(&H256::repeat_byte(8), 3, 0, b"hello"),
			upload_payload(&genesis, 4, 0, b"hello"),
			upload_payload(&genesis, 3, 1, b"hello"),
			upload_payload(&genesis, 3, 0, b"hellO"),
			download_payload(&genesis, 3, 0, 5, 0),
		] {
			assert!(!verify_signature(&who, &changed, sig.as_ref()));
		}
		assert!(!verify_signature(&who, &payload, &sig.0[..63]));

		// A download signature binds the range and its last block, too.
		let payload = download_payload(&genesis, 3, 0, 5, 40);
		let sig = pair.sign(&payload);
		assert!(verify_signature(&who, &payload, sig.as_ref()));
		for changed in [
			download_payload(&genesis, 3, 0, 5, 41),
			download_payload(&genesis, 3, 0, 6, 40),
			download_payload(&genesis, 3, 1, 5, 40),
			(b"agora/download/v1", genesis, 3u64, 0u64, 5u64).encode(),
		] {
			assert!(!verify_signature(&who, &changed, sig.as_ref()));
		}
	}

	#[test]
	fn job_signatures_bind_chain_job_blob_and_range_and_differ_from_data_ones() {
		let pair = sr25519::Pair::from_string("//Dave", None).unwrap();
		let who: agora_primitives::AccountId = pair.public().into();
		let genesis = H256::repeat_byte(7);
		let payload = job_upload_payload(&genesis, 3, JobBlobKind::Module, 0, b"wasm");
		let sig = pair.sign(&payload);
		assert!(verify_signature(&who, &payload, sig.as_ref()));
		for changed in [
			job_upload_payload(&genesis, 3, JobBlobKind::Input, 0, b"wasm"),
			job_upload_payload(&genesis, 4, JobBlobKind::Module, 0, b"wasm"),
			job_upload_payload(&genesis, 3, JobBlobKind::Module, 1, b"wasm"),
			job_upload_payload(&H256::repeat_byte(8), 3, JobBlobKind::Module, 0, b"wasm"),
			upload_payload(&genesis, 3, 0, b"wasm"),
		] {
			assert!(!verify_signature(&who, &changed, sig.as_ref()));
		}
		let payload = job_download_payload(&genesis, 3, 0, 5, 40);
		let sig = pair.sign(&payload);
		assert!(verify_signature(&who, &payload, sig.as_ref()));
		for changed in [
			job_download_payload(&genesis, 3, 0, 5, 41),
			job_download_payload(&genesis, 2, 0, 5, 40),
			download_payload(&genesis, 3, 0, 5, 40),
		] {
			assert!(!verify_signature(&who, &changed, sig.as_ref()));
		}
		// The wire names the CLI and the JavaScript tools use.
		assert_eq!(serde_json::to_string(&JobBlobKind::Input).unwrap(), "\"input\"");
	}

	#[test]
	fn download_requests_are_served_only_inside_their_window() {
		// Served while the best block is at most its last block, that one included.
		for best in [20, 21, 39, 40] {
			assert_eq!(check_validity(best, 40), Ok(()), "best {best}");
		}
		assert_eq!(check_validity(0, MAX_DOWNLOAD_VALIDITY), Ok(()));
		// Expired: the best block is past it.
		let expired = check_validity(41, 40).unwrap_err();
		assert!(expired.contains("was valid until block 40"), "{expired}");
		assert!(check_validity(BlockNumber::MAX, 0).is_err());
		// Signed to last too long: more than MAX_DOWNLOAD_VALIDITY blocks ahead.
		let far = check_validity(20, 20 + MAX_DOWNLOAD_VALIDITY + 1).unwrap_err();
		assert!(far.contains("more than 100 blocks past the provider's best block 20"), "{far}");
		assert!(check_validity(0, BlockNumber::MAX).is_err());
		// Near the top of the block numbers the window saturates instead of wrapping.
		assert_eq!(check_validity(BlockNumber::MAX - 1, BlockNumber::MAX), Ok(()));
	}

	#[test]
	fn hex_is_0x_and_lowercase() {
		assert_eq!(hex(&[0, 255, 16]), "0x00ff10");
	}
}
