//! Types of the providers pallet.

use crate::Config;
use agora_primitives::{
	market::{PriceList, ProviderStatus, Resources, TIB},
	Balance,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// The registry's tunables, set per chain at genesis and changeable by governance.
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
pub struct ProviderParams<BlockNumber> {
	/// Bond every provider holds, whatever its size.
	pub bond_base: Balance,
	/// Bond per declared TiB of storage (pro rata, rounded up).
	pub bond_per_tib: Balance,
	/// Blocks between `unregister` and `withdraw_bond`.
	pub unbonding_period: BlockNumber,
}

/// Blocks in a day of 6-second blocks: the unit of the [`Default`] tunables.
const BLOCKS_PER_DAY: u32 = 14_400;

impl<BlockNumber: From<u32>> Default for ProviderParams<BlockNumber> {
	/// Production-like values: 100 AGR base, 10 AGR per TiB, 7 days of 6 s blocks.
	///
	/// The runtime's genesis presets (`production_market_params`, built from the runtime's time
	/// constants) are the source of truth for a chain; these mirror them, and a runtime test keeps
	/// the two equal.
	fn default() -> Self {
		Self {
			bond_base: 100 * agora_primitives::AGR,
			bond_per_tib: 10 * agora_primitives::AGR,
			unbonding_period: BlockNumber::from(7 * BLOCKS_PER_DAY),
		}
	}
}

impl<BlockNumber> ProviderParams<BlockNumber> {
	/// The bond for `capacity`: `bond_base + ceil(storage_bytes * bond_per_tib / TiB)`.
	pub fn bond_for(&self, capacity: &Resources) -> Option<Balance> {
		let total = u128::from(capacity.storage_bytes).checked_mul(self.bond_per_tib)?;
		let per_size = total.div_ceil(TIB);
		self.bond_base.checked_add(per_size)
	}
}

/// A bounded byte string of a provider's metadata.
pub type AttributeString<T> = BoundedVec<u8, <T as Config>::MaxAttributeLen>;

/// The endpoint of a provider (its data RPC URL).
pub type Endpoint<T> = BoundedVec<u8, <T as Config>::MaxEndpointLen>;

/// A free key/value attribute.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Attribute<T: Config> {
	/// The key, e.g. `tier`.
	pub key: AttributeString<T>,
	/// The value, e.g. `ssd`.
	pub value: AttributeString<T>,
}

/// What a provider says about itself besides capacity and prices.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Attributes<T: Config> {
	/// Region, e.g. `eu-west` (consumers filter on it).
	pub region: AttributeString<T>,
	/// Further key/values, at most `MaxAttributes`.
	pub extra: BoundedVec<Attribute<T>, T::MaxAttributes>,
}

impl<T: Config> Default for Attributes<T> {
	fn default() -> Self {
		Self { region: Default::default(), extra: Default::default() }
	}
}

/// A registered provider.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ProviderRecord<T: Config> {
	/// Declared capacity.
	pub capacity: Resources,
	/// Capacity reserved by live agreements; always fits in `capacity`.
	pub used: Resources,
	/// Prices per unit per period; new requests lock them.
	pub prices: PriceList,
	/// Where consumers reach the provider.
	pub endpoint: Endpoint<T>,
	/// Region and further attributes.
	pub attributes: Attributes<T>,
	/// Whether it takes new requests.
	pub status: ProviderStatus<BlockNumberFor<T>>,
	/// Suspended by governance.
	pub suspended: bool,
	/// Bond held under [`crate::HoldReason::ProviderBond`].
	pub bond: Balance,
	/// Agreements holding reserved capacity.
	pub live_agreements: u32,
	/// Block of registration.
	pub registered_at: BlockNumberFor<T>,
}
