//! The marketplace's shared vocabulary: resources, price lists, payment plans, agreement states,
//! the installment schedule, and the answers of [`crate::MarketApi`].
//!
//! The pallets store these types and the node serialises them to JSON for the `agora_*` RPC, so
//! a number means the same thing on chain, in the runtime API and in a polkadot.js script.
//!
//! ## Units
//!
//! * Storage is declared in bytes and priced per GiB (2^30 bytes) per period, pro rata.
//! * Memory is declared in MiB and priced per GiB (1024 MiB) per period, pro rata.
//! * vCPUs and GPUs are whole units, priced per unit per period.
//! * The price of a bundle for one period is the sum of the four parts, each rounded up to the
//!   next planck, so a provider is never paid less than its price list says.

use crate::Balance;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifies an agreement. Ids are never reused.
pub type AgreementId = u64;

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

/// Bytes in a GiB: the storage and memory price unit.
pub const GIB: u128 = 1 << 30;
/// Bytes in a TiB: the unit of the provider bond.
pub const TIB: u128 = 1 << 40;
/// MiB in a GiB.
pub const MIB_PER_GIB: u128 = 1024;

/// A bundle of resources: what a provider offers, has free, or what an agreement uses.
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
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", default))]
pub struct Resources {
	/// Storage, in bytes.
	pub storage_bytes: u64,
	/// Virtual CPUs.
	pub vcpus: u32,
	/// Memory, in MiB.
	pub memory_mib: u64,
	/// GPUs.
	pub gpus: u32,
}

impl Resources {
	/// No resources at all.
	pub const fn zero() -> Self {
		Self { storage_bytes: 0, vcpus: 0, memory_mib: 0, gpus: 0 }
	}

	/// Whether every part is zero.
	pub fn is_zero(&self) -> bool {
		*self == Self::zero()
	}

	/// Part-wise sum, `None` on overflow.
	pub fn checked_add(&self, other: &Self) -> Option<Self> {
		Some(Self {
			storage_bytes: self.storage_bytes.checked_add(other.storage_bytes)?,
			vcpus: self.vcpus.checked_add(other.vcpus)?,
			memory_mib: self.memory_mib.checked_add(other.memory_mib)?,
			gpus: self.gpus.checked_add(other.gpus)?,
		})
	}

	/// Part-wise difference, `None` if any part of `other` is larger.
	pub fn checked_sub(&self, other: &Self) -> Option<Self> {
		Some(Self {
			storage_bytes: self.storage_bytes.checked_sub(other.storage_bytes)?,
			vcpus: self.vcpus.checked_sub(other.vcpus)?,
			memory_mib: self.memory_mib.checked_sub(other.memory_mib)?,
			gpus: self.gpus.checked_sub(other.gpus)?,
		})
	}

	/// Whether every part of `self` is at most the same part of `capacity`.
	pub fn fits_in(&self, capacity: &Self) -> bool {
		capacity.checked_sub(self).is_some()
	}
}

/// A provider's prices, each per unit per period (see the module docs for the units).
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
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", default))]
pub struct PriceList {
	/// Price of one GiB of storage for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub storage_per_gib: Balance,
	/// Price of one vCPU for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub vcpu: Balance,
	/// Price of one GiB of memory for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub memory_per_gib: Balance,
	/// Price of one GPU for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub gpu: Balance,
}

/// `ceil(amount * price / unit)`, `None` on overflow.
fn pro_rata(amount: u128, price: Balance, unit: u128) -> Option<Balance> {
	let total = amount.checked_mul(price)?;
	let whole = total.checked_div(unit)?;
	if total.checked_rem(unit)? == 0 {
		Some(whole)
	} else {
		whole.checked_add(1)
	}
}

impl PriceList {
	/// The price of `resources` for one period, `None` on overflow.
	pub fn price_per_period(&self, resources: &Resources) -> Option<Balance> {
		let storage = pro_rata(resources.storage_bytes.into(), self.storage_per_gib, GIB)?;
		let memory = pro_rata(resources.memory_mib.into(), self.memory_per_gib, MIB_PER_GIB)?;
		let vcpu = self.vcpu.checked_mul(resources.vcpus.into())?;
		let gpu = self.gpu.checked_mul(resources.gpus.into())?;
		storage.checked_add(memory)?.checked_add(vcpu)?.checked_add(gpu)
	}
}

