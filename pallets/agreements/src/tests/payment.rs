//! Prepayment, settlement and completion, with the money checked to the unit.

use super::*;
use crate::mock::Held::*;
use agora_primitives::market::{ProviderRegistry, Resources, TerminationReason};
use frame_support::{assert_noop, assert_ok};

#[test]
fn a_full_lifecycle_moves_exactly_the_price() {
	run_test(|| {
		let (consumer0, provider0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // activated at 1: periods [1,11) [11,21) [21,31)
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		assert_eq!(
			last_event(),
			Event::Prepaid { id, installments: 1, amount: SMALL_PRICE, paid_installments: 1 }
		);
		assert_eq!(held(Escrow, CONSUMER), SMALL_PRICE);
		go_to(10);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NothingToSettle
		);
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::Settled { id, installments: 1, amount: SMALL_PRICE, fee: 0 }
		);
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 2));
		assert_eq!(held(Escrow, CONSUMER), 2 * SMALL_PRICE);
		go_to(25);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Active);
		assert_eq!(held(Escrow, CONSUMER), SMALL_PRICE);
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		let evs = events();
		assert_eq!(
			evs[evs.len() - 2],
			Event::Settled { id, installments: 1, amount: SMALL_PRICE, fee: 0 }
		);
		assert_eq!(last_event(), Event::Completed { id });
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.paid_to_provider, 3 * SMALL_PRICE);
		assert_eq!(a.ended_at, Some(31));
		// Everything released: capacity, deposit, collateral, escrow.
		assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		assert_eq!(held(RecordDeposit, CONSUMER), RECORD);
		// To the unit: the consumer paid the price, the provider got it.
		assert_eq!(total(CONSUMER), consumer0 - 3 * SMALL_PRICE);
		assert_eq!(total(PROVIDER), provider0 + 3 * SMALL_PRICE);
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL - 3 * SMALL_PRICE - RECORD);
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(Balances::free_balance(CONSUMER), INITIAL - 3 * SMALL_PRICE);
		assert!(crate::Agreements::<Test>::get(id).is_none());
		assert_eq!(AgreementsOf::<Test>::iter_prefix(CONSUMER).count(), 0);
	});
}

#[test]
fn settle_releases_every_matured_installment_at_once() {
	run_test(|| {
		let id = active(7, 3); // installments of 3, 3, 1 periods
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		assert_eq!(held(Escrow, CONSUMER), 7 * SMALL_PRICE);
		go_to(1 + 6 * PERIOD);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::Settled { id, installments: 2, amount: 6 * SMALL_PRICE, fee: 0 }
		);
		go_to(1 + 7 * PERIOD);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 7 * SMALL_PRICE);
	});
}

#[test]
fn settle_never_releases_unpaid_installments() {
	run_test(|| {
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::Settled { id, installments: 1, amount: SMALL_PRICE, fee: 0 }
		);
		// Not complete: two installments were never paid.
		assert_eq!(status(id), AgreementStatus::Active);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NothingToSettle
		);
	});
}

#[test]
fn prepay_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), 9, 1),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1),
			Error::<Test>::NotActive
		);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(PROVIDER), id, 1),
			Error::<Test>::NotConsumer
		);
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 0),
			Error::<Test>::ZeroInstallments
		);
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 4),
			Error::<Test>::TooManyInstallments
		);
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, u32::MAX),
			Error::<Test>::TooManyInstallments
		);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1),
			Error::<Test>::TooManyInstallments
		);
	});
}

#[test]
fn prepay_needs_funds() {
	run_test(|| {
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(POOR),
			PROVIDER,
			small(),
			3,
			plan(1),
			u128::MAX
		));
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), 0));
		// 150 - 110 - 7 = 33 free: not enough for an installment.
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(POOR), 0, 1),
			Error::<Test>::InsufficientFunds
		);
	});
}

