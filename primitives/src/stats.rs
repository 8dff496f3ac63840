//! Market statistics (issue 14): the counters each pallet keeps as things happen, the
//! [`MarketStats`] the runtime assembles from them for `agora_marketStats`, and the network
//! [`health`] score the node adds (it alone knows the finality lag).
//!
//! The JSON shape is fixed by `docs/market-stats.md`; fields may be added, never renamed.
//! "Live" counts go up and down as records change status; "cumulative" counts only go up.

use crate::{jobs::JobStatsView, market::Resources, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The providers pallet's counters (one storage value, updated at every status or capacity
/// change).
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
pub struct ProviderCounters {
	/// Providers taking requests (suspended ones included).
	pub active: u32,
	/// Paused providers.
	pub paused: u32,
	/// Unregistered providers waiting to withdraw their bond.
	pub unbonding: u32,
	/// Providers suspended by governance (whatever their status).
	pub suspended: u32,
	/// Capacity declared by providers that are not unbonding.
	pub declared: Resources,
	/// Capacity booked by live agreements (unbonding providers book nothing).
	pub booked: Resources,
}

/// Providers by status, as `agora_marketStats` shows them.
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
pub struct ProvidersView {
	/// Taking requests.
	pub active: u32,
	/// Paused.
	pub paused: u32,
	/// Unregistered, bond not withdrawn yet.
	pub unbonding: u32,
	/// All registered (the three above).
	pub total: u32,
	/// Suspended by governance (counted in their status too).
	pub suspended: u32,
}

/// Declared and booked capacity, summed over providers that are not unbonding.
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
pub struct CapacityView {
	/// What providers declare.
	pub declared: Resources,
	/// What live agreements reserve of it.
	pub booked: Resources,
}

impl From<ProviderCounters> for ProvidersView {
	fn from(c: ProviderCounters) -> Self {
		Self {
			active: c.active,
			paused: c.paused,
			unbonding: c.unbonding,
			total: c.active.saturating_add(c.paused).saturating_add(c.unbonding),
			suspended: c.suspended,
		}
	}
}

/// The agreements pallet's counters, also their view in `agora_marketStats`.
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
pub struct AgreementCounters {
	/// Cumulative: agreements ever requested.
	pub total: u64,
	/// Live: waiting for the provider.
	pub requested: u32,
	/// Live: waiting for the consumer to take a counter-offer.
	pub countered: u32,
	/// Live: running.
	pub active: u32,
	/// Live: under dispute.
	pub disputed: u32,
	/// Cumulative: ended by completion.
	pub completed: u64,
	/// Cumulative: ended before activation (revoked, rejected, expired).
	pub cancelled: u64,
	/// Cumulative: ended early (non-payment, cancel, abandon, unconfirmed upload).
	pub terminated: u64,
	/// Cumulative: failed by missed storage challenges.
	pub failed: u64,
	/// Cumulative: ended by a dispute's ruling.
	pub resolved: u64,
	/// Cumulative: installments released to providers by settlement (gross: the market fee
	/// burned out of them included), in plancks.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub settled: Balance,
}

/// The two buckets of the recent challenge window: the current one (bucket index `index`,
/// blocks `[index·W, (index+1)·W)` for the window length `W`) and the previous one.
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
pub struct RecentWindow {
	/// Index of the current bucket: block number divided by the window length.
	pub index: u64,
	/// Passes in the current bucket.
	pub passed: u32,
	/// Misses in the current bucket.
	pub missed: u32,
	/// Passes in the previous bucket.
	pub previous_passed: u32,
	/// Misses in the previous bucket.
	pub previous_missed: u32,
}

impl RecentWindow {
	/// The window as of bucket `index`: unchanged in the same bucket, shifted by one in the
	/// next, emptied after a longer gap (or if `index` went back, after the window changed).
	pub fn rolled(self, index: u64) -> Self {
		if index == self.index {
			self
		} else if Some(index) == self.index.checked_add(1) {
			Self {
				index,
				passed: 0,
				missed: 0,
				previous_passed: self.passed,
				previous_missed: self.missed,
			}
		} else {
			Self { index, ..Default::default() }
		}
	}

	/// Passes over both buckets.
	pub fn recent_passed(&self) -> u32 {
		self.passed.saturating_add(self.previous_passed)
	}

	/// Misses over both buckets.
	pub fn recent_missed(&self) -> u32 {
		self.missed.saturating_add(self.previous_missed)
	}
}

/// The storage-proofs pallet's counters.
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
pub struct ProofCounters {
	/// Live: bytes of every commitment on chain.
	pub committed_bytes: u64,
	/// Live: bytes of the commitments the provider confirmed.
	pub confirmed_bytes: u64,
	/// Cumulative: challenges issued.
	pub issued: u64,
	/// Cumulative: challenges answered with valid proofs.
	pub passed: u64,
	/// Cumulative: challenges missed.
	pub missed: u64,
	/// Cumulative: challenges closed without an outcome (their commitment was removed).
	pub dropped: u64,
	/// Live: open challenges.
	pub open: u32,
	/// The recent window's two buckets.
	pub recent: RecentWindow,
}

/// Committed and confirmed storage, as `agora_marketStats` shows it.
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
pub struct StorageView {
	/// Bytes of every commitment on chain.
	pub committed_bytes: u64,
	/// Of which the provider confirmed holding.
	pub confirmed_bytes: u64,
}

/// Challenges, as `agora_marketStats` shows them.
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
pub struct ChallengesView {
	/// Cumulative: issued.
	pub issued: u64,
	/// Cumulative: passed.
	pub passed: u64,
	/// Cumulative: missed.
	pub missed: u64,
	/// Cumulative: closed without an outcome (the commitment was removed).
	pub dropped: u64,
	/// Live: open.
	pub open: u32,
	/// Passes over the recent window (both buckets).
	pub recent_passed: u32,
	/// Misses over the recent window (both buckets).
	pub recent_missed: u32,
	/// The length of one bucket of the window, in blocks (a chain tunable).
	pub window_blocks: u32,
}

/// The disputes pallet's counters, also their view in `agora_marketStats`.
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
pub struct DisputeCounters {
	/// Live: open disputes.
	pub open: u32,
	/// Cumulative: resolved by a ruling.
	pub resolved: u64,
	/// Cumulative: dismissed without a majority.
	pub dismissed: u64,
	/// Cumulative: disputes ever opened.
	pub opened: u64,
	/// Cumulative: open disputes removed with their closed subject (an agreement or job that
	/// ended while under dispute and was closed before the ruling).
	pub dropped: u64,
}

/// What the runtime answers for `agora_marketStats`: every pallet's counters, read in O(1).
/// The node adds the block numbers, the finality lag and the [`health`] score.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct MarketStats {
	/// Validators in the active session.
	pub validators: u32,
	/// Validators governance asks for.
	pub desired_validators: u32,
	/// Providers by status.
	pub providers: ProvidersView,
	/// Declared and booked capacity.
	pub capacity: CapacityView,
	/// Agreements by status and end.
	pub agreements: AgreementCounters,
	/// Committed and confirmed storage.
	pub storage: StorageView,
	/// Challenges.
	pub challenges: ChallengesView,
	/// Compute jobs.
	pub jobs: JobStatsView,
	/// Disputes.
	pub disputes: DisputeCounters,
	/// Cumulative: installments released to providers, in plancks.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub settled: Balance,
}

