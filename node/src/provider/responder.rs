//! The challenge responder: the provider node's own loop over new best blocks.
//!
//! On every new best block imported while the node is in sync (which is also how it catches up
//! after a restart: the chain still lists every challenge that is open), for every provider it
//! acts for: the account of every `agpr` key in the keystore, and the provider whose operator
//! that key is (`storageProofs.setOperator`, read through [`ProofsApi::operator_of`]), with the
//! key signing for it (so the provider's funded key need not be on this node):
//! * asks the runtime ([`ProofsApi::challenges_of`]) for the provider's open challenges, proves
//!   each from disk, checks the proofs against the commitment locally and submits a signed
//!   `storageProofs.respond`. A challenge already answered is not answered again while its
//!   answer is in the transaction pool; if the answer left the pool without taking the challenge
//!   with it (dropped), it is sent once more after [`RESUBMIT_AFTER`] blocks. A challenge that
//!   cannot be proven (data lost or damaged) is logged once and left to count as missed.
//! * confirms (`storageProofs.confirm`) the agreements whose upload arrived in full and matched
//!   the commitment, with the same rule against double submission.
//! * runs the compute jobs its providers are drawn for ([`super::job_worker`]): accepts, runs,
//!   commits or posts, reveals, advances, with the same keys and nonces;
//! * updates the [`Metrics`] (when the node has a Prometheus registry): answers, misses and
//!   proof times as they happen, the store's and the jobs' gauges on every tick;
//! * every [`GC_EVERY`] blocks, deletes the data of agreements whose record and commitment are
//!   both gone from the chain (closed agreements), or that ended more than the chain's
//!   `dataGrace` ago (their view's `servedUntil` has passed).
//!
//! Nonces are the signing key's account's: its nonce at the best block, moved past every
//! transaction of the account already ready in the pool, then counted up locally within the
//! block.
//!
//! The responder is generic over the client `C` and the transaction pool `P`: it needs the
//! runtime APIs it calls ([`Core`], [`AccountNonceApi`], [`MarketApi`], [`ProofsApi`]), block
//! import notifications, and a pool of this chain's blocks whose transaction hashes are `H256`.

use super::{
	job_worker::{Action, Job, JobChain, JobWorker, RunStats},
	metrics::{Metrics, Missed},
	Provider, KEY_TYPE, LOG_TARGET,
};
use crate::extrinsic::{self, SigningContext};
use agora_primitives::{
	jobs::JobId, market::AgreementId, merkle, proofs::ChallengeId, AccountId, BlockNumber, JobsApi,
	MarketApi, Nonce, ProofsApi,
};
use agora_runtime::{opaque::Block, Runtime, RuntimeCall};
use codec::Encode;
use frame_system_rpc_runtime_api::AccountNonceApi;
use futures::StreamExt;
use sc_client_api::BlockchainEvents;
use sc_transaction_pool_api::{InPoolTransaction, TransactionPool, TransactionSource};
use sp_api::{Core, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_consensus::SyncOracle;
use sp_core::{sr25519, H256};
use sp_keystore::KeystorePtr;
use sp_runtime::{traits::Header as _, BoundedVec};
use std::{
	collections::{HashMap, HashSet},
	sync::Arc,
	time::Instant,
};

/// Blocks after which an answer or confirmation that is no longer in the pool, while its
/// challenge is still open or its agreement still unconfirmed, is sent again.
pub const RESUBMIT_AFTER: BlockNumber = 3;
/// How often (in blocks) data of closed agreements is deleted.
pub const GC_EVERY: BlockNumber = 20;

/// A key of this node and the provider it acts for: its own account, or the provider it is the
/// operator of.
struct Signer {
	/// The `agpr` key that signs.
	public: sr25519::Public,
	/// Its account (whose nonces the transactions use).
	account: AccountId,
	/// The provider whose challenges and confirmations it signs.
	provider: AccountId,
}

/// A transaction the responder sent.
struct Sent {
	hash: H256,
	at: BlockNumber,
}

/// The responder's state.
pub struct Responder<C, P> {
	client: Arc<C>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	provider: Arc<Provider>,
	sync: Arc<dyn SyncOracle + Send + Sync>,
	answered: HashMap<ChallengeId, Sent>,
	unanswerable: HashSet<ChallengeId>,
	/// Every challenge open at the last tick: its deadline (`expires_at`) and the last block it
	/// was seen open at, to count it as missed (`expired`) once it is gone.
	deadlines: HashMap<ChallengeId, (BlockNumber, BlockNumber)>,
	confirming: HashMap<AgreementId, Sent>,
	warned_no_key: bool,
	/// The providers this node's keys were operators of at the last tick (to log changes).
	operating: HashMap<AccountId, AccountId>,
	/// The compute jobs' worker (issue 13).
	jobs: JobWorker,
	/// The Prometheus metrics, if the node has a registry.
	metrics: Option<Metrics>,
	/// The job worker's counters when the metrics last saw them.
	job_stats: RunStats,
}

/// The runtime APIs the job worker reads, at one block.
struct ClientJobs<'a, C> {
	client: &'a C,
	at: H256,
}

