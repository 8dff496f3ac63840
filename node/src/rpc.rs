//! JSON-RPC: the standard Substrate methods plus the `agora_*` namespace.
//!
//! Every `agora_*` method is a thin wrapper over a runtime API declared in `agora-primitives`,
//! answered at the best block unless the caller names a block hash. Answers are JSON objects with
//! camelCase field names; balances are decimal strings (a `u128` does not fit a JS number).

use std::sync::Arc;

use agora_primitives::{AccountId, AgoraApi, Balance, Nonce};
use agora_runtime::opaque::Block;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
	RpcModule,
};
use sc_transaction_pool_api::TransactionPool;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_core::H256;

/// Full client dependencies of the RPC layer.
pub struct FullDeps<C, P> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
}

/// The answer of `agora_networkStats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkStatsResponse {
	/// Number of the best block.
	pub best_number: u32,
	/// Hash of the best block.
	pub best_hash: H256,
	/// Number of the last finalized block.
	pub finalized_number: u32,
	/// Hash of the last finalized block.
	pub finalized_hash: H256,
	/// The runtime's figures at the block asked about (the best block by default).
	#[serde(flatten)]
	pub chain: agora_primitives::NetworkStats,
}

/// Error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 1;
/// Error code of a block hash the node does not know.
pub const UNKNOWN_BLOCK: i32 = 2;

/// The `agora_*` JSON-RPC namespace.
#[rpc(server, namespace = "agora")]
pub trait AgoraRpc {
	/// Chain-wide figures: best and finalized block, validators, session, total issuance.
	#[method(name = "networkStats")]
	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsResponse>;
}

/// Implements [`AgoraRpcServer`] over a client with the [`AgoraApi`] runtime API.
pub struct Agora<C> {
	client: Arc<C>,
}

impl<C> Agora<C> {
	/// A new `agora_*` handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn runtime_error(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Runtime API call failed", Some(e.to_string()))
}

impl<C> AgoraRpcServer for Agora<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AgoraApi<Block>,
{
	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsResponse> {
		let info = self.client.info();
		let at = at.unwrap_or(info.best_hash);
		if self.client.header(at).map_err(runtime_error)?.is_none() {
			return Err(ErrorObject::owned(
				UNKNOWN_BLOCK,
				"Unknown block",
				Some(format!("{at:?}")),
			));
		}
		let chain = self.client.runtime_api().network_stats(at).map_err(runtime_error)?;
		Ok(NetworkStatsResponse {
			best_number: info.best_number,
			best_hash: info.best_hash,
			finalized_number: info.finalized_number,
			finalized_hash: info.finalized_hash,
			chain,
		})
	}
}

/// Instantiate all full RPC extensions.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: AgoraApi<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Agora::new(client).into_rpc())?;

	Ok(module)
}
