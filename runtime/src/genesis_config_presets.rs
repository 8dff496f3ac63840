//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (Alice, Bob,
//! Charlie and Dave validate on one machine). Both fund the well-known dev accounts.
//!
//! The block time differs: `development` uses 1-second slots and 1-minute epochs
//! ([`crate::time::DEV_TIMING`]), `local_testnet` 6-second slots and 10-minute epochs, as
//! production chains do.
//!
//! The marketplace tunables differ: `development` uses short periods (see
//! [`dev_market_params`]) so tests and demos finish in minutes; `local_testnet` uses the
//! production values ([`production_market_params`]).

use crate::{
	time::{DAYS, HOURS, MINUTES},
	AccountId, AgreementsConfig, BalancesConfig, BlockNumber, DisputesConfig, JobsConfig,
	ProvidersConfig, ReputationConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	StorageProofsConfig, SudoConfig, ValidatorsConfig, AGR, BABE_GENESIS_EPOCH_CONFIG, MILLI_AGR,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_agreements::AgreementParams;
use pallet_disputes::DisputeParams;
use pallet_jobs::JobParams;
use pallet_providers::ProviderParams;
use pallet_reputation::ReputationParams;
use pallet_storage_proofs::ProofParams;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Permill;

/// What each endowed dev account starts with: one million AGR.
pub const ENDOWMENT: crate::Balance = 1_000_000 * AGR;

/// Session keys of a dev validator: BABE from its sr25519 key, GRANDPA from its ed25519 key.
fn dev_session_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, SessionKeys) {
	let babe: BabeId = sr.public().into();
	let grandpa: GrandpaId = ed.public().into();
	(sr.to_account_id(), SessionKeys { babe, grandpa })
}

/// Marketplace tunables of a chain.
pub struct MarketParams {
	/// The provider registry's.
	pub providers: ProviderParams<BlockNumber>,
	/// The agreements'.
	pub agreements: AgreementParams<BlockNumber>,
	/// The storage proofs'.
	pub proofs: ProofParams<BlockNumber>,
	/// The reputation pallet's.
	pub reputation: ReputationParams<BlockNumber>,
	/// The disputes pallet's (and the committee's term).
	pub disputes: DisputeParams<BlockNumber>,
	/// The job market's.
	pub jobs: JobParams<BlockNumber>,
}

/// Short periods for the dev chain (1-second blocks): a whole agreement lifecycle fits in a
/// minute. Periods of 4 blocks, 2 blocks of grace, requests open 20 blocks, bonds of 10 AGR +
/// 1 AGR per TiB released 10 blocks after unregistering; storage audit rounds of at least 12
/// blocks (each commitment challenged once per round) asking 4 leaves, 10 blocks (seconds) to
/// answer, so a provider node restarted while a challenge is open can still answer it (a
/// restart takes about 4 s here), 3 misses in a row fail, 20 blocks to upload; recent challenge
/// statistics over buckets of 50 blocks.
pub fn dev_market_params() -> MarketParams {
	MarketParams {
		providers: ProviderParams { bond_base: 10 * AGR, bond_per_tib: AGR, unbonding_period: 10 },
		agreements: AgreementParams {
			period_length: 4,
			min_duration: 1,
			max_duration: 1_000,
			request_expiry: 20,
			grace_period: 2,
			collateral_percent: 100,
			fault_slash_percent: 10,
			record_deposit: 10 * MILLI_AGR,
			retention: 10,
			data_grace: 10,
			market_fee: Permill::from_percent(1),
		},
		proofs: ProofParams {
			challenge_period: 12,
			leaves_per_challenge: 4,
			response_window: 10,
			max_consecutive_faults: 3,
			upload_window: 20,
			commitment_deposit: 10 * MILLI_AGR,
			stats_window: 50,
		},
		// Evidence halves in 600 blocks (10 min); ratings within 40 blocks of completion; a rating
		// weighs one piece of evidence per 0.01 AGR paid, at most 10.
		reputation: ReputationParams {
			half_life: 600,
			rating_window: 40,
			value_per_rating_weight: 10 * MILLI_AGR,
			max_rating_weight: 10_000,
			completion: 1_000,
			value_per_completion_weight: 10 * MILLI_AGR,
			min_evidence_value: MILLI_AGR,
			termination: 2_000,
			failure: 5_000,
			challenge_pass: 50,
			challenge_miss: 500,
			dispute: 3_000,
		},
		// A bond of 10 % of the value at stake, at least 1 AGR, half of it forfeited on
		// dismissal; 8 blocks of evidence, then 10 of voting; the committee is elected every
		// 10 blocks.
		disputes: DisputeParams {
			min_bond: AGR,
			bond_permill: Permill::from_percent(10),
			dismissal_forfeit_percent: 50,
			evidence_period: 8,
			voting_period: 10,
			committee_term: 10,
		},
		// Jobs fit a 1-second-block e2e run: 10 blocks to accept, 40 to run, 10 to reveal, 15
		// to review, closable 20 blocks after the end; collateral of a share, at least
		// 0.01 AGR; up to 10^10 fuel and 256 MiB of memory.
		jobs: JobParams {
			max_replicas: 5,
			max_fuel: 10_000_000_000,
			max_memory_pages: 4_096,
			accept_window: 10,
			run_window: 40,
			reveal_window: 10,
			review_window: 15,
			min_collateral: 10 * MILLI_AGR,
			collateral_percent: 100,
			record_deposit: 10 * MILLI_AGR,
			retention: 20,
			draw_attempts: 8,
			max_deadline: 200,
		},
	}
}

