//! A mock runtime for the validators pallet's tests.

use crate as pallet_validators;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ValidatorRegistration};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Accounts that "registered session keys" in the mock.
	static REGISTERED: RefCell<Vec<u64>> = RefCell::new(vec![1, 2, 3, 4, 5, 6, 7, 8]);
}

/// Mock of `pallet_session`'s key registry.
pub struct MockRegistration;
impl ValidatorRegistration<u64> for MockRegistration {
	fn is_registered(id: &u64) -> bool {
		REGISTERED.with(|r| r.borrow().contains(id))
	}
}

thread_local! {
	/// Accounts the mock disabling policy disabled, and whether it allows more.
	static DISABLED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	static DISABLING_ALLOWED: RefCell<bool> = const { RefCell::new(true) };
}

/// Mock of `pallet-session`'s disabling: records who was disabled, refuses when told to.
pub struct MockDisabling;
impl crate::DisableOffender<u64> for MockDisabling {
	fn disable(who: &u64) -> bool {
		let allowed = DISABLING_ALLOWED.with(|a| *a.borrow());
		if allowed {
			DISABLED.with(|d| d.borrow_mut().push(*who));
		}
		allowed
	}
}

/// The accounts the mock disabled so far.
pub fn disabled() -> Vec<u64> {
	DISABLED.with(|d| d.borrow().clone())
}

/// Make the mock disabling policy refuse (as `pallet-session`'s does at its limit).
pub fn refuse_disabling() {
	DISABLING_ALLOWED.with(|a| *a.borrow_mut() = false);
}

/// Register session keys for `who` in the mock.
pub fn register(who: u64) {
	REGISTERED.with(|r| r.borrow_mut().push(who));
}

parameter_types! {
	pub const MaxValidators: u32 = 5;
}

impl pallet_validators::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type ValidatorRegistration = MockRegistration;
	type MaxValidators = MaxValidators;
	type OffenderDisabling = MockDisabling;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistration;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockRegistration {
	fn register_session_keys(who: &u64) {
		register(*who);
	}
}

/// Genesis: validators 1, 2, 3 with a minimum of 2.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validators::GenesisConfig::<Test> {
		validators: vec![3, 1, 2],
		min_validators: 2,
		..Default::default()
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
		Validators::do_try_state().expect("try_state invariants hold after the test");
	});
}
