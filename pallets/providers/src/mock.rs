//! A mock runtime for the providers pallet's tests.

use crate as pallet_providers;
use agora_primitives::{
	market::{PriceList, Resources, GIB, TIB},
	traits::ProviderScores,
	Balance,
};
use frame_support::{derive_impl, parameter_types, traits::fungible::InspectHold};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
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

parameter_types! {
	pub const MaxEndpointLen: u32 = 64;
	pub const MaxAttributeLen: u32 = 16;
	pub const MaxAttributes: u32 = 4;
}

thread_local! {
	/// Providers' scores; 50 % unless set.
	static SCORES: core::cell::RefCell<std::collections::BTreeMap<u64, Perbill>> =
		const { core::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Set `who`'s score as a provider.
pub fn set_score(who: u64, score: Perbill) {
	SCORES.with(|s| s.borrow_mut().insert(who, score));
}

/// Mock of the reputation pallet's scores.
pub struct MockScores;
impl ProviderScores<u64> for MockScores {
	fn provider_score(who: &u64) -> Perbill {
		SCORES
			.with(|s| s.borrow().get(who).copied())
			.unwrap_or(Perbill::from_percent(50))
	}
}

impl pallet_providers::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Scores = MockScores;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxEndpointLen = MaxEndpointLen;
	type MaxAttributeLen = MaxAttributeLen;
	type MaxAttributes = MaxAttributes;
	type WeightInfo = ();
}

/// Bond base in the mock.
pub const BOND_BASE: Balance = 1_000;
/// Bond per TiB in the mock.
pub const BOND_PER_TIB: Balance = 500;
/// Unbonding period in the mock.
pub const UNBONDING: u64 = 10;
/// What every account 1..=9 starts with.
pub const INITIAL: Balance = 1_000_000;
/// An account that holds only the existential deposit.
pub const POOR: u64 = 50;

/// 2 TiB, 8 vCPUs, 16 GiB, 1 GPU.
pub fn capacity() -> Resources {
	Resources { storage_bytes: 2 * TIB as u64, vcpus: 8, memory_mib: 16 * 1024, gpus: 1 }
}

/// 10 per GiB of storage, 100 per vCPU, 20 per GiB of memory, 1000 per GPU.
pub fn prices() -> PriceList {
	PriceList { storage_per_gib: 10, vcpu: 100, memory_per_gib: 20, gpu: 1_000 }
}

/// A small bundle: 1 GiB, 1 vCPU.
pub fn small() -> Resources {
	Resources { storage_bytes: GIB as u64, vcpus: 1, memory_mib: 0, gpus: 0 }
}

/// The bond currently held from `who`.
pub fn bond_held(who: u64) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::ProviderBond.into(), &who)
}

/// Genesis: accounts 1..=9 funded, the mock's tunables.
pub fn new_test_ext() -> sp_io::TestExternalities {
	SCORES.with(|s| s.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(u64, Balance)> = (1..=9).map(|a| (a, INITIAL)).collect();
	balances.push((POOR, 1));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut t)
		.unwrap();
	pallet_providers::GenesisConfig::<Test> {
		params: crate::ProviderParams {
			bond_base: BOND_BASE,
			bond_per_tib: BOND_PER_TIB,
			unbonding_period: UNBONDING,
		},
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` on a fresh mock chain, then check the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Providers::do_try_state().expect("try_state invariants hold after the test");
	});
}
