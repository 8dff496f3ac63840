//! Seeded random call sequences over the whole runtime (issue 16).
//!
//! # The model
//!
//! * **Chain**: the `development` preset, plus six derived accounts (`//Fuzz//0..5`, from
//!   50 AGR to 10,000 AGR) beside Alice..Ferdie (1,000,000 AGR each): a pool of 12 signers.
//!   Alice is also the sudo key.
//! * **Calls**: a seeded splitmix64 stream picks weighted generators (the table in
//!   [`GENERATORS`]), one or more per pallet call. A generator looks at the state and builds a
//!   mostly plausible call (an existing id, the right signer, an affordable amount, a valid
//!   merkle proof from data it keeps) and, some of the time, garbage (unknown ids, a stranger
//!   signing, huge amounts, corrupted proofs), so both the success and the error paths run.
//!   Every call is a real signed extrinsic (sr25519, the runtime's `TxExtension`, immortal) applied
//!   with `Executive::apply_extrinsic`: fees are charged and refunded as on a live chain.
//! * **Blocks**: real `Executive::initialize_block`/`finalize_block` with a BABE pre-digest and
//!   the timestamp inherent, every 1..8 calls; 1 in 25 blocks is followed by a run of 5..60
//!   empty blocks (and slots jump ahead now and then) so periods, audit rounds, challenge
//!   expiries, job windows, dispute periods, committee terms and sessions elapse. The parent
//!   block's BABE VRF output, which the storage proofs and the job draw read, is drawn from the
//!   same stream (as in `market_stats.rs`; the blocks carry secondary plain pre-digests).
//! * **Checks after every block**: every pallet's `try_state`; the market counters against a
//!   scan ([`super::market_stats::check_counters`]); total issuance equals the sum of all
//!   accounts and equals the initial issuance less what is burned by design (transaction fees,
//!   the market fee of settled installments, slashed candidacy bonds, dust), summed from the
//!   block's events; every account's holds per reason, its reserve and its locks equal what
//!   the pallets' records say; the three pots hold exactly their existential deposit plus what
//!   their records owe. A panic anywhere fails the test with the seed and the last calls.
//!
//! # Running it
//!
//! ```sh
//! cargo test --release -p agora-runtime fuzz_calls -- --nocapture
//! AGORA_FUZZ_SEED=7 AGORA_FUZZ_CALLS=100000 cargo test --release -p agora-runtime fuzz_calls -- --nocapture
//! ```
//!
//! `AGORA_FUZZ_SECONDS` bounds a long run in time (it stops after the block running when the
//! budget is spent).
//!
//! The summary lists, per generator, how many calls succeeded and how many failed with which
//! error; the test fails if a generator never succeeded (it would only be testing its errors).

use super::*;
use agora_primitives::{
	disputes::{DisputeStatus, Ruling},
	jobs::{commit_hash, Blob, JobMode, JobStatus, SlotState},
	market::{Agreement, AgreementStatus, PaymentPlan, PriceList, ProviderStatus, Resources, GIB},
	merkle, Balance, BlockNumber, Signature,
};
use frame_support::traits::fungible::{Inspect, InspectHold};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	generic::Era,
	traits::{BlakeTwo256, Hash as _},
	DispatchError,
};
use std::{
	collections::BTreeMap,
	panic::{catch_unwind, resume_unwind, AssertUnwindSafe},
	time::Instant,
};

/// The default seed (`AGORA_FUZZ_SEED`).
const DEFAULT_SEED: u64 = 0x000A_602A_F022;
/// The default number of calls (`AGORA_FUZZ_CALLS`): about 10 s in `--release`, enough that
/// every generator succeeds with the default seed.
const DEFAULT_CALLS: u64 = 5_000;

/// splitmix64: small, fast, and good enough to pick calls.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	/// Uniform in `0..n` (`n > 0`).
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	/// Uniform in `lo..=hi`.
	fn range(&mut self, lo: u64, hi: u64) -> u64 {
		lo + self.below(hi - lo + 1)
	}
	/// True with `percent` % probability.
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	fn bytes32(&mut self) -> [u8; 32] {
		let mut out = [0u8; 32];
		for chunk in out.chunks_mut(8) {
			chunk.copy_from_slice(&self.next().to_le_bytes());
		}
		out
	}
}

/// What generators return: the index of the signer in the pool and the call.
type Generated = Option<(usize, RuntimeCall)>;
type Generator = fn(&mut World) -> Generated;

type AgreementOf = Agreement<AccountId, BlockNumber>;

/// Outcomes of one generator.
#[derive(Default)]
struct Tally {
	ok: u64,
	errors: BTreeMap<String, u64>,
}

/// The pool, the stream, the data the consumers committed to, and the bookkeeping.
struct World {
	seed: u64,
	rng: Rng,
	pool: Vec<(sr25519::Pair, AccountId)>,
	/// Data by merkle root: what a consumer committed, so its provider can prove it.
	data: BTreeMap<[u8; 32], Vec<u8>>,
	/// Replicated jobs: what each worker committed to (result, salt).
	commits: BTreeMap<(u64, AccountId), (Blob, [u8; 32])>,
	tallies: BTreeMap<&'static str, Tally>,
	/// Current block number and BABE slot.
	number: BlockNumber,
	slot: u64,
	/// Total issuance at genesis and what was burned by design since.
	initial_issuance: Balance,
	burned: Burned,
	calls: u64,
	blocks: u64,
	/// The last calls, printed when something fails.
	recent: std::collections::VecDeque<String>,
}

/// Value burned by design, summed from events.
#[derive(Default, Debug)]
struct Burned {
	fees: Balance,
	market_fees: Balance,
	candidacy_bonds: Balance,
	dust: Balance,
}

impl Burned {
	fn total(&self) -> Balance {
		self.fees + self.market_fees + self.candidacy_bonds + self.dust
	}
}

/// Pallet names by index, for error labels.
fn pallet_name(index: u8) -> &'static str {
	match index {
		0 => "System",
		1 => "Timestamp",
		2 => "Babe",
		3 => "Balances",
		4 => "TransactionPayment",
		5 => "Validators",
		6 => "Session",
		7 => "Grandpa",
		8 => "Sudo",
		9 => "Utility",
		10 => "Providers",
		11 => "Agreements",
		12 => "StorageProofs",
		13 => "Reputation",
		14 => "Elections",
		15 => "Disputes",
		16 => "CommitteeVoters",
		17 => "Jobs",
		_ => "?",
	}
}

fn label(e: &DispatchError) -> String {
	match e {
		// Errors read back from events lost their message: the runtime's error type names them.
		DispatchError::Module(m) => match m.message {
			Some(message) => format!("{}::{message}", pallet_name(m.index)),
			None => crate::RuntimeError::from_dispatch_error(*e)
				.map_or_else(|| format!("{e:?}"), |e| format!("{e:?}")),
		},
		other => format!("{other:?}"),
	}
}

fn agreements(f: impl Fn(&AgreementOf) -> bool) -> Vec<(u64, AgreementOf)> {
	pallet_agreements::Agreements::<Runtime>::iter().filter(|(_, a)| f(a)).collect()
}

fn providers() -> Vec<(AccountId, pallet_providers::ProviderRecord<Runtime>)> {
	pallet_providers::Providers::<Runtime>::iter().collect()
}

fn jobs(f: impl Fn(&pallet_jobs::Job<Runtime>) -> bool) -> Vec<(u64, pallet_jobs::Job<Runtime>)> {
	pallet_jobs::Jobs::<Runtime>::iter().filter(|(_, j)| f(j)).collect()
}

