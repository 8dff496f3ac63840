//! The marketplace: the provider registry, agreements, storage proofs and reputation.
//!
//! The pallets talk through the traits of `agora_primitives::traits`, which they implement
//! themselves: each is wired here directly, a tuple where several listen (in the order they are
//! told).

use crate::{
	AccountId, Agreements, Balances, Disputes, Providers, Reputation, Runtime, RuntimeHoldReason,
	StorageProofs,
};
use frame_support::parameter_types;
use frame_system::EnsureRoot;

parameter_types! {
	/// The agreements' pot (escrow, security deposits, collateral).
	pub const AgreementsPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/agmt");
	/// Longest provider endpoint (URL), in bytes.
	pub const MaxEndpointLen: u32 = 256;
	/// Longest region, attribute key or value, in bytes.
	pub const MaxAttributeLen: u32 = 64;
	/// Most free attributes per provider.
	pub const MaxAttributes: u32 = 16;
	/// Most challenges issued, and most expiries handled, per block.
	pub const MaxChallengesPerBlock: u32 = 64;
	/// Most leaves asked per challenge.
	pub const MaxLeavesPerChallenge: u32 = 16;
	/// Longest merkle path (any u64 leaf count).
	pub const MaxProofDepth: u32 = 64;
}

impl pallet_providers::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Scores = Reputation;
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
	type DataProofs = StorageProofs;
	type Reputation = Reputation;
	/// Closing removes the ratings, the dispute record and the commitment (its deposit back).
	type OnClose = (Reputation, Disputes, StorageProofs);
	/// Not while a party may still rate a completed agreement.
	type CloseGate = Reputation;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	/// Escrow, security deposits and collateral live in this pallet's pot.
	type PalletId = AgreementsPalletId;
	type WeightInfo = pallet_agreements::weights::SubstrateWeight<Runtime>;
}

impl pallet_storage_proofs::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agreements = Agreements;
	/// A miss is recorded by reputation first, then penalised by agreements.
	type OnOutcome = (Reputation, Agreements);
	/// BABE's VRF output of the parent block: an author cannot grind it like a block hash.
	type Randomness = pallet_babe::ParentBlockRandomness<Runtime>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxChallengesPerBlock = MaxChallengesPerBlock;
	type MaxLeavesPerChallenge = MaxLeavesPerChallenge;
	type MaxProofDepth = MaxProofDepth;
	type WeightInfo = pallet_storage_proofs::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BabeRandomnessForBenchmarks;
}

/// Sets BABE's VRF output, which `ParentBlockRandomness` reads, for the storage-proofs
/// benchmarks (nothing runs BABE there).
#[cfg(feature = "runtime-benchmarks")]
pub struct BabeRandomnessForBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_storage_proofs::BenchmarkHelper for BabeRandomnessForBenchmarks {
	fn set_randomness(seed: [u8; 32]) {
		pallet_babe::AuthorVrfRandomness::<Runtime>::put(Some(seed));
	}
}

impl pallet_reputation::Config for Runtime {
	type Agreements = Agreements;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_reputation::weights::SubstrateWeight<Runtime>;
}
