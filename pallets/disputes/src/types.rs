//! Types of the disputes pallet.

use crate::Config;
use agora_primitives::{
	disputes::{DisputeStatus, DisputeSubject, Ruling},
	Balance,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Permill;

/// A dispute as stored.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Dispute<T: Config> {
	/// What is disputed.
	pub subject: DisputeSubject,
	/// The consumer (of the agreement or the job).
	pub consumer: T::AccountId,
	/// The provider (of the agreement) or the worker (of the job).
	pub provider: T::AccountId,
	/// Who opened it and posted the bond.
	pub opener: T::AccountId,
	/// The bond held from the opener.
	pub bond: Balance,
	/// Hash of the opener's statement.
	pub reason_hash: H256,
	/// Block it was opened.
	pub opened_at: BlockNumberFor<T>,
	/// Evidence is accepted before this block, votes from it on.
	pub evidence_ends: BlockNumberFor<T>,
	/// Votes are accepted before this block.
	pub voting_ends: BlockNumberFor<T>,
	/// The committee at opening, minus the parties (sorted).
	pub panel: BoundedVec<T::AccountId, T::MaxPanel>,
	/// Votes of panel members (sorted by member).
	pub votes: BoundedVec<(T::AccountId, Ruling), T::MaxPanel>,
	/// Evidence hashes with who filed them, in order.
	pub evidence: BoundedVec<(T::AccountId, H256), T::MaxEvidence>,
	/// Open or resolved.
	pub status: DisputeStatus,
	/// Block it was resolved.
	pub resolved_at: Option<BlockNumberFor<T>>,
}

/// Tunables.
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
pub struct DisputeParams<BlockNumber> {
	/// The smallest bond whoever opens a dispute pays into the pot.
	pub min_bond: Balance,
	/// The bond grows with the value at stake (the agreement's escrow plus the provider's
	/// collateral): it is `max(min_bond, bond_permill × at stake)`.
	pub bond_permill: Permill,
	/// The part of the bond the opener forfeits to the other party when the dispute is
	/// dismissed (no majority by the end of the voting period), in percent (at most 100).
	pub dismissal_forfeit_percent: u32,
	/// Blocks after opening during which the parties file evidence.
	pub evidence_period: BlockNumber,
	/// Blocks after the evidence period during which the panel votes.
	pub voting_period: BlockNumber,
	/// Blocks per term of the elected committee (the elections pallet reads it).
	pub committee_term: BlockNumber,
}

/// Blocks in a day of 6-second blocks: the unit of the [`Default`] tunables.
const BLOCKS_PER_DAY: u32 = 14_400;

impl<BlockNumber: From<u32>> Default for DisputeParams<BlockNumber> {
	/// Production values for 6-second blocks: a bond of 10 % of the value at stake and at least
	/// 100 AGR, half of it forfeited on dismissal, three days of evidence, four days of voting,
	/// two-week committee terms.
	///
	/// The runtime's genesis presets (`production_market_params`, built from the runtime's time
	/// constants) are the source of truth for a chain; these mirror them, and a runtime test keeps
	/// the two equal.
	fn default() -> Self {
		Self {
			min_bond: 100 * agora_primitives::AGR,
			bond_permill: Permill::from_percent(10),
			dismissal_forfeit_percent: 50,
			evidence_period: (3 * BLOCKS_PER_DAY).into(),
			voting_period: (4 * BLOCKS_PER_DAY).into(),
			committee_term: (14 * BLOCKS_PER_DAY).into(),
		}
	}
}