fn disputes(
	f: impl Fn(&pallet_disputes::Dispute<Runtime>) -> bool,
) -> Vec<(u64, pallet_disputes::Dispute<Runtime>)> {
	pallet_disputes::Disputes::<Runtime>::iter().filter(|(_, d)| f(d)).collect()
}

fn now() -> BlockNumber {
	System::block_number()
}

/// Committee members, runners-up and candidates: whom a voter may vote for.
fn electable() -> Vec<AccountId> {
	let mut all: Vec<AccountId> = pallet_elections_phragmen::Members::<Runtime>::get()
		.into_iter()
		.chain(pallet_elections_phragmen::RunnersUp::<Runtime>::get())
		.map(|s| s.who)
		.collect();
	all.extend(pallet_elections_phragmen::Candidates::<Runtime>::get().into_iter().map(|c| c.0));
	all
}

impl World {
	fn new(seed: u64) -> Self {
		let mut pool: Vec<(sr25519::Pair, AccountId)> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
			Sr25519Keyring::Eve,
			Sr25519Keyring::Ferdie,
		]
		.into_iter()
		.map(|k| (k.pair(), k.to_account_id()))
		.collect();
		for i in 0..DERIVED.len() {
			let pair = derived(i);
			let id = AccountId::from(pair.public());
			pool.push((pair, id));
		}
		World {
			seed,
			rng: Rng(seed),
			pool,
			data: BTreeMap::new(),
			commits: BTreeMap::new(),
			tallies: BTreeMap::new(),
			number: 0,
			slot: 1_000,
			initial_issuance: 0,
			burned: Burned::default(),
			calls: 0,
			blocks: 0,
			recent: Default::default(),
		}
	}

	// ---- picking ----

	fn actor(&mut self) -> usize {
		self.rng.below(self.pool.len() as u64) as usize
	}
	fn random_account(&mut self) -> AccountId {
		let i = self.actor();
		self.account(i)
	}
	fn account(&self, i: usize) -> AccountId {
		self.pool[i].1.clone()
	}
	fn index_of(&self, who: &AccountId) -> Option<usize> {
		self.pool.iter().position(|(_, a)| a == who)
	}
	/// `who` signs with `percent` % probability (if it is in the pool), else anyone.
	fn signer(&mut self, who: &AccountId, percent: u64) -> usize {
		match self.index_of(who) {
			Some(i) if self.rng.chance(percent) => i,
			_ => self.actor(),
		}
	}
	fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
		if items.is_empty() {
			None
		} else {
			Some(items[self.rng.below(items.len() as u64) as usize].clone())
		}
	}
	/// An id that mostly exists (`known`), sometimes one that does not.
	fn id_or_garbage(&mut self, known: Option<u64>) -> Option<u64> {
		match known {
			Some(id) if !self.rng.chance(4) => Some(id),
			_ if self.rng.chance(30) => Some(self.rng.range(0, 1 << 20)),
			other => other,
		}
	}
	/// An account outside the pool.
	fn stranger(&mut self) -> AccountId {
		AccountId::from(self.rng.bytes32())
	}
	fn amount(&mut self, typical: Balance) -> Balance {
		match self.rng.below(20) {
			0 => Balance::MAX / 2,
			1 => 0,
			_ => (typical / 100).max(1) * self.rng.range(1, 200) as Balance,
		}
	}

	// ---- blocks ----

	/// Open block `number + 1` at the next slot (or a few slots later).
	fn open_block(&mut self, parent_hash: H256) {
		use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
		self.number += 1;
		self.slot += if self.rng.chance(10) { self.rng.range(2, 30) } else { 1 };
		let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
			authority_index: 0,
			slot: self.slot.into(),
		});
		let digest =
			Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] };
		let header =
			Header::new(self.number, Default::default(), Default::default(), parent_hash, digest);
		Executive::initialize_block(&header);
		let now = self.slot * pallet_validators::Timing::<Runtime>::get().slot_duration;
		let timestamp =
			UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
				now,
			}));
		assert_ok!(Executive::apply_extrinsic(timestamp).expect("timestamp inherent applies"));
	}

	/// Finalize the open block, account for what it burned, stand in for its VRF output, check
	/// every invariant. Answers the block's hash.
	fn close_block(&mut self) -> H256 {
		let header = Executive::finalize_block();
		self.blocks += 1;
		self.count_burns();
		pallet_babe::AuthorVrfRandomness::<Runtime>::put(Some(self.rng.bytes32()));
		let number = self.number;
		if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.check())) {
			self.report(&format!("invariant broken after block {number}"));
			resume_unwind(panic);
		}
		header.hash()
	}

	fn count_burns(&mut self) {
		for record in System::events() {
			match record.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => self.burned.fees += actual_fee,
				RuntimeEvent::Agreements(pallet_agreements::Event::Settled { fee, .. }) => {
					self.burned.market_fees += fee
				},
				RuntimeEvent::Elections(
					pallet_elections_phragmen::Event::CandidateSlashed { amount, .. }
					| pallet_elections_phragmen::Event::SeatHolderSlashed { amount, .. },
				) => self.burned.candidacy_bonds += amount,
				RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => {
					self.burned.dust += amount
				},
				_ => {},
			}
		}
	}

	// ---- calls ----

	fn sign(&self, who: usize, call: RuntimeCall) -> UncheckedExtrinsic {
		let (pair, account) = &self.pool[who];
		let extension: crate::TxExtension = (
			frame_system::AuthorizeCall::new(),
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(System::account_nonce(account)),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		);
		let payload = crate::SignedPayload::new(call.clone(), extension.clone())
			.expect("the implicit data of the extensions");
		let signature = payload.using_encoded(|bytes| pair.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			account.clone().into(),
			Signature::Sr25519(signature),
			extension,
		)
	}

	/// Apply `call` signed by `who`; answers the outcome's label (`None` for success), reading
	/// the inner results of batches and sudo from the events.
	fn apply(&mut self, who: usize, call: RuntimeCall) -> Option<String> {
		let xt = self.sign(who, call);
		let events_before = System::events().len();
		let outcome = match Executive::apply_extrinsic(xt) {
			// Includes the session-change blocks, which pallet-session fills up entirely.
			Err(invalid) => return Some(format!("invalid: {invalid:?}")),
			Ok(outcome) => outcome,
		};
		if let Err(e) = outcome {
			return Some(label(&e));
		}
		for record in System::events().into_iter().skip(events_before) {
			match record.event {
				RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted {
					error, ..
				}) => return Some(format!("BatchInterrupted({})", label(&error))),
				RuntimeEvent::Utility(pallet_utility::Event::BatchCompletedWithErrors) => {
					return Some("BatchCompletedWithErrors".into())
				},
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) => {
					return Some(format!("Sudid({})", label(&e)))
				},
				_ => {},
			}
		}
		None
	}

	/// One random call: pick a generator by weight until one finds something to do, apply
	/// what it built, tally the outcome.
	fn step(&mut self) {
		let total: u64 = GENERATORS.iter().map(|g| g.1).sum();
		for _ in 0..20 {
			let mut roll = self.rng.below(total);
			let &(name, _, generate) = GENERATORS
				.iter()
				.find(|g| {
					if roll < g.1 {
						true
					} else {
						roll -= g.1;
						false
					}
				})
				.expect("the roll is below the total");
			let Some((who, call)) = generate(self) else { continue };
			let description =
				format!("#{} block {} {name} by {who}: {call:?}", self.calls, self.number);
			self.recent.push_back(description);
			if self.recent.len() > 30 {
				self.recent.pop_front();
			}
			let outcome = match catch_unwind(AssertUnwindSafe(|| self.apply(who, call))) {
				Ok(outcome) => outcome,
				Err(panic) => {
					self.report(&format!("panic in call {} ({name})", self.calls));
					resume_unwind(panic);
				},
			};
			if let Some(back) = self.recent.back_mut() {
				back.push_str(&format!(" -> {}", outcome.as_deref().unwrap_or("Ok")));
			}
			let tally = self.tallies.entry(name).or_default();
			match outcome {
				None => tally.ok += 1,
				Some(e) => *tally.errors.entry(e).or_default() += 1,
			}
			self.calls += 1;
			return;
		}
	}

	fn report(&self, what: &str) {
		eprintln!(
			"\n=== fuzz_calls: {what} (seed {}, call {}, block {})",
			self.seed, self.calls, self.number
		);
		eprintln!("reproduce: AGORA_FUZZ_SEED={} AGORA_FUZZ_CALLS={} cargo test --release -p agora-runtime fuzz_calls -- --nocapture", self.seed, self.calls + 1);
		eprintln!("the last calls:");
		for line in &self.recent {
			eprintln!("  {line}");
		}
	}

	// ---- checks ----

	fn check(&self) {
		let step = format!("block {}", self.number);
		for (pallet, result) in [
			("providers", crate::Providers::do_try_state()),
			("agreements", crate::Agreements::do_try_state()),
			("storage-proofs", crate::StorageProofs::do_try_state()),
			("reputation", crate::Reputation::do_try_state()),
			("disputes", crate::Disputes::do_try_state()),
			("committee-voters", crate::CommitteeVoters::do_try_state()),
			("jobs", crate::Jobs::do_try_state()),
			("validators", crate::Validators::do_try_state()),
		] {
			if let Err(e) = result {
				panic!("{pallet} try_state after {step}: {e:?}");
			}
		}
		super::market_stats::check_counters(&step);
		self.check_issuance(&step);
		self.check_holds(&step);
		self.check_pots(&step);
	}

	/// Issuance is the sum of all accounts, and the initial issuance less what was burned.
	fn check_issuance(&self, step: &str) {
		let issuance = Balances::total_issuance();
		let sum: Balance = frame_system::Account::<Runtime>::iter_values()
			.map(|a| a.data.free + a.data.reserved)
			.sum();
		assert_eq!(issuance, sum, "total issuance vs the accounts after {step}");
		assert_eq!(
			issuance,
			self.initial_issuance - self.burned.total(),
			"total issuance vs initial less burned ({:?}) after {step}",
			self.burned
		);
	}

	/// Per account: each hold equals the records of its pallet, nothing else is held; the
	/// reserve beyond the holds is the election bonds; the only lock is the election vote's.
	fn check_holds(&self, step: &str) {
		use crate::RuntimeHoldReason as R;
		let mut record_deposits: BTreeMap<AccountId, Balance> = BTreeMap::new();
		for (_, a) in pallet_agreements::Agreements::<Runtime>::iter() {
			*record_deposits.entry(a.consumer).or_default() += a.record_deposit;
		}
		let mut commitment_deposits: BTreeMap<AccountId, Balance> = BTreeMap::new();
		for (_, c) in pallet_storage_proofs::Commitments::<Runtime>::iter() {
			*commitment_deposits.entry(c.consumer).or_default() += c.deposit;
		}
		let mut job_deposits: BTreeMap<AccountId, Balance> = BTreeMap::new();
		for (_, j) in pallet_jobs::Jobs::<Runtime>::iter() {
			*job_deposits.entry(j.consumer).or_default() += j.deposit;
		}
		let mut election_bonds: BTreeMap<AccountId, Balance> = BTreeMap::new();
		for seat in pallet_elections_phragmen::Members::<Runtime>::get()
			.into_iter()
			.chain(pallet_elections_phragmen::RunnersUp::<Runtime>::get())
		{
			*election_bonds.entry(seat.who).or_default() += seat.deposit;
		}
		for (who, deposit) in pallet_elections_phragmen::Candidates::<Runtime>::get() {
			*election_bonds.entry(who).or_default() += deposit;
		}
		let operator_deposit = pallet_storage_proofs::Params::<Runtime>::get().commitment_deposit;
		for who in frame_system::Account::<Runtime>::iter_keys() {
			let voter = pallet_elections_phragmen::Voting::<Runtime>::get(&who);
			*election_bonds.entry(who.clone()).or_default() += voter.deposit;
			let expected = [
				(
					R::Providers(pallet_providers::HoldReason::ProviderBond),
					pallet_providers::Providers::<Runtime>::get(&who).map_or(0, |p| p.bond),
				),
				(
					R::Agreements(pallet_agreements::HoldReason::RecordDeposit),
					record_deposits.get(&who).copied().unwrap_or(0),
				),
				(
					R::StorageProofs(pallet_storage_proofs::HoldReason::CommitmentDeposit),
					commitment_deposits.get(&who).copied().unwrap_or(0),
				),
				(
					R::StorageProofs(pallet_storage_proofs::HoldReason::OperatorDeposit),
					if pallet_storage_proofs::Operators::<Runtime>::contains_key(&who) {
						operator_deposit
					} else {
						0
					},
				),
				(
					R::Jobs(pallet_jobs::HoldReason::JobDeposit),
					job_deposits.get(&who).copied().unwrap_or(0),
				),
			];
			let mut held = 0;
			for (reason, amount) in expected {
				assert_eq!(
					Balances::balance_on_hold(&reason, &who),
					amount,
					"{reason:?} of {who} after {step}"
				);
				held += amount;
			}
			let all_holds: Balance =
				pallet_balances::Holds::<Runtime>::get(&who).iter().map(|h| h.amount).sum();
			assert_eq!(all_holds, held, "holds of {who} for other reasons after {step}");
			assert_eq!(
				Balances::reserved_balance(&who),
				held + election_bonds.get(&who).copied().unwrap_or(0),
				"reserved by {who} (holds and election bonds) after {step}"
			);
			let locks = pallet_balances::Locks::<Runtime>::get(&who);
			let expected_locks: Vec<Balance> =
				if voter.stake > 0 { vec![voter.stake] } else { vec![] };
			assert_eq!(
				locks.iter().map(|l| l.amount).collect::<Vec<_>>(),
				expected_locks,
				"locks of {who} after {step}"
			);
		}
	}

	/// The pots hold exactly their existential deposit plus what the records owe: nothing is
	/// stranded in them (no transfer to a pot is generated).
	fn check_pots(&self, step: &str) {
		let ed = <Balances as Inspect<AccountId>>::minimum_balance();
		let agreements: Balance = pallet_agreements::Agreements::<Runtime>::iter_values()
			.map(|a| a.escrow + a.security_deposit + a.provider_collateral)
			.sum();
		assert_eq!(
			Balances::balance(&crate::Agreements::pot()),
			ed + agreements,
			"the agreements' pot after {step}"
		);
		let jobs: Balance = pallet_jobs::Jobs::<Runtime>::iter_values()
			.map(|j| j.escrow + j.slots.iter().map(|s| s.collateral).sum::<Balance>())
			.sum();
		assert_eq!(Balances::balance(&crate::Jobs::pot()), ed + jobs, "the jobs' pot after {step}");
		let bonds: Balance = pallet_disputes::Disputes::<Runtime>::iter_values()
			.filter(|d| d.status == DisputeStatus::Open)
			.map(|d| d.bond)
			.sum();
		assert_eq!(
			Balances::balance(&crate::Disputes::pot()),
			ed + bonds,
			"the disputes' pot after {step}"
		);
	}

	fn summary(&self, elapsed: std::time::Duration) -> (u64, u64) {
		let (mut ok, mut err) = (0, 0);
		println!(
			"\nfuzz_calls: seed {}, {} calls in {} blocks (last #{}), {:.1} s",
			self.seed,
			self.calls,
			self.blocks,
			self.number,
			elapsed.as_secs_f64()
		);
		println!("burned by design: {:?}", self.burned);
		for (name, weight, _) in GENERATORS {
			let Some(t) = self.tallies.get(name) else {
				println!("{name:<28} (w {weight:>2}) never generated");
				continue;
			};
			let errors: u64 = t.errors.values().sum();
			ok += t.ok;
			err += errors;
			println!("{name:<28} (w {weight:>2}) ok {:>6}  err {:>6}", t.ok, errors);
			for (e, n) in &t.errors {
				println!("{:>36}{n:>6}  {e}", "");
			}
		}
		println!("total: ok {ok}, err {err}");
		(ok, err)
	}
}

