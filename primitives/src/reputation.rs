//! Reputation: what the other pallets report about agreements, and what the runtime answers
//! about an account's standing.
//!
//! Each account has two profiles, one per [`Side`]. A profile holds Beta-model evidence: `good`
//! (r) and `bad` (s), fixed-point, decayed by elapsed time with a half-life ([`decay_factor`]).
//! Its score is `(r + 1) / (r + s + 2)` ([`score`]): 50 % with no evidence, approaching the share
//! of good evidence as evidence accumulates; `r + s` is shown as the confidence.

use crate::Balance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{One, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill,
};

pub use crate::traits::{CompletedAgreements, OnAgreementClosed, ReputationEvents};

/// Which side of an account's dealings a profile describes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Side {
	/// As a provider.
	Provider,
	/// As a consumer.
	Consumer,
}

/// What the reputation pallet needs to know about a finished agreement to accept ratings.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RatingInfo<AccountId, BlockNumber> {
	/// The consumer.
	pub consumer: AccountId,
	/// The provider.
	pub provider: AccountId,
	/// Block the agreement completed in.
	pub completed_at: BlockNumber,
	/// What the consumer paid the provider over the agreement.
	pub value_paid: Balance,
	/// Whether the agreement was ever disputed (disputed agreements take no ratings).
	pub disputed: bool,
}

/// How a dispute ended, for the profiles of both parties.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DisputeOutcome {
	/// The consumer won.
	ConsumerWon,
	/// The provider won.
	ProviderWon,
	/// Neither side won outright.
	Split,
	/// No majority: the dispute was dismissed and the agreement went on (no evidence).
	Dismissed,
}

/// `2^(-2^-i)` for i = 1..=30, as [`FixedU128`] inner values (1e18 = 1.0), rounded to nearest.
const ROOTS_OF_HALF: [u128; 30] = [
	707106781186547524,
	840896415253714543,
	917004043204671232,
	957603280698573647,
	978572062087700135,
	989228013193975484,
	994599423483633176,
	997296056085470126,
	998647112890970174,
	999323327502650752,
	999661606496243684,
	999830788931929063,
	999915390886613498,
	999957694548431133,
	999978847050491930,
	999989423469314464,
	999994711720674283,
	999997355856841395,
	999998677927546760,
	999999338963554895,
	999999669481722826,
	999999834740847758,
	999999917370420465,
	999999958685209379,
	999999979342604476,
	999999989671302185,
	999999994835651079,
	999999997417825536,
	999999998708912767,
	999999999354456383,
];

/// The share of evidence left after `elapsed` blocks with a half-life of `half_life` blocks:
/// `0.5^(elapsed / half_life)`. Whole half-lives halve exactly; the fraction of a half-life is
/// taken to 30 binary digits through the constants `2^(-2^-i)`, so the result is within about
/// 1e-9 (relative) of the real value. A half-life of 0 means no decay.
pub fn decay_factor(elapsed: u64, half_life: u64) -> FixedU128 {
	if half_life == 0 {
		return FixedU128::one();
	}
	let (Some(halvings), Some(rest)) =
		(elapsed.checked_div(half_life), elapsed.checked_rem(half_life))
	else {
		return FixedU128::one();
	};
	if halvings >= 64 {
		return FixedU128::zero();
	}
	// The fraction rest / half_life in 30 binary digits (rest < half_life < 2^64: no overflow).
	let bits = (u128::from(rest) << 30).checked_div(u128::from(half_life)).unwrap_or(0);
	let mut factor = FixedU128::one();
	for (i, root) in ROOTS_OF_HALF.iter().enumerate() {
		// Digit i (from the most significant of the 30) selects 2^(-2^-(i+1)).
		if bits & (1u128 << 29usize.saturating_sub(i)) != 0 {
			factor = factor.saturating_mul(FixedU128::from_inner(*root));
		}
	}
	FixedU128::from_inner(factor.into_inner() >> halvings)
}

