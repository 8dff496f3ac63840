//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (Alice, Bob,
//! Charlie and Dave validate on one machine). Both fund the well-known dev accounts.

use crate::{
	AccountId, BalancesConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	ValidatorsConfig, AGR, BABE_GENESIS_EPOCH_CONFIG,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each endowed dev account starts with: one million AGR.
pub const ENDOWMENT: crate::Balance = 1_000_000 * AGR;

/// Session keys of a dev validator: BABE from its sr25519 key, GRANDPA from its ed25519 key.
fn dev_session_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, SessionKeys) {
	let babe: BabeId = sr.public().into();
	let grandpa: GrandpaId = ed.public().into();
	(sr.to_account_id(), SessionKeys { babe, grandpa })
}

fn genesis(
	validators: Vec<(AccountId, SessionKeys)>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>(),
		},
		babe: pallet_babe::GenesisConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		validators: ValidatorsConfig {
			validators: validators.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
			min_validators: 1,
		},
		session: SessionConfig {
			keys: validators.into_iter().map(|(a, keys)| (a.clone(), a, keys)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The dev chain: Alice validates alone; the dev accounts are funded.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![dev_session_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
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
	)
}

/// The genesis patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