/// The derived accounts and what genesis gives them (AGR).
const DERIVED: [Balance; 6] = [10_000, 5_000, 1_000, 500, 200, 50];

fn derived(i: usize) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//Fuzz//{i}"), None).expect("a valid derivation")
}

/// The dev preset with the derived accounts funded as well.
fn genesis() -> sp_runtime::Storage {
	let mut patch = development_config_genesis();
	let balances = patch["balances"]["balances"].as_array_mut().expect("the dev endowments");
	for (i, agr) in DERIVED.iter().enumerate() {
		let id = AccountId::from(derived(i).public());
		balances.push(serde_json::json!([id.to_string(), agr * AGR]));
	}
	storage_of(patch)
}

// ================================= generators =================================

/// `(name, weight, generator)`: the name tallies the outcomes.
const GENERATORS: &[(&str, u64, Generator)] = &[
	("balances.transfer", 3, transfer),
	("utility.batch", 3, batch),
	("sudo.suspend_reinstate", 1, suspend_or_reinstate),
	("providers.register", 4, register),
	("providers.update_resources", 2, update_resources),
	("providers.update_prices", 2, update_prices),
	("providers.update_endpoint", 1, update_endpoint),
	("providers.update_attributes", 1, update_attributes),
	("providers.pause", 1, pause),
	("providers.resume", 2, resume),
	("providers.unregister", 1, unregister),
	("providers.withdraw_bond", 2, withdraw_bond),
	("agreements.request", 12, request),
	("agreements.accept", 8, accept),
	("agreements.counter", 2, counter),
	("agreements.accept_counter", 2, accept_counter),
	("agreements.revoke", 1, revoke),
	("agreements.reject", 1, reject),
	("agreements.expire", 2, expire),
	("agreements.prepay", 8, prepay),
	("agreements.settle", 6, settle),
	("agreements.terminate_nonpayment", 2, terminate_nonpayment),
	("agreements.cancel", 1, cancel),
	("agreements.abandon", 1, abandon),
	("agreements.close", 5, close),
	("proofs.commit", 6, commit),
	("proofs.confirm", 5, confirm),
	("proofs.respond", 12, respond),
	("proofs.remove_commitment", 2, remove_commitment),
	("proofs.set_operator", 1, set_operator),
	("reputation.rate", 5, rate),
	("disputes.open", 2, open_dispute),
	("disputes.submit_evidence", 1, submit_evidence),
	("disputes.vote", 5, vote_dispute),
	("disputes.resolve", 3, resolve),
	("disputes.open_job", 2, open_job),
	("elections.submit_candidacy", 2, submit_candidacy),
	("elections.renounce_candidacy", 1, renounce_candidacy),
	("committee_voters.vote", 3, vote_committee),
	("committee_voters.remove_voter", 1, remove_voter),
	("jobs.opt_in", 2, opt_in),
	("jobs.opt_out", 1, opt_out),
	("jobs.kick", 1, kick),
	("jobs.submit", 5, submit_job),
	("jobs.cancel", 1, cancel_job),
	("jobs.accept", 10, accept_job),
	("jobs.decline", 1, decline_job),
	("jobs.skip", 1, skip_job),
	("jobs.commit", 4, commit_job),
	("jobs.reveal", 4, reveal_job),
	("jobs.post_result", 3, post_result),
	("jobs.accept_result", 2, accept_result),
	("jobs.advance", 3, advance_job),
	("jobs.close", 2, close_job),
];

