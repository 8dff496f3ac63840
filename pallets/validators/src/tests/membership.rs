use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Validators`).
use crate::mock::Validators;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Validators(e) => Some(e),
			_ => None,
		})
		.next_back()
		.expect("an event of the validators pallet")
}

#[test]
fn governance_adds_a_validator_in_sorted_position() {
	run_test(|| {
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 5));
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 2, 3, 4, 5]);
		assert!(SetChanged::<Test>::get());
		assert_eq!(last_event(), Event::ValidatorAdded { who: 4 });
	});
}

#[test]
fn add_requires_the_update_origin() {
	run_test(|| {
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(Validators::add_validator(RuntimeOrigin::none(), 4), DispatchError::BadOrigin);
	});
}

#[test]
fn add_refuses_an_existing_validator() {
	run_test(|| {
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_refuses_an_account_without_session_keys() {
	run_test(|| {
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 42),
			Error::<Test>::NoSessionKeys
		);
		register(42);
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 42));
	});
}

#[test]
fn add_refuses_to_exceed_the_maximum() {
	run_test(|| {
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 5));
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 6),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn governance_removes_a_validator() {
	run_test(|| {
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 3]);
		assert!(SetChanged::<Test>::get());
		assert_eq!(last_event(), Event::ValidatorRemoved { who: 2 });
	});
}

#[test]
fn remove_requires_the_update_origin() {
	run_test(|| {
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::signed(2), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_refuses_a_non_validator() {
	run_test(|| {
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 7),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_never_goes_below_the_minimum() {
	run_test(|| {
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 1));
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![2, 3]);
	});
}

#[test]
fn set_min_validators_works_within_bounds() {
	run_test(|| {
		assert_ok!(Validators::set_min_validators(RuntimeOrigin::root(), 3));
		assert_eq!(MinValidators::<Test>::get(), 3);
		assert_eq!(last_event(), Event::MinValidatorsSet { min: 3 });
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
		assert_ok!(Validators::set_min_validators(RuntimeOrigin::root(), 1));
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 1));
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 2));
	});
}

#[test]
fn set_min_validators_refuses_invalid_minimums() {
	run_test(|| {
		// zero
		assert_noop!(
			Validators::set_min_validators(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidMinimum
		);
		// above the current set size (3)
		assert_noop!(
			Validators::set_min_validators(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidMinimum
		);
		// above MaxValidators (5), even with a full set
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 5));
		assert_noop!(
			Validators::set_min_validators(RuntimeOrigin::root(), 6),
			Error::<Test>::InvalidMinimum
		);
		assert_noop!(
			Validators::set_min_validators(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}
