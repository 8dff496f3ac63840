//! JSON-RPC: the standard Substrate methods plus the `agora_*` namespace.
//!
//! Every chain `agora_*` method is a thin wrapper over a runtime API declared in
//! `agora-primitives` (one line around [`Agora::at_api`]), answered at the best block unless the
//! caller names a block hash. Answers are JSON objects with camelCase field names; balances are
//! decimal strings (a `u128` does not fit a JS number). Error codes are in [`crate::protocol`].
//!
//! [`create_full`] merges every module the node serves: system, transaction payment, the chain
//! `agora_*` methods and, in provider mode, the data methods ([`crate::provider::rpc`]).

use std::sync::Arc;

use crate::{
	protocol::{QUOTE_REFUSED, RUNTIME_ERROR, UNKNOWN_BLOCK},
	provider::rpc::{Data, DataRpcServer, DataRpcState, JobDataRpcServer},
};
use agora_primitives::{
	disputes::{CommitteeView, DisputeId, DisputeView},
	jobs::{JobId, JobStatsView, JobView},
	market::{
		AgreementId, AgreementView, PaymentPlan, ProviderMatch, ProviderQuery, ProviderView, Quote,
		Resources,
	},
	proofs::{ChallengeView, CommitmentView, ProofStatsView},
	reputation::ReputationView,
	stats::{self, Health, MarketStats},
	AccountId, AgoraApi, Balance, BlockNumber, DisputesApi, JobsApi, MarketApi, Nonce, ProofsApi,
	ReputationApi,
};
use agora_runtime::opaque::Block;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
	RpcModule,
};
use sc_transaction_pool_api::TransactionPool;
use serde::{Deserialize, Serialize};
use sp_api::{ApiError, ProvideRuntimeApi};
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_core::H256;

/// Full client dependencies of the RPC layer.
pub struct FullDeps<C, P> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
	/// What provider mode's data RPC is built from (from `provider::start`), when the node runs
	/// with `--provider-store`.
	pub provider: Option<DataRpcState>,
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

/// The answer of `agora_marketStats` (the contract is `docs/market-stats.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketStatsResponse {
	/// Number of the best block the node knows.
	pub best_number: u32,
	/// Number of the last finalized block.
	pub finalized_number: u32,
	/// `bestNumber - finalizedNumber`.
	pub finality_lag: u32,
	/// The runtime's counters at the block asked about (the best block by default).
	#[serde(flatten)]
	pub chain: MarketStats,
	/// The network health score from the finality lag and the counters.
	pub health: Health,
}

impl MarketStatsResponse {
	/// Combine the node's block numbers with the runtime's counters and score the health.
	pub fn new(best_number: u32, finalized_number: u32, chain: MarketStats) -> Self {
		let finality_lag = best_number.saturating_sub(finalized_number);
		let health = stats::health(
			finality_lag,
			chain.validators,
			chain.desired_validators,
			u64::from(chain.challenges.recent_passed),
			u64::from(chain.challenges.recent_missed),
			chain.providers.active,
			chain.providers.paused,
		);
		Self { best_number, finalized_number, finality_lag, chain, health }
	}
}

/// The `agora_*` JSON-RPC namespace.
#[rpc(server, namespace = "agora")]
pub trait AgoraRpc {
	/// Chain-wide figures: best and finalized block, validators, session, total issuance.
	#[method(name = "networkStats")]
	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsResponse>;

	/// The market at a glance: block numbers and finality lag, validators, providers by status,
	/// capacity declared and booked, agreements, storage, challenges (with a recent window),
	/// jobs, disputes, value settled, and the network health score (`docs/market-stats.md`).
	#[method(name = "marketStats")]
	fn market_stats(&self, at: Option<H256>) -> RpcResult<MarketStatsResponse>;