#[test]
fn settle_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(1, 1);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotActive
		);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(1 + PERIOD);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn views_show_what_is_due() {
	run_test(|| {
		let id = active(3, 1);
		let v = Agreements::agreement(id).unwrap();
		assert_eq!(v.installments, 3);
		assert_eq!(v.matured_installments, 0);
		assert_eq!(v.total_price, 3 * SMALL_PRICE);
		assert_eq!(v.ends_at, Some(31));
		let due = v.next_due.unwrap();
		assert_eq!(
			(due.installment, due.amount, due.period_starts_at, due.deadline),
			(0, 110, 1, 1 + GRACE)
		);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(12);
		let v = Agreements::agreement(id).unwrap();
		assert_eq!(v.matured_installments, 1);
		let due = v.next_due.unwrap();
		assert_eq!((due.installment, due.period_starts_at, due.deadline), (1, 11, 11 + GRACE));
		assert_eq!(Agreements::agreements_of(&CONSUMER, 0, 10).len(), 1);
		assert_eq!(Agreements::agreements_of(&PROVIDER, 0, 10)[0].id, id);
		assert!(Agreements::agreements_of(&PROVIDER, 1, 10).is_empty());
		assert!(Agreements::agreement(9).is_none());
	});
}

#[test]
fn locked_funds_cannot_back_an_agreement_and_locks_cannot_block_payouts() {
	// Finding 4 of the economic-security review (issue 12): escrow, deposits and collateral
	// were holds, which may be placed on locked (vote-backing) funds and were paid out with
	// `Fortitude::Force`, so the same tokens backed an election vote and an agreement, and the
	// payout left the vote's stake unbacked. Now they move into the pot by a transfer that
	// respects locks, and payouts come from the pot.
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	run_test(|| {
		// The consumer locks all but 150 of its balance (as an election vote would).
		let locked = INITIAL - 150;
		Balances::set_lock(*b"phrelect", &CONSUMER, locked, WithdrawReasons::all());
		// 110 deposit + 7 record deposit fit in the unlocked 150 (the record deposit is a
		// hold, which may overlap a lock, but is never paid to anyone else).
		let id = request(3, 1);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		// The first installment (110) does not fit in the 40 left: refused, not taken from the
		// locked funds.
		assert_noop!(
			Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1),
			Error::<Test>::InsufficientFunds
		);
		assert!(Balances::free_balance(CONSUMER) >= locked, "the lock stays backed");
		// The provider locks everything it has: its collateral is in the pot already, and a
		// payout to it or from it is not blocked by any lock.
		Balances::set_lock(*b"phrelect", &PROVIDER, u128::MAX, WithdrawReasons::all());
		go_to(1 + GRACE + 1);
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::NonPayment,
				to_provider: SMALL_PRICE,
				to_consumer: 0
			}
		);
		assert!(Balances::free_balance(CONSUMER) >= locked, "the lock stays backed");
	});
}

#[test]
fn the_market_fee_is_burned_out_of_every_installment_released() {
	// Finding 7 of the economic-security review (issue 12): with no fee, value sent in a circle
	// between two accounts of one owner cost nothing, so reputation evidence bought with it was
	// free. Now a share of every installment released is burned.
	run_test(|| {
		let mut p = params();
		p.market_fee = sp_runtime::Permill::from_percent(10);
		assert_ok!(Agreements::set_params(RuntimeOrigin::root(), p));
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let issuance = Balances::total_issuance();
		let id = active(2, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 2));
		go_to(21);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		let evs = events();
		assert_eq!(
			evs[evs.len() - 2],
			Event::Settled { id, installments: 2, amount: 2 * SMALL_PRICE, fee: 22 }
		);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE - 22);
		assert_eq!(Balances::total_issuance(), issuance - 22);
		// The reputation value is what the consumer paid through the market.
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 2 * SMALL_PRICE);
		assert_eq!(
			reports().last(),
			Some(&format!("completed {CONSUMER} {PROVIDER} {}", 2 * SMALL_PRICE))
		);
	});
}