// ---- balances and utility ----

fn transfer(w: &mut World) -> Generated {
	let from = w.actor();
	let dest = if w.rng.chance(5) { w.stranger() } else { w.random_account() };
	let free = Balances::free_balance(w.account(from));
	let value = w.amount(free / 50);
	let call = if w.rng.chance(20) {
		pallet_balances::Call::transfer_allow_death { dest: dest.into(), value }
	} else {
		pallet_balances::Call::transfer_keep_alive { dest: dest.into(), value }
	};
	Some((from, RuntimeCall::Balances(call)))
}

/// Two to four calls of the same signer in one `batch`, `batch_all` or `force_batch`.
fn batch(w: &mut World) -> Generated {
	let inner: Vec<Generator> = GENERATORS
		.iter()
		.filter(|g| !g.0.starts_with("utility") && !g.0.starts_with("sudo"))
		.map(|g| g.2)
		.collect();
	let mut signer = None;
	let mut calls = Vec::new();
	for _ in 0..12 {
		let generate = w.pick(&inner)?;
		if let Some((who, call)) = generate(w) {
			if signer.is_none_or(|s| s == who) {
				signer = Some(who);
				calls.push(call);
			}
		}
		if calls.len() >= 4 || (calls.len() >= 2 && w.rng.chance(40)) {
			break;
		}
	}
	let call = match w.rng.below(3) {
		0 => pallet_utility::Call::batch { calls },
		1 => pallet_utility::Call::batch_all { calls },
		_ => pallet_utility::Call::force_batch { calls },
	};
	Some((signer?, RuntimeCall::Utility(call)))
}

fn suspend_or_reinstate(w: &mut World) -> Generated {
	let (provider, p) = w.pick(&providers())?;
	let call = if p.suspended == w.rng.chance(85) {
		pallet_providers::Call::reinstate { provider }
	} else {
		pallet_providers::Call::suspend { provider }
	};
	// Alice is the sudo key; anyone else is refused.
	let alice = w.account(0);
	let who = w.signer(&alice, 90);
	Some((
		who,
		RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(RuntimeCall::Providers(call)) }),
	))
}

// ---- providers ----

fn capacity(w: &mut World) -> Resources {
	match w.rng.below(25) {
		0 => Resources::zero(),
		1 => Resources { storage_bytes: u64::MAX, vcpus: u32::MAX, memory_mib: u64::MAX, gpus: 1 },
		_ => Resources {
			storage_bytes: w.rng.range(1, 200) * GIB as u64,
			vcpus: w.rng.range(0, 8) as u32,
			memory_mib: w.rng.range(0, 16) * 1024,
			gpus: 0,
		},
	}
}

fn prices(w: &mut World) -> PriceList {
	PriceList {
		storage_per_gib: w.pick(&[0, crate::MILLI_AGR, AGR / 10, AGR, 5 * AGR]).unwrap_or(AGR),
		vcpu: w.pick(&[0, crate::MILLI_AGR, 10 * crate::MILLI_AGR, AGR / 10]).unwrap_or(0),
		memory_per_gib: w.pick(&[0, crate::MILLI_AGR]).unwrap_or(0),
		gpu: 0,
	}
}

fn endpoint(w: &mut World) -> pallet_providers::Endpoint<Runtime> {
	format!("http://10.0.0.{}:9944", w.rng.below(256))
		.into_bytes()
		.try_into()
		.expect("short")
}

