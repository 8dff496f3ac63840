//! Pausing, unregistering and withdrawing the bond.

use super::*;
use agora_primitives::market::{ProviderRegistry, ProviderStatus, QuoteError};
use frame_support::{assert_noop, assert_ok};

#[test]
fn pause_and_resume() {
	run_test(|| {
		register(1);
		assert_ok!(Providers::pause(RuntimeOrigin::signed(1)));
		assert_eq!(last_event(), Event::Paused { provider: 1 });
		assert_eq!(crate::Providers::<Test>::get(1).unwrap().status, ProviderStatus::Paused);
		assert_eq!(Providers::price_for_request(&1, &small()), Err(QuoteError::ProviderPaused));
		// A paused provider may still reserve what it was asked before pausing.
		assert_ok!(Providers::reserve(&1, &small()));
		assert_noop!(Providers::pause(RuntimeOrigin::signed(1)), Error::<Test>::AlreadyPaused);
		assert_ok!(Providers::resume(RuntimeOrigin::signed(1)));
		assert_eq!(last_event(), Event::Resumed { provider: 1 });
		assert_noop!(Providers::resume(RuntimeOrigin::signed(1)), Error::<Test>::NotPaused);
		assert!(Providers::price_for_request(&1, &small()).is_ok());
		Providers::release(&1, &small());
	});
}

#[test]
fn pause_and_resume_need_a_listed_provider() {
	run_test(|| {
		assert_noop!(Providers::pause(RuntimeOrigin::signed(1)), Error::<Test>::NotRegistered);
		assert_noop!(Providers::resume(RuntimeOrigin::signed(1)), Error::<Test>::NotRegistered);
		register(1);
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
		assert_noop!(Providers::pause(RuntimeOrigin::signed(1)), Error::<Test>::Unbonding);
		assert_noop!(Providers::resume(RuntimeOrigin::signed(1)), Error::<Test>::Unbonding);
	});
}

#[test]
fn unregister_then_withdraw_after_the_unbonding_period() {
	run_test(|| {
		register(1);
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
		let until = 1 + UNBONDING;
		assert_eq!(last_event(), Event::Unregistered { provider: 1, unlocks_at: until });
		assert_eq!(
			crate::Providers::<Test>::get(1).unwrap().status,
			ProviderStatus::Unbonding { until }
		);
		assert_eq!(Providers::price_for_request(&1, &small()), Err(QuoteError::ProviderUnbonding));
		assert_eq!(Providers::reserve(&1, &small()), Err(QuoteError::ProviderUnbonding));
		System::set_block_number(until - 1);
		assert_noop!(Providers::withdraw_bond(RuntimeOrigin::signed(1)), Error::<Test>::BondLocked);
		assert_noop!(Providers::unregister(RuntimeOrigin::signed(1)), Error::<Test>::Unbonding);
		assert_noop!(
			Providers::register(
				RuntimeOrigin::signed(1),
				capacity(),
				prices(),
				bytes("e"),
				Default::default()
			),
			Error::<Test>::AlreadyRegistered
		);
		System::set_block_number(until);
		assert_ok!(Providers::withdraw_bond(RuntimeOrigin::signed(1)));
		assert_eq!(last_event(), Event::BondWithdrawn { provider: 1, amount: mock_bond() });
		assert_eq!(bond_held(1), 0);
		assert_eq!(Balances::free_balance(1), INITIAL);
		assert!(crate::Providers::<Test>::get(1).is_none());
		assert_eq!(crate::Providers::<Test>::count(), 0);
		// It may register again.
		register(1);
	});
}

#[test]
fn unregister_refused_with_live_agreements_or_suspension() {
	run_test(|| {
		assert_noop!(Providers::unregister(RuntimeOrigin::signed(1)), Error::<Test>::NotRegistered);
		register(1);
		assert_ok!(Providers::reserve(&1, &small()));
		assert_noop!(
			Providers::unregister(RuntimeOrigin::signed(1)),
			Error::<Test>::LiveAgreements
		);
		Providers::release(&1, &small());
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), 1));
		assert_noop!(Providers::unregister(RuntimeOrigin::signed(1)), Error::<Test>::Suspended);
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), 1));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
	});
}

#[test]
fn withdraw_bond_errors() {
	run_test(|| {
		assert_noop!(
			Providers::withdraw_bond(RuntimeOrigin::signed(1)),
			Error::<Test>::NotRegistered
		);
		register(1);
		assert_noop!(
			Providers::withdraw_bond(RuntimeOrigin::signed(1)),
			Error::<Test>::NotUnbonding
		);
	});
}