	/// A provider by account (SS58), or `null`.
	#[method(name = "provider")]
	fn provider(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<Option<ProviderView<AccountId, BlockNumber>>>;

	/// A page of registered providers (`pageSize` at most 100, default 100).
	#[method(name = "providers")]
	fn providers(
		&self,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<ProviderView<AccountId, BlockNumber>>>;

	/// Providers taking requests with `requirements.resources` free, at most
	/// `requirements.maxPricePerPeriod` for them, in `requirements.region` if set, scoring at
	/// least `requirements.minScore` if set; ordered by `requirements.orderBy` (cheapest first by
	/// default, or best score first), at most `requirements.limit` (default and maximum 100).
	#[method(name = "findProviders")]
	fn find_providers(
		&self,
		requirements: ProviderQuery,
		at: Option<H256>,
	) -> RpcResult<Vec<ProviderMatch<AccountId, BlockNumber>>>;

	/// An agreement by id with what is due and what matured, or `null` (never made, or closed).
	#[method(name = "agreement")]
	fn agreement(
		&self,
		id: AgreementId,
		at: Option<H256>,
	) -> RpcResult<Option<AgreementView<AccountId, BlockNumber>>>;

	/// A page of the agreements `account` is consumer or provider of, oldest first.
	#[method(name = "agreementsOf")]
	fn agreements_of(
		&self,
		account: AccountId,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<AgreementView<AccountId, BlockNumber>>>;

	/// Exactly what `agreements.request` would lock and hold now: terms, total, installments,
	/// deposits, collateral. Refusals have code 3 and the reason as message.
	#[method(name = "quote")]
	fn quote(
		&self,
		provider: AccountId,
		resources: Resources,
		duration_periods: u32,
		plan: PaymentPlan,
		at: Option<H256>,
	) -> RpcResult<Quote<BlockNumber>>;

	/// The commitment of an agreement's data (root, size, confirmation, challenge record), or
	/// `null`.
	#[method(name = "commitment")]
	fn commitment(
		&self,
		agreement: AgreementId,
		at: Option<H256>,
	) -> RpcResult<Option<CommitmentView<AccountId, BlockNumber>>>;

	/// The open challenges of a provider with their leaf indices and deadlines, oldest first.
	#[method(name = "challengesOf")]
	fn challenges_of(
		&self,
		provider: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<ChallengeView<BlockNumber>>>;

	/// A provider's challenge record: passes, faults, open challenges.
	#[method(name = "proofStats")]
	fn proof_stats(&self, provider: AccountId, at: Option<H256>) -> RpcResult<ProofStatsView>;

	/// The provider an operator key confirms and answers challenges for
	/// (`storageProofs.setOperator`), or `null`.
	#[method(name = "operatorOf")]
	fn operator_of(&self, operator: AccountId, at: Option<H256>) -> RpcResult<Option<AccountId>>;

	/// An account's reputation as a provider and as a consumer: score, evidence, counters.
	#[method(name = "reputation")]
	fn reputation(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<ReputationView<AccountId>>;

	/// A dispute by id, or `null`.
	#[method(name = "dispute")]
	fn dispute(
		&self,
		id: DisputeId,
		at: Option<H256>,
	) -> RpcResult<Option<DisputeView<AccountId, BlockNumber>>>;

	/// The disputes an account is party to, oldest first.
	#[method(name = "disputesOf")]
	fn disputes_of(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<DisputeView<AccountId, BlockNumber>>>;

	/// The elected dispute committee: members, runners-up, candidates, term end.
	#[method(name = "committee")]
	fn committee(&self, at: Option<H256>) -> RpcResult<CommitteeView<AccountId, BlockNumber>>;
}

/// The `agora_*` methods of compute jobs (issue 13), over [`JobsApi`].
#[rpc(server, namespace = "agora")]
pub trait JobsRpc {
	/// A job by id with its slots and status, or `null` (never posted, or closed).
	#[method(name = "job")]
	fn job(
		&self,
		id: JobId,
		at: Option<H256>,
	) -> RpcResult<Option<JobView<AccountId, BlockNumber>>>;

	/// A page of the jobs `account` posted, oldest first (`pageSize` capped by the runtime).
	#[method(name = "jobsOf")]
	fn jobs_of(
		&self,
		account: AccountId,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<JobView<AccountId, BlockNumber>>>;

	/// The unfinished jobs `provider` holds a slot in (offered, accepted, committed or
	/// revealed), oldest first.
	#[method(name = "assignedJobs")]
	fn assigned_jobs(
		&self,
		provider: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<JobView<AccountId, BlockNumber>>>;

	/// The job market's counters.
	#[method(name = "jobStats")]
	fn job_stats(&self, at: Option<H256>) -> RpcResult<JobStatsView>;
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

impl<C> Agora<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
{
	/// The block to answer at: `at` if the node knows it, else the best block.
	fn block(&self, at: Option<H256>) -> RpcResult<H256> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		if self.client.header(at).map_err(runtime_error)?.is_none() {
			return Err(ErrorObject::owned(
				UNKNOWN_BLOCK,
				"Unknown block",
				Some(format!("{at:?}")),
			));
		}
		Ok(at)
	}

	/// Call the runtime API through `f` at block `at` (the best block if `None`): an unknown
	/// block fails with [`UNKNOWN_BLOCK`], a failed call with [`RUNTIME_ERROR`].
	fn at_api<R>(
		&self,
		at: Option<H256>,
		f: impl FnOnce(&C::Api, H256) -> Result<R, ApiError>,
	) -> RpcResult<R> {
		let at = self.block(at)?;
		let api = self.client.runtime_api();
		f(&*api, at).map_err(runtime_error)
	}
}

impl<C> AgoraRpcServer for Agora<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AgoraApi<Block>
		+ MarketApi<Block>
		+ ProofsApi<Block>
		+ ReputationApi<Block>
		+ DisputesApi<Block>,
{
	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsResponse> {
		let info = self.client.info();
		let chain = self.at_api(at, |api, at| api.network_stats(at))?;
		Ok(NetworkStatsResponse {
			best_number: info.best_number,
			best_hash: info.best_hash,
			finalized_number: info.finalized_number,
			finalized_hash: info.finalized_hash,
			chain,
		})
	}

	fn market_stats(&self, at: Option<H256>) -> RpcResult<MarketStatsResponse> {
		let info = self.client.info();
		let chain = self.at_api(at, |api, at| api.market_stats(at))?;
		Ok(MarketStatsResponse::new(info.best_number, info.finalized_number, chain))
	}

	fn provider(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<Option<ProviderView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.provider(at, account))
	}

	fn providers(
		&self,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<ProviderView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.providers(at, page.unwrap_or(0), page_size.unwrap_or(0)))
	}

	fn find_providers(
		&self,
		requirements: ProviderQuery,
		at: Option<H256>,
	) -> RpcResult<Vec<ProviderMatch<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.find_providers(at, requirements))
	}

	fn agreement(
		&self,
		id: AgreementId,
		at: Option<H256>,
	) -> RpcResult<Option<AgreementView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.agreement(at, id))
	}

	fn agreements_of(
		&self,
		account: AccountId,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<AgreementView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| {
			api.agreements_of(at, account, page.unwrap_or(0), page_size.unwrap_or(0))
		})
	}

	fn quote(
		&self,
		provider: AccountId,
		resources: Resources,
		duration_periods: u32,
		plan: PaymentPlan,
		at: Option<H256>,
	) -> RpcResult<Quote<BlockNumber>> {
		self.at_api(at, |api, at| api.quote(at, provider, resources, duration_periods, plan))?
			.map_err(|e| ErrorObject::owned(QUOTE_REFUSED, e.as_str(), None::<()>))
	}

	fn commitment(
		&self,
		agreement: AgreementId,
		at: Option<H256>,
	) -> RpcResult<Option<CommitmentView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.commitment(at, agreement))
	}

	fn challenges_of(
		&self,
		provider: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<ChallengeView<BlockNumber>>> {
		self.at_api(at, |api, at| api.challenges_of(at, provider))
	}

	fn proof_stats(&self, provider: AccountId, at: Option<H256>) -> RpcResult<ProofStatsView> {
		self.at_api(at, |api, at| api.proof_stats(at, provider))
	}

	fn operator_of(&self, operator: AccountId, at: Option<H256>) -> RpcResult<Option<AccountId>> {
		self.at_api(at, |api, at| api.operator_of(at, operator))
	}

	fn reputation(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<ReputationView<AccountId>> {
		self.at_api(at, |api, at| api.reputation(at, account))
	}

	fn dispute(
		&self,
		id: DisputeId,
		at: Option<H256>,
	) -> RpcResult<Option<DisputeView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.dispute(at, id))
	}

	fn disputes_of(
		&self,
		account: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<DisputeView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.disputes_of(at, account))
	}

	fn committee(&self, at: Option<H256>) -> RpcResult<CommitteeView<AccountId, BlockNumber>> {
		self.at_api(at, |api, at| api.committee(at))
	}
}

