use crate::{mock::*, *};

#[test]
fn genesis_sorts_the_set_and_sets_the_minimum() {
	run_test(|| {
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(MinValidators::<Test>::get(), 2);
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
#[should_panic(expected = "fewer genesis validators than min_validators")]
fn genesis_refuses_a_set_below_the_minimum() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { validators: vec![1], min_validators: 2 }
		.assimilate_storage(&mut t)
		.unwrap();
}

#[test]
#[should_panic(expected = "duplicate genesis validator")]
fn genesis_refuses_duplicates() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { validators: vec![1, 1], min_validators: 1 }
		.assimilate_storage(&mut t)
		.unwrap();
}

#[test]
#[should_panic(expected = "more genesis validators than MaxValidators")]
fn genesis_refuses_too_many() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { validators: (1..=6).collect(), min_validators: 1 }
		.assimilate_storage(&mut t)
		.unwrap();
}

use sp_runtime::BuildStorage;