/// A provider of the registry, signing as itself mostly.
fn provider_signer(w: &mut World) -> Option<(usize, AccountId)> {
	let (who, _) = w.pick(&providers())?;
	Some((w.signer(&who, 90), who))
}

fn register(w: &mut World) -> Generated {
	let unregistered: Vec<usize> = (0..w.pool.len())
		.filter(|i| !pallet_providers::Providers::<Runtime>::contains_key(w.account(*i)))
		.collect();
	let who = match w.pick(&unregistered) {
		Some(i) if w.rng.chance(85) => i,
		_ => w.actor(),
	};
	let call = pallet_providers::Call::register {
		capacity: capacity(w),
		prices: prices(w),
		endpoint: endpoint(w),
		attributes: Default::default(),
	};
	Some((who, RuntimeCall::Providers(call)))
}

fn update_resources(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	let capacity = capacity(w);
	Some((who, RuntimeCall::Providers(pallet_providers::Call::update_resources { capacity })))
}

fn update_prices(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	let prices = prices(w);
	Some((who, RuntimeCall::Providers(pallet_providers::Call::update_prices { prices })))
}

fn update_endpoint(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	let endpoint = endpoint(w);
	Some((who, RuntimeCall::Providers(pallet_providers::Call::update_endpoint { endpoint })))
}

fn update_attributes(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	let region = w.pick(&["eu-west", "us-east", "ap-south", ""]).unwrap_or("");
	let attributes = pallet_providers::Attributes::<Runtime> {
		region: region.as_bytes().to_vec().try_into().expect("short"),
		extra: Default::default(),
	};
	Some((who, RuntimeCall::Providers(pallet_providers::Call::update_attributes { attributes })))
}

fn pause(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	Some((who, RuntimeCall::Providers(pallet_providers::Call::pause {})))
}

fn resume(w: &mut World) -> Generated {
	let paused: Vec<AccountId> = providers()
		.into_iter()
		.filter(|(_, p)| p.status == ProviderStatus::Paused)
		.map(|(a, _)| a)
		.collect();
	let who = match w.pick(&paused) {
		Some(p) => w.signer(&p, 90),
		None => provider_signer(w)?.0,
	};
	Some((who, RuntimeCall::Providers(pallet_providers::Call::resume {})))
}

fn unregister(w: &mut World) -> Generated {
	let idle: Vec<AccountId> = providers()
		.into_iter()
		.filter(|(_, p)| {
			p.live_agreements == 0 && !matches!(p.status, ProviderStatus::Unbonding { .. })
		})
		.map(|(a, _)| a)
		.collect();
	let who = match w.pick(&idle) {
		Some(p) if w.rng.chance(80) => w.signer(&p, 95),
		_ => provider_signer(w)?.0,
	};
	Some((who, RuntimeCall::Providers(pallet_providers::Call::unregister {})))
}

fn withdraw_bond(w: &mut World) -> Generated {
	let unbonding: Vec<AccountId> = providers()
		.into_iter()
		.filter(|(_, p)| matches!(p.status, ProviderStatus::Unbonding { until } if until <= now()))
		.map(|(a, _)| a)
		.collect();
	let who = match w.pick(&unbonding) {
		Some(p) => w.signer(&p, 95),
		None if w.rng.chance(20) => w.actor(),
		None => return None,
	};
	Some((who, RuntimeCall::Providers(pallet_providers::Call::withdraw_bond {})))
}

// ---- agreements ----

fn request(w: &mut World) -> Generated {
	let consumer = w.actor();
	let provider = match w.pick(&providers()) {
		Some((p, _)) if !w.rng.chance(5) => p,
		_ => w.stranger(),
	};
	let resources = match w.rng.below(20) {
		0 => Resources::zero(),
		1..=11 => Resources { storage_bytes: w.rng.range(1, 4) * GIB as u64, ..Default::default() },
		12..=16 => {
			Resources { vcpus: w.rng.range(1, 2) as u32, memory_mib: 1024, ..Default::default() }
		},
		_ => Resources {
			storage_bytes: w.rng.range(1, 2) * GIB as u64,
			vcpus: 1,
			..Default::default()
		},
	};
	let duration = if w.rng.chance(3) { 0 } else { w.rng.range(1, 20) as u32 };
	let installment_periods = match w.rng.below(10) {
		0 => duration + 1,
		1..=5 => 1,
		_ => w.rng.range(1, u64::from(duration.max(1))) as u32,
	};
	let plan = PaymentPlan { installment_periods };
	let quoted = crate::Agreements::quote(&provider, &resources, duration, plan)
		.map(|q| q.total_price)
		.unwrap_or(AGR);
	let max_price = match w.rng.below(10) {
		0 => quoted.saturating_sub(1),
		1 => Balance::MAX,
		_ => quoted,
	};
	let call = pallet_agreements::Call::request {
		provider,
		resources,
		duration_periods: duration,
		plan,
		max_price,
	};
	Some((consumer, RuntimeCall::Agreements(call)))
}

/// An agreement chosen by `filter` and its party (`consumer` or provider) as the usual signer.
fn agreement_party(
	w: &mut World,
	consumer: bool,
	filter: impl Fn(&AgreementOf) -> bool,
) -> Option<(usize, u64)> {
	let (id, a) = match w.pick(&agreements(filter)) {
		Some(found) => found,
		None if w.rng.chance(10) => {
			let id = w.rng.range(0, 1 << 20);
			return Some((w.actor(), id));
		},
		None => return None,
	};
	let party = if consumer { a.consumer } else { a.provider };
	let signer = w.signer(&party, 90);
	Some((signer, w.id_or_garbage(Some(id))?))
}

fn requested(a: &AgreementOf) -> bool {
	a.status == AgreementStatus::Requested
}
fn pending(a: &AgreementOf) -> bool {
	matches!(a.status, AgreementStatus::Requested | AgreementStatus::Countered)
}
fn active(a: &AgreementOf) -> bool {
	a.status == AgreementStatus::Active
}
fn finished(a: &AgreementOf) -> bool {
	!a.is_live() && !pending(a)
}

fn accept(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, false, requested)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::accept { id })))
}

fn counter(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, false, requested)?;
	let a = pallet_agreements::Agreements::<Runtime>::get(id);
	let mut terms = a.map(|a| a.terms).unwrap_or(agora_primitives::market::Terms {
		price_per_period: AGR,
		plan: PaymentPlan { installment_periods: 1 },
	});
	terms.price_per_period = match w.rng.below(4) {
		0 => terms.price_per_period / 2,
		1 => Balance::MAX,
		_ => terms.price_per_period + terms.price_per_period / 10 + 1,
	};
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::counter { id, terms })))
}

fn accept_counter(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, true, |a| a.status == AgreementStatus::Countered)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::accept_counter { id })))
}

fn revoke(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, true, pending)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::revoke { id })))
}

fn reject(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, false, pending)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::reject { id })))
}

fn expire(w: &mut World) -> Generated {
	let n = now();
	let (_, id) = agreement_party(w, true, |a| pending(a) && a.expires_at <= n)?;
	let who = w.actor();
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::expire { id })))
}

fn prepay(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, true, |a| {
		a.is_live()
			&& a.activated_at.is_some()
			&& a.schedule().is_some_and(|s| a.paid_installments < s.installments())
	})?;
	let left = pallet_agreements::Agreements::<Runtime>::get(id)
		.and_then(|a| Some(a.schedule()?.installments() - a.paid_installments))
		.unwrap_or(1);
	let installments = match w.rng.below(12) {
		0 => 0,
		1 => left + 1,
		_ => w.rng.range(1, u64::from(left.clamp(1, 4))) as u32,
	};
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::prepay { id, installments })))
}

