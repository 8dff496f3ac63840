//! The provider's answer and the consumer's reply: accept, counter, accept_counter, revoke,
//! reject, expire.

use super::*;
use crate::mock::Held::*;
use agora_primitives::market::{CancelReason, ProviderRegistry, Resources, Terms};
use frame_support::{assert_noop, assert_ok};

#[test]
fn accept_reserves_capacity_and_holds_the_collateral() {
	run_test(|| {
		let id = request(3, 1);
		go_to(3);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.status, AgreementStatus::Active);
		assert_eq!(a.activated_at, Some(3));
		assert_eq!(a.provider_collateral, SMALL_PRICE / 2);
		assert_eq!(held(ProviderCollateral, PROVIDER), SMALL_PRICE / 2);
		assert_eq!(Providers::reserved(&PROVIDER), Some((small(), 1)));
		assert_eq!(
			last_event(),
			Event::Activated {
				id,
				terms: a.terms,
				activated_at: 3,
				ends_at: 3 + 3 * PERIOD,
				security_deposit: SMALL_PRICE,
				provider_collateral: SMALL_PRICE / 2,
			}
		);
	});
}

#[test]
fn accept_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER2), id),
			Error::<Test>::NotProvider
		);
		go_to(1 + EXPIRY);
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::RequestExpired
		);
		go_to(2);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		// Double accept.
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotAwaitingProvider
		);
	});
}

#[test]
fn accept_never_overbooks() {
	run_test(|| {
		// Capacity: 4 vCPUs. Four requests of 1 vCPU and a fifth.
		let ids: Vec<_> = (0..4).map(|_| request(3, 1)).collect();
		let extra = NextAgreementId::<Test>::get();
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(CONSUMER2),
			PROVIDER2,
			small(),
			3,
			plan(1),
			u128::MAX
		));
		let _ = extra;
		for id in &ids[..3] {
			assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), *id));
		}
		// Another consumer asks for 2 vCPUs while one is free: refused at request time.
		let two = Resources { vcpus: 2, ..Default::default() };
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(CONSUMER2),
				PROVIDER,
				two,
				3,
				plan(1),
				u128::MAX
			),
			Error::<Test>::InsufficientCapacity
		);
		// Shrink capacity under the provider's own feet: the fourth can no longer be accepted.
		assert_ok!(Providers::update_resources(
			RuntimeOrigin::signed(PROVIDER),
			Resources { vcpus: 3, ..capacity() }
		));
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), ids[3]),
			Error::<Test>::InsufficientCapacity
		);
	});
}

#[test]
fn accept_needs_the_collateral_and_an_unsuspended_provider() {
	run_test(|| {
		let id = request(3, 1);
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), PROVIDER));
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::ProviderSuspended
		);
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), PROVIDER));
		// A paused provider may still accept what it was asked before pausing.
		assert_ok!(Providers::pause(RuntimeOrigin::signed(PROVIDER)));
		// Drain the provider's free balance.
		let free = Balances::free_balance(PROVIDER);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&PROVIDER,
			&STRANGER,
			free - 10,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::InsufficientCollateral
		);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&STRANGER,
			&PROVIDER,
			1_000,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
	});
}

#[test]
fn counter_then_accept_counter_moves_the_deposit_to_the_new_terms() {
	run_test(|| {
		let id = request(4, 1);
		let terms = Terms { price_per_period: 200, plan: plan(2) };
		go_to(4);
		assert_ok!(Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms));
		assert_eq!(last_event(), Event::Countered { id, terms, expires_at: 4 + EXPIRY });
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.status, AgreementStatus::Countered);
		assert_eq!(a.counter, Some(terms));
		// Collateral: 50 % of the new 400 installment.
		assert_eq!(held(ProviderCollateral, PROVIDER), 200);
		// The window restarted: still open after the original expiry.
		go_to(1 + EXPIRY + 1);
		assert_ok!(Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id));
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.status, AgreementStatus::Active);
		assert_eq!(a.terms, terms);
		assert_eq!(a.counter, None);
		assert_eq!(a.security_deposit, 400);
		assert_eq!(held(SecurityDeposit, CONSUMER), 400);
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL - 400 - RECORD);
		assert_eq!(Providers::reserved(&PROVIDER), Some((small(), 1)));
	});
}

#[test]
fn a_cheaper_counter_releases_part_of_the_deposit() {
	run_test(|| {
		let id = request(4, 2);
		assert_eq!(held(SecurityDeposit, CONSUMER), 2 * SMALL_PRICE);
		let terms = Terms { price_per_period: 50, plan: plan(1) };
		assert_ok!(Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms));
		assert_ok!(Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(held(SecurityDeposit, CONSUMER), 50);
		assert_eq!(held(ProviderCollateral, PROVIDER), 25);
	});
}

