//! Termination for non-payment, early exits, and closing.

use super::*;
use crate::mock::Held::*;
use agora_primitives::market::{ProviderRegistry, Resources, TerminationReason};
use frame_support::{assert_noop, assert_ok};

fn nothing_held_but_the_record() {
	assert_eq!(held(Escrow, CONSUMER), 0);
	assert_eq!(held(SecurityDeposit, CONSUMER), 0);
	assert_eq!(held(ProviderCollateral, PROVIDER), 0);
	assert_eq!(held(RecordDeposit, CONSUMER), RECORD);
	assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
}

#[test]
fn nonpayment_gives_the_deposit_to_the_provider() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // installment 0 due by 1 + GRACE = 4
		go_to(4);
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotOverdue
		);
		go_to(5);
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(status(id), AgreementStatus::Terminated(TerminationReason::NonPayment));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::NonPayment,
				to_provider: SMALL_PRICE,
				to_consumer: 0
			}
		);
		nothing_held_but_the_record();
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE);
	});
}

#[test]
fn nonpayment_later_settles_first_and_refunds_the_rest() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(6, 2); // installments of 220: [1,21) [21,41) [41,61)
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		// Installment 1 is due by 21 + GRACE = 24.
		go_to(24);
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotOverdue
		);
		go_to(25);
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id));
		// Matured installment 0 (220) + the deposit (220) went to the provider.
		assert_eq!(total(CONSUMER), c0 - 440);
		assert_eq!(total(PROVIDER), p0 + 440);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 440);
		nothing_held_but_the_record();
	});
}

#[test]
fn terminate_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		go_to(20);
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotActive
		);
		let id = active(3, 1);
		go_to(40);
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotProvider
		);
		go_to(20);
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(45);
		// Everything is prepaid: nothing is overdue.
		assert_noop!(
			Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotOverdue
		);
	});
}

#[test]
fn cancel_forfeits_the_running_prepaid_installment() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(15); // period 1 runs; installment 0 matured
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(status(id), AgreementStatus::Terminated(TerminationReason::ConsumerCancelled));
		// Installment 2's escrow and the deposit come back.
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::ConsumerCancelled,
				to_provider: SMALL_PRICE,
				to_consumer: 2 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 2 * SMALL_PRICE);
		nothing_held_but_the_record();
	});
}

#[test]
fn cancel_takes_an_unpaid_running_installment_from_the_deposit() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(12); // period 1 runs, not prepaid (still within grace)
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE);
		nothing_held_but_the_record();
	});
}

#[test]
fn cancel_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::cancel(RuntimeOrigin::signed(CONSUMER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotActive
		);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_noop!(
			Agreements::cancel(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotConsumer
		);
		go_to(31);
		assert_noop!(
			Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::AgreementEnded
		);
	});
}

#[test]
fn abandon_pays_the_collateral_to_the_consumer() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(15);
		assert_ok!(Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(status(id), AgreementStatus::Terminated(TerminationReason::ProviderAbandoned));
		// Installment 0 matured and was paid; the collateral (55) goes to the consumer; the
		// running installment, the last one and the deposit return.
		let collateral = SMALL_PRICE / 2;
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::ProviderAbandoned,
				to_provider: 0,
				to_consumer: collateral + 3 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE + collateral);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE - collateral);
		nothing_held_but_the_record();
	});
}

#[test]
fn abandon_errors() {
	run_test(|| {
		assert_noop!(
			Agreements::abandon(RuntimeOrigin::signed(PROVIDER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = request(3, 1);
		assert_noop!(
			Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotActive
		);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_noop!(
			Agreements::abandon(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotProvider
		);
		go_to(31);
		assert_noop!(
			Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::AgreementEnded
		);
	});
}

#[test]
fn close_removes_finished_agreements_after_retention() {
	run_test(|| {
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(CONSUMER), 9),
			Error::<Test>::AgreementNotFound
		);
		let id = active(1, 1);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotFinal
		);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::RetentionNotOver
		);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::RetentionNotOver
		);
		go_to(11 + RETENTION);
		assert_ok!(Agreements::close(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::Closed { id });
		assert!(crate::Agreements::<Test>::get(id).is_none());
		assert!(!AgreementsOf::<Test>::contains_key(CONSUMER, BigEndianId::from(id)));
		assert!(!AgreementsOf::<Test>::contains_key(PROVIDER, BigEndianId::from(id)));
		assert_eq!(held(RecordDeposit, CONSUMER), 0);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::AgreementNotFound
		);
	});
}

#[test]
fn nobody_closes_while_the_close_gate_holds_the_record() {
	run_test(|| {
		let id = active(1, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		// Reputation holds it back while a party may still rate: the consumer too, and anyone
		// after retention.
		hold_open(id, true);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::RatingWindowOpen
		);
		go_to(11 + RETENTION);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::RatingWindowOpen
		);
		assert_eq!(held(RecordDeposit, CONSUMER), RECORD);
		// Once the gate opens (both rated, or the window is over), the record goes.
		hold_open(id, false);
		assert_ok!(Agreements::close(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::Closed { id });
		assert_eq!(held(RecordDeposit, CONSUMER), 0);
	});
}

#[test]
fn the_provider_can_unregister_once_agreements_ended() {
	run_test(|| {
		let id = active(1, 1);
		assert_noop!(
			Providers::unregister(RuntimeOrigin::signed(PROVIDER)),
			pallet_providers::Error::<Test>::LiveAgreements
		);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(PROVIDER), id));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(PROVIDER)));
	});
}
