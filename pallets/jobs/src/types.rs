//! Types of the jobs pallet.

use crate::Config;
use agora_primitives::{
	jobs::{Blob, JobMode, JobStatus, SlotState, MAX_REPLICAS},
	market::AgreementId,
	Balance,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Most random picks per open slot in one draw, whatever the tunables say (bounds the weight of
/// a draw: the benchmark measures this many).
pub const MAX_DRAW_ATTEMPTS: u32 = 16;

/// Fewest workers of a replicated job: with two, one deviating worker forces a tie (no
/// majority) at no cost.
pub const MIN_REPLICATED: u32 = 3;

/// How many later blocks a draw may be pushed to when a block's agenda is full.
pub const AGENDA_SEARCH: u32 = 8;

/// The job market's tunables, set per chain at genesis and changeable by governance. A job
/// copies its collateral at submission; the windows apply as they are when each one opens.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct JobParams<BlockNumber> {
	/// Most workers a replicated job may ask for ([`MIN_REPLICATED`]..=[`MAX_REPLICAS`]).
	pub max_replicas: u32,
	/// Most fuel a job may ask for.
	pub max_fuel: u64,
	/// Most 64 KiB memory pages a job may ask for.
	pub max_memory_pages: u32,
	/// Blocks an offered worker has to accept before anyone may skip it.
	pub accept_window: BlockNumber,
	/// Blocks from the last acceptance to commit (replicated) or post (attested).
	pub run_window: BlockNumber,
	/// Blocks to reveal once the commitments are closed (replicated).
	pub reveal_window: BlockNumber,
	/// Blocks the consumer has to accept or dispute a posted result (attested); silence is
	/// acceptance.
	pub review_window: BlockNumber,
	/// Least collateral a worker holds per job.
	pub min_collateral: Balance,
	/// A worker's collateral in percent of its share (`reward / replicas`), at least
	/// `min_collateral` (at most 1000 %).
	pub collateral_percent: u32,
	/// Deposit for the job record, held from the consumer until the job is closed (not 0).
	pub record_deposit: Balance,
	/// Blocks a finished job stays readable before anyone may close it.
	pub retention: BlockNumber,
	/// Random picks per open slot per draw (1..=[`MAX_DRAW_ATTEMPTS`]).
	pub draw_attempts: u32,
	/// Most blocks from submission to a job's deadline (at least the accept, run and reveal
	/// windows): bounds how long an accepted worker may wait for the others and how long an
	/// unfilled job is drawn again.
	pub max_deadline: BlockNumber,
}

/// Blocks in a day of 6-second blocks.
const BLOCKS_PER_DAY: u32 = 14_400;
/// Blocks in an hour of 6-second blocks.
const BLOCKS_PER_HOUR: u32 = 600;

impl<BlockNumber: From<u32>> Default for JobParams<BlockNumber> {
	/// Production-like values with 6 s blocks: 5 replicas at most, 10^12 fuel, 4 GiB of
	/// memory, 10 minutes to accept, an hour to run, 10 minutes to reveal, a day to review,
	/// 1 AGR of collateral at least and 100 % of a share, 0.1 AGR record deposit, a week of
	/// retention, 8 picks per slot, deadlines at most a day out.
	///
	/// The runtime's genesis presets are the source of truth for a chain; these mirror the
	/// production preset, and a runtime test keeps the two equal.
	fn default() -> Self {
		Self {
			max_replicas: MAX_REPLICAS,
			max_fuel: 1_000_000_000_000,
			max_memory_pages: 65_536,
			accept_window: BlockNumber::from(100),
			run_window: BlockNumber::from(BLOCKS_PER_HOUR),
			reveal_window: BlockNumber::from(100),
			review_window: BlockNumber::from(BLOCKS_PER_DAY),
			min_collateral: agora_primitives::AGR,
			collateral_percent: 100,
			record_deposit: agora_primitives::AGR / 10,
			retention: BlockNumber::from(7 * BLOCKS_PER_DAY),
			draw_attempts: 8,
			max_deadline: BlockNumber::from(BLOCKS_PER_DAY),
		}
	}
}

/// What a consumer asks for in `submit`.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct JobSpec<T: Config> {
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
	/// Workers: `3..=max_replicas` replicated, 1 attested.
	pub replicas: u32,
	/// The reward (0 under an agreement).
	pub reward: Balance,
	/// The job ends `Unassigned` if not every slot accepted by this block (at most
	/// `max_deadline` blocks from submission).
	pub deadline: BlockNumberFor<T>,
	/// Least reputation score of a worker.
	pub min_score: Option<Perbill>,
	/// Draw the worker only from these providers (empty: from every opted-in worker); attested
	/// jobs only.
	pub candidates: BoundedVec<T::AccountId, T::MaxCandidates>,
	/// Run under this compute agreement (its provider is the worker).
	pub agreement: Option<AgreementId>,
}

