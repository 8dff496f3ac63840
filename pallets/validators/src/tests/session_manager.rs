use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Validators`).
use crate::mock::Validators;
use frame_support::assert_ok;
use pallet_session::SessionManager;

#[test]
fn genesis_set_is_handed_to_the_session_pallet() {
	run_test(|| {
		assert_eq!(
			<Validators as SessionManager<u64>>::new_session_genesis(0),
			Some(vec![1, 2, 3])
		);
	});
}

#[test]
fn unchanged_set_is_not_handed_again() {
	run_test(|| {
		assert_eq!(<Validators as SessionManager<u64>>::new_session(2), None);
	});
}

#[test]
fn changed_set_is_handed_once_at_the_next_boundary() {
	run_test(|| {
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(<Validators as SessionManager<u64>>::new_session(2), Some(vec![2, 3, 4]));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Validators(Event::NewSetPlanned { session: 2, validators: 3 })));
		// handed over: the next boundary keeps the queued set
		assert_eq!(<Validators as SessionManager<u64>>::new_session(3), None);
	});
}