/// The Beta-model score `(good + 1) / (good + bad + 2)`.
pub fn score(good: FixedU128, bad: FixedU128) -> Perbill {
	let one = FixedU128::one().into_inner();
	let num = good.into_inner().saturating_add(one);
	let den = good
		.into_inner()
		.saturating_add(bad.into_inner())
		.saturating_add(one.saturating_mul(2));
	Perbill::from_rational(num, den)
}

/// Thousandths of a fixed-point number (how evidence is shown).
pub fn milli(x: FixedU128) -> u64 {
	(x.into_inner() / (FixedU128::DIV / 1000)).try_into().unwrap_or(u64::MAX)
}

/// Counters of a profile.
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Counters {
	/// Agreements that ran to completion.
	pub completed: u32,
	/// Agreements that ended early through this side's fault (non-payment or cancellation for a
	/// consumer, abandonment for a provider).
	pub terminated: u32,
	/// Agreements failed by lost data (providers).
	pub failed: u32,
	/// Storage challenges answered (providers).
	pub challenges_passed: u32,
	/// Storage challenges missed (providers).
	pub challenges_missed: u32,
	/// Disputes won.
	pub disputes_won: u32,
	/// Disputes lost.
	pub disputes_lost: u32,
	/// Ratings received.
	pub ratings: u32,
	/// Value paid (consumer side) or earned (provider side) in completed agreements.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub value: Balance,
}

/// One side of an account's reputation, decayed to the block asked about.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProfileView {
	/// `(good + 1) / (good + bad + 2)` in parts per billion (500,000,000 with no evidence).
	pub score: Perbill,
	/// Good evidence, in thousandths.
	pub good: u64,
	/// Bad evidence, in thousandths.
	pub bad: u64,
	/// `good + bad`, in thousandths: how much the score rests on.
	pub confidence: u64,
	/// What happened so far (not decayed).
	pub counters: Counters,
}

/// Both sides of an account's reputation.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ReputationView<AccountId> {
	/// The account.
	pub account: AccountId,
	/// As a provider.
	pub provider: ProfileView,
	/// As a consumer.
	pub consumer: ProfileView,
}

#[cfg(test)]
mod tests {
	use super::*;

	fn approx(x: FixedU128, expected: f64) {
		let got = x.into_inner() as f64 / 1e18;
		assert!((got - expected).abs() < 1e-9, "{got} vs {expected}");
	}

	#[test]
	fn decay_against_hand_computed_values() {
		let h = 1_000u64;
		assert_eq!(decay_factor(0, h), FixedU128::one());
		assert_eq!(decay_factor(h, h), FixedU128::from_rational(1, 2));
		assert_eq!(decay_factor(3 * h, h), FixedU128::from_rational(1, 8));
		approx(decay_factor(h / 2, h), 0.707_106_781_186_547_5); // 2^-0.5
		approx(decay_factor(h / 4, h), 0.840_896_415_253_714_5); // 2^-0.25
		approx(decay_factor(3 * h / 2, h), 0.353_553_390_593_273_8); // 2^-1.5
		approx(decay_factor(1, h), 0.999_307_092_990_452_5); // 2^-0.001
		approx(decay_factor(2_718, h), 0.151_984_910_397_887_1); // 2^-2.718
		assert_eq!(decay_factor(64 * h, h), FixedU128::zero());
		assert_eq!(decay_factor(5, 0), FixedU128::one());
		// Monotone: more time, less left.
		let mut last = FixedU128::one();
		for t in (0..5 * h).step_by(37) {
			let f = decay_factor(t, h);
			assert!(f <= last);
			last = f;
		}
	}

	#[test]
	fn beta_scores() {
		let n = |x: u128| FixedU128::from_u32(x as u32);
		assert_eq!(score(n(0), n(0)), Perbill::from_percent(50));
		assert_eq!(score(n(8), n(0)), Perbill::from_percent(90));
		assert_eq!(score(n(0), n(8)), Perbill::from_percent(10));
		assert_eq!(score(n(3), n(1)), Perbill::from_rational(4u32, 6u32));
		assert_eq!(milli(FixedU128::from_rational(12_345, 1_000)), 12_345);
	}
}
