//! Compute jobs: workers drawn from the providers that opted in, paid through the jobs pot.

use crate::{
	AccountId, Agreements, Balances, Providers, Reputation, Runtime, RuntimeHoldReason,
	StorageProofs,
};
use frame_support::parameter_types;
use frame_system::EnsureRoot;

parameter_types! {
	/// The jobs' pot (rewards and workers' collateral).
	pub const JobsPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/jobs");
	/// Most providers in the draw list.
	pub const MaxJobWorkers: u32 = 10_000;
	/// Most candidates a job may restrict its draw to.
	pub const MaxJobCandidates: u32 = 32;
	/// Most jobs drawn per block.
	pub const MaxJobDrawsPerBlock: u32 = 32;
	/// Most workers ever drawn for one job.
	pub const MaxJobTried: u32 = 32;
}

impl pallet_jobs::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = JobsPalletId;
	type Providers = Providers;
	type Agreements = Agreements;
	/// The operator keys named in the storage proofs act for their providers here too.
	type Operators = StorageProofs;
	type Scores = Reputation;
	type Reputation = Reputation;
	/// BABE's VRF output of the parent block: an author cannot grind it like a block hash.
	type Randomness = pallet_babe::ParentBlockRandomness<Runtime>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxWorkers = MaxJobWorkers;
	type MaxCandidates = MaxJobCandidates;
	type MaxDrawsPerBlock = MaxJobDrawsPerBlock;
	type MaxTried = MaxJobTried;
	type WeightInfo = pallet_jobs::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::BabeRandomnessForBenchmarks;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_jobs::BenchmarkHelper for super::BabeRandomnessForBenchmarks {
	fn set_randomness(seed: [u8; 32]) {
		pallet_babe::AuthorVrfRandomness::<Runtime>::put(Some(seed));
	}
}
