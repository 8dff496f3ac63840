use crate::{mock::*, *};
use frame_support::traits::Get;
// The pallet, as the runtime names it (the storage item is `crate::Validators`).
use crate::mock::Validators;
use sp_runtime::BuildStorage;

/// Build the genesis storage of a mock chain with this pallet's `config`.
fn build(config: crate::GenesisConfig<Test>) -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	config.assimilate_storage(&mut t).unwrap();
	sp_io::TestExternalities::new(t)
}

#[test]
fn genesis_sorts_the_set_and_sets_the_minimum() {
	run_test(|| {
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(MinValidators::<Test>::get(), 2);
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
#[should_panic(expected = "fewer genesis validators than min_validators")]
fn genesis_refuses_a_set_below_the_minimum() {
	build(crate::GenesisConfig { validators: vec![1], min_validators: 2, ..Default::default() });
}

#[test]
#[should_panic(expected = "duplicate genesis validator")]
fn genesis_refuses_duplicates() {
	build(crate::GenesisConfig { validators: vec![1, 1], min_validators: 1, ..Default::default() });
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn genesis_refuses_too_many() {
	build(crate::GenesisConfig {
		validators: (1..=6).collect(),
		min_validators: 1,
		..Default::default()
	});
}

#[test]
#[should_panic(expected = "min_validators must be at least 1")]
fn genesis_refuses_a_zero_minimum() {
	build(crate::GenesisConfig { validators: vec![1], min_validators: 0, ..Default::default() });
}

#[test]
fn default_genesis_builds_with_the_pallet_unused() {
	build(crate::GenesisConfig::default()).execute_with(|| {
		assert!(crate::Validators::<Test>::get().is_empty());
		assert_eq!(MinValidators::<Test>::get(), 1);
		assert_eq!(
			<Validators as pallet_session::SessionManager<u64>>::new_session_genesis(0),
			None
		);
		Validators::do_try_state().unwrap();
	});
}

#[test]
fn genesis_sets_the_block_timing_and_the_getters_agree() {
	let timing = BlockTiming { slot_duration: 1_000, epoch_length: 60 };
	build(crate::GenesisConfig { validators: vec![1], min_validators: 1, timing }).execute_with(
		|| {
			assert_eq!(Timing::<Test>::get(), timing);
			assert_eq!(<SlotDuration<Test> as Get<u64>>::get(), 1_000);
			assert_eq!(<MinimumPeriod<Test> as Get<u64>>::get(), 500);
			assert_eq!(<EpochDuration<Test> as Get<u64>>::get(), 60);
		},
	);
	// Unset: production timing.
	build(crate::GenesisConfig::default()).execute_with(|| {
		assert_eq!(Timing::<Test>::get(), BlockTiming::PRODUCTION);
		assert_eq!(<SlotDuration<Test> as Get<u64>>::get(), 6_000);
		assert_eq!(<MinimumPeriod<Test> as Get<u64>>::get(), 3_000);
	});
}

#[test]
#[should_panic(expected = "slot duration must be even")]
fn genesis_refuses_an_odd_slot() {
	let timing = BlockTiming { slot_duration: 1_001, epoch_length: 60 };
	build(crate::GenesisConfig { validators: vec![1], min_validators: 1, timing });
}

#[test]
#[should_panic(expected = "slot duration must be even")]
fn genesis_refuses_a_zero_slot() {
	let timing = BlockTiming { slot_duration: 0, epoch_length: 60 };
	build(crate::GenesisConfig { validators: vec![1], min_validators: 1, timing });
}

#[test]
#[should_panic(expected = "epoch length at least 1 slot")]
fn genesis_refuses_an_empty_epoch() {
	let timing = BlockTiming { slot_duration: 1_000, epoch_length: 0 };
	build(crate::GenesisConfig { validators: vec![1], min_validators: 1, timing });
}
