//! Types of the reputation pallet.

use agora_primitives::{reputation::Counters, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::FixedU128;

/// One side of an account's reputation as stored: evidence as of `updated_at`, and counters.
#[derive(
	Clone,
	Default,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Profile<BlockNumber> {
	/// Good evidence (r) as of `updated_at`.
	pub good: FixedU128,
	/// Bad evidence (s) as of `updated_at`.
	pub bad: FixedU128,
	/// Block the evidence was last decayed to.
	pub updated_at: BlockNumber,
	/// What happened so far (never decayed).
	pub counters: Counters,
}

/// A rating of one party of an agreement by the other: each score 1 (worst) to 5 (best).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
	/// Did it deliver what was agreed (capacity, speed; for a consumer: sensible use)?
	pub performance: u8,
	/// Was it reliable over the whole agreement (uptime; for a consumer: payments on time)?
	pub stability: u8,
	/// Was it responsive when something went wrong?
	pub support: u8,
}

impl Scores {
	/// Whether every score is in 1..=5.
	pub fn valid(&self) -> bool {
		[self.performance, self.stability, self.support]
			.iter()
			.all(|s| (1..=5).contains(s))
	}

	/// The share of good evidence: 0 for all ones, 1 for all fives, as twelfths.
	pub fn good_twelfths(&self) -> u32 {
		u32::from(self.performance)
			.saturating_add(u32::from(self.stability))
			.saturating_add(u32::from(self.support))
			.saturating_sub(3)
	}
}

/// A rating as stored (while the agreement's record exists).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Rating<BlockNumber> {
	/// The scores.
	pub scores: Scores,
	/// Hash of an off-chain comment (zero for none).
	pub comment_hash: H256,
	/// The evidence it carried.
	pub weight: FixedU128,
	/// Block it was given.
	pub at: BlockNumber,
}

/// Tunables. Evidence amounts are in thousandths of one piece of evidence.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct ReputationParams<BlockNumber> {
	/// Blocks after which evidence counts half (0: no decay).
	pub half_life: BlockNumber,
	/// Blocks after completion during which the parties may rate each other.
	pub rating_window: BlockNumber,
	/// Value paid that gives a rating the weight of one piece of evidence (0: always the cap).
	pub value_per_rating_weight: Balance,
	/// Most evidence one rating can carry, in thousandths.
	pub max_rating_weight: u32,
	/// Most good evidence for each side of a completed agreement, in thousandths: an agreement
	/// earns it in proportion to the value paid through the market, reaching it at
	/// `value_per_completion_weight`.
	pub completion: u32,
	/// Value paid that earns a completion its full evidence; each storage challenge answered
	/// earns `challenge_pass` in proportion to the agreement's price per period against it
	/// (capped at the full amount). 0: always the full amount.
	pub value_per_completion_weight: Balance,
	/// Completions that paid less than this earn no evidence at all (they are still counted).
	pub min_evidence_value: Balance,
	/// Bad evidence for the side at fault in an early termination (non-payment: the consumer;
	/// abandonment: the provider). A consumer's cancellation, paid for by its forfeit, counts
	/// but carries no evidence.
	pub termination: u32,
	/// Bad evidence for a provider whose agreement failed through lost data.
	pub failure: u32,
	/// Most good evidence per storage challenge answered (see `value_per_completion_weight`).
	pub challenge_pass: u32,
	/// Bad evidence per storage challenge missed.
	pub challenge_miss: u32,
	/// Good evidence for the winner of a dispute, bad for the loser.
	pub dispute: u32,
}

/// Blocks in a day of 6-second blocks: the unit of the [`Default`] tunables.
const BLOCKS_PER_DAY: u32 = 14_400;

impl<BlockNumber: From<u32>> Default for ReputationParams<BlockNumber> {
	/// Production values for 6-second blocks: evidence halves in 90 days, ratings within 14
	/// days of completion.
	///
	/// The runtime's genesis presets (`production_market_params`, built from the runtime's time
	/// constants) are the source of truth for a chain; these mirror them, and a runtime test keeps
	/// the two equal.
	fn default() -> Self {
		Self {
			half_life: (90 * BLOCKS_PER_DAY).into(),
			rating_window: (14 * BLOCKS_PER_DAY).into(),
			value_per_rating_weight: 10 * agora_primitives::AGR,
			max_rating_weight: 20_000,
			completion: 1_000,
			value_per_completion_weight: 100 * agora_primitives::AGR,
			min_evidence_value: agora_primitives::AGR,
			termination: 2_000,
			failure: 5_000,
			challenge_pass: 50,
			challenge_miss: 500,
			dispute: 3_000,
		}
	}
}
