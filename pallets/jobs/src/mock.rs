//! A mock runtime for the jobs pallet's tests: real balances; compute offers, compute
//! agreements, operators, scores and randomness are set by the tests; reputation reports are
//! recorded.

use crate as pallet_jobs;
use agora_primitives::{market::AgreementId, Balance};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::InspectHold, Hooks, Randomness},
};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Jobs: pallet_jobs,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

std::thread_local! {
	/// Compute offers: (vCPU price, vCPUs).
	static OFFERS: RefCell<BTreeMap<u64, (Balance, u32)>> = const { RefCell::new(BTreeMap::new()) };
	/// Active compute agreements: (consumer, provider, vCPUs).
	static AGREEMENTS: RefCell<BTreeMap<AgreementId, (u64, u64, u32)>> = const { RefCell::new(BTreeMap::new()) };
	/// Operator -> provider.
	static OPERATORS: RefCell<BTreeMap<u64, u64>> = const { RefCell::new(BTreeMap::new()) };
	/// Scores (50 % if unset).
	static SCORES: RefCell<BTreeMap<u64, Perbill>> = const { RefCell::new(BTreeMap::new()) };
	/// Randomness set by a test for a block (`None`: there is none).
	static RANDOMNESS: RefCell<BTreeMap<u64, Option<H256>>> = const { RefCell::new(BTreeMap::new()) };
	/// What was reported to reputation, in order.
	static REPORTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Give `who` a compute offer (`None`: take it away).
pub fn set_offer(who: u64, offer: Option<(Balance, u32)>) {
	OFFERS.with(|o| match offer {
		Some(offer) => o.borrow_mut().insert(who, offer),
		None => o.borrow_mut().remove(&who),
	});
}

/// Make `id` an active compute agreement (`None`: end it).
pub fn set_agreement(id: AgreementId, agreement: Option<(u64, u64, u32)>) {
	AGREEMENTS.with(|a| match agreement {
		Some(x) => a.borrow_mut().insert(id, x),
		None => a.borrow_mut().remove(&id),
	});
}

/// Name `operator` the operator of `provider`.
pub fn set_operator(operator: u64, provider: u64) {
	OPERATORS.with(|o| o.borrow_mut().insert(operator, provider));
}

/// Set `who`'s score.
pub fn set_score(who: u64, score: Perbill) {
	SCORES.with(|s| s.borrow_mut().insert(who, score));
}

/// What [`MockRandomness`] answers during block `n`.
pub fn set_randomness(n: u64, random: Option<H256>) {
	RANDOMNESS.with(|r| r.borrow_mut().insert(n, random));
}

/// The reports to reputation so far.
pub fn reports() -> Vec<String> {
	REPORTS.with(|r| r.borrow().clone())
}

fn report(line: String) {
	REPORTS.with(|r| r.borrow_mut().push(line));
}

/// The registry's compute offers.
pub struct MockProviders;
impl agora_primitives::traits::ComputeProviders<u64> for MockProviders {
	fn compute_offer(who: &u64) -> Option<(Balance, u32)> {
		OFFERS.with(|o| o.borrow().get(who).copied())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_compute_for_benchmarks(who: &u64, vcpus: u32, price: Balance) {
		set_offer(*who, Some((price, vcpus)));
	}
}

/// The compute agreements.
pub struct MockAgreements;
impl agora_primitives::traits::ComputeAgreements<u64> for MockAgreements {
	fn active_compute(id: AgreementId) -> Option<(u64, u64, u32)> {
		AGREEMENTS.with(|a| a.borrow().get(&id).copied())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn create_compute_for_benchmarks(consumer: &u64, provider: &u64, vcpus: u32) -> AgreementId {
		let id = AGREEMENTS.with(|a| a.borrow().len() as u64);
		set_agreement(id, Some((*consumer, *provider, vcpus)));
		id
	}
}

/// Operators.
pub struct MockOperators;
impl agora_primitives::traits::ProviderOperators<u64> for MockOperators {
	fn provider_of(operator: &u64) -> Option<u64> {
		OPERATORS.with(|o| o.borrow().get(operator).copied())
	}
}

/// Scores.
pub struct MockScores;
impl agora_primitives::traits::ProviderScores<u64> for MockScores {
	fn provider_score(who: &u64) -> Perbill {
		SCORES.with(|s| s.borrow().get(who).copied().unwrap_or(Perbill::from_percent(50)))
	}
}

/// Records what jobs report to reputation.
pub struct RecordingReputation;
impl agora_primitives::traits::ReputationEvents<u64> for RecordingReputation {
	fn completed(_: &u64, _: &u64, _: Balance) {
		report("agreement completed".into());
	}
	fn terminated(_: &u64, _: &u64, _: agora_primitives::market::TerminationReason) {
		report("agreement terminated".into());
	}
	fn failed(_: &u64, _: &u64) {
		report("agreement failed".into());
	}
	fn challenge_passed(_: &u64, _: Balance) {
		report("challenge passed".into());
	}
	fn challenge_missed(_: &u64) {
		report("challenge missed".into());
	}
	fn dispute_resolved(_: &u64, _: &u64, _: agora_primitives::reputation::DisputeOutcome) {
		report("dispute resolved".into());
	}
	fn job_done(worker: &u64, value: Balance) {
		report(format!("done {worker} {value}"));
	}
	fn job_wrong(worker: &u64) {
		report(format!("wrong {worker}"));
	}
	fn job_missed(worker: &u64) {
		report(format!("missed {worker}"));
	}
}

/// Randomness: the hash of the subject and the block number, unless a test set the block's.
pub struct MockRandomness;
impl Randomness<Option<H256>, u64> for MockRandomness {
	fn random(subject: &[u8]) -> (Option<H256>, u64) {
		let n = System::block_number();
		let random = match RANDOMNESS.with(|r| r.borrow().get(&n).copied()) {
			Some(Some(r)) => {
				Some(H256(sp_crypto_hashing::blake2_256(&[subject, r.as_bytes()].concat())))
			},
			Some(None) => None,
			None => {
				Some(H256(sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(subject, n)))))
			},
		};
		(random, n)
	}
}

parameter_types! {
	pub const JobsPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/jobs");
	pub const MaxWorkers: u32 = 10;
	pub const MaxCandidates: u32 = 4;
	pub const MaxDrawsPerBlock: u32 = 3;
	pub const MaxTried: u32 = 8;
}

impl pallet_jobs::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = JobsPalletId;
	type Providers = MockProviders;
	type Agreements = MockAgreements;
	type Operators = MockOperators;
	type Scores = MockScores;
	type Reputation = RecordingReputation;
	type OnClose = ();
	type Randomness = MockRandomness;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxWorkers = MaxWorkers;
	type MaxCandidates = MaxCandidates;
	type MaxDrawsPerBlock = MaxDrawsPerBlock;
	type MaxTried = MaxTried;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// A consumer.
pub const CONSUMER: u64 = 1;
/// Another consumer.
pub const CONSUMER2: u64 = 2;
/// Someone else.
pub const STRANGER: u64 = 5;
/// The workers with a compute offer at genesis.
pub const WORKERS: [u64; 5] = [10, 11, 12, 13, 14];
/// A provider with a compute offer that did not opt in.
pub const IDLE: u64 = 15;
/// The operator of worker 10.
pub const OPERATOR: u64 = 20;
/// An account with only a little money.
pub const POOR: u64 = 50;
/// What accounts start with.
pub const INITIAL: Balance = 1_000_000;
/// What `POOR` starts with.
pub const POOR_INITIAL: Balance = 60;
/// Every worker's vCPU price.
pub const PRICE: Balance = 100;
/// Every worker's vCPUs.
pub const VCPUS: u32 = 2;

/// Blocks to accept.
pub const ACCEPT: u64 = 5;
/// Blocks to run.
pub const RUN: u64 = 10;
/// Blocks to reveal.
pub const REVEAL: u64 = 5;
/// Blocks to review.
pub const REVIEW: u64 = 6;
/// Least collateral.
pub const MIN_COLLATERAL: Balance = 10;
/// Collateral, percent of a share.
pub const COLLATERAL_PERCENT: u32 = 50;
/// Record deposit.
pub const RECORD: Balance = 7;
/// Retention of finished jobs.
pub const RETENTION: u64 = 20;
/// Most blocks from submission to a deadline.
pub const MAX_DEADLINE: u64 = 100;

/// The mock's tunables.
pub fn params() -> crate::JobParams<u64> {
	crate::JobParams {
		max_replicas: 5,
		max_fuel: 1_000_000,
		max_memory_pages: 16,
		accept_window: ACCEPT,
		run_window: RUN,
		reveal_window: REVEAL,
		review_window: REVIEW,
		min_collateral: MIN_COLLATERAL,
		collateral_percent: COLLATERAL_PERCENT,
		record_deposit: RECORD,
		retention: RETENTION,
		draw_attempts: 8,
		max_deadline: MAX_DEADLINE,
	}
}

/// The deposit held from `who`.
pub fn deposit_of(who: u64) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::JobDeposit.into(), &who)
}

