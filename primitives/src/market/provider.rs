//! A provider's standing in the registry, and the registry as the agreements pallet sees it.

#[cfg(feature = "runtime-benchmarks")]
use super::PriceList;
use super::{QuoteError, Resources};
use crate::Balance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

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