#[test]
fn counter_errors() {
	run_test(|| {
		let terms = Terms { price_per_period: 200, plan: plan(1) };
		assert_noop!(
			Agreements::counter(RuntimeOrigin::signed(PROVIDER), 9, terms),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::counter(RuntimeOrigin::signed(CONSUMER), id, terms),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			Agreements::counter(
				RuntimeOrigin::signed(PROVIDER),
				id,
				Terms { plan: plan(4), ..terms }
			),
			Error::<Test>::InvalidPlan
		);
		assert_noop!(
			Agreements::counter(
				RuntimeOrigin::signed(PROVIDER),
				id,
				Terms { price_per_period: u128::MAX, ..terms }
			),
			Error::<Test>::Overflow
		);
		assert_noop!(
			Agreements::counter(
				RuntimeOrigin::signed(PROVIDER),
				id,
				Terms { price_per_period: 10 * INITIAL, ..terms }
			),
			Error::<Test>::InsufficientCollateral
		);
		go_to(1 + EXPIRY);
		assert_noop!(
			Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms),
			Error::<Test>::RequestExpired
		);
		go_to(2);
		assert_ok!(Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms));
		// One counter per request.
		assert_noop!(
			Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms),
			Error::<Test>::NotAwaitingProvider
		);
		// Accept the original terms after countering: not in the machine.
		assert_noop!(
			Agreements::accept(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotAwaitingProvider
		);
	});
}

#[test]
fn accept_counter_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotCountered
		);
		let terms = Terms { price_per_period: 100_000, plan: plan(3) };
		assert_ok!(Agreements::counter(RuntimeOrigin::signed(PROVIDER), id, terms));
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotConsumer
		);
		// 300_000 of deposit is fine for CONSUMER, but not after spending most of it.
		let free = Balances::free_balance(CONSUMER);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&CONSUMER,
			&STRANGER,
			free - 1_000,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::InsufficientFunds
		);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&STRANGER,
			&CONSUMER,
			free,
			frame_support::traits::tokens::Preservation::Preserve
		));
		// The provider filled its capacity meanwhile.
		assert_ok!(Providers::update_resources(
			RuntimeOrigin::signed(PROVIDER),
			Resources { vcpus: 0, ..capacity() }
		));
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::InsufficientCapacity
		);
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(PROVIDER), capacity()));
		go_to(1 + EXPIRY);
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::RequestExpired
		);
		go_to(2);
		assert_ok!(Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id));
		assert_noop!(
			Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotCountered
		);
	});
}

#[test]
fn revoke_and_reject_release_everything_but_the_record_deposit() {
	run_test(|| {
		let a = request(3, 1);
		let b = request(3, 1);
		assert_ok!(Agreements::counter(
			RuntimeOrigin::signed(PROVIDER),
			b,
			Terms { price_per_period: 300, plan: plan(1) }
		));
		assert_ok!(Agreements::revoke(RuntimeOrigin::signed(CONSUMER), a));
		assert_eq!(last_event(), Event::Cancelled { id: a, reason: CancelReason::Revoked });
		assert_eq!(status(a), AgreementStatus::Cancelled(CancelReason::Revoked));
		// Refusing a counter-offer is a revoke too.
		assert_ok!(Agreements::revoke(RuntimeOrigin::signed(CONSUMER), b));
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		assert_eq!(held(RecordDeposit, CONSUMER), 2 * RECORD);
		let c = request(3, 1);
		assert_ok!(Agreements::reject(RuntimeOrigin::signed(PROVIDER), c));
		assert_eq!(status(c), AgreementStatus::Cancelled(CancelReason::Rejected));
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL - 3 * RECORD);
		for id in [a, b, c] {
			assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
		}
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL);
	});
}

#[test]
fn revoke_reject_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::revoke(RuntimeOrigin::signed(CONSUMER), 9),
			Error::<Test>::AgreementNotFound
		);
		assert_noop!(
			Agreements::reject(RuntimeOrigin::signed(PROVIDER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::revoke(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotConsumer
		);
		assert_noop!(
			Agreements::reject(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotProvider
		);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_noop!(
			Agreements::revoke(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotPending
		);
		assert_noop!(
			Agreements::reject(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn expire_is_lazy_and_open_to_anyone() {
	run_test(|| {
		let id = request(3, 1);
		assert_noop!(
			Agreements::expire(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotExpired
		);
		go_to(1 + EXPIRY);
		assert_ok!(Agreements::expire(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Cancelled(CancelReason::Expired));
		assert_eq!(last_event(), Event::Cancelled { id, reason: CancelReason::Expired });
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_noop!(
			Agreements::expire(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotPending
		);
		assert_noop!(
			Agreements::expire(RuntimeOrigin::signed(STRANGER), 9),
			Error::<Test>::AgreementNotFound
		);
		// A countered request expires on the counter's window and releases the collateral.
		let id = request(3, 1);
		assert_ok!(Agreements::counter(
			RuntimeOrigin::signed(PROVIDER),
			id,
			Terms { price_per_period: 120, plan: plan(1) }
		));
		go_to(1 + 2 * EXPIRY);
		assert_ok!(Agreements::expire(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
	});
}
