//! Requests and quotes.

use super::*;
use crate::mock::Held::*;
use agora_primitives::market::{QuoteError, Resources, Terms};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn request_locks_the_price_and_holds_the_deposits() {
	run_test(|| {
		let id = request(3, 1);
		assert_eq!(id, 0);
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.status, AgreementStatus::Requested);
		assert_eq!(a.terms, Terms { price_per_period: SMALL_PRICE, plan: plan(1) });
		assert_eq!(a.period_length, PERIOD);
		assert_eq!(a.grace_period, GRACE);
		assert_eq!(a.expires_at, 1 + EXPIRY);
		assert_eq!(a.security_deposit, SMALL_PRICE);
		assert_eq!(a.record_deposit, RECORD);
		assert_eq!(held(SecurityDeposit, CONSUMER), SMALL_PRICE);
		assert_eq!(held(RecordDeposit, CONSUMER), RECORD);
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL - SMALL_PRICE - RECORD);
		assert_eq!(index_of(CONSUMER), vec![0]);
		assert_eq!(index_of(PROVIDER), vec![0]);
		assert_eq!(NextAgreementId::<Test>::get(), 1);
		assert_eq!(
			last_event(),
			Event::Requested {
				id,
				consumer: CONSUMER,
				provider: PROVIDER,
				resources: small(),
				duration_periods: 3,
				terms: a.terms,
				security_deposit: SMALL_PRICE,
				expires_at: 1 + EXPIRY,
			}
		);
		// Nothing is reserved before acceptance.
		assert_eq!(
			<Providers as agora_primitives::market::ProviderRegistry<u64>>::reserved(&PROVIDER),
			Some((Resources::zero(), 0))
		);
	});
}

#[test]
fn a_later_price_change_does_not_touch_the_request() {
	run_test(|| {
		let id = request(3, 1);
		assert_ok!(Providers::update_prices(
			RuntimeOrigin::signed(PROVIDER),
			agora_primitives::market::PriceList { vcpu: 1_000, ..prices() }
		));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().terms.price_per_period, SMALL_PRICE);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().terms.price_per_period, SMALL_PRICE);
	});
}

#[test]
fn quote_matches_what_request_holds() {
	run_test(|| {
		let q = Agreements::quote(&PROVIDER, &small(), 7, plan(3)).unwrap();
		assert_eq!(q.terms.price_per_period, SMALL_PRICE);
		assert_eq!(q.total_price, 7 * SMALL_PRICE);
		assert_eq!(q.installments, 3);
		assert_eq!(q.installment_amount, 3 * SMALL_PRICE);
		assert_eq!(q.last_installment_amount, SMALL_PRICE);
		assert_eq!(q.security_deposit, 3 * SMALL_PRICE);
		assert_eq!(q.provider_collateral, 3 * SMALL_PRICE / 2);
		assert_eq!(q.record_deposit, RECORD);
		assert_eq!(q.period_length, PERIOD);
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(CONSUMER),
			PROVIDER,
			small(),
			7,
			plan(3),
			q.total_price
		));
		assert_eq!(held(SecurityDeposit, CONSUMER), q.security_deposit);
		assert_eq!(Agreements::quote(&99, &small(), 7, plan(3)), Err(QuoteError::ProviderNotFound));
		assert_eq!(
			Agreements::quote(&PROVIDER, &small(), 13, plan(3)),
			Err(QuoteError::InvalidDuration)
		);
		assert_eq!(
			Agreements::quote(&PROVIDER, &small(), 2, plan(3)),
			Err(QuoteError::InvalidPlan)
		);
	});
}

#[test]
fn request_refuses_a_price_above_max() {
	run_test(|| {
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(CONSUMER),
				PROVIDER,
				small(),
				3,
				plan(1),
				3 * SMALL_PRICE - 1
			),
			Error::<Test>::PriceAboveMax
		);
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(CONSUMER),
			PROVIDER,
			small(),
			3,
			plan(1),
			3 * SMALL_PRICE
		));
	});
}

