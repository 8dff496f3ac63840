//! Types of the agreements pallet.

use agora_primitives::{market::Agreement, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// An agreement as this runtime stores it.
pub type AgreementOf<T> = Agreement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// The agreements' tunables, set per chain at genesis and changeable by governance. An
/// agreement copies `period_length` and `grace_period` at request time, so a change applies to
/// new requests only.
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
pub struct AgreementParams<BlockNumber> {
	/// Blocks per period: the unit of prices, durations and installments.
	pub period_length: BlockNumber,
	/// Shortest agreement, in periods (at least 1).
	pub min_duration: u32,
	/// Longest agreement, in periods.
	pub max_duration: u32,
	/// Blocks a request (or a counter-offer) stays open before anyone may expire it.
	pub request_expiry: BlockNumber,
	/// Blocks after a period's start within which its installment may still be prepaid; after
	/// that the provider may terminate for non-payment. At most `period_length`.
	pub grace_period: BlockNumber,
	/// The provider's collateral, in percent of one installment (at most 1000 %).
	pub collateral_percent: u32,
	/// Part of the provider's remaining collateral paid to the consumer for each missed storage
	/// challenge, in percent (at most 100 %).
	pub fault_slash_percent: u32,
	/// Deposit for the agreement record, held from the consumer until it is closed.
	pub record_deposit: Balance,
	/// Blocks a finished agreement stays readable before anyone may close it (the consumer may
	/// close it at once).
	pub retention: BlockNumber,
	/// Blocks after an agreement ended during which its provider still keeps and serves its
	/// data (so the consumer can fetch it); after them the provider node refuses downloads and
	/// deletes the data. Shown as `servedUntil` in the agreement's view.
	pub data_grace: BlockNumber,
	/// The market fee: this share of every installment released to the provider is burned.
	/// It makes value that passes through the market (and the reputation evidence it earns)
	/// cost something even when the consumer and the provider are one owner.
	pub market_fee: Permill,
}

/// Blocks in a day of 6-second blocks: the unit of the [`Default`] tunables.
const BLOCKS_PER_DAY: u32 = 14_400;

impl<BlockNumber: From<u32>> Default for AgreementParams<BlockNumber> {
	/// Production-like values with 6 s blocks: one-day periods, 1..=3650 days, requests open
	/// for a day, a day of grace, 100 % collateral, 10 % of it slashed per missed challenge,
	/// 0.1 AGR record deposit, 30 days of retention, data served for 2 days after the end.
	///
	/// The runtime's genesis presets (`production_market_params`, built from the runtime's time
	/// constants) are the source of truth for a chain; these mirror them, and a runtime test keeps
	/// the two equal.
	fn default() -> Self {
		Self {
			period_length: BlockNumber::from(BLOCKS_PER_DAY),
			min_duration: 1,
			max_duration: 3_650,
			request_expiry: BlockNumber::from(BLOCKS_PER_DAY),
			grace_period: BlockNumber::from(BLOCKS_PER_DAY),
			collateral_percent: 100,
			fault_slash_percent: 10,
			record_deposit: agora_primitives::AGR / 10,
			retention: BlockNumber::from(30 * BLOCKS_PER_DAY),
			data_grace: BlockNumber::from(2 * BLOCKS_PER_DAY),
			market_fee: Permill::from_percent(1),
		}
	}
}

/// A counter of [`agora_primitives::stats::AgreementCounters`] for one status: live ones go
/// down when an agreement leaves the status, ended ones only go up.
pub enum CounterRef<'a> {
	/// Agreements in the status now.
	Live(&'a mut u32),
	/// Agreements that ever ended in the status.
	Ended(&'a mut u64),
}

/// `amount * percent / 100`, rounded down, without overflow.
pub fn percent_of(amount: Balance, percent: u32) -> Option<Balance> {
	let percent = Balance::from(percent);
	let whole = (amount / 100).checked_mul(percent)?;
	let rest = (amount % 100).checked_mul(percent)? / 100;
	whole.checked_add(rest)
}