impl<C> JobChain for ClientJobs<'_, C>
where
	C: ProvideRuntimeApi<Block>,
	C::Api: MarketApi<Block> + JobsApi<Block>,
{
	fn assigned_jobs(&self, provider: &AccountId) -> Result<Vec<Job>, String> {
		self.client
			.runtime_api()
			.assigned_jobs(self.at, provider.clone())
			.map_err(|e| e.to_string())
	}

	fn vcpus(&self, provider: &AccountId) -> Result<u32, String> {
		let view = self
			.client
			.runtime_api()
			.provider(self.at, provider.clone())
			.map_err(|e| e.to_string())?;
		Ok(view.map_or(0, |view| view.capacity.vcpus))
	}

	fn job_exists(&self, job: JobId) -> Result<bool, String> {
		let view = self.client.runtime_api().job(self.at, job).map_err(|e| e.to_string())?;
		Ok(view.is_some())
	}
}

/// The pallet call of a job worker's action.
pub fn job_call(job: JobId, action: &Action) -> RuntimeCall {
	RuntimeCall::Jobs(match *action {
		Action::Accept => pallet_jobs::Call::accept { job },
		Action::Commit(hash) => pallet_jobs::Call::commit { job, hash },
		Action::Reveal { result, salt } => pallet_jobs::Call::reveal { job, result, salt },
		Action::PostResult(result) => pallet_jobs::Call::post_result { job, result },
		Action::Advance => pallet_jobs::Call::advance { job },
	})
}

