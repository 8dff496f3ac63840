//! Types of the storage-proofs pallet.

use crate::Config;
use agora_primitives::{market::AgreementId, merkle::Node, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// Identifies a challenge (defined once, in [`agora_primitives::proofs`]).
pub use agora_primitives::proofs::ChallengeId;

/// The challenge tunables, set per chain at genesis and changeable by governance.
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
pub struct ProofParams<BlockNumber> {
	/// The shortest audit round: every confirmed commitment is challenged once per round, at a
	/// block of the round drawn from randomness. A round lasts longer only when more
	/// commitments are audited than `MaxChallengesPerBlock` per block can cover.
	pub challenge_period: BlockNumber,
	/// Leaves asked per challenge (k).
	pub leaves_per_challenge: u32,
	/// Blocks the provider has to answer: a challenge issued at block `b` expires at exactly
	/// `b + response_window`. At most `challenge_period`.
	pub response_window: BlockNumber,
	/// Consecutive missed challenges that fail the agreement (N).
	pub max_consecutive_faults: u32,
	/// Blocks the provider has to confirm it holds the data after the consumer's commitment.
	pub upload_window: BlockNumber,
	/// Deposit for a commitment record, held from the consumer until it is removed.
	pub commitment_deposit: Balance,
	/// Length of one bucket of the recent challenge window of `agora_marketStats` (the window
	/// covers the current bucket and the previous one). At least one block.
	pub stats_window: BlockNumber,
}

/// Blocks in an hour of 6-second blocks: the unit of the [`Default`] tunables.
const BLOCKS_PER_HOUR: u32 = 600;

impl<BlockNumber: From<u32>> Default for ProofParams<BlockNumber> {
	/// Production-like values with 6 s blocks: audit rounds of at least 4 hours, 8 leaves,
	/// 30 minutes to answer, 3 consecutive faults fail, a day to upload, recent challenge
	/// statistics over buckets of a day.
	///
	/// The runtime's genesis presets (`production_market_params`, built from the runtime's time
	/// constants) are the source of truth for a chain; these mirror them, and a runtime test keeps
	/// the two equal.
	fn default() -> Self {
		Self {
			challenge_period: BlockNumber::from(4 * BLOCKS_PER_HOUR),
			leaves_per_challenge: 8,
			response_window: BlockNumber::from(BLOCKS_PER_HOUR / 2),
			max_consecutive_faults: 3,
			upload_window: BlockNumber::from(24 * BLOCKS_PER_HOUR),
			commitment_deposit: agora_primitives::AGR / 10,
			stats_window: BlockNumber::from(24 * BLOCKS_PER_HOUR),
		}
	}
}

/// A consumer's commitment to the data of a storage agreement.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Commitment<AccountId, BlockNumber> {
	/// The consumer (pays the deposit).
	pub consumer: AccountId,
	/// The provider (answers challenges).
	pub provider: AccountId,
	/// Merkle root of the (encoded) data.
	pub root: Node,
	/// Size of the data in bytes.
	pub size: u64,
	/// Block of the commitment.
	pub committed_at: BlockNumber,
	/// Block the provider confirmed it holds the data; challenges start then.
	pub confirmed_at: Option<BlockNumber>,
	/// Its position in the audit set ([`crate::Audited`]); `None` while it is not audited:
	/// not confirmed yet, failed, or its agreement is no longer an active storage agreement.
	pub slot: Option<u32>,
	/// Block its last challenge was issued.
	pub last_challenged_at: Option<BlockNumber>,
	/// Missed challenges in a row.
	pub consecutive_faults: u32,
	/// Challenges answered.
	pub passes: u32,
	/// Challenges missed.
	pub faults: u32,
	/// Whether too many consecutive faults failed the agreement.
	pub failed: bool,
	/// Deposit held from the consumer.
	pub deposit: Balance,
}

/// The current audit round. The audit set ([`crate::Audited`]) is split at `cursor`: the
/// commitments before it were drawn this round, the rest are still to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct RoundState<BlockNumber> {
	/// The round's number, from 0 at genesis.
	pub index: u32,
	/// Its first block: it ends `challenge_period` blocks later at the earliest.
	pub started_at: BlockNumber,
	/// How many commitments of the audit set were drawn this round.
	pub cursor: u32,
}

/// A challenge waiting for its answer.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Challenge<T: Config> {
	/// The agreement challenged.
	pub agreement: AgreementId,
	/// Who must answer.
	pub provider: T::AccountId,
	/// The leaf indices asked.
	pub indices: BoundedVec<u64, T::MaxLeavesPerChallenge>,
	/// Block it was issued.
	pub issued_at: BlockNumberFor<T>,
	/// First block at which it counts as missed; answers must land before.
	pub expires_at: BlockNumberFor<T>,
}

/// Challenge outcomes of a provider over all its agreements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ProofStats {
	/// Challenges answered in time with valid proofs.
	pub passes: u64,
	/// Challenges missed.
	pub faults: u64,
}

/// The answer for one leaf: its bytes (the last leaf may be short) and its merkle path.
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
pub struct LeafProof<T: Config> {
	/// The leaf's bytes.
	pub leaf: BoundedVec<u8, ConstU32<{ agora_primitives::merkle::LEAF_SIZE as u32 }>>,
	/// Siblings from the bottom up.
	pub path: BoundedVec<Node, T::MaxProofDepth>,
}
