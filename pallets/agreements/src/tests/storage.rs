//! Storage agreements: the payout gate, free cancellation after a missed upload window, faults
//! and failure.

use super::*;
use crate::mock::Held::*;
use agora_primitives::{
	market::{ProviderRegistry, Resources, TerminationReason},
	traits::StorageAgreements,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn payouts_wait_for_the_data_confirmation() {
	run_test(|| {
		let id = active(1, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		set_blocked(id, true);
		go_to(11);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::AwaitingConfirmation
		);
		set_blocked(id, false);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
	});
}

#[test]
fn an_unconfirmed_upload_lets_the_consumer_cancel_without_penalty() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 2));
		set_blocked(id, true);
		set_overdue(id);
		go_to(15);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::UploadNotConfirmed,
				to_provider: 0,
				to_consumer: 3 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0);
		assert_eq!(total(PROVIDER), p0);
		assert_eq!(
			reports().last(),
			Some(&format!("terminated {CONSUMER} {PROVIDER} UploadNotConfirmed"))
		);
	});
}

#[test]
fn an_unconfirmed_upload_lets_the_provider_leave_without_penalty() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		set_blocked(id, true);
		set_overdue(id);
		go_to(5);
		assert_ok!(Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::UploadNotConfirmed,
				to_provider: 0,
				to_consumer: 2 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0);
		assert_eq!(total(PROVIDER), p0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
	});
}

#[test]
fn an_unconfirmed_upload_never_leaves_an_agreement_stuck() {
	// Finding 1 of the economic-security review (issue 12): with data committed and never
	// confirmed, nothing could end the agreement once its term was over (`settle` failed with
	// `AwaitingConfirmation`, `cancel` with `AgreementEnded`): escrow, deposit, collateral and
	// capacity stayed locked forever.
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 3);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		set_blocked(id, true);
		go_to(40); // the term is over; the upload window is not (yet) known to be over
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::AwaitingConfirmation
		);
		set_overdue(id);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::UploadNotConfirmed,
				to_provider: 0,
				to_consumer: 6 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0);
		assert_eq!(total(PROVIDER), p0);
		assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
		// After the term the consumer's cancel works as well (no `AgreementEnded`).
		let id = active(1, 1);
		set_blocked(id, true);
		set_overdue(id);
		go_to(60);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(status(id), AgreementStatus::Terminated(TerminationReason::UploadNotConfirmed));
	});
}

#[test]
fn a_fault_refunds_its_period_and_slashes_the_collateral() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // collateral 55
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(15); // period 1 runs; installment 0 matured
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 1, refunded: SMALL_PRICE, slashed: 11 }
		);
		assert_eq!(held(Escrow, CONSUMER), SMALL_PRICE);
		assert_eq!(held(ProviderCollateral, PROVIDER), 44);
		// A second fault in the same period: nothing left to refund; 20 % of 44 = 8.
		Agreements::on_storage_fault(id);
		assert_eq!(last_event(), Event::FaultPenalized { id, period: 1, refunded: 0, slashed: 8 });
		// The last period is served and paid; the refunded one never reaches the provider.
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE - 19);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE + 19);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 2 * SMALL_PRICE);
	});
}

#[test]
fn cancel_after_a_fault_neither_reverts_nor_charges_twice() {
	run_test(|| {
		// Case A: only the running installment was prepaid, and a fault refunded it. Nothing
		// of it is left to forfeit: the consumer cancels and gets its deposit back.
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // installments of 110, collateral 55, deposit 110
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(5); // period 0 runs
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 0, refunded: SMALL_PRICE, slashed: 11 }
		);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::ConsumerCancelled,
				to_provider: 0,
				to_consumer: SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0 + 11);
		assert_eq!(total(PROVIDER), p0 - 11);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 0);
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);

		// Case B: the next installment was prepaid too. The refunded one is not charged again
		// out of it: installment 1 comes back with the deposit.
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // activated at 5: period 0 is [5, 15)
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 2));
		go_to(8);
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 0, refunded: SMALL_PRICE, slashed: 11 }
		);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::ConsumerCancelled,
				to_provider: 0,
				to_consumer: 2 * SMALL_PRICE
			}
		);
		assert_eq!(total(CONSUMER), c0 + 11);
		assert_eq!(total(PROVIDER), p0 - 11);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 0);
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		assert_eq!(held(RecordDeposit, CONSUMER), 2 * RECORD);
	});
}

