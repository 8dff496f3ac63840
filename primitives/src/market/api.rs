//! What the runtime API answers about the market ([`crate::MarketApi`]): agreement and provider
//! views, provider searches, quotes and why a quote is refused, and the page size.

#[cfg(feature = "std")]
use super::{bytes_string, option_balance_string, option_perbill};
use super::{Agreement, AgreementId, PriceList, ProviderStatus, Resources, Terms};
use crate::Balance;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The largest page the runtime API answers.
pub const MAX_PAGE_SIZE: u32 = 100;

/// The page size the runtime API uses for a requested `page_size` (0 means the maximum).
pub fn page_size(requested: u32) -> u32 {
	if requested == 0 {
		MAX_PAGE_SIZE
	} else {
		requested.min(MAX_PAGE_SIZE)
	}
}

/// The next installment the consumer owes.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct InstallmentDue<BlockNumber> {
	/// Index of the installment.
	pub installment: u32,
	/// Its amount.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub amount: Balance,
	/// The block its first period starts.
	pub period_starts_at: BlockNumber,
	/// The last block it may be prepaid in before the provider may terminate
	/// (`period_starts_at + grace_period`).
	pub deadline: BlockNumber,
}

/// An agreement with the figures a user asks for: what is due, when, what matured.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AgreementView<AccountId, BlockNumber> {
	/// The agreement's id.
	pub id: AgreementId,
	/// The stored record.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub agreement: Agreement<AccountId, BlockNumber>,
	/// Number of installments under the terms in force.
	pub installments: u32,
	/// Installments whose periods are all over (settle releases the prepaid ones).
	pub matured_installments: u32,
	/// Total price under the terms in force.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub total_price: Balance,
	/// Block the last period ends, once active.
	pub ends_at: Option<BlockNumber>,
	/// The next installment to prepay, while active and not all prepaid.
	pub next_due: Option<InstallmentDue<BlockNumber>>,
	/// Once the agreement ended: the last block its provider serves its data (the end plus the
	/// chain's `dataGrace`); after it the provider node refuses downloads and deletes the data.
	pub served_until: Option<BlockNumber>,
}

/// A free-form attribute of a provider (UTF-8 expected, not enforced).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct AttributeView {
	/// The key.
	#[cfg_attr(feature = "std", serde(with = "bytes_string"))]
	pub key: Vec<u8>,
	/// The value.
	#[cfg_attr(feature = "std", serde(with = "bytes_string"))]
	pub value: Vec<u8>,
}

/// A provider as answered by the runtime API.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProviderView<AccountId, BlockNumber> {
	/// The provider's account.
	pub account: AccountId,
	/// Declared capacity.
	pub capacity: Resources,
	/// Capacity reserved by live agreements.
	pub used: Resources,
	/// Capacity still free.
	pub free: Resources,
	/// Current prices (new requests lock these).
	pub prices: PriceList,
	/// Where consumers reach the provider (e.g. its data RPC URL).
	#[cfg_attr(feature = "std", serde(with = "bytes_string"))]
	pub endpoint: Vec<u8>,
	/// Region, e.g. `eu-west`.
	#[cfg_attr(feature = "std", serde(with = "bytes_string"))]
	pub region: Vec<u8>,
	/// Further attributes.
	pub attributes: Vec<AttributeView>,
	/// Whether it takes new requests.
	pub status: ProviderStatus<BlockNumber>,
	/// Suspended by governance: takes no requests and accepts nothing.
	pub suspended: bool,
	/// Bond held.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub bond: Balance,
	/// Agreements holding reserved capacity.
	pub live_agreements: u32,
	/// Block of registration.
	pub registered_at: BlockNumber,
}

/// What a consumer looks for in `agora_findProviders`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", default))]
pub struct ProviderQuery {
	/// Resources the provider must have free.
	pub resources: Resources,
	/// Highest acceptable price per period for `resources` (none: any price).
	#[cfg_attr(feature = "std", serde(with = "option_balance_string"))]
	pub max_price_per_period: Option<Balance>,
	/// Only providers in this region (empty: any region).
	#[cfg_attr(feature = "std", serde(with = "bytes_string"))]
	pub region: Vec<u8>,
	/// At most this many answers (0: the runtime's maximum).
	pub limit: u32,
	/// Only providers whose reputation score as a provider is at least this (parts per
	/// billion, at most 1,000,000,000; none: any score).
	#[cfg_attr(feature = "std", serde(with = "option_perbill"))]
	pub min_score: Option<sp_runtime::Perbill>,
	/// How to order the answers (default: cheapest first).
	pub order_by: ProviderOrder,
}

/// The order of `agora_findProviders` answers.
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum ProviderOrder {
	/// Cheapest first (then by account).
	#[default]
	Price,
	/// Best reputation score first (then cheapest, then by account).
	Score,
}

/// A provider that matches a [`ProviderQuery`], with its price for the asked resources.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProviderMatch<AccountId, BlockNumber> {
	/// Price of the asked resources for one period at this provider.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub price_per_period: Balance,
	/// The provider's reputation score as a provider (parts per billion).
	pub score: sp_runtime::Perbill,
	/// The provider.
	pub provider: ProviderView<AccountId, BlockNumber>,
}

