//! Governance: suspension and tunables.

use super::*;
use agora_primitives::market::{ProviderRegistry, QuoteError};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn suspend_and_reinstate() {
	run_test(|| {
		register(1);
		assert_noop!(Providers::suspend(RuntimeOrigin::signed(2), 1), DispatchError::BadOrigin);
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), 1));
		assert_eq!(last_event(), Event::Suspended { provider: 1 });
		assert!(crate::Providers::<Test>::get(1).unwrap().suspended);
		assert_eq!(Providers::price_for_request(&1, &small()), Err(QuoteError::ProviderSuspended));
		assert_eq!(Providers::reserve(&1, &small()), Err(QuoteError::ProviderSuspended));
		assert_noop!(Providers::suspend(RuntimeOrigin::root(), 1), Error::<Test>::AlreadySuspended);
		assert_noop!(Providers::reinstate(RuntimeOrigin::signed(1), 1), DispatchError::BadOrigin);
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), 1));
		assert_eq!(last_event(), Event::Reinstated { provider: 1 });
		assert_noop!(Providers::reinstate(RuntimeOrigin::root(), 1), Error::<Test>::NotSuspended);
		assert!(Providers::price_for_request(&1, &small()).is_ok());
	});
}

#[test]
fn suspend_needs_a_provider() {
	run_test(|| {
		assert_noop!(Providers::suspend(RuntimeOrigin::root(), 7), Error::<Test>::NotRegistered);
		assert_noop!(Providers::reinstate(RuntimeOrigin::root(), 7), Error::<Test>::NotRegistered);
	});
}

#[test]
fn set_params_applies_to_later_bonds_only() {
	run_test(|| {
		register(1);
		let params = ProviderParams { bond_base: 7, bond_per_tib: 1, unbonding_period: 3 };
		assert_noop!(
			Providers::set_params(RuntimeOrigin::signed(1), params.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Providers::set_params(
				RuntimeOrigin::root(),
				ProviderParams { unbonding_period: 0, ..params.clone() }
			),
			Error::<Test>::InvalidParams
		);
		assert_ok!(Providers::set_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(last_event(), Event::ParamsUpdated { params: params.clone() });
		assert_eq!(Params::<Test>::get(), params);
		// The existing bond is unchanged until the provider resizes.
		assert_eq!(bond_held(1), mock_bond());
		register(2);
		assert_eq!(bond_held(2), 7 + 2);
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(1), capacity()));
		assert_eq!(bond_held(1), 7 + 2);
	});
}

#[test]
#[should_panic(expected = "invalid provider params in genesis")]
fn genesis_rejects_a_zero_unbonding_period() {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> {
		params: ProviderParams { bond_base: 1, bond_per_tib: 1, unbonding_period: 0 },
	}
	.build_storage();
}