#[test]
fn request_errors_from_the_provider_side() {
	run_test(|| {
		let req = |provider: u64, resources: Resources| {
			Agreements::request(
				RuntimeOrigin::signed(CONSUMER),
				provider,
				resources,
				3,
				plan(1),
				u128::MAX,
			)
		};
		assert_noop!(req(99, small()), Error::<Test>::ProviderNotFound);
		assert_noop!(req(PROVIDER, Resources::zero()), Error::<Test>::NoResources);
		let too_big = Resources { vcpus: 5, ..Default::default() };
		assert_noop!(req(PROVIDER, too_big), Error::<Test>::InsufficientCapacity);
		assert_ok!(Providers::pause(RuntimeOrigin::signed(PROVIDER)));
		assert_noop!(req(PROVIDER, small()), Error::<Test>::ProviderPaused);
		assert_ok!(Providers::resume(RuntimeOrigin::signed(PROVIDER)));
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), PROVIDER));
		assert_noop!(req(PROVIDER, small()), Error::<Test>::ProviderSuspended);
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), PROVIDER));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(PROVIDER2)));
		assert_noop!(req(PROVIDER2, small()), Error::<Test>::ProviderUnbonding);
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(PROVIDER),
				PROVIDER,
				small(),
				3,
				plan(1),
				u128::MAX
			),
			Error::<Test>::SelfDealing
		);
		let gpu = Resources { gpus: 1, ..Default::default() };
		assert_ok!(Providers::update_prices(
			RuntimeOrigin::signed(PROVIDER),
			agora_primitives::market::PriceList { gpu: u128::MAX, ..prices() }
		));
		assert_ok!(Providers::update_resources(
			RuntimeOrigin::signed(PROVIDER),
			Resources { gpus: 1, ..capacity() }
		));
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(CONSUMER),
				PROVIDER,
				gpu,
				3,
				plan(1),
				u128::MAX
			),
			Error::<Test>::Overflow
		);
		assert_noop!(
			Agreements::request(RuntimeOrigin::root(), PROVIDER, small(), 3, plan(1), u128::MAX),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn request_errors_from_the_terms() {
	run_test(|| {
		let req = |duration: u32, k: u32| {
			Agreements::request(
				RuntimeOrigin::signed(CONSUMER),
				PROVIDER,
				small(),
				duration,
				plan(k),
				u128::MAX,
			)
		};
		assert_noop!(req(0, 1), Error::<Test>::InvalidDuration);
		assert_noop!(req(13, 1), Error::<Test>::InvalidDuration);
		assert_noop!(req(3, 0), Error::<Test>::InvalidPlan);
		assert_noop!(req(3, 4), Error::<Test>::InvalidPlan);
	});
}

#[test]
fn request_needs_funds_for_the_deposits() {
	run_test(|| {
		// POOR has 150: a 3-period installment (330) is too much.
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(POOR),
				PROVIDER,
				small(),
				3,
				plan(3),
				u128::MAX
			),
			Error::<Test>::InsufficientFunds
		);
		// 110 + 7 fits.
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(POOR),
			PROVIDER,
			small(),
			3,
			plan(1),
			u128::MAX
		));
		// The second request's record deposit no longer fits (150 - 117 = 33 < 110 + 7).
		assert_noop!(
			Agreements::request(
				RuntimeOrigin::signed(POOR),
				PROVIDER,
				small(),
				3,
				plan(1),
				u128::MAX
			),
			Error::<Test>::InsufficientFunds
		);
	});
}

/// The ids in `who`'s index, in the order the index walks them.
fn index_of(who: u64) -> Vec<AgreementId> {
	AgreementsOf::<Test>::iter_key_prefix(who).map(u64::from).collect()
}

#[test]
fn a_stranger_cannot_fill_a_providers_index() {
	// Finding 6 of the economic-security review (issue 12): with a bounded per-account index,
	// requests a stranger never meant to complete filled the provider's index, and every other
	// consumer's request failed (`ProviderTooManyAgreements`, 1,024 requests on a runtime) until
	// they could be closed by others after `retention`. On the old code this test's first
	// `request` by `CONSUMER` failed after 4 spam requests (the mock's bound).
	run_test(|| {
		for _ in 0..64 {
			assert_ok!(Agreements::request(
				RuntimeOrigin::signed(STRANGER),
				PROVIDER,
				Resources { storage_bytes: 1, vcpus: 0, memory_mib: 0, gpus: 0 },
				1,
				plan(1),
				u128::MAX
			));
		}
		let id = request(3, 1);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(index_of(PROVIDER).len(), 65);
		// The provider rejects a spam request and clears it at once; the stranger's record
		// deposit returns to the stranger.
		let before = Balances::free_balance(STRANGER);
		let deposit = crate::Agreements::<Test>::get(0).unwrap().security_deposit;
		assert_ok!(Agreements::reject(RuntimeOrigin::signed(PROVIDER), 0));
		assert_ok!(Agreements::close(RuntimeOrigin::signed(PROVIDER), 0));
		assert_eq!(Balances::free_balance(STRANGER), before + deposit + RECORD);
		assert!(!index_of(PROVIDER).contains(&0));
		assert!(index_of(STRANGER).first() == Some(&1));
	});
}

#[test]
fn only_parties_close_a_cancelled_request_early_and_others_wait_for_retention() {
	run_test(|| {
		let id = request(1, 1);
		assert_ok!(Agreements::reject(RuntimeOrigin::signed(PROVIDER), id));
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::RetentionNotOver
		);
		// An active agreement's provider still waits for retention after a termination.
		let active = active(1, 1);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), active));
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(PROVIDER), active),
			Error::<Test>::RetentionNotOver
		);
		go_to(1 + RETENTION);
		assert_ok!(Agreements::close(RuntimeOrigin::signed(STRANGER), id));
		assert_ok!(Agreements::close(RuntimeOrigin::signed(PROVIDER), active));
	});
}

#[test]
fn indexes_page_in_id_order() {
	run_test(|| {
		for _ in 0..300 {
			request(1, 1);
		}
		let ids = index_of(CONSUMER);
		assert_eq!(ids, (0..300).collect::<Vec<_>>());
		assert_eq!(index_of(PROVIDER), ids);
		let page = |n, size| {
			Agreements::agreements_of(&CONSUMER, n, size)
				.into_iter()
				.map(|v| v.id)
				.collect::<Vec<_>>()
		};
		assert_eq!(page(0, 3), vec![0, 1, 2]);
		assert_eq!(page(1, 256), (256..300).collect::<Vec<_>>());
		assert!(page(2, 256).is_empty());
		// Closing removes the entry from both parties' indexes.
		assert_ok!(Agreements::revoke(RuntimeOrigin::signed(CONSUMER), 5));
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), 5));
		assert!(!index_of(CONSUMER).contains(&5));
		assert!(!index_of(PROVIDER).contains(&5));
	});
}