/// Exactly what a request would lock and hold, answered by `agora_quote`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Quote<BlockNumber> {
	/// The terms the request would lock.
	pub terms: Terms,
	/// Duration, in periods.
	pub duration_periods: u32,
	/// Blocks per period.
	pub period_length: BlockNumber,
	/// Total price: `price_per_period * duration_periods`.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub total_price: Balance,
	/// Number of installments.
	pub installments: u32,
	/// Amount of the first (and largest) installment.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub installment_amount: Balance,
	/// Amount of the last installment (smaller when the plan does not divide the duration).
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub last_installment_amount: Balance,
	/// Security deposit the request holds from the consumer (one installment).
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub security_deposit: Balance,
	/// Record deposit the request holds from the consumer until the agreement is closed.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub record_deposit: Balance,
	/// Collateral the provider must hold to accept.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub provider_collateral: Balance,
}

/// Why a quote (or a request) cannot be made.
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
pub enum QuoteError {
	/// No provider is registered under this account.
	ProviderNotFound,
	/// The provider paused: it takes no new requests.
	ProviderPaused,
	/// The provider is suspended by governance.
	ProviderSuspended,
	/// The provider unregistered.
	ProviderUnbonding,
	/// The provider lacks free capacity for the resources.
	InsufficientCapacity,
	/// No resources were asked for.
	NoResources,
	/// The duration is outside the chain's bounds.
	InvalidDuration,
	/// The plan's installment length is 0 or longer than the duration.
	InvalidPlan,
	/// The price does not fit in a balance.
	Overflow,
}

impl QuoteError {
	/// A stable name for RPC errors.
	pub fn as_str(&self) -> &'static str {
		match self {
			Self::ProviderNotFound => "ProviderNotFound",
			Self::ProviderPaused => "ProviderPaused",
			Self::ProviderSuspended => "ProviderSuspended",
			Self::ProviderUnbonding => "ProviderUnbonding",
			Self::InsufficientCapacity => "InsufficientCapacity",
			Self::NoResources => "NoResources",
			Self::InvalidDuration => "InvalidDuration",
			Self::InvalidPlan => "InvalidPlan",
			Self::Overflow => "Overflow",
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::market::{AgreementStatus, CancelReason};

	#[test]
	fn json_uses_named_fields_and_string_balances() {
		let q = ProviderQuery {
			resources: Resources { storage_bytes: 5, ..Default::default() },
			max_price_per_period: Some(u128::MAX),
			region: b"eu".to_vec(),
			limit: 3,
			min_score: Some(sp_runtime::Perbill::from_percent(60)),
			order_by: ProviderOrder::Score,
		};
		let json = serde_json::to_value(&q).unwrap();
		assert_eq!(json["minScore"], 600_000_000);
		assert_eq!(json["orderBy"], "score");
		assert_eq!(json["maxPricePerPeriod"], u128::MAX.to_string());
		assert_eq!(json["region"], "eu");
		let back: ProviderQuery = serde_json::from_value(json).unwrap();
		assert_eq!(back, q);
		let parsed: ProviderQuery =
			serde_json::from_str(r#"{"resources":{"vcpus":1},"maxPricePerPeriod":5}"#).unwrap();
		assert_eq!(parsed.max_price_per_period, Some(5));
		assert_eq!(parsed.resources.vcpus, 1);
		let status =
			serde_json::to_value(AgreementStatus::Cancelled(CancelReason::Expired)).unwrap();
		assert_eq!(status, serde_json::json!({"cancelled": "expired"}));
	}

	/// Found by the `data_rpc_parse` fuzz target: serde's `Perbill` took any `u32`, so
	/// `agora_findProviders` passed `minScore: 2000000000` on to the runtime API, whose SCALE
	/// decoding of `Perbill` refuses it (a panic in the runtime, answered as a runtime error).
	/// Now such a query does not parse (invalid params), and what parses decodes in SCALE.
	#[test]
	fn a_min_score_above_one_is_refused_and_what_parses_decodes_in_scale() {
		use codec::{Decode, Encode};
		for parts in [1_000_000_001u32, 2_000_000_000, u32::MAX] {
			let json = format!(r#"{{"minScore":{parts}}}"#);
			let refused = serde_json::from_str::<ProviderQuery>(&json).unwrap_err();
			assert!(refused.to_string().contains("more than 1,000,000,000"), "{refused}");
		}
		for (json, expected) in [
			(r#"{"minScore":1000000000}"#, Some(sp_runtime::Perbill::one())),
			(r#"{"minScore":0}"#, Some(sp_runtime::Perbill::zero())),
			(r#"{"minScore":null}"#, None),
			(r#"{}"#, None),
		] {
			let q: ProviderQuery = serde_json::from_str(json).unwrap();
			assert_eq!(q.min_score, expected, "{json}");
			assert_eq!(ProviderQuery::decode(&mut &q.encode()[..]), Ok(q.clone()));
			let back: ProviderQuery =
				serde_json::from_value(serde_json::to_value(&q).unwrap()).unwrap();
			assert_eq!(back, q);
		}
	}
}