/// `who`'s free balance.
pub fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

/// The pot's balance above its existential deposit.
pub fn pot_balance() -> Balance {
	Balances::free_balance(crate::Pallet::<Test>::pot()) - 1
}

/// Genesis: funded accounts, workers with compute offers (not opted in), the mock's tunables.
pub fn new_test_ext() -> sp_io::TestExternalities {
	OFFERS.with(|c| c.borrow_mut().clear());
	AGREEMENTS.with(|c| c.borrow_mut().clear());
	OPERATORS.with(|c| c.borrow_mut().clear());
	SCORES.with(|c| c.borrow_mut().clear());
	RANDOMNESS.with(|c| c.borrow_mut().clear());
	REPORTS.with(|c| c.borrow_mut().clear());
	for w in WORKERS.iter().chain([IDLE].iter()) {
		set_offer(*w, Some((PRICE, VCPUS)));
	}
	set_operator(OPERATOR, WORKERS[0]);
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(u64, Balance)> = [CONSUMER, CONSUMER2, STRANGER, IDLE]
		.iter()
		.chain(WORKERS.iter())
		.map(|a| (*a, INITIAL))
		.collect();
	balances.push((POOR, POOR_INITIAL));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut t)
		.unwrap();
	pallet_jobs::GenesisConfig::<Test> { params: params() }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` on a fresh mock chain, then check the invariants, that the pot holds exactly
/// what the jobs record, and that no money appeared or vanished.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		assert_eq!(Balances::total_issuance(), issuance, "money created or destroyed");
		Jobs::do_try_state().expect("jobs invariants hold after the test");
		let recorded: Balance = crate::Jobs::<Test>::iter_values()
			.map(|j| j.escrow + j.slots.iter().map(|s| s.collateral).sum::<Balance>())
			.sum();
		assert_eq!(pot_balance(), recorded, "the pot holds exactly the jobs' funds");
	});
}

/// Move to block `n`, running `on_initialize` of every block on the way.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Jobs::on_initialize(next);
		Jobs::do_try_state().expect("jobs invariants hold after every block");
	}
}