/// Realistic values for production-like chains, built from the runtime's time constants: bonds
/// of 100 AGR + 10 AGR per TiB released after 7 days; one-day periods, a day of grace, requests
/// open a day, 30 days of retention; storage audit rounds of at least 4 hours (each commitment
/// challenged once per round) asking 8 leaves, 30 minutes to answer, 3 misses in a row fail, a
/// day to upload; evidence halving in 90 days, ratings within 14 days; 3 days of dispute
/// evidence, 4 of voting, two-week committee terms.
///
/// These are the source of truth for production tunables; the pallets' `Default` tunables
/// mirror them (`production_presets_match_the_pallet_defaults` keeps the two equal).
pub fn production_market_params() -> MarketParams {
	MarketParams {
		providers: ProviderParams {
			bond_base: 100 * AGR,
			bond_per_tib: 10 * AGR,
			unbonding_period: 7 * DAYS,
		},
		agreements: AgreementParams {
			period_length: DAYS,
			min_duration: 1,
			max_duration: 3_650,
			request_expiry: DAYS,
			grace_period: DAYS,
			collateral_percent: 100,
			fault_slash_percent: 10,
			record_deposit: AGR / 10,
			retention: 30 * DAYS,
			data_grace: 2 * DAYS,
			market_fee: Permill::from_percent(1),
		},
		proofs: ProofParams {
			challenge_period: 4 * HOURS,
			leaves_per_challenge: 8,
			response_window: 30 * MINUTES,
			max_consecutive_faults: 3,
			upload_window: DAYS,
			commitment_deposit: AGR / 10,
			stats_window: DAYS,
		},
		reputation: ReputationParams {
			half_life: 90 * DAYS,
			rating_window: 14 * DAYS,
			value_per_rating_weight: 10 * AGR,
			max_rating_weight: 20_000,
			completion: 1_000,
			value_per_completion_weight: 100 * AGR,
			min_evidence_value: AGR,
			termination: 2_000,
			failure: 5_000,
			challenge_pass: 50,
			challenge_miss: 500,
			dispute: 3_000,
		},
		disputes: DisputeParams {
			min_bond: 100 * AGR,
			bond_permill: Permill::from_percent(10),
			dismissal_forfeit_percent: 50,
			evidence_period: 3 * DAYS,
			voting_period: 4 * DAYS,
			committee_term: 14 * DAYS,
		},
		// 10 minutes to accept, an hour to run, 10 minutes to reveal, a day to review, a week
		// of retention.
		jobs: JobParams {
			max_replicas: 5,
			max_fuel: 1_000_000_000_000,
			max_memory_pages: 65_536,
			accept_window: 10 * MINUTES,
			run_window: HOURS,
			reveal_window: 10 * MINUTES,
			review_window: DAYS,
			min_collateral: AGR,
			collateral_percent: 100,
			record_deposit: AGR / 10,
			retention: 7 * DAYS,
			draw_attempts: 8,
			max_deadline: DAYS,
		},
	}
}

fn genesis(
	validators: Vec<(AccountId, SessionKeys)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	market: MarketParams,
	timing: pallet_validators::BlockTiming,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>(),
		},
		babe: pallet_babe::GenesisConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		validators: ValidatorsConfig {
			validators: validators.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
			min_validators: 1,
			timing,
		},
		session: SessionConfig {
			keys: validators.into_iter().map(|(a, keys)| (a.clone(), a, keys)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		providers: ProvidersConfig { params: market.providers },
		agreements: AgreementsConfig { params: market.agreements },
		storage_proofs: StorageProofsConfig { params: market.proofs },
		reputation: ReputationConfig { params: market.reputation },
		disputes: DisputesConfig { params: market.disputes },
		jobs: JobsConfig { params: market.jobs },
	})
}

/// The dev chain: Alice validates alone; the dev accounts are funded.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![dev_session_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		dev_market_params(),
		crate::time::DEV_TIMING,
	)
}

/// A local network of four validators: Alice, Bob, Charlie, Dave.
pub fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			dev_session_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_session_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_session_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_session_keys(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		production_market_params(),
		crate::time::PRODUCTION_TIMING,
	)
}

/// The genesis patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	// A JSON value always serialises; were it ever not to, the preset is reported missing.
	serde_json::to_string(&patch).ok().map(alloc::string::String::into_bytes)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