fn settle(w: &mut World) -> Generated {
	let (_, id) = agreement_party(w, false, |a| a.is_live() && a.activated_at.is_some())?;
	let who = w.actor();
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::settle { id })))
}

fn terminate_nonpayment(w: &mut World) -> Generated {
	let (who, id) =
		agreement_party(w, false, |a| active(a) && a.paid_installments == a.settled_installments)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::terminate_nonpayment { id })))
}

fn cancel(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, true, active)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::cancel { id })))
}

fn abandon(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, false, active)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::abandon { id })))
}

fn close(w: &mut World) -> Generated {
	let (who, id) = agreement_party(w, true, finished)?;
	Some((who, RuntimeCall::Agreements(pallet_agreements::Call::close { id })))
}

// ---- storage proofs ----

fn commit(w: &mut World) -> Generated {
	let (who, agreement) =
		agreement_party(w, true, |a| active(a) && a.resources.storage_bytes > 0)?;
	if pallet_storage_proofs::Commitments::<Runtime>::contains_key(agreement) && w.rng.chance(80) {
		return None;
	}
	let (root, size) = if w.rng.chance(12) {
		// A root nobody can prove.
		(w.rng.bytes32(), w.rng.range(1, 5_000))
	} else {
		let len = w.rng.range(1, 3_000) as usize;
		let data: Vec<u8> = (0..len).map(|_| w.rng.next() as u8).collect();
		let root = merkle::root(&data).expect("data is not empty");
		let size = data.len() as u64;
		w.data.insert(root, data);
		(root, size)
	};
	Some((
		who,
		RuntimeCall::StorageProofs(pallet_storage_proofs::Call::commit { agreement, root, size }),
	))
}

/// The provider or, if it named one, its operator (mostly), or anyone.
fn provider_or_operator(w: &mut World, provider: &AccountId) -> usize {
	match pallet_storage_proofs::Operators::<Runtime>::get(provider) {
		Some(op) if w.rng.chance(50) => w.signer(&op, 95),
		_ => w.signer(provider, 90),
	}
}

fn confirm(w: &mut World) -> Generated {
	let unconfirmed: Vec<(u64, AccountId)> = pallet_storage_proofs::Commitments::<Runtime>::iter()
		.filter(|(_, c)| c.confirmed_at.is_none())
		.map(|(id, c)| (id, c.provider))
		.collect();
	let (agreement, provider) = w.pick(&unconfirmed)?;
	let who = provider_or_operator(w, &provider);
	let agreement = w.id_or_garbage(Some(agreement))?;
	Some((who, RuntimeCall::StorageProofs(pallet_storage_proofs::Call::confirm { agreement })))
}

fn respond(w: &mut World) -> Generated {
	let open: Vec<(u64, pallet_storage_proofs::Challenge<Runtime>)> =
		pallet_storage_proofs::Challenges::<Runtime>::iter().collect();
	let (challenge, ch) = w.pick(&open)?;
	let who = provider_or_operator(w, &ch.provider);
	let commitment = pallet_storage_proofs::Commitments::<Runtime>::get(ch.agreement)?;
	let data = w.data.get(&commitment.root).cloned();
	let corrupt = w.rng.chance(10);
	let proofs: Vec<pallet_storage_proofs::LeafProof<Runtime>> = ch
		.indices
		.iter()
		.map(|&i| {
			let (mut leaf, mut path) = match &data {
				Some(data) => {
					let start = (i as usize) * merkle::LEAF_SIZE;
					let end = (start + merkle::LEAF_SIZE).min(data.len());
					(
						data.get(start..end).unwrap_or_default().to_vec(),
						merkle::proof(data, i).unwrap_or_default(),
					)
				},
				// Nothing to prove with: the provider makes something up.
				None => (vec![7; merkle::LEAF_SIZE], vec![[7; 32]; 3]),
			};
			if corrupt {
				match w.rng.below(3) {
					0 if !leaf.is_empty() => leaf[0] ^= 1,
					1 if !path.is_empty() => path[0][0] ^= 1,
					_ => {
						path.pop();
					},
				}
			}
			pallet_storage_proofs::LeafProof {
				leaf: leaf.try_into().expect("a leaf"),
				path: path.try_into().expect("a path"),
			}
		})
		.collect();
	let mut proofs = proofs;
	if corrupt && w.rng.chance(20) {
		proofs.pop();
	}
	let proofs = proofs.try_into().expect("within the bound");
	Some((
		who,
		RuntimeCall::StorageProofs(pallet_storage_proofs::Call::respond { challenge, proofs }),
	))
}

fn remove_commitment(w: &mut World) -> Generated {
	let dead: Vec<u64> = pallet_storage_proofs::Commitments::<Runtime>::iter_keys()
		.filter(|id| {
			!pallet_agreements::Agreements::<Runtime>::get(id).is_some_and(|a| a.is_live())
		})
		.collect();
	let agreement = match w.pick(&dead) {
		Some(id) => id,
		None => {
			w.pick(&pallet_storage_proofs::Commitments::<Runtime>::iter_keys().collect::<Vec<_>>())?
		},
	};
	let who = w.actor();
	Some((
		who,
		RuntimeCall::StorageProofs(pallet_storage_proofs::Call::remove_commitment { agreement }),
	))
}

fn set_operator(w: &mut World) -> Generated {
	let (who, _) = provider_signer(w)?;
	let operator = match w.rng.below(4) {
		0 => None,
		_ => Some(w.random_account()),
	};
	Some((who, RuntimeCall::StorageProofs(pallet_storage_proofs::Call::set_operator { operator })))
}

// ---- reputation ----

fn rate(w: &mut World) -> Generated {
	let consumer_rates = w.rng.chance(50);
	let window = pallet_reputation::Params::<Runtime>::get().rating_window;
	let n = now();
	let strict = !w.rng.chance(10);
	let (who, agreement) = agreement_party(w, consumer_rates, |a| {
		a.status == AgreementStatus::Completed
			&& (!strict || a.ended_at.is_some_and(|e| e + window > n))
	})?;
	let mut score = || if w.rng.chance(4) { 6 } else { w.rng.range(1, 5) as u8 };
	let scores =
		pallet_reputation::Scores { performance: score(), stability: score(), support: score() };
	Some((
		who,
		RuntimeCall::Reputation(pallet_reputation::Call::rate {
			agreement,
			scores,
			comment_hash: H256::repeat_byte(1),
		}),
	))
}

// ---- disputes and the committee ----

fn open_dispute(w: &mut World) -> Generated {
	let by_consumer = w.rng.chance(50);
	let (who, agreement) = agreement_party(w, by_consumer, active)?;
	Some((
		who,
		RuntimeCall::Disputes(pallet_disputes::Call::open {
			agreement,
			reason_hash: H256::repeat_byte(2),
		}),
	))
}

fn open_dispute_of(w: &mut World) -> Option<(u64, pallet_disputes::Dispute<Runtime>)> {
	w.pick(&disputes(|d| d.status == DisputeStatus::Open))
}

fn submit_evidence(w: &mut World) -> Generated {
	let (dispute, d) = open_dispute_of(w)?;
	let party = if w.rng.chance(50) { d.consumer } else { d.provider };
	let who = w.signer(&party, 90);
	Some((
		who,
		RuntimeCall::Disputes(pallet_disputes::Call::submit_evidence {
			dispute,
			evidence_hash: H256(w.rng.bytes32()),
		}),
	))
}