/// One assigned worker of a job.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Slot<AccountId, BlockNumber> {
	/// The provider.
	pub worker: AccountId,
	/// Where it stands.
	pub state: SlotState<BlockNumber>,
	/// Collateral it holds in the pot for this job (0 until it accepts, and once returned or
	/// paid out).
	pub collateral: Balance,
}

/// The slots of a job.
pub type Slots<T> = BoundedVec<
	Slot<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
	ConstU32<MAX_REPLICAS>,
>;

/// A job as this pallet stores it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Job<T: Config> {
	/// Who posted and pays for it.
	pub consumer: T::AccountId,
	/// The WebAssembly module.
	pub module: Blob,
	/// The input.
	pub input: Blob,
	/// Fuel limit.
	pub fuel: u64,
	/// Memory limit, in pages.
	pub memory_pages: u32,
	/// How the result is checked.
	pub mode: JobMode,
	/// Workers asked for.
	pub replicas: u32,
	/// The reward.
	pub reward: Balance,
	/// The part of the reward still in the pot (the reward until the job ends, then 0).
	pub escrow: Balance,
	/// The collateral each worker holds.
	pub collateral: Balance,
	/// The compute agreement it runs under.
	pub agreement: Option<AgreementId>,
	/// Least reputation score of a worker.
	pub min_score: Option<Perbill>,
	/// Draw workers only from these.
	pub candidates: BoundedVec<T::AccountId, T::MaxCandidates>,
	/// Block it was submitted.
	pub submitted_at: BlockNumberFor<T>,
	/// Every slot must accept before this block.
	pub deadline: BlockNumberFor<T>,
	/// The drawn workers.
	pub slots: Slots<T>,
	/// Workers ever drawn for it (never drawn again for it).
	pub tried: BoundedVec<T::AccountId, T::MaxTried>,
	/// Block whose draw agenda holds it, if any.
	pub draw_at: Option<BlockNumberFor<T>>,
	/// Whether its last redraw found no agenda with room (`advance` queues it again).
	pub draw_dropped: bool,
	/// Where it stands.
	pub status: JobStatus<BlockNumberFor<T>>,
	/// The record deposit held from the consumer.
	pub deposit: Balance,
}

impl<T: Config> Job<T> {
	/// Slots still to draw.
	pub fn undrawn(&self) -> u32 {
		self.replicas.saturating_sub(self.slots.len() as u32)
	}

	/// Whether the job ended.
	pub fn is_finished(&self) -> bool {
		matches!(self.status, JobStatus::Finished { .. })
	}
}

/// A worker in the draw list.
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
pub struct WorkerInfo {
	/// Its position in [`crate::WorkerAt`]; `None` once it opted out while still running jobs.
	pub index: Option<u32>,
	/// Job slots it accepted and has not finished.
	pub running: u32,
}

/// `amount * percent / 100`, rounded down, without overflow.
pub fn percent_of(amount: Balance, percent: u32) -> Option<Balance> {
	let percent = Balance::from(percent);
	let whole = (amount / 100).checked_mul(percent)?;
	let rest = (amount % 100).checked_mul(percent)? / 100;
	whole.checked_add(rest)
}

/// Whether a slot in this state accepted (holds collateral, runs, counts against capacity).
pub fn accepted<B>(state: &SlotState<B>) -> bool {
	!matches!(state, SlotState::Offered { .. })
}