#[test]
fn failure_sends_everything_left_to_the_consumer() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(15);
		Agreements::on_storage_failure(id);
		assert_eq!(status(id), AgreementStatus::Failed);
		// Installment 0 matured and was paid; collateral 55, escrow 220, deposit 110 back.
		assert_eq!(
			last_event(),
			Event::Failed { id, to_consumer: 55 + 2 * SMALL_PRICE + SMALL_PRICE }
		);
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE + 55);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE - 55);
		assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		// It can be closed like any finished agreement.
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
	});
}

#[test]
fn a_failed_agreement_is_compensated_without_the_provider_bond() {
	run_test(|| {
		// The provider's registration bond: 1,000 + 100 per declared TiB (1 TiB).
		let bond = || {
			Balances::balance_on_hold(&pallet_providers::HoldReason::ProviderBond.into(), &PROVIDER)
		};
		assert_eq!(bond(), 1_100);
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1); // installments of 110, collateral 55, deposit 110
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		// Period 1 runs (installment 0 matured); three misses in a row: two faults, then the
		// failure.
		go_to(15);
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 1, refunded: SMALL_PRICE, slashed: 11 }
		);
		Agreements::on_storage_fault(id);
		assert_eq!(last_event(), Event::FaultPenalized { id, period: 1, refunded: 0, slashed: 8 });
		Agreements::on_storage_failure(id);
		// The rest of the collateral (36), the last installment's escrow and the deposit.
		assert_eq!(last_event(), Event::Failed { id, to_consumer: 36 + SMALL_PRICE + SMALL_PRICE });
		assert_eq!(status(id), AgreementStatus::Failed);
		// The consumer paid for the one period served and got all of the collateral (55): the
		// unserved escrow came back, and nothing came from the bond.
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE + 55);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE - 55);
		assert_eq!(bond(), 1_100);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
		// The provider leaves, and the whole bond comes back.
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(PROVIDER)));
		go_to(15 + 10); // the unbonding period
		assert_ok!(Providers::withdraw_bond(RuntimeOrigin::signed(PROVIDER)));
		System::assert_last_event(RuntimeEvent::Providers(
			pallet_providers::Event::BondWithdrawn { provider: PROVIDER, amount: 1_100 },
		));
		assert_eq!(bond(), 0);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE - 55);
	});
}

#[test]
fn outcomes_for_inactive_agreements_change_nothing() {
	run_test(|| {
		let id = request(3, 1);
		let before = crate::Agreements::<Test>::get(id);
		Agreements::on_storage_fault(id);
		Agreements::on_storage_failure(id);
		Agreements::on_storage_fault(99);
		assert_eq!(crate::Agreements::<Test>::get(id), before);
		assert!(Agreements::active_storage(id).is_none());
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(
			Agreements::active_storage(id),
			Some((CONSUMER, PROVIDER, small().storage_bytes))
		);
	});
}

#[test]
fn one_fault_refunds_one_period_not_the_installment() {
	// Finding 8 of the economic-security review (issue 12): one miss refunded the whole running
	// installment and marked it settled, so with one installment for the whole term anyone's
	// `settle` completed the agreement at once (with good reputation evidence for both).
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 3); // one installment of 330, collateral 165
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(15); // period 1 runs
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 1, refunded: SMALL_PRICE, slashed: 33 }
		);
		assert_eq!(held(Escrow, CONSUMER), 2 * SMALL_PRICE);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NothingToSettle
		);
		assert_eq!(status(id), AgreementStatus::Active);
		// The term runs to its end; the provider is paid for the two periods it served.
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE - 33);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE + 33);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, 2 * SMALL_PRICE);
	});
}

