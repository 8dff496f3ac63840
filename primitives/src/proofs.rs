//! What the runtime answers about storage proofs: commitments, open challenges, statistics.
//! Backs `agora_commitment`, `agora_challengesOf` and `agora_proofStats`, and the provider
//! node's challenge responder.

use crate::{market::AgreementId, Balance};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::H256;

/// Identifies a challenge.
pub type ChallengeId = u64;

/// A consumer's commitment to an agreement's data, and how its challenges went.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CommitmentView<AccountId, BlockNumber> {
	/// The agreement.
	pub agreement: AgreementId,
	/// Who committed (and paid the deposit).
	pub consumer: AccountId,
	/// Who must answer the challenges.
	pub provider: AccountId,
	/// Merkle root of the data.
	pub root: H256,
	/// Size of the data in bytes.
	pub size: u64,
	/// Block of the commitment.
	pub committed_at: BlockNumber,
	/// Last block the provider may confirm in before the consumer may cancel without penalty.
	pub upload_deadline: BlockNumber,
	/// Block the provider confirmed (challenges run from then on).
	pub confirmed_at: Option<BlockNumber>,
	/// Block its last challenge was issued.
	pub last_challenged_at: Option<BlockNumber>,
	/// While it is audited: the earliest end of the current audit round. It is challenged once
	/// per round, at a block nobody knows in advance; a round may last longer when many
	/// commitments are audited. `None` while it is not audited (not confirmed, failed, or the
	/// agreement ended).
	pub round_ends_at: Option<BlockNumber>,
	/// Challenges answered.
	pub passes: u32,
	/// Challenges missed.
	pub faults: u32,
	/// Missed in a row.
	pub consecutive_faults: u32,
	/// Whether too many misses failed the agreement.
	pub failed: bool,
	/// Deposit held for the record.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub deposit: Balance,
}

/// An open challenge.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ChallengeView<BlockNumber> {
	/// The challenge's id (what `storageProofs.respond` takes).
	pub id: ChallengeId,
	/// The agreement challenged.
	pub agreement: AgreementId,
	/// The leaf indices to prove, in order.
	pub indices: Vec<u64>,
	/// Block it was issued.
	pub issued_at: BlockNumber,
	/// First block at which it counts as missed: answers must be included before.
	pub expires_at: BlockNumber,
}

/// A provider's challenge record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProofStatsView {
	/// Challenges answered in time with valid proofs.
	pub passes: u64,
	/// Challenges missed.
	pub faults: u64,
	/// Challenges open now.
	pub open: u32,
}
