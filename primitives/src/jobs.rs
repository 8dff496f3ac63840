//! Compute jobs: what the chain, the provider node's runner and the consumer's tools agree on.
//!
//! * **Blobs.** A job's module, input and result are each identified by a [`Blob`]: the merkle
//!   root of its bytes in the storage format ([`crate::merkle`]) and its size.
//! * **The import ABI** ([`abi`]): the only imports a job module may have, and its one export.
//! * **The result** ([`ResultStatus`], [`result_blob`]): what an honest worker computes from a
//!   module and an input, the same bytes on every machine, whatever the module does.
//! * **Commit, then reveal** ([`commit_hash`]): a worker first commits to its result without
//!   showing it, then reveals it.
//! * **Views** ([`JobView`]) answered by the runtime API behind `agora_job`, `agora_jobsOf` and
//!   `agora_assignedJobs`.

use crate::{disputes::DisputeId, disputes::Ruling, market::AgreementId, Balance};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// Identifies a job.
pub type JobId = u64;

/// Most workers a job may ask for, whatever a chain's tunables say (the chain's own maximum,
/// `JobParams::max_replicas`, is at most this).
pub const MAX_REPLICAS: u32 = 5;

/// Most bytes a job's result blob may have: the status byte and at most
/// `MAX_RESULT_BYTES - 1` bytes of output. A module that writes more ends with
/// [`ResultStatus::OutputLimit`].
pub const MAX_RESULT_BYTES: u64 = 16 * 1024 * 1024;

/// Size of a WebAssembly page: memory limits are counted in pages.
pub const WASM_PAGE_BYTES: u64 = 64 * 1024;

/// Bytes stored off-chain and identified on-chain: merkle root (storage format) and size.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Blob {
	/// Merkle root of the bytes ([`crate::merkle`]).
	pub root: H256,
	/// Size in bytes.
	pub size: u64,
}

/// The import ABI of a job module.
///
/// A job module is a WebAssembly module (MVP plus the features wasmtime enables by default,
/// without threads, SIMD or relaxed SIMD) that
/// * exports a memory named [`abi::MEMORY`] and a function [`abi::ENTRY`] of type `() -> ()`;
/// * imports nothing but these functions of module [`abi::MODULE`] (all `i32` are unsigned
///   byte counts or offsets into the exported memory):
///   - `input_len() -> i32`: the size of the input in bytes;
///   - `read_input(offset: i32, ptr: i32, len: i32) -> i32`: copies up to `len` bytes of the
///     input from `offset` into memory at `ptr`, returns how many it copied (0 at the end);
///   - `write_output(ptr: i32, len: i32)`: appends `len` bytes from memory at `ptr` to the
///     output.
///
/// A pointer outside the memory traps. Nothing else is reachable: no clock, no randomness, no
/// files, no network. Memory grows up to the job's page limit (`memory.grow` returns -1 past
/// it; the limit counts all memories together), fuel is metered: one unit per instruction, as
/// wasmtime counts it, plus one unit per byte `read_input` or `write_output` copies (so a module
/// cannot keep a worker busy copying for free). wasmtime checks fuel at function entries and
/// loop headers, so a run may overdraw its limit by a few instructions: it then ends `Ok`, the
/// same on every machine.
pub mod abi {
	/// The import module name.
	pub const MODULE: &str = "agora";
	/// The entry point, `() -> ()`.
	pub const ENTRY: &str = "run";
	/// The memory the host reads and writes.
	pub const MEMORY: &str = "memory";
	/// `input_len() -> i32`.
	pub const INPUT_LEN: &str = "input_len";
	/// `read_input(offset: i32, ptr: i32, len: i32) -> i32`.
	pub const READ_INPUT: &str = "read_input";
	/// `write_output(ptr: i32, len: i32)`.
	pub const WRITE_OUTPUT: &str = "write_output";
}

/// How a run ended: the first byte of the result blob.
///
/// Every status is a result. Honest workers running the same module on the same input reach
/// the same status and the same output, so they agree and are paid even when the module is
/// broken: the consumer pays for the fuel its module burned, never a worker for a crash.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[repr(u8)]
pub enum ResultStatus {
	/// `run` returned; the output follows.
	Ok = 0,
	/// The module trapped (unreachable, division by zero, out-of-bounds access, stack
	/// overflow...). No output follows.
	Trap = 1,
	/// The fuel limit ran out. No output follows.
	OutOfFuel = 2,
	/// The module's declared minimum memory exceeds the job's page limit (all memories
	/// together), or it declares more than 16 memories or tables, or a table of more than
	/// 65,536 elements. No output follows.
	MemoryLimit = 3,
	/// The module does not validate, imports anything outside [`abi`], or lacks the `memory`
	/// or `run` export. No output follows.
	Invalid = 4,
	/// The output grew past [`MAX_RESULT_BYTES`]. No output follows.
	OutputLimit = 5,
}