/// How an agreement's price is paid: one installment covers `installment_periods` periods (the
/// last one may cover fewer). `1` pays period by period; the agreement's duration pays it all at
/// once.
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
pub struct PaymentPlan {
	/// Periods covered by each installment; at least 1, at most the duration.
	pub installment_periods: u32,
}

/// The commercial terms of an agreement: a price per period and a payment plan.
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
pub struct Terms {
	/// Price of the agreed resources for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub price_per_period: Balance,
	/// How the price is paid.
	pub plan: PaymentPlan,
}

/// The installment schedule of an agreement of `duration` periods under `plan`.
///
/// Installment `i` covers periods `i * k .. min((i + 1) * k, duration)` where
/// `k = plan.installment_periods`. All functions are total: they saturate instead of panicking
/// and answer `None` where a value does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
	/// Duration of the agreement, in periods.
	pub duration: u32,
	/// Periods per installment.
	pub installment_periods: u32,
}

impl Schedule {
	/// A schedule, `None` unless `1 <= installment_periods <= duration`.
	pub fn new(duration: u32, plan: PaymentPlan) -> Option<Self> {
		(duration >= 1 && plan.installment_periods >= 1 && plan.installment_periods <= duration)
			.then_some(Self { duration, installment_periods: plan.installment_periods })
	}

	/// Number of installments.
	pub fn installments(&self) -> u32 {
		self.duration.div_ceil(self.installment_periods.max(1))
	}

	/// The first period installment `i` covers.
	pub fn first_period(&self, i: u32) -> u32 {
		i.saturating_mul(self.installment_periods).min(self.duration)
	}

	/// Periods covered by installment `i` (0 past the last).
	pub fn periods_in(&self, i: u32) -> u32 {
		let start = self.first_period(i);
		let end = self.first_period(i.saturating_add(1));
		end.saturating_sub(start)
	}

	/// Amount of installment `i` at `price_per_period`, `None` on overflow.
	pub fn amount(&self, price_per_period: Balance, i: u32) -> Option<Balance> {
		price_per_period.checked_mul(self.periods_in(i).into())
	}

	/// Total of installments `from .. to`, `None` on overflow.
	pub fn amount_between(&self, price_per_period: Balance, from: u32, to: u32) -> Option<Balance> {
		let periods = self.first_period(to).saturating_sub(self.first_period(from));
		price_per_period.checked_mul(periods.into())
	}

	/// Installments fully matured once `elapsed_periods` whole periods have passed.
	pub fn matured(&self, elapsed_periods: u32) -> u32 {
		if elapsed_periods >= self.duration {
			self.installments()
		} else {
			elapsed_periods / self.installment_periods.max(1)
		}
	}

	/// The installment covering period `period`, `None` past the end.
	pub fn installment_of_period(&self, period: u32) -> Option<u32> {
		(period < self.duration).then(|| period / self.installment_periods.max(1))
	}
}

/// Why a request ended before the agreement became active.
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
pub enum CancelReason {
	/// The consumer withdrew the request (or refused the counter-offer).
	Revoked,
	/// The provider rejected the request.
	Rejected,
	/// Nobody answered within the request window.
	Expired,
}

/// Why an active agreement ended before its last period.
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
pub enum TerminationReason {
	/// The consumer did not prepay a running period within the grace window; the provider
	/// terminated.
	NonPayment,
	/// The consumer cancelled early.
	ConsumerCancelled,
	/// The provider abandoned the agreement.
	ProviderAbandoned,
}

/// Where an agreement is in its life.
///
/// `Requested -> (Countered) -> Active -> Completed`, then closed (removed from storage). Side
/// exits: `Cancelled` (before activation), `Terminated` (early end), `Failed` (storage-proof
/// faults) and `Disputed` (under dispute) -> `Resolved` (ruling executed).
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
pub enum AgreementStatus {
	/// The consumer asked; the provider has not answered.
	Requested,
	/// The provider answered with other terms; the consumer has not answered.
	Countered,
	/// Running: capacity reserved, installments due.
	Active,
	/// Every period was served and paid.
	Completed,
	/// Ended before activation.
	Cancelled(CancelReason),
	/// Ended early.
	Terminated(TerminationReason),
	/// Failed by storage-proof faults.
	Failed,
	/// Under dispute; payouts frozen. (Disputed while active: capacity, escrow and collateral
	/// stay held; disputed after completion: `ended_at` is set and nothing is held.)
	Disputed,
	/// A dispute was resolved and its ruling executed.
	Resolved,
}

