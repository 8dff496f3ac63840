//! The marketplace: the provider registry, agreements, storage proofs and reputation.

use crate::{
	Agreements, Balances, Disputes, Providers, Reputation, Runtime, RuntimeHoldReason,
	StorageProofs,
};
use agora_primitives::{market::AgreementId, reputation::ReputationEvents};
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
	type DataProofs = ProofsForAgreements;
	type Reputation = Reputation;
	type OnClose = (Reputation, Disputes);
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxAgreementsPerAccount = MaxAgreementsPerAccount;
	type WeightInfo = pallet_agreements::weights::SubstrateWeight<Runtime>;
}

impl pallet_storage_proofs::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agreements = AgreementsForProofs;
	type OnOutcome = AgreementsForProofs;
	/// BABE's VRF output of the parent block: an author cannot grind it like a block hash.
	type Randomness = pallet_babe::ParentBlockRandomness<Runtime>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxChallengesPerBlock = MaxChallengesPerBlock;
	type MaxLeavesPerChallenge = MaxLeavesPerChallenge;
	type MaxProofDepth = MaxProofDepth;
	type WeightInfo = pallet_storage_proofs::weights::SubstrateWeight<Runtime>;
}

/// The agreements as the storage proofs see them: which are active, and where faults go.
pub struct AgreementsForProofs;

impl pallet_storage_proofs::StorageAgreements<AccountId> for AgreementsForProofs {
	fn active_storage(id: AgreementId) -> Option<(AccountId, AccountId, u64)> {
		Agreements::active_storage(id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_active(
		consumer: &AccountId,
		provider: &AccountId,
		storage: u64,
	) -> Option<AgreementId> {
		Agreements::create_active_for_benchmarks(consumer, provider, storage).ok()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn end_for_benchmarks(id: AgreementId) {
		Agreements::on_storage_failure(id);
	}
}

impl pallet_storage_proofs::OnChallengeOutcome<AccountId> for AgreementsForProofs {
	fn on_pass(_: AgreementId, provider: &AccountId) {
		<Reputation as ReputationEvents<AccountId>>::challenge_passed(provider);
	}

	fn on_fault(id: AgreementId, provider: &AccountId) {
		<Reputation as ReputationEvents<AccountId>>::challenge_missed(provider);
		Agreements::on_storage_fault(id);
	}

	fn on_failed(id: AgreementId, _: &AccountId) {
		Agreements::on_storage_failure(id);
	}
}

/// The storage proofs as the agreements see them: the payout gate.
pub struct ProofsForAgreements;

impl pallet_agreements::DataProofs for ProofsForAgreements {
	fn payouts_blocked(id: AgreementId) -> bool {
		StorageProofs::payouts_blocked(id)
	}

	fn upload_overdue(id: AgreementId) -> bool {
		StorageProofs::upload_overdue(id)
	}
}

impl pallet_reputation::Config for Runtime {
	type Agreements = Agreements;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_reputation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ReputationBenchmarks;
}

/// Completed agreements for the reputation pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ReputationBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_reputation::BenchmarkHelper<AccountId> for ReputationBenchmarks {
	fn completed_agreement(
		consumer: &AccountId,
		provider: &AccountId,
		value: agora_primitives::Balance,
	) -> AgreementId {
		Agreements::completed_for_benchmarks(consumer, provider, value)
			.expect("a completed agreement for the benchmarks")
	}
}