/// The network health score and its components (per mill), see [`health`].
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
pub struct Health {
	/// 0..=100.
	pub score: u32,
	/// Finality component, 0..=1000.
	pub finality: u32,
	/// Validator set component, 0..=1000.
	pub validators: u32,
	/// Challenge component, 0..=1000.
	pub challenges: u32,
	/// Provider component, 0..=1000.
	pub providers: u32,
}

/// A finality lag at or below this is perfect.
pub const FINALITY_LAG_OK: u32 = 3;
/// A finality lag at or above this scores nothing.
pub const FINALITY_LAG_BAD: u32 = 23;

/// `1000 * part / whole`, 1000 when `whole` is 0 (nothing to judge is healthy).
fn per_mill(part: u128, whole: u128) -> u32 {
	if whole == 0 {
		return 1000;
	}
	let value = part.saturating_mul(1000).checked_div(whole).unwrap_or(1000).min(1000);
	u32::try_from(value).unwrap_or(1000)
}

/// The network health score of `docs/market-stats.md`, in integers (no floats):
///
/// * `finality` = 1000 when `finality_lag <= 3`, 0 when `finality_lag >= 23`, linear between:
///   `1000 * (23 - lag) / 20`;
/// * `validators` = `1000 * min(validators, desired) / desired` (1000 when `desired` is 0);
/// * `challenges` = `1000 * passed / (passed + missed)` (1000 when both are 0);
/// * `providers` = `1000 * active / (active + paused)` (1000 when both are 0);
/// * `score` = `(30 * finality + 20 * validators + 35 * challenges + 15 * providers) / 1000`,
///   rounded down: 100 only when every component is 1000.
pub fn health(
	finality_lag: u32,
	validators: u32,
	desired: u32,
	recent_passed: u64,
	recent_missed: u64,
	active: u32,
	paused: u32,
) -> Health {
	let finality = if finality_lag <= FINALITY_LAG_OK {
		1000
	} else if finality_lag >= FINALITY_LAG_BAD {
		0
	} else {
		per_mill(
			u128::from(FINALITY_LAG_BAD.saturating_sub(finality_lag)),
			u128::from(FINALITY_LAG_BAD.saturating_sub(FINALITY_LAG_OK)),
		)
	};
	let validators = per_mill(u128::from(validators.min(desired)), u128::from(desired));
	let challenges = per_mill(
		u128::from(recent_passed),
		u128::from(recent_passed).saturating_add(u128::from(recent_missed)),
	);
	let providers =
		per_mill(u128::from(active), u128::from(active).saturating_add(u128::from(paused)));
	let weighted = 30u32
		.saturating_mul(finality)
		.saturating_add(20u32.saturating_mul(validators))
		.saturating_add(35u32.saturating_mul(challenges))
		.saturating_add(15u32.saturating_mul(providers));
	Health { score: weighted / 1000, finality, validators, challenges, providers }
}