fn vote_dispute(w: &mut World) -> Generated {
	let n = now();
	let voting =
		disputes(|d| d.status == DisputeStatus::Open && d.evidence_ends <= n && n < d.voting_ends);
	let (dispute, d) = match w.pick(&voting) {
		Some(found) if w.rng.chance(90) => found,
		_ => open_dispute_of(w)?,
	};
	let member = w.pick(&d.panel.into_inner());
	let who = match member {
		Some(m) => w.signer(&m, 90),
		None => w.actor(),
	};
	let ruling = match w.rng.below(4) {
		0 => Ruling::FavourConsumer,
		1 => Ruling::FavourProvider,
		_ => Ruling::Split(sp_runtime::Perbill::from_percent(w.rng.below(101) as u32)),
	};
	Some((who, RuntimeCall::Disputes(pallet_disputes::Call::vote { dispute, ruling })))
}

fn resolve(w: &mut World) -> Generated {
	let (dispute, _) = open_dispute_of(w)?;
	let who = w.actor();
	Some((who, RuntimeCall::Disputes(pallet_disputes::Call::resolve { dispute })))
}

fn open_job(w: &mut World) -> Generated {
	let (job, j) = w.pick(&jobs(|j| matches!(j.status, JobStatus::Posted { .. })))?;
	let who = w.signer(&j.consumer, 90);
	Some((
		who,
		RuntimeCall::Disputes(pallet_disputes::Call::open_job {
			job,
			reason_hash: H256::repeat_byte(3),
		}),
	))
}

fn submit_candidacy(w: &mut World) -> Generated {
	let standing = electable();
	let free: Vec<usize> =
		(0..w.pool.len()).filter(|i| !standing.contains(&w.account(*i))).collect();
	let who = match w.pick(&free) {
		Some(i) if w.rng.chance(90) => i,
		_ => w.actor(),
	};
	let candidate_count =
		pallet_elections_phragmen::Candidates::<Runtime>::decode_len().unwrap_or(0) as u32;
	Some((
		who,
		RuntimeCall::Elections(pallet_elections_phragmen::Call::submit_candidacy {
			candidate_count,
		}),
	))
}

fn renounce_candidacy(w: &mut World) -> Generated {
	use pallet_elections_phragmen::Renouncing;
	let who = w.pick(&electable())?;
	let signer = w.signer(&who, 95);
	let renouncing = if pallet_elections_phragmen::Members::<Runtime>::get()
		.iter()
		.any(|s| s.who == who)
	{
		Renouncing::Member
	} else if pallet_elections_phragmen::RunnersUp::<Runtime>::get()
		.iter()
		.any(|s| s.who == who)
	{
		Renouncing::RunnerUp
	} else {
		Renouncing::Candidate(
			pallet_elections_phragmen::Candidates::<Runtime>::decode_len().unwrap_or(0) as u32,
		)
	};
	Some((
		signer,
		RuntimeCall::Elections(pallet_elections_phragmen::Call::renounce_candidacy { renouncing }),
	))
}

fn vote_committee(w: &mut World) -> Generated {
	let who = w.actor();
	let electable = electable();
	let mut votes = Vec::new();
	for _ in 0..w.rng.range(1, 3) {
		if let Some(c) = w.pick(&electable) {
			if !votes.contains(&c) {
				votes.push(c);
			}
		}
	}
	if w.rng.chance(5) {
		votes.push(w.stranger());
	}
	let free = Balances::free_balance(w.account(who));
	let value = w.amount(free / 10);
	Some((who, RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::vote { votes, value })))
}

fn remove_voter(w: &mut World) -> Generated {
	let voters: Vec<AccountId> = pallet_committee_voters::Voters::<Runtime>::get()
		.into_iter()
		.map(|v| v.0)
		.collect();
	let who = match w.pick(&voters) {
		Some(v) => w.signer(&v, 90),
		None => w.actor(),
	};
	Some((who, RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::remove_voter {})))
}

// ---- jobs ----

fn opt_in(w: &mut World) -> Generated {
	let offering: Vec<AccountId> = providers()
		.into_iter()
		.filter(|(a, _)| {
			crate::Providers::compute_offer(a).is_some()
				&& pallet_jobs::Workers::<Runtime>::get(a).is_none_or(|i| i.index.is_none())
		})
		.map(|(a, _)| a)
		.collect();
	let who = match w.pick(&offering) {
		Some(p) => w.signer(&p, 90),
		None => provider_signer(w)?.0,
	};
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::opt_in {})))
}

fn listed_workers() -> Vec<AccountId> {
	pallet_jobs::Workers::<Runtime>::iter()
		.filter(|(_, i)| i.index.is_some())
		.map(|(a, _)| a)
		.collect()
}

fn opt_out(w: &mut World) -> Generated {
	let worker = w.pick(&listed_workers())?;
	let who = w.signer(&worker, 90);
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::opt_out {})))
}

fn kick(w: &mut World) -> Generated {
	let workers = listed_workers();
	let stale: Vec<AccountId> = workers
		.iter()
		.filter(|a| crate::Providers::compute_offer(a).is_none())
		.cloned()
		.collect();
	let worker = match w.pick(&stale) {
		Some(a) => a,
		None if w.rng.chance(20) => w.pick(&workers)?,
		None => return None,
	};
	let who = w.actor();
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::kick { worker })))
}

fn submit_job(w: &mut World) -> Generated {
	let who = w.actor();
	let p = pallet_jobs::Params::<Runtime>::get();
	let attested = w.rng.chance(50);
	let replicas = if attested { 1 } else { w.rng.range(3, 4) as u32 };
	let reward = match w.rng.below(15) {
		0 => 0,
		1 => Balance::MAX / 2,
		_ => w.rng.range(1, 50) as Balance * 10 * crate::MILLI_AGR,
	};
	let earliest = p.accept_window + p.run_window + if attested { 0 } else { p.reveal_window };
	let deadline = now()
		+ if w.rng.chance(5) {
			5
		} else {
			w.rng.range(u64::from(earliest) + 5, u64::from(p.max_deadline)) as u32
		};
	let mut candidates = Vec::new();
	if attested && w.rng.chance(30) {
		for _ in 0..w.rng.range(1, 3) {
			if let Some((a, _)) = w.pick(&providers()) {
				if !candidates.contains(&a) {
					candidates.push(a);
				}
			}
		}
	}
	let blob = |w: &mut World| Blob { root: H256(w.rng.bytes32()), size: w.rng.range(1, 1 << 20) };
	let spec = pallet_jobs::JobSpec::<Runtime> {
		module: blob(w),
		input: blob(w),
		fuel: if w.rng.chance(5) { 0 } else { w.rng.range(1, 1_000_000) },
		memory_pages: w.rng.range(1, 16) as u32,
		mode: if attested { JobMode::Attested } else { JobMode::Replicated },
		replicas,
		reward,
		deadline,
		min_score: None,
		candidates: candidates.try_into().expect("few"),
		agreement: None,
	};
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::submit { spec })))
}

fn cancel_job(w: &mut World) -> Generated {
	let (job, j) = w.pick(&jobs(|j| j.status == JobStatus::Assigning))?;
	let who = w.signer(&j.consumer, 90);
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::cancel { job })))
}

/// A job and one of its workers whose slot is in the state `slot` (the worker or its operator
/// signs, mostly), among the jobs `job` selects.
fn job_worker(
	w: &mut World,
	job: impl Fn(&pallet_jobs::Job<Runtime>) -> bool,
	slot: impl Fn(&SlotState<BlockNumber>) -> bool,
) -> Option<(usize, u64, AccountId)> {
	let candidates: Vec<(u64, AccountId)> = jobs(job)
		.into_iter()
		.flat_map(|(id, j)| {
			j.slots
				.iter()
				.filter(|s| slot(&s.state))
				.map(|s| (id, s.worker.clone()))
				.collect::<Vec<_>>()
		})
		.collect();
	let (job, worker) = w.pick(&candidates)?;
	let who = provider_or_operator(w, &worker);
	Some((who, job, worker))
}