impl AgreementStatus {
	/// Whether the agreement is over and may be closed.
	pub fn is_final(&self) -> bool {
		matches!(
			self,
			Self::Completed
				| Self::Cancelled(_)
				| Self::Terminated(_)
				| Self::Failed
				| Self::Resolved
		)
	}

	/// Whether the agreement holds reserved capacity.
	pub fn reserves_capacity(&self) -> bool {
		matches!(self, Self::Active | Self::Disputed)
	}
}

/// An agreement as stored on chain.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Agreement<AccountId, BlockNumber> {
	/// Who pays.
	pub consumer: AccountId,
	/// Who serves.
	pub provider: AccountId,
	/// What is served.
	pub resources: Resources,
	/// Length of the agreement, in periods.
	pub duration_periods: u32,
	/// Blocks per period (fixed at request time).
	pub period_length: BlockNumber,
	/// Blocks after a period's start within which its installment may still be prepaid (fixed
	/// at request time).
	pub grace_period: BlockNumber,
	/// The terms in force: locked from the provider's price list at request time, or the
	/// accepted counter-offer.
	pub terms: Terms,
	/// The most the consumer agreed to pay in total when requesting.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub max_price: Balance,
	/// The provider's counter-offer, while `Countered`.
	pub counter: Option<Terms>,
	/// Where the agreement is in its life.
	pub status: AgreementStatus,
	/// Block of the request.
	pub requested_at: BlockNumber,
	/// While `Requested`/`Countered`: the block from which the request may be expired.
	pub expires_at: BlockNumber,
	/// Block of activation (period 0 starts here).
	pub activated_at: Option<BlockNumber>,
	/// Block at which it became final.
	pub ended_at: Option<BlockNumber>,
	/// Installments prepaid so far (they are paid in order).
	pub paid_installments: u32,
	/// Installments released to the provider so far.
	pub settled_installments: u32,
	/// Prepaid, not yet released: held from the consumer.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub escrow: Balance,
	/// The consumer's security deposit (one installment), held from the consumer.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub security_deposit: Balance,
	/// The provider's collateral, held from the provider once it accepted or countered.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub provider_collateral: Balance,
	/// Deposit for this record, held from the consumer until the agreement is closed.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub record_deposit: Balance,
	/// Total released to the provider so far (installments and forfeits).
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub paid_to_provider: Balance,
}

impl<AccountId, BlockNumber> Agreement<AccountId, BlockNumber> {
	/// The schedule of the terms in force.
	pub fn schedule(&self) -> Option<Schedule> {
		Schedule::new(self.duration_periods, self.terms.plan)
	}

	/// Whether the agreement holds reserved capacity, escrow and collateral: it is active, or
	/// under a dispute opened while it was active (not after it ended).
	pub fn is_live(&self) -> bool {
		self.status.reserves_capacity() && self.ended_at.is_none()
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
}

/// Whether a provider takes new requests.
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
pub enum ProviderStatus<BlockNumber> {
	/// Takes new requests.
	Active,
	/// Paused by the provider: no new requests; live agreements continue.
	Paused,
	/// Unregistered: the bond can be withdrawn from block `until` on.
	Unbonding {
		/// First block `withdraw_bond` succeeds.
		until: BlockNumber,
	},
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
	/// billion; none: any score).
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

/// The provider registry as the agreements pallet sees it: prices, capacity reservations.
///
/// `pallet-providers` implements it; the runtime hands it to `pallet-agreements`, so neither
/// pallet reads the other's storage.
pub trait ProviderRegistry<AccountId> {
	/// The price per period of `resources` for a *new request*: the provider must exist, take
	/// requests (not paused, suspended or unbonding) and have the resources free.
	fn price_for_request(
		provider: &AccountId,
		resources: &Resources,
	) -> Result<Balance, QuoteError>;

	/// Reserve `resources` for an agreement that becomes active. Refused when the provider is
	/// suspended, unbonding or lacks free capacity (a paused provider may still accept what it
	/// was asked before pausing).
	fn reserve(provider: &AccountId, resources: &Resources) -> Result<(), QuoteError>;

