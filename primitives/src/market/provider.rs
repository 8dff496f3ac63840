//! A provider's standing in the registry. (The registry as the agreements pallet sees it,
//! [`ProviderRegistry`](crate::traits::ProviderRegistry), is in [`crate::traits`].)

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