/// A job being assigned, mostly one whose deadline is still ahead.
fn assigning(w: &mut World) -> impl Fn(&pallet_jobs::Job<Runtime>) -> bool {
	let n = now();
	let strict = !w.rng.chance(10);
	move |j| j.status == JobStatus::Assigning && (!strict || j.deadline > n)
}

/// An offered slot, mostly one whose offer is still open.
fn offered(w: &mut World) -> impl Fn(&SlotState<BlockNumber>) -> bool {
	let n = now();
	let strict = !w.rng.chance(10);
	move |s| matches!(s, SlotState::Offered { until } if !strict || *until > n)
}

fn accept_job(w: &mut World) -> Generated {
	let (job, slot) = (assigning(w), offered(w));
	let (who, job, _) = job_worker(w, job, slot)?;
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::accept { job })))
}

fn decline_job(w: &mut World) -> Generated {
	let (job, slot) = (assigning(w), offered(w));
	let (who, job, _) = job_worker(w, job, slot)?;
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::decline { job })))
}

fn skip_job(w: &mut World) -> Generated {
	let n = now();
	let (_, job, worker) = job_worker(
		w,
		|j| j.status == JobStatus::Assigning,
		|s| matches!(s, SlotState::Offered { until } if *until <= n),
	)?;
	let who = w.actor();
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::skip { job, worker })))
}

/// Whether `job` is running or revealing and its window is open at `n` (or `n` is 0: any
/// window).
fn open_window(job: &pallet_jobs::Job<Runtime>, n: BlockNumber) -> bool {
	match job.status {
		JobStatus::Running { until } | JobStatus::Revealing { until } => n < until,
		_ => false,
	}
}

/// The block to check windows against: mostly now, sometimes 0 (late calls too).
fn window_check(w: &mut World) -> BlockNumber {
	if w.rng.chance(10) {
		0
	} else {
		now()
	}
}

/// The result an honest worker computes for `job`.
fn honest_result(job: u64) -> Blob {
	Blob { root: BlakeTwo256::hash(&job.encode()), size: 64 }
}

fn commit_job(w: &mut World) -> Generated {
	let n = window_check(w);
	let (who, job, worker) = job_worker(
		w,
		|j| {
			j.mode == JobMode::Replicated
				&& matches!(j.status, JobStatus::Running { .. })
				&& open_window(j, n)
		},
		|s| *s == SlotState::Accepted,
	)?;
	let result = if w.rng.chance(15) {
		Blob { root: H256(w.rng.bytes32()), size: 64 }
	} else {
		honest_result(job)
	};
	let salt = w.rng.bytes32();
	let hash = commit_hash(&result, &salt, &worker);
	w.commits.insert((job, worker), (result, salt));
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::commit { job, hash })))
}

fn reveal_job(w: &mut World) -> Generated {
	let n = window_check(w);
	let (who, job, worker) = job_worker(
		w,
		|j| matches!(j.status, JobStatus::Revealing { .. }) && open_window(j, n),
		|s| matches!(s, SlotState::Committed { .. }),
	)?;
	let (result, mut salt) =
		w.commits.get(&(job, worker)).cloned().unwrap_or((honest_result(job), [0; 32]));
	if w.rng.chance(5) {
		salt[0] ^= 1;
	}
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::reveal { job, result, salt })))
}

fn post_result(w: &mut World) -> Generated {
	let n = window_check(w);
	let (who, job, _) = job_worker(
		w,
		|j| {
			j.mode == JobMode::Attested
				&& matches!(j.status, JobStatus::Running { .. })
				&& open_window(j, n)
		},
		|s| *s == SlotState::Accepted,
	)?;
	let result = honest_result(job);
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::post_result { job, result })))
}

fn accept_result(w: &mut World) -> Generated {
	let (job, j) = w.pick(&jobs(|j| matches!(j.status, JobStatus::Posted { .. })))?;
	let who = w.signer(&j.consumer, 90);
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::accept_result { job })))
}

fn advance_job(w: &mut World) -> Generated {
	let (job, _) = w.pick(&jobs(|j| !j.is_finished()))?;
	let who = w.actor();
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::advance { job })))
}

fn close_job(w: &mut World) -> Generated {
	let retention = pallet_jobs::Params::<Runtime>::get().retention;
	let n = now();
	let done = jobs(|j| matches!(j.status, JobStatus::Finished { at, .. } if at + retention <= n));
	let job = match w.pick(&done) {
		Some((id, _)) => id,
		None => w.pick(&jobs(|j| j.is_finished()))?.0,
	};
	let who = w.actor();
	Some((who, RuntimeCall::Jobs(pallet_jobs::Call::close { job })))
}

// ================================= the test =================================

fn env_u64(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Blocks per segment between commits of the externalities' overlay (see `fuzz_calls`).
const SEGMENT_BLOCKS: u32 = 50;

#[test]
fn fuzz_calls() {
	let seed = env_u64("AGORA_FUZZ_SEED", DEFAULT_SEED);
	let calls = env_u64("AGORA_FUZZ_CALLS", DEFAULT_CALLS);
	// An optional time budget for long runs: stop at the first block boundary after it.
	let budget = std::env::var("AGORA_FUZZ_SECONDS")
		.ok()
		.and_then(|v| v.parse().ok())
		.map(std::time::Duration::from_secs);
	let started = Instant::now();
	let mut w = World::new(seed);
	let mut ext = sp_io::TestExternalities::new(genesis());
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	let mut parent = ext.execute_with(|| {
		w.initial_issuance = Balances::total_issuance();
		System::block_hash(0)
	});
	// Blocks are played in segments; after each, the externalities' overlay of changes is
	// committed to its backend, so the storage root each block computes covers that block's
	// changes, not every change since genesis (which made long runs quadratic).
	let mut block_size = 1;
	let mut finished = false;
	while !finished {
		ext.execute_with(|| {
			w.open_block(parent);
			let mut in_block = 0;
			let mut closed = 0;
			loop {
				if w.calls >= calls || budget.is_some_and(|b| started.elapsed() >= b) {
					parent = w.close_block();
					finished = true;
					return;
				}
				w.step();
				in_block += 1;
				if in_block >= block_size {
					parent = w.close_block();
					closed += 1;
					if w.rng.chance(4) {
						for _ in 0..w.rng.range(5, 60) {
							w.open_block(parent);
							parent = w.close_block();
							closed += 1;
						}
					}
					block_size = w.rng.range(1, 8);
					if closed >= SEGMENT_BLOCKS {
						return;
					}
					w.open_block(parent);
					in_block = 0;
				}
			}
		});
		ext.commit_all().expect("the overlay commits to the in-memory backend");
	}
	let (ok, _) = w.summary(started.elapsed());
	assert!(ok > 0);
	let never: Vec<&str> = GENERATORS
		.iter()
		.filter(|g| w.tallies.get(g.0).is_none_or(|t| t.ok == 0))
		.map(|g| g.0)
		.collect();
	// The CI run (default seed) must exercise every generator, so the test cannot quietly
	// decay into refusals; another seed may simply not reach a rare one (a job's reveal needs
	// a commit in the same window): said, not failed.
	if seed == DEFAULT_SEED && calls >= DEFAULT_CALLS {
		assert!(never.is_empty(), "generators that never succeeded (seed {seed}): {never:?}");
	} else if !never.is_empty() {
		eprintln!("generators that never succeeded (seed {seed}): {never:?}");
	}
}
