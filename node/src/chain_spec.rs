//! Chain specifications built from the runtime's genesis presets.

use sc_service::ChainType;

/// A chain spec of Agora (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm() -> Result<&'static [u8], String> {
	agora_runtime::WASM_BINARY.ok_or_else(|| "The Agora runtime wasm is not available".to_string())
}

fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), agora_primitives::TOKEN_SYMBOL.into());
	p.insert("tokenDecimals".into(), agora_primitives::TOKEN_DECIMALS.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: one validator (Alice), short tunables.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"Agora Development",
		"agora_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave) on one machine.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"Agora Local Testnet",
		"agora_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