	/// Release what [`Self::reserve`] reserved, when the agreement ends.
	fn release(provider: &AccountId, resources: &Resources);

	/// Reserved resources and the number of agreements holding them (for invariant checks).
	fn reserved(provider: &AccountId) -> Option<(Resources, u32)>;

	/// Register `provider` with `capacity` and `prices`, funding its bond (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(provider: &AccountId, capacity: Resources, prices: PriceList);
}

/// Serialises byte strings as (lossy) UTF-8 strings.
#[cfg(feature = "std")]
pub mod bytes_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Serialise bytes as a string.
	pub fn serialize<S: Serializer>(value: &[u8], s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&String::from_utf8_lossy(value))
	}

	/// Parse bytes from a string.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
		Ok(String::deserialize(d)?.into_bytes())
	}
}

/// Serialises an optional balance as a decimal string or `null`.
#[cfg(feature = "std")]
pub mod option_balance_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Serialise.
	pub fn serialize<S: Serializer>(value: &Option<u128>, s: S) -> Result<S::Ok, S::Error> {
		match value {
			Some(v) => s.serialize_some(&v.to_string()),
			None => s.serialize_none(),
		}
	}

	/// Parse a decimal string (or a JSON number that fits in a `u64`), or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u128>, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Repr {
			Text(String),
			Number(u64),
		}
		match Option::<Repr>::deserialize(d)? {
			None => Ok(None),
			Some(Repr::Number(n)) => Ok(Some(n.into())),
			Some(Repr::Text(t)) => t.parse::<u128>().map(Some).map_err(serde::de::Error::custom),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn price_is_pro_rata_and_rounds_up() {
		let prices = PriceList { storage_per_gib: 1_000, vcpu: 7, memory_per_gib: 1_024, gpu: 100 };
		let r =
			Resources { storage_bytes: (GIB as u64) / 2 + 1, vcpus: 2, memory_mib: 512, gpus: 1 };
		// storage: ceil((2^29 + 1) * 1000 / 2^30) = 501; memory 512 MiB * 1024 / 1024 = 512.
		assert_eq!(prices.price_per_period(&r), Some(501 + 14 + 512 + 100));
		assert_eq!(prices.price_per_period(&Resources::zero()), Some(0));
		let huge = PriceList { storage_per_gib: u128::MAX, ..prices };
		assert_eq!(huge.price_per_period(&r), None);
	}

	#[test]
	fn schedule_covers_every_period_once() {
		let s = Schedule::new(7, PaymentPlan { installment_periods: 3 }).unwrap();
		assert_eq!(s.installments(), 3);
		assert_eq!(
			(s.periods_in(0), s.periods_in(1), s.periods_in(2), s.periods_in(3)),
			(3, 3, 1, 0)
		);
		assert_eq!(s.amount(10, 2), Some(10));
		assert_eq!(s.amount_between(10, 0, 3), Some(70));
		assert_eq!(s.amount_between(10, 1, 3), Some(40));
		assert_eq!(
			(s.matured(0), s.matured(2), s.matured(3), s.matured(6), s.matured(7)),
			(0, 0, 1, 2, 3)
		);
		assert_eq!(s.installment_of_period(6), Some(2));
		assert_eq!(s.installment_of_period(7), None);
		assert!(Schedule::new(3, PaymentPlan { installment_periods: 0 }).is_none());
		assert!(Schedule::new(3, PaymentPlan { installment_periods: 4 }).is_none());
		assert!(Schedule::new(0, PaymentPlan { installment_periods: 1 }).is_none());
	}

	#[test]
	fn resources_arithmetic() {
		let a = Resources { storage_bytes: 10, vcpus: 2, memory_mib: 3, gpus: 1 };
		let b = Resources { storage_bytes: 4, vcpus: 2, memory_mib: 0, gpus: 0 };
		assert!(b.fits_in(&a));
		assert!(!a.fits_in(&b));
		assert_eq!(
			a.checked_sub(&b),
			Some(Resources { storage_bytes: 6, vcpus: 0, memory_mib: 3, gpus: 1 })
		);
		assert_eq!(b.checked_sub(&a), None);
		assert_eq!(b.checked_add(&b).unwrap().vcpus, 4);
	}

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
}
