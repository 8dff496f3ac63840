//! A mock runtime for the storage-proofs pallet's tests: agreements and outcomes are recorded
//! in thread-locals, randomness is a hash of the block number.

use crate as pallet_storage_proofs;
use agora_primitives::{market::AgreementId, Balance};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::Randomness};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		StorageProofs: pallet_storage_proofs,
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

thread_local! {
	/// Active storage agreements: id -> (consumer, provider, storage bytes).
	static ACTIVE: RefCell<BTreeMap<AgreementId, (u64, u64, u64)>> = const { RefCell::new(BTreeMap::new()) };
	/// Outcomes reported: ("pass" | "fault" | "failed", agreement).
	static OUTCOMES: RefCell<Vec<(&'static str, AgreementId)>> = const { RefCell::new(Vec::new()) };
	/// Randomness set by a test for a block (`None`: BABE has none), instead of the default.
	static RANDOMNESS: RefCell<BTreeMap<u64, Option<H256>>> = const { RefCell::new(BTreeMap::new()) };
}

/// What [`MockRandomness`] answers during block `n`: `Some(r)` to hash `r` with the subject
/// (as BABE does with its VRF output), `None` for no randomness.
pub fn set_randomness(n: u64, random: Option<H256>) {
	RANDOMNESS.with(|r| r.borrow_mut().insert(n, random));
}

/// Make `id` an active storage agreement.
pub fn activate(id: AgreementId, consumer: u64, provider: u64, storage: u64) {
	ACTIVE.with(|a| a.borrow_mut().insert(id, (consumer, provider, storage)));
}

/// End agreement `id`.
pub fn end(id: AgreementId) {
	ACTIVE.with(|a| a.borrow_mut().remove(&id));
}

/// The outcomes reported so far.
pub fn outcomes() -> Vec<(&'static str, AgreementId)> {
	OUTCOMES.with(|o| o.borrow().clone())
}

/// Mock of the agreements pallet.
pub struct MockAgreements;
impl crate::StorageAgreements<u64> for MockAgreements {
	fn active_storage(id: AgreementId) -> Option<(u64, u64, u64)> {
		ACTIVE.with(|a| a.borrow().get(&id).copied())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_active(consumer: &u64, provider: &u64, storage: u64) -> Option<AgreementId> {
		use frame_support::traits::fungible::Mutate;
		let id = ACTIVE.with(|a| a.borrow().keys().last().map_or(1_000, |k| k + 1));
		activate(id, *consumer, *provider, storage);
		assert!(Balances::set_balance(consumer, 1_000_000_000) >= 1_000_000_000);
		assert!(Balances::set_balance(provider, 1_000_000_000) >= 1_000_000_000);
		Some(id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn end_for_benchmarks(id: AgreementId) {
		end(id);
	}
}
impl crate::OnChallengeOutcome<u64> for MockAgreements {
	fn on_pass(a: AgreementId, _: &u64) {
		OUTCOMES.with(|o| o.borrow_mut().push(("pass", a)));
	}
	fn on_fault(a: AgreementId, _: &u64) {
		OUTCOMES.with(|o| o.borrow_mut().push(("fault", a)));
	}
	fn on_failed(a: AgreementId, _: &u64) {
		OUTCOMES.with(|o| o.borrow_mut().push(("failed", a)));
	}
}

/// Randomness: the hash of the subject and the block number, unless a test set the block's
/// randomness with [`set_randomness`].
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
	pub const MaxChallengesPerBlock: u32 = 3;
	pub const MaxLeavesPerChallenge: u32 = 8;
	pub const MaxProofDepth: u32 = 64;
}

impl pallet_storage_proofs::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agreements = MockAgreements;
	type OnOutcome = MockAgreements;
	type Randomness = MockRandomness;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxChallengesPerBlock = MaxChallengesPerBlock;
	type MaxLeavesPerChallenge = MaxLeavesPerChallenge;
	type MaxProofDepth = MaxProofDepth;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Consumer of the test agreements.
pub const CONSUMER: u64 = 1;
/// Provider of the test agreements.
pub const PROVIDER: u64 = 2;
/// Someone else.
pub const STRANGER: u64 = 3;
/// Commitment deposit.
pub const DEPOSIT: Balance = 50;
/// The shortest audit round.
pub const PERIOD: u64 = 10;
/// Response window.
pub const WINDOW: u64 = 4;
/// Leaves per challenge.
pub const K: u32 = 3;
/// Consecutive faults that fail.
pub const MAX_FAULTS: u32 = 2;

/// Length of a bucket of the recent challenge window.
pub const STATS_WINDOW: u64 = 10;

/// The mock's tunables.
pub fn params() -> crate::ProofParams<u64> {
	crate::ProofParams {
		challenge_period: PERIOD,
		leaves_per_challenge: K,
		response_window: WINDOW,
		max_consecutive_faults: MAX_FAULTS,
		upload_window: 20,
		commitment_deposit: DEPOSIT,
		stats_window: STATS_WINDOW,
	}
}

/// Genesis: funded accounts and the mock's tunables; no agreements.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ACTIVE.with(|a| a.borrow_mut().clear());
	OUTCOMES.with(|o| o.borrow_mut().clear());
	RANDOMNESS.with(|r| r.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(CONSUMER, 1_000), (PROVIDER, 1_000), (STRANGER, 1_000), (9, 10)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_storage_proofs::GenesisConfig::<Test> { params: params() }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test`, then check the pallet's invariants (also checked after every block by
/// [`run_to`]).
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		StorageProofs::do_try_state().expect("try_state invariants hold after the test");
	});
}

/// Advance to block `n`, running `on_initialize` of every block on the way.
pub fn run_to(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		StorageProofs::on_initialize(next);
		StorageProofs::do_try_state().expect("try_state invariants hold after every block");
	}
}