impl ResultStatus {
	/// The status of a result blob's first byte.
	pub fn from_byte(byte: u8) -> Option<Self> {
		Some(match byte {
			0 => Self::Ok,
			1 => Self::Trap,
			2 => Self::OutOfFuel,
			3 => Self::MemoryLimit,
			4 => Self::Invalid,
			5 => Self::OutputLimit,
			_ => return None,
		})
	}
}

/// The result blob of a run: the status byte, then the output if the status is
/// [`ResultStatus::Ok`]. Its merkle root and size are what workers commit to and reveal.
pub fn result_blob(status: ResultStatus, output: &[u8]) -> Vec<u8> {
	let mut blob = Vec::with_capacity(output.len().saturating_add(1));
	blob.push(status as u8);
	if status == ResultStatus::Ok {
		blob.extend_from_slice(output);
	}
	blob
}

/// What a worker commits to before revealing: `blake2_256(SCALE(root, size, salt, worker))`,
/// i.e. the 32 root bytes, the size as 8 little-endian bytes, the 32 salt bytes and the
/// worker's 32-byte account id. The worker in the hash stops a worker from copying another's
/// commitment.
pub fn commit_hash<AccountId: Encode>(result: &Blob, salt: &[u8; 32], worker: &AccountId) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(result.root, result.size, salt, worker).encode()))
}

/// How a job's result is checked.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum JobMode {
	/// `replicas` workers (at least 3) drawn by the chain among every opted-in worker, never
	/// named by the consumer, run the module; they commit, then reveal their result; the result
	/// of a strict majority wins.
	Replicated,
	/// One worker posts its result; the consumer accepts it or disputes it within a window,
	/// and silence is acceptance. For `r = 1`, for non-deterministic work (GPUs) and for jobs
	/// under a compute agreement.
	Attested,
}

/// Where one assigned worker stands.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum SlotState<BlockNumber> {
	/// Drawn; it must accept (holding its collateral) before this block or be skipped.
	Offered {
		/// First block at which anyone may skip it.
		until: BlockNumber,
	},
	/// Accepted, collateral held; running.
	Accepted,
	/// Committed to a result (replicated mode).
	Committed {
		/// The commitment ([`commit_hash`]).
		hash: H256,
	},
	/// Revealed (replicated) or posted (attested) its result.
	Revealed {
		/// The result blob.
		result: Blob,
	},
}

/// An assigned worker.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct SlotView<AccountId, BlockNumber> {
	/// The provider.
	pub worker: AccountId,
	/// Where it stands.
	pub state: SlotState<BlockNumber>,
	/// Collateral it holds in the job (0 until it accepts).
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub collateral: Balance,
}

/// How a job ended.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum JobOutcome {
	/// A result was checked (a strict majority revealed it, or the consumer accepted it, or
	/// stayed silent): the workers that gave it were paid.
	Completed {
		/// The winning result.
		result: Blob,
	},
	/// Replicated: the revealed results had no strict majority. The reward returned to the
	/// consumer; workers that revealed got their collateral back, the others lost it.
	NoMajority,
	/// Not enough workers accepted by the deadline: everything returned to the consumer.
	Unassigned,
	/// Attested: no result was posted by the deadline. The reward and the worker's collateral
	/// went to the consumer.
	TimedOut,
	/// Attested and disputed: the committee ruled this.
	Ruled(Ruling),
	/// The consumer cancelled it before any worker accepted: everything returned.
	Cancelled,
}

/// Where a job stands.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum JobStatus<BlockNumber> {
	/// Workers are being drawn and asked; some slots may already have accepted.
	Assigning,
	/// Every slot accepted: the workers run the module and commit (replicated) or post
	/// (attested) their result before `until`.
	Running {
		/// Commit (replicated) or posting (attested) deadline.
		until: BlockNumber,
	},
	/// Replicated: commitments are closed; workers reveal before `until`.
	Revealing {
		/// Reveal deadline.
		until: BlockNumber,
	},
	/// Attested: the result is posted; the consumer may dispute it before `until`, after which
	/// anyone may finalize it as accepted.
	Posted {
		/// End of the consumer's window.
		until: BlockNumber,
	},
	/// Attested: the consumer disputed the result.
	Disputed {
		/// The dispute.
		dispute: DisputeId,
	},
	/// Ended.
	Finished {
		/// How.
		outcome: JobOutcome,
		/// When.
		at: BlockNumber,
	},
}