#[test]
fn each_missed_period_is_refunded_once() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 3);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(3); // period 0
		Agreements::on_storage_fault(id);
		Agreements::on_storage_fault(id);
		assert_eq!(last_event(), Event::FaultPenalized { id, period: 0, refunded: 0, slashed: 26 });
		go_to(12); // period 1
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 1, refunded: SMALL_PRICE, slashed: 21 }
		);
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!((a.escrow, a.refunded_in_running), (SMALL_PRICE, 2 * SMALL_PRICE));
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::Completed { id });
		let slashed = 33 + 26 + 21;
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE - slashed);
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE + slashed);
	});
}

#[test]
fn a_fault_before_prepayment_is_a_credit_on_the_installment() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 3); // nothing prepaid yet; the grace period is 3 blocks
		go_to(2);
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 0, refunded: SMALL_PRICE, slashed: 33 }
		);
		assert_eq!(held(Escrow, CONSUMER), 0);
		// What is due drops by the refunded period, and prepaying holds only that.
		assert_eq!(Agreements::agreement(id).unwrap().next_due.unwrap().amount, 2 * SMALL_PRICE);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		assert_eq!(
			last_event(),
			Event::Prepaid { id, installments: 1, amount: 2 * SMALL_PRICE, paid_installments: 1 }
		);
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE - 33);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE + 33);
	});
}

#[test]
fn cancel_forfeits_only_the_unrefunded_part_of_the_running_installment() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 3); // one installment of 330, deposit 330
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(3); // period 0 missed
		Agreements::on_storage_fault(id);
		go_to(12); // period 1: the consumer leaves
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::ConsumerCancelled,
				to_provider: 2 * SMALL_PRICE,
				to_consumer: 3 * SMALL_PRICE
			}
		);
		assert_eq!(total(PROVIDER), p0 + 2 * SMALL_PRICE - 33);
		assert_eq!(total(CONSUMER), c0 - 2 * SMALL_PRICE + 33);
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(SecurityDeposit, CONSUMER), 0);
	});
}

#[test]
fn a_late_commitment_cannot_void_served_periods() {
	// Finding 1 of the economic-security review (issue 12): a consumer with one installment
	// for the whole term committed to a random root late, never uploaded, and cancelled once
	// the upload window was over with everything refunded, the periods already served included.
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(12, 12); // one installment of 12 × 110, deposit the same
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(1 + 8 * PERIOD + 5); // period 8 runs: periods 0..8 were served
		<Agreements as StorageAgreements<u64>>::data_committed(id);
		set_blocked(id, true);
		set_overdue(id);
		go_to(1 + 9 * PERIOD + 5);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::UploadNotConfirmed,
				to_provider: 8 * SMALL_PRICE,
				to_consumer: 4 * SMALL_PRICE + 12 * SMALL_PRICE
			}
		);
		assert_eq!(total(PROVIDER), p0 + 8 * SMALL_PRICE);
		assert_eq!(total(CONSUMER), c0 - 8 * SMALL_PRICE);
		assert_eq!(held(Escrow, CONSUMER), 0);
		assert_eq!(held(ProviderCollateral, PROVIDER), 0);
	});
}

#[test]
fn served_periods_before_a_late_commitment_come_from_the_deposit_when_unpaid() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(4, 2); // installments of 220; deposit 220
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(1 + 2 * PERIOD + 5); // installment 0 matured, installment 1 unpaid (grace over)
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		go_to(1 + 3 * PERIOD + 2); // commit in period 3: periods 0..3 served
		<Agreements as StorageAgreements<u64>>::data_committed(id);
		// A second report does not move the commitment time.
		go_to(1 + 3 * PERIOD + 9);
		<Agreements as StorageAgreements<u64>>::data_committed(id);
		set_blocked(id, true);
		set_overdue(id);
		assert_ok!(Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id));
		// Period 2 is owed on top of the settled installment 0: from the deposit.
		assert_eq!(
			last_event(),
			Event::Terminated {
				id,
				reason: TerminationReason::UploadNotConfirmed,
				to_provider: SMALL_PRICE,
				to_consumer: SMALL_PRICE
			}
		);
		assert_eq!(total(PROVIDER), p0 + 3 * SMALL_PRICE);
		assert_eq!(total(CONSUMER), c0 - 3 * SMALL_PRICE);
	});
}