#[cfg(test)]
mod tests {
	use super::*;

	fn h(lag: u32, v: u32, d: u32, p: u64, m: u64, a: u32, pa: u32) -> Health {
		health(lag, v, d, p, m, a, pa)
	}

	#[test]
	fn all_zero_inputs_are_healthy() {
		assert_eq!(
			h(0, 0, 0, 0, 0, 0, 0),
			Health {
				score: 100,
				finality: 1000,
				validators: 1000,
				challenges: 1000,
				providers: 1000
			}
		);
	}

	#[test]
	fn finality_is_flat_to_3_then_linear_to_23() {
		let f = |lag| h(lag, 1, 1, 0, 0, 0, 0).finality;
		assert_eq!(f(0), 1000);
		assert_eq!(f(3), 1000);
		// 1000 * (23 - 4) / 20 = 950
		assert_eq!(f(4), 950);
		// 1000 * (23 - 13) / 20 = 500
		assert_eq!(f(13), 500);
		// 1000 * (23 - 22) / 20 = 50
		assert_eq!(f(22), 50);
		assert_eq!(f(23), 0);
		assert_eq!(f(u32::MAX), 0);
		// lag 4: (30 * 950 + 20 * 1000 + 35 * 1000 + 15 * 1000) / 1000 = 98.5 -> 98
		assert_eq!(h(4, 1, 1, 0, 0, 0, 0).score, 98);
		// lag 22: (30 * 50 + 70_000) / 1000 = 71.5 -> 71
		assert_eq!(h(22, 1, 1, 0, 0, 0, 0).score, 71);
		// lag 23: 70_000 / 1000 = 70
		assert_eq!(h(23, 1, 1, 0, 0, 0, 0).score, 70);
	}