impl<C> JobsRpcServer for Agora<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: JobsApi<Block>,
{
	fn job(
		&self,
		id: JobId,
		at: Option<H256>,
	) -> RpcResult<Option<JobView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.job(at, id))
	}

	fn jobs_of(
		&self,
		account: AccountId,
		page: Option<u32>,
		page_size: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Vec<JobView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| {
			api.jobs_of(at, account, page.unwrap_or(0), page_size.unwrap_or(0))
		})
	}

	fn assigned_jobs(
		&self,
		provider: AccountId,
		at: Option<H256>,
	) -> RpcResult<Vec<JobView<AccountId, BlockNumber>>> {
		self.at_api(at, |api, at| api.assigned_jobs(at, provider))
	}

	fn job_stats(&self, at: Option<H256>) -> RpcResult<JobStatsView> {
		self.at_api(at, |api, at| api.job_stats(at))
	}
}

/// Every RPC module the node serves besides sc-service's own: system, transaction payment, the
/// chain `agora_*` methods and, when `deps.provider` is set, provider mode's data methods.
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
	C::Api: AgoraApi<Block>
		+ MarketApi<Block>
		+ ProofsApi<Block>
		+ ReputationApi<Block>
		+ DisputesApi<Block>
		+ JobsApi<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, provider } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(AgoraRpcServer::into_rpc(Agora::new(client.clone())))?;
	module.merge(JobsRpcServer::into_rpc(Agora::new(client.clone())))?;
	if let Some(state) = provider {
		module.merge(DataRpcServer::into_rpc(Data::new(client.clone(), state.clone())))?;
		module.merge(JobDataRpcServer::into_rpc(Data::new(client, state)))?;
	}

	Ok(module)
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::Value;

	/// The JSON example of `docs/market-stats.md`, comments stripped.
	fn documented() -> Value {
		let doc = include_str!("../../docs/market-stats.md");
		let start = doc.find("```jsonc").expect("the doc has a jsonc block") + "```jsonc".len();
		let end = start + doc[start..].find("```").expect("the block ends");
		let json: String = doc[start..end]
			.lines()
			.map(|line| match line.find("//") {
				Some(i) => &line[..i],
				None => line,
			})
			.collect::<Vec<_>>()
			.join("\n");
		serde_json::from_str(&json).expect("the documented example is JSON")
	}

	/// Every key of `doc` is in `ours` with a value of the same JSON kind (numbers stay
	/// numbers, balances stay strings).
	fn same_shape(doc: &Value, ours: &Value, path: &str) {
		match (doc, ours) {
			(Value::Object(d), Value::Object(o)) => {
				for (k, v) in d {
					let ours = o.get(k).unwrap_or_else(|| panic!("{path}.{k} is missing"));
					same_shape(v, ours, &format!("{path}.{k}"));
				}
			},
			(Value::Number(_), Value::Number(_)) | (Value::String(_), Value::String(_)) => {},
			_ => panic!("{path}: documented {doc}, answered {ours}"),
		}
	}

	#[test]
	fn market_stats_answer_has_the_documented_shape() {
		let mut chain =
			MarketStats { validators: 1, desired_validators: 1, ..MarketStats::default() };
		chain.providers.active = 3;
		chain.providers.paused = 1;
		chain.challenges.recent_passed = 9;
		chain.challenges.recent_missed = 1;
		let answer = MarketStatsResponse::new(120, 118, chain);
		assert_eq!(answer.finality_lag, 2);
		assert_eq!(
			answer.health,
			Health { score: 92, finality: 1000, validators: 1000, challenges: 900, providers: 750 }
		);
		let ours = serde_json::to_value(&answer).expect("serialises");
		same_shape(&documented(), &ours, "");
		assert_eq!(ours["health"]["score"], 92);
		assert_eq!(ours["settled"], "0");
		assert_eq!(ours["jobs"]["rewardsPaid"], "0");
		// A node whose finalized block is ahead of the best it reports never underflows.
		assert_eq!(MarketStatsResponse::new(5, 7, MarketStats::default()).finality_lag, 0);
	}
}
