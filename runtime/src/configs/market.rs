//! The marketplace: the provider registry and agreements.

use crate::{Balances, Providers, Runtime, RuntimeHoldReason};
use frame_support::parameter_types;
use frame_system::EnsureRoot;

use crate::AccountId;

parameter_types! {
	/// Longest provider endpoint (URL), in bytes.
	pub const MaxEndpointLen: u32 = 256;
	/// Longest region, attribute key or value, in bytes.
	pub const MaxAttributeLen: u32 = 64;
	/// Most free attributes per provider.
	pub const MaxAttributes: u32 = 16;
	/// Most unclosed agreements an account may be party to.
	pub const MaxAgreementsPerAccount: u32 = 1024;
}

impl pallet_providers::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxEndpointLen = MaxEndpointLen;
	type MaxAttributeLen = MaxAttributeLen;
	type MaxAttributes = MaxAttributes;
	type WeightInfo = pallet_providers::weights::SubstrateWeight<Runtime>;
}

impl pallet_agreements::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = Providers;
	// Storage proofs are not in the runtime yet: payouts never wait for a data confirmation.
	type DataProofs = ();
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxAgreementsPerAccount = MaxAgreementsPerAccount;
	type WeightInfo = pallet_agreements::weights::SubstrateWeight<Runtime>;
}