	#[test]
	fn validators_count_up_to_the_desired_number() {
		let v = |v, d| h(0, v, d, 0, 0, 0, 0).validators;
		assert_eq!(v(0, 0), 1000);
		assert_eq!(v(5, 0), 1000);
		assert_eq!(v(0, 4), 0);
		assert_eq!(v(3, 4), 750);
		assert_eq!(v(4, 4), 1000);
		assert_eq!(v(9, 4), 1000);
		// 1000 * 2 / 3 = 666.67 -> 666
		assert_eq!(v(2, 3), 666);
		assert_eq!(v(u32::MAX, u32::MAX), 1000);
	}

	#[test]
	fn challenges_and_providers_are_shares() {
		assert_eq!(h(0, 0, 0, 9, 1, 0, 0).challenges, 900);
		assert_eq!(h(0, 0, 0, 0, 5, 0, 0).challenges, 0);
		assert_eq!(h(0, 0, 0, 2, 1, 0, 0).challenges, 666);
		assert_eq!(h(0, 0, 0, u64::MAX, u64::MAX, 0, 0).challenges, 500);
		assert_eq!(h(0, 0, 0, 0, 0, 3, 1).providers, 750);
		assert_eq!(h(0, 0, 0, 0, 0, 0, 7).providers, 0);
		assert_eq!(h(0, 0, 0, 0, 0, 7, 0).providers, 1000);
	}

	#[test]
	fn the_documented_example_scores_92_rounded_down() {
		// The doc's example: lag 2, 1 of 1 validators, 9 passed and 1 missed, 3 active and 1
		// paused: (30 * 1000 + 20 * 1000 + 35 * 900 + 15 * 750) / 1000 = 92.75 -> 92.
		let got = h(2, 1, 1, 9, 1, 3, 1);
		assert_eq!(
			got,
			Health { score: 92, finality: 1000, validators: 1000, challenges: 900, providers: 750 }
		);
		// Everything at zero but the weights' floor.
		assert_eq!(h(23, 0, 1, 0, 1, 0, 1).score, 0);
		// Mixed: lag 8 -> 750; 2 of 3 -> 666; 3/4 -> 750; 1/2 -> 500:
		// (22_500 + 13_320 + 26_250 + 7_500) / 1000 = 69.57 -> 69.
		assert_eq!(
			h(8, 2, 3, 3, 1, 1, 1),
			Health { score: 69, finality: 750, validators: 666, challenges: 750, providers: 500 }
		);
	}

	#[test]
	fn the_recent_window_rolls_by_bucket() {
		let w =
			RecentWindow { index: 5, passed: 3, missed: 1, previous_passed: 7, previous_missed: 2 };
		assert_eq!(w.rolled(5), w);
		assert_eq!(
			w.rolled(6),
			RecentWindow { index: 6, passed: 0, missed: 0, previous_passed: 3, previous_missed: 1 }
		);
		assert_eq!(w.rolled(7), RecentWindow { index: 7, ..Default::default() });
		assert_eq!(w.rolled(2), RecentWindow { index: 2, ..Default::default() });
		assert_eq!((w.recent_passed(), w.recent_missed()), (10, 3));
	}

	#[test]
	fn providers_view_totals_the_statuses() {
		let c = ProviderCounters {
			active: 3,
			paused: 1,
			unbonding: 2,
			suspended: 1,
			..Default::default()
		};
		let v = ProvidersView::from(c);
		assert_eq!((v.total, v.suspended), (6, 1));
	}
}
