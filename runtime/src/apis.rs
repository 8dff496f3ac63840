//! Runtime API implementations.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	traits::KeyOwnerProofSystem,
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Agreements, Babe, Balance, Balances, Block, BlockNumber, Disputes, Executive,
	Grandpa, Historical, InherentDataExt, Jobs, Nonce, Providers, Reputation, Runtime, RuntimeCall,
	RuntimeGenesisConfig, Session, SessionKeys, StorageProofs, System, TransactionPayment,
	Validators, BABE_GENESIS_EPOCH_CONFIG, VERSION,
};
use agora_primitives::jobs::{JobId, JobStatsView, JobView};
use agora_primitives::market::{
	self, AgreementId, AgreementView, PaymentPlan, ProviderMatch, ProviderQuery, ProviderView,
	Quote, QuoteError, Resources,
};
use agora_primitives::proofs::{ChallengeView, CommitmentView, ProofStatsView};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_babe::BabeApi<Block> for Runtime {
		fn configuration() -> sp_consensus_babe::BabeConfiguration {
			let epoch_config = Babe::epoch_config().unwrap_or(BABE_GENESIS_EPOCH_CONFIG);
			sp_consensus_babe::BabeConfiguration {
				slot_duration: Babe::slot_duration(),
				epoch_length: pallet_validators::Timing::<Runtime>::get().epoch_length,
				c: epoch_config.c,
				authorities: Babe::authorities().to_vec(),
				randomness: Babe::randomness(),
				allowed_slots: epoch_config.allowed_slots,
			}
		}

		fn current_epoch_start() -> sp_consensus_babe::Slot {
			Babe::current_epoch_start()
		}

		fn current_epoch() -> sp_consensus_babe::Epoch {
			Babe::current_epoch()
		}

		fn next_epoch() -> sp_consensus_babe::Epoch {
			Babe::next_epoch()
		}

		fn generate_key_ownership_proof(
			_slot: sp_consensus_babe::Slot,
			authority_id: sp_consensus_babe::AuthorityId,
		) -> Option<sp_consensus_babe::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			Historical::prove((sp_consensus_babe::KEY_TYPE, authority_id))
				.map(|proof| proof.encode())
				.map(sp_consensus_babe::OpaqueKeyOwnershipProof::new)
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_babe::EquivocationProof<<Block as BlockT>::Header>,
			key_owner_proof: sp_consensus_babe::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Babe::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|proof| proof.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[api_version(2)]
	impl agora_primitives::AgoraApi<Block> for Runtime {
		fn network_stats() -> agora_primitives::NetworkStats {
			agora_primitives::NetworkStats {
				validator_count: Session::validators().len() as u32,
				desired_validator_count: Validators::validators().len() as u32,
				session_index: Session::current_index(),
				total_issuance: Balances::total_issuance(),
			}
		}

		fn market_stats() -> agora_primitives::stats::MarketStats {
			super::market_stats()
		}
	}

	impl agora_primitives::MarketApi<Block> for Runtime {
		fn provider(who: AccountId) -> Option<ProviderView<AccountId, BlockNumber>> {
			Providers::provider(who)
		}

		fn providers(page: u32, page_size: u32) -> Vec<ProviderView<AccountId, BlockNumber>> {
			Providers::providers_page(page, market::page_size(page_size))
		}

		fn find_providers(query: ProviderQuery) -> Vec<ProviderMatch<AccountId, BlockNumber>> {
			let limit = market::page_size(query.limit);
			Providers::find_providers(query, limit)
		}

		fn agreement(id: AgreementId) -> Option<AgreementView<AccountId, BlockNumber>> {
			Agreements::agreement(id)
		}

		fn agreements_of(
			who: AccountId,
			page: u32,
			page_size: u32,
		) -> Vec<AgreementView<AccountId, BlockNumber>> {
			Agreements::agreements_of(&who, page, market::page_size(page_size))
		}

		fn quote(
			provider: AccountId,
			resources: Resources,
			duration_periods: u32,
			plan: PaymentPlan,
		) -> Result<Quote<BlockNumber>, QuoteError> {
			Agreements::quote(&provider, &resources, duration_periods, plan)
		}
	}

	impl agora_primitives::ProofsApi<Block> for Runtime {
		fn commitment(agreement: AgreementId) -> Option<CommitmentView<AccountId, BlockNumber>> {
			StorageProofs::commitment_view(agreement)
		}

		fn challenges_of(provider: AccountId) -> Vec<ChallengeView<BlockNumber>> {
			StorageProofs::challenge_views(&provider)
		}

		fn proof_stats(provider: AccountId) -> ProofStatsView {
			StorageProofs::stats_view(&provider)
		}

		fn operator_of(operator: AccountId) -> Option<AccountId> {
			StorageProofs::operator_of(&operator)
		}
	}

	impl agora_primitives::JobsApi<Block> for Runtime {
		fn job(id: JobId) -> Option<JobView<AccountId, BlockNumber>> {
			Jobs::job(id)
		}

		fn jobs_of(
			consumer: AccountId,
			page: u32,
			page_size: u32,
		) -> Vec<JobView<AccountId, BlockNumber>> {
			Jobs::jobs_of(&consumer, page, market::page_size(page_size))
		}

		fn assigned_jobs(provider: AccountId) -> Vec<JobView<AccountId, BlockNumber>> {
			Jobs::assigned_jobs(&provider)
		}

		fn job_stats() -> JobStatsView {
			Jobs::job_stats()
		}
	}

	impl agora_primitives::DisputesApi<Block> for Runtime {
		fn dispute(
			id: agora_primitives::disputes::DisputeId,
		) -> Option<agora_primitives::disputes::DisputeView<AccountId, BlockNumber>> {
			Disputes::dispute(id)
		}

		fn disputes_of(
			who: AccountId,
		) -> Vec<agora_primitives::disputes::DisputeView<AccountId, BlockNumber>> {
			Disputes::disputes_of(&who)
		}

		fn committee() -> agora_primitives::disputes::CommitteeView<AccountId, BlockNumber> {
			use agora_primitives::disputes::{CommitteeView, Seat};
			let seats = |list: Vec<pallet_elections_phragmen::SeatHolder<AccountId, Balance>>| {
				list.into_iter().map(|s| Seat { account: s.who, stake: s.stake }).collect()
			};
			let term_duration = pallet_disputes::Params::<Runtime>::get().committee_term;
			let now = System::block_number();
			let term_ends = now
				.checked_div(term_duration)
				.map_or(0, |t| t.saturating_add(1).saturating_mul(term_duration));
			CommitteeView {
				members: seats(pallet_elections_phragmen::Members::<Runtime>::get()),
				runners_up: seats(pallet_elections_phragmen::RunnersUp::<Runtime>::get()),
				candidates: pallet_elections_phragmen::Candidates::<Runtime>::get()
					.into_iter()
					.map(|(who, _)| who)
					.collect(),
				term_duration,
				term_ends,
				election_rounds: pallet_elections_phragmen::ElectionRounds::<Runtime>::get(),
			}
		}
	}

	impl agora_primitives::ReputationApi<Block> for Runtime {
		fn reputation(who: AccountId) -> agora_primitives::reputation::ReputationView<AccountId> {
			Reputation::reputation(who)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use super::*;

			impl frame_system_benchmarking::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
