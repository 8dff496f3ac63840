//! A mock runtime for the reputation pallet's tests: completed agreements live in a
//! thread-local.

use crate as pallet_reputation;
use agora_primitives::{
	market::AgreementId,
	reputation::{CompletedAgreements, RatingInfo},
	Balance, AGR,
};
use core::cell::RefCell;
use frame_support::derive_impl;
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Reputation: pallet_reputation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static COMPLETED: RefCell<BTreeMap<AgreementId, RatingInfo<u64, u64>>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// Agreement `id` between CONSUMER and PROVIDER completed at `at`, having paid `value`.
pub fn complete(id: AgreementId, at: u64, value: Balance, disputed: bool) {
	COMPLETED.with(|c| {
		c.borrow_mut().insert(
			id,
			RatingInfo {
				consumer: CONSUMER,
				provider: PROVIDER,
				completed_at: at,
				value_paid: value,
				disputed,
			},
		)
	});
}

/// The agreement's record is gone.
pub fn forget(id: AgreementId) {
	COMPLETED.with(|c| c.borrow_mut().remove(&id));
}

/// Mock of the agreements pallet.
pub struct MockAgreements;
impl CompletedAgreements<u64, u64> for MockAgreements {
	fn completed(id: AgreementId) -> Option<RatingInfo<u64, u64>> {
		COMPLETED.with(|c| c.borrow().get(&id).cloned())
	}

	/// Every mock agreement is priced at `PRICE_PER_PERIOD`.
	fn price_per_period(_: AgreementId) -> Option<Balance> {
		Some(PRICE_PER_PERIOD)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn complete_for_benchmarks(consumer: &u64, provider: &u64, value: Balance) -> AgreementId {
		let id = 77;
		COMPLETED.with(|c| {
			c.borrow_mut().insert(
				id,
				RatingInfo {
					consumer: *consumer,
					provider: *provider,
					completed_at: System::block_number(),
					value_paid: value,
					disputed: false,
				},
			)
		});
		id
	}
}

impl pallet_reputation::Config for Test {
	type Agreements = MockAgreements;
	type GovernanceOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Value paid that earns full evidence (a completion's 1.0, a challenge pass's 0.1).
pub const FULL_VALUE: Balance = 5 * AGR;

/// The price per period of every mock agreement (for storage challenges answered).
pub const PRICE_PER_PERIOD: Balance = 100 * agora_primitives::AGR;

/// The consumer of the test agreements.
pub const CONSUMER: u64 = 1;
/// The provider of the test agreements.
pub const PROVIDER: u64 = 2;
/// Someone else.
pub const STRANGER: u64 = 3;
/// Half-life of evidence.
pub const HALF_LIFE: u64 = 1_000;
/// Rating window.
pub const WINDOW: u64 = 10;

/// The mock's tunables.
pub fn params() -> crate::ReputationParams<u64> {
	crate::ReputationParams {
		half_life: HALF_LIFE,
		rating_window: WINDOW,
		value_per_rating_weight: AGR,
		max_rating_weight: 5_000,
		completion: 1_000,
		value_per_completion_weight: FULL_VALUE,
		min_evidence_value: AGR / 10,
		termination: 2_000,
		failure: 4_000,
		challenge_pass: 100,
		challenge_miss: 500,
		dispute: 3_000,
	}
}

/// Externalities at block 1 with the mock's tunables.
pub fn new_test_ext() -> sp_io::TestExternalities {
	COMPLETED.with(|c| c.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_reputation::GenesisConfig::<Test> { params: params() }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test`, then check the pallet's invariants.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}
