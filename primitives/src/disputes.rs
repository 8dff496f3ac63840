//! Disputes: what a ruling is, what the disputes pallet needs from the agreements pallet, and
//! what the runtime answers about disputes and the committee.

use crate::{jobs::JobId, market::AgreementId, Balance};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

pub use crate::traits::{DisputedAgreements, DisputedJobs};

/// Identifies a dispute.
pub type DisputeId = u64;

/// What a dispute is about.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DisputeSubject {
	/// An agreement, opened by its consumer or its provider.
	Agreement(AgreementId),
	/// An attested job's posted result, opened by the job's consumer.
	Job(JobId),
}

/// What the panel decides about an agreement's escrow.
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
pub enum Ruling {
	/// The consumer is right: the escrow returns to it and the provider's collateral is paid
	/// to it.
	FavourConsumer,
	/// The provider is right: it receives the escrow for the periods served since the last
	/// payout and keeps its collateral; the rest of the escrow returns to the consumer.
	FavourProvider,
	/// This share of the escrow for the periods served since the last payout returns to the
	/// consumer, the rest of it goes to the provider; the unserved escrow returns to the
	/// consumer and the provider keeps its collateral.
	Split(Perbill),
}

/// What executing a ruling moved.
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
pub struct RulingPayout {
	/// Paid or returned to the consumer from escrow and collateral (the security deposit, which
	/// always returns, not counted).
	pub to_consumer: Balance,
	/// Paid to the provider from escrow (the served value it was awarded).
	pub to_provider: Balance,
}

/// Where a dispute stands.
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
pub enum DisputeStatus {
	/// Evidence and votes are being collected.
	Open,
	/// Resolved with this ruling.
	Resolved(Ruling),
	/// No majority by the end of the voting period: the agreement went on, and the opener
	/// forfeited part of its bond to the other party.
	Dismissed,
}

/// A dispute, as `agora_dispute` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DisputeView<AccountId, BlockNumber> {
	/// The dispute.
	pub id: DisputeId,
	/// What is disputed.
	pub subject: DisputeSubject,
	/// The consumer (of the agreement or the job).
	pub consumer: AccountId,
	/// The provider (of the agreement) or the worker (of the job).
	pub provider: AccountId,
	/// Who opened the dispute (and posted the bond).
	pub opener: AccountId,
	/// The bond held from the opener.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub bond: Balance,
	/// Hash of the opener's statement.
	pub reason_hash: H256,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// Evidence is accepted before this block; votes from it on.
	pub evidence_ends: BlockNumber,
	/// Votes are accepted before this block; from it on anyone may resolve.
	pub voting_ends: BlockNumber,
	/// The committee members at opening, minus the parties.
	pub panel: Vec<AccountId>,
	/// The panel's votes so far.
	pub votes: Vec<(AccountId, Ruling)>,
	/// Evidence hashes, by party, in order.
	pub evidence: Vec<(AccountId, H256)>,
	/// Open or resolved.
	pub status: DisputeStatus,
	/// Block it was resolved.
	pub resolved_at: Option<BlockNumber>,
}

/// A seat on the committee.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Seat<AccountId> {
	/// The member or runner-up.
	pub account: AccountId,
	/// Approval stake backing it at the last election.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub stake: Balance,
}

/// The dispute committee, as `agora_committee` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CommitteeView<AccountId, BlockNumber> {
	/// Members, by account.
	pub members: Vec<Seat<AccountId>>,
	/// Runners-up, best first.
	pub runners_up: Vec<Seat<AccountId>>,
	/// Candidates for the next election.
	pub candidates: Vec<AccountId>,
	/// Blocks per term.
	pub term_duration: BlockNumber,
	/// The block of the next election (the current term ends there).
	pub term_ends: BlockNumber,
	/// Elections held so far.
	pub election_rounds: u32,
}