impl<C, P> Responder<C, P>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: Core<Block>
		+ AccountNonceApi<Block, AccountId, Nonce>
		+ MarketApi<Block>
		+ ProofsApi<Block>
		+ JobsApi<Block>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	/// A responder for the keys in `keystore` and the data in `provider`.
	pub fn new(
		client: Arc<C>,
		pool: Arc<P>,
		keystore: KeystorePtr,
		provider: Arc<Provider>,
		sync: Arc<dyn SyncOracle + Send + Sync>,
		jobs: JobWorker,
	) -> Self {
		Self {
			client,
			pool,
			keystore,
			provider,
			sync,
			answered: HashMap::new(),
			unanswerable: HashSet::new(),
			deadlines: HashMap::new(),
			confirming: HashMap::new(),
			warned_no_key: false,
			operating: HashMap::new(),
			jobs,
			metrics: None,
			job_stats: RunStats::default(),
		}
	}

	/// Update `metrics` (none without a Prometheus registry).
	pub fn with_metrics(mut self, metrics: Option<Metrics>) -> Self {
		self.metrics = metrics;
		self
	}

	/// Run until the node stops. Blocks imported while the node is far behind (major sync) are
	/// skipped: their challenges are long answered or expired, and answers computed from old
	/// state would only fail on chain and cost fees.
	pub async fn run(mut self) {
		let mut imports = self.client.import_notification_stream();
		while let Some(block) = imports.next().await {
			if !block.is_new_best || self.sync.is_major_syncing() {
				continue;
			}
			self.tick(block.hash, *block.header.number()).await;
		}
	}

	/// The providers this node acts for at block `at`, each with the key that signs for it:
	/// every `agpr` sr25519 key in the keystore for its own account, then for the provider it is
	/// the operator of. One signer per provider (its own key first).
	fn signers(&mut self, at: H256) -> Vec<Signer> {
		let keys = self.keystore.sr25519_public_keys(KEY_TYPE);
		if keys.is_empty() && !self.warned_no_key {
			log::warn!(
				target: LOG_TARGET,
				"no provider key (type agpr) in the keystore: challenges are not answered. Insert \
				 one with `agora-node key insert --key-type agpr --scheme sr25519 --suri ...`"
			);
			self.warned_no_key = true;
		}
		if !keys.is_empty() && self.warned_no_key {
			self.warned_no_key = false;
		}
		let mut signers: Vec<Signer> = keys
			.iter()
			.map(|k| Signer {
				public: *k,
				account: AccountId::from(*k),
				provider: AccountId::from(*k),
			})
			.collect();
		let mut operating = HashMap::new();
		for public in keys {
			let account = AccountId::from(public);
			let provider = match self.client.runtime_api().operator_of(at, account.clone()) {
				Ok(Some(provider)) => provider,
				Ok(None) => continue,
				Err(e) => {
					log::debug!(target: LOG_TARGET, "cannot read the provider {account} operates: {e}");
					continue;
				},
			};
			if self.operating.get(&account) != Some(&provider) {
				log::info!(
					target: LOG_TARGET,
					"🔑 key {account} is the operator of provider {provider}: answering for it"
				);
			}
			operating.insert(account.clone(), provider.clone());
			if !signers.iter().any(|s| s.provider == provider) {
				signers.push(Signer { public, account, provider });
			}
		}
		for (account, provider) in &self.operating {
			if !operating.contains_key(account) {
				log::info!(
					target: LOG_TARGET,
					"🔑 key {account} is no longer the operator of provider {provider}"
				);
			}
		}
		self.operating = operating;
		signers
	}

	/// Everything due at best block `at`.
	pub async fn tick(&mut self, at: H256, number: BlockNumber) {
		self.observe();
		let signers = self.signers(at);
		if signers.is_empty() {
			return;
		}
		let mut nonces = HashMap::new();
		self.answer_challenges(at, number, &signers, &mut nonces).await;
		self.confirm_uploads(at, number, &signers, &mut nonces).await;
		self.work_jobs(at, number, &signers, &mut nonces).await;
		if number.is_multiple_of(GC_EVERY) {
			self.collect_garbage(at, number);
			self.jobs.collect_garbage(&ClientJobs { client: &*self.client, at });
			let stats = self.jobs.stats();
			log::info!(
				target: LOG_TARGET,
				"⚙️ jobs so far: {} run, {} failed runs, {} fuel used",
				stats.runs,
				stats.failed,
				stats.fuel_used
			);
		}
	}

	/// Set the gauges of the store and the jobs, and move the jobs' counters on.
	fn observe(&mut self) {
		let Some(metrics) = &self.metrics else { return };
		metrics.observe_store(&self.provider);
		let stats = self.jobs.stats();
		metrics.observe_jobs(self.jobs.running(), stats, self.job_stats);
		self.job_stats = stats;
	}

	/// The job worker's submissions at `at`, signed like the other transactions.
	async fn work_jobs(
		&mut self,
		at: H256,
		number: BlockNumber,
		signers: &[Signer],
		nonces: &mut HashMap<AccountId, Nonce>,
	) {
		let providers: Vec<AccountId> = signers.iter().map(|s| s.provider.clone()).collect();
		let plan = {
			let chain = ClientJobs { client: &*self.client, at };
			let pool = &self.pool;
			self.jobs
				.plan(&chain, number, &providers, &|hash| pool.ready_transaction(hash).is_some())
		};
		for submission in plan {
			let Some(signer) = signers.iter().find(|s| s.provider == submission.provider) else {
				continue;
			};
			let (job, action) = (submission.job, &submission.action);
			match self.submit(at, number, signer, job_call(job, action), nonces).await {
				Ok(hash) => {
					log::info!(
						target: LOG_TARGET,
						"⚙️ job {job}: {} for {} in {hash:?}",
						action.name(),
						submission.provider
					);
					self.jobs.submitted(&submission, hash, number);
				},
				Err(e) => log::warn!(
					target: LOG_TARGET,
					"job {job}: cannot submit {} for {}: {e}",
					action.name(),
					submission.provider
				),
			}
		}
	}

	/// Whether a sent transaction still stands: in the pool, or too recent to judge.
	fn pending(&self, sent: &Sent, number: BlockNumber) -> bool {
		self.pool.ready_transaction(&sent.hash).is_some()
			|| number < sent.at.saturating_add(RESUBMIT_AFTER)
	}

	async fn answer_challenges(
		&mut self,
		at: H256,
		number: BlockNumber,
		signers: &[Signer],
		nonces: &mut HashMap<AccountId, Nonce>,
	) {
		let mut open = HashSet::new();
		for signer in signers {
			let provider = &signer.provider;
			let challenges = match self.client.runtime_api().challenges_of(at, provider.clone()) {
				Ok(challenges) => challenges,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot read challenges of {provider}: {e}");
					return;
				},
			};
			for challenge in challenges {
				open.insert(challenge.id);
				self.deadlines.insert(challenge.id, (challenge.expires_at, number));
				if self.unanswerable.contains(&challenge.id) {
					continue;
				}
				if let Some(sent) = self.answered.get(&challenge.id) {
					if self.pending(sent, number) {
						continue;
					}
					log::warn!(
						target: LOG_TARGET,
						"the answer to challenge {} left the pool unanswered; sending it again",
						challenge.id
					);
				}
				let started = Instant::now();
				let call =
					match self.answer(at, challenge.agreement, challenge.id, &challenge.indices) {
						Ok(call) => {
							if let Some(metrics) = &self.metrics {
								metrics.proof_built(started.elapsed());
							}
							call
						},
						Err(e) => {
							log::error!(
								target: LOG_TARGET,
								"❌ cannot answer challenge {} of agreement {} (due before block {}): {e}; \
								 it will count as missed",
								challenge.id,
								challenge.agreement,
								challenge.expires_at
							);
							self.unanswerable.insert(challenge.id);
							if let Some(metrics) = &self.metrics {
								metrics.challenge_missed(Missed::Unprovable);
							}
							continue;
						},
					};
				match self.submit(at, number, signer, call, nonces).await {
					Ok(hash) => {
						log::info!(
							target: LOG_TARGET,
							"✅ answered challenge {} of agreement {} ({} leaves) in {hash:?}",
							challenge.id,
							challenge.agreement,
							challenge.indices.len()
						);
						let first =
							self.answered.insert(challenge.id, Sent { hash, at: number }).is_none();
						if let Some(metrics) = self.metrics.as_ref().filter(|_| first) {
							metrics.challenge_answered();
						}
					},
					Err(e) => {
						log::warn!(
							target: LOG_TARGET,
							"cannot submit the answer to challenge {}: {e}",
							challenge.id
						);
						if let Some(metrics) = &self.metrics {
							metrics.answer_submit_error();
						}
					},
				}
			}
		}
		// Challenges gone from the open list: answered (in a block before their deadline), or
		// expired at it. Only one still open at the block just before its deadline is sure to
		// have expired (one that was unprovable already counts as missed).
		let (unanswerable, metrics) = (&self.unanswerable, &self.metrics);
		self.deadlines.retain(|id, &mut (expires_at, seen_open)| {
			let gone = !open.contains(id);
			if gone
				&& number >= expires_at
				&& seen_open.saturating_add(1) >= expires_at
				&& !unanswerable.contains(id)
			{
				log::warn!(
					target: LOG_TARGET,
					"❌ challenge {id} expired at block {expires_at} without an answer on chain"
				);
				if let Some(metrics) = metrics {
					metrics.challenge_missed(Missed::Expired);
				}
			}
			!gone
		});
		self.answered.retain(|id, _| open.contains(id));
		self.unanswerable.retain(|id| open.contains(id));
	}

	/// The `respond` call for a challenge, with proofs checked against the commitment.
	fn answer(
		&self,
		at: H256,
		agreement: AgreementId,
		challenge: ChallengeId,
		indices: &[u64],
	) -> Result<RuntimeCall, String> {
		let commitment = self
			.client
			.runtime_api()
			.commitment(at, agreement)
			.map_err(|e| e.to_string())?
			.ok_or("the agreement has no commitment")?;
		let root = commitment.root.0;
		let mut proofs = Vec::with_capacity(indices.len());
		for &index in indices {
			let (leaf, path) = self
				.provider
				.prover
				.prove(&*self.provider.store, agreement, &root, commitment.size, index)
				.map_err(|e| format!("leaf {index}: {e}"))?;
			if !merkle::verify(&root, commitment.size, index, &leaf, &path) {
				return Err(format!("leaf {index}: the proof does not verify"));
			}
			proofs.push(pallet_storage_proofs::LeafProof::<Runtime> {
				leaf: BoundedVec::try_from(leaf).map_err(|_| "a leaf is too long")?,
				path: BoundedVec::try_from(path).map_err(|_| "a proof is too deep")?,
			});
		}
		let proofs = BoundedVec::try_from(proofs).map_err(|_| "too many leaves asked")?;
		Ok(RuntimeCall::StorageProofs(pallet_storage_proofs::Call::respond { challenge, proofs }))
	}

	async fn confirm_uploads(
		&mut self,
		at: H256,
		number: BlockNumber,
		signers: &[Signer],
		nonces: &mut HashMap<AccountId, Nonce>,
	) {
		for agreement in self.provider.stored() {
			let Ok(Some(commitment)) = self.client.runtime_api().commitment(at, agreement) else {
				continue;
			};
			if commitment.confirmed_at.is_some() {
				self.confirming.remove(&agreement);
				continue;
			}
			let Some(signer) = signers.iter().find(|s| s.provider == commitment.provider) else {
				continue;
			};
			// Only data that was verified (its cache is for this commitment) and is still all
			// there.
			if self.provider.prover.cached(agreement) != Some((commitment.root.0, commitment.size))
				|| !matches!(self.provider.store.size(agreement), Ok(Some(len)) if len == commitment.size)
			{
				continue;
			}
			if self.confirming.get(&agreement).is_some_and(|sent| self.pending(sent, number)) {
				continue;
			}
			let call =
				RuntimeCall::StorageProofs(pallet_storage_proofs::Call::confirm { agreement });
			match self.submit(at, number, signer, call, nonces).await {
				Ok(hash) => {
					log::info!(
						target: LOG_TARGET,
						"✅ confirmed holding the data of agreement {agreement} in {hash:?}"
					);
					self.confirming.insert(agreement, Sent { hash, at: number });
				},
				Err(e) => log::warn!(
					target: LOG_TARGET,
					"cannot submit the confirmation of agreement {agreement}: {e}"
				),
			}
		}
	}

	/// Delete the data of agreements that are gone from the chain (closed, commitment removed)
	/// or past their data grace.
	fn collect_garbage(&mut self, at: H256, number: BlockNumber) {
		let Ok(ids) = self.provider.store.list() else { return };
		let api = self.client.runtime_api();
		for agreement in ids {
			// Closed (record and commitment gone), or ended and past its data grace.
			let closed = matches!(api.commitment(at, agreement), Ok(None))
				&& matches!(api.agreement(at, agreement), Ok(None));
			let past_grace = matches!(
				api.agreement(at, agreement),
				Ok(Some(view)) if view.served_until.is_some_and(|until| number > until)
			);
			if closed || past_grace {
				match self.provider.remove(agreement) {
					Ok(()) => log::info!(
						target: LOG_TARGET,
						"🗑️ deleted the data of agreement {agreement}: it is closed or past its data grace"
					),
					Err(e) => log::warn!(
						target: LOG_TARGET,
						"cannot delete the data of closed agreement {agreement}: {e}"
					),
				}
			}
		}
	}

	/// The next nonce of `account`: its nonce at `at`, past every ready pool transaction of it,
	/// then counted locally.
	fn next_nonce(
		&self,
		at: H256,
		account: &AccountId,
		nonces: &mut HashMap<AccountId, Nonce>,
	) -> Result<Nonce, String> {
		if let Some(nonce) = nonces.get(account) {
			return Ok(*nonce);
		}
		let mut nonce = self
			.client
			.runtime_api()
			.account_nonce(at, account.clone())
			.map_err(|e| format!("cannot read the nonce: {e}"))?;
		let provided: HashSet<Vec<u8>> =
			self.pool.ready().flat_map(|tx| tx.provides().to_vec()).collect();
		while provided.contains(&(account, nonce).encode()) {
			nonce = nonce.saturating_add(1);
		}
		Ok(nonce)
	}

	/// Sign `call` with `signer`'s key (as its account) and submit it to the pool.
	async fn submit(
		&self,
		at: H256,
		number: BlockNumber,
		signer: &Signer,
		call: RuntimeCall,
		nonces: &mut HashMap<AccountId, Nonce>,
	) -> Result<H256, String> {
		let (public, account) = (&signer.public, &signer.account);
		let nonce = self.next_nonce(at, account, nonces)?;
		let version = self.client.runtime_api().version(at).map_err(|e| e.to_string())?;
		let info = self.client.info();
		let signing_number = SigningContext::signing_number(number.into());
		let birth = SigningContext::birth(signing_number);
		let birth_hash = self
			.client
			.hash(birth as BlockNumber)
			.map_err(|e| e.to_string())?
			.ok_or_else(|| format!("block {birth} is unknown"))?;
		let ctx = SigningContext {
			genesis: info.genesis_hash,
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
			at_number: signing_number,
			birth_hash,
		};
		let xt = extrinsic::signed(call, account.clone(), nonce, &ctx, |payload| {
			self.keystore.sr25519_sign(KEY_TYPE, public, payload).ok().flatten()
		})?;
		let hash = self
			.pool
			.submit_one(at, TransactionSource::Local, extrinsic::opaque(&xt)?)
			.await
			.map_err(|e| e.to_string())?;
		nonces.insert(account.clone(), nonce.saturating_add(1));
		Ok(hash)
	}
}

/// Start the responder as a task of the node, updating `metrics` if there are any.
#[allow(clippy::too_many_arguments)]
pub fn spawn<C, P>(
	task_manager: &sc_service::TaskManager,
	client: Arc<C>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	provider: Arc<Provider>,
	sync: Arc<dyn SyncOracle + Send + Sync>,
	jobs: JobWorker,
	metrics: Option<Metrics>,
) where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: Core<Block>
		+ AccountNonceApi<Block, AccountId, Nonce>
		+ MarketApi<Block>
		+ ProofsApi<Block>
		+ JobsApi<Block>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	let responder =
		Responder::new(client, pool, keystore, provider, sync, jobs).with_metrics(metrics);
	task_manager.spawn_handle().spawn(
		"agora-provider-responder",
		Some("agora-provider"),
		responder.run(),
	);
}