/// A job, as `agora_job` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct JobView<AccountId, BlockNumber> {
	/// The job.
	pub id: JobId,
	/// Who posted and pays for it.
	pub consumer: AccountId,
	/// The WebAssembly module.
	pub module: Blob,
	/// The input.
	pub input: Blob,
	/// Fuel limit.
	pub fuel: u64,
	/// Memory limit, in 64 KiB pages.
	pub memory_pages: u32,
	/// How the result is checked.
	pub mode: JobMode,
	/// Workers asked for.
	pub replicas: u32,
	/// The reward, shared by the workers whose result wins (0 under an agreement).
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub reward: Balance,
	/// The collateral each worker holds while assigned.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub collateral: Balance,
	/// The compute agreement it runs under, if any (its provider is the worker).
	pub agreement: Option<AgreementId>,
	/// Minimum reputation score of a worker.
	pub min_score: Option<Perbill>,
	/// The providers the worker is drawn from, if the consumer restricted it (attested jobs
	/// only).
	pub candidates: Vec<AccountId>,
	/// Block it was posted.
	pub submitted_at: BlockNumber,
	/// If not every slot accepted by this block, the job ends `Unassigned`; also the latest
	/// end of the run.
	pub deadline: BlockNumber,
	/// The assigned workers.
	pub slots: Vec<SlotView<AccountId, BlockNumber>>,
	/// Slots still to be drawn (a draw waits for randomness of a later block).
	pub undrawn: u32,
	/// Where it stands.
	pub status: JobStatus<BlockNumber>,
	/// The record deposit held from the consumer until the job is closed.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub deposit: Balance,
}

/// The job market's counters, kept as things happen (O(1)).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct JobStatsView {
	/// Jobs posted.
	pub submitted: u64,
	/// Jobs completed with a checked result.
	pub completed: u64,
	/// Replicated jobs without a strict majority.
	pub no_majority: u64,
	/// Jobs that did not find enough workers by their deadline.
	pub unassigned: u64,
	/// Attested jobs whose worker posted nothing in time.
	pub timed_out: u64,
	/// Attested jobs the consumer disputed.
	pub disputed: u64,
	/// Jobs cancelled before any worker accepted.
	pub cancelled: u64,
	/// Worker results that lost (a minority result, or a ruling against the worker).
	pub wrong_results: u64,
	/// Workers that accepted and then committed, revealed or posted nothing in time.
	pub missed: u64,
	/// Rewards paid to workers.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub rewards_paid: Balance,
	/// Worker collateral paid to consumers.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub collateral_slashed: Balance,
	/// Live: jobs posted and not finished yet.
	pub live: u64,
	/// Attested jobs that ended by a dispute's ruling.
	pub ruled: u64,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn result_blobs_carry_output_only_on_success() {
		assert_eq!(result_blob(ResultStatus::Ok, b"hi"), vec![0, b'h', b'i']);
		assert_eq!(result_blob(ResultStatus::Trap, b"hi"), vec![1]);
		for byte in 0..=5u8 {
			assert_eq!(ResultStatus::from_byte(byte).map(|s| s as u8), Some(byte));
		}
		assert_eq!(ResultStatus::from_byte(6), None);
	}

	#[test]
	fn commitments_bind_the_worker_and_the_salt() {
		let result = Blob { root: H256::repeat_byte(7), size: 10 };
		let a = commit_hash(&result, &[1; 32], &[2u8; 32]);
		assert_ne!(a, commit_hash(&result, &[1; 32], &[3u8; 32]));
		assert_ne!(a, commit_hash(&result, &[9; 32], &[2u8; 32]));
		// The documented byte layout, which the JavaScript tools reproduce.
		let mut bytes = Vec::new();
		bytes.extend_from_slice(&[7; 32]);
		bytes.extend_from_slice(&10u64.to_le_bytes());
		bytes.extend_from_slice(&[1; 32]);
		bytes.extend_from_slice(&[2; 32]);
		assert_eq!(a, H256(sp_crypto_hashing::blake2_256(&bytes)));
	}
}
