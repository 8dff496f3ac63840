//! What the disputes pallet asks of agreements: freezing, and executing each ruling, with the
//! money to the unit.

use super::*;
use crate::mock::Held::*;
use agora_primitives::{
	disputes::{DisputedAgreements, Ruling, RulingPayout},
	market::{ProviderRegistry, Resources},
	reputation::CompletedAgreements,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

type D = Agreements;

/// An agreement of 3 installments of 110, all prepaid (escrow 330), collateral 55, deposit
/// 110, disputed by the consumer at block 1.
fn disputed() -> AgreementId {
	let id = active(3, 1);
	assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
	// At stake: the escrow and the collateral (for the bond).
	assert_eq!(
		<D as DisputedAgreements<u64>>::freeze(id, &CONSUMER),
		Ok((CONSUMER, PROVIDER, 3 * SMALL_PRICE + SMALL_PRICE / 2))
	);
	assert_eq!(status(id), AgreementStatus::Disputed);
	assert_eq!(last_event(), Event::Disputed { id });
	id
}

fn everything_released() {
	assert_eq!(held(Escrow, CONSUMER), 0);
	assert_eq!(held(SecurityDeposit, CONSUMER), 0);
	assert_eq!(held(ProviderCollateral, PROVIDER), 0);
	assert_eq!(held(RecordDeposit, CONSUMER), RECORD);
	assert_eq!(Providers::reserved(&PROVIDER), Some((Resources::zero(), 0)));
}

#[test]
fn a_disputed_agreement_pays_nothing_and_cannot_be_left() {
	run_test(|| {
		let id = disputed();
		go_to(25);
		assert_noop!(
			Agreements::settle(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Agreements::cancel(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Agreements::abandon(RuntimeOrigin::signed(PROVIDER), id),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Agreements::close(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotFinal
		);
		// Everything stays held; no ratings.
		assert_eq!(held(Escrow, CONSUMER), 3 * SMALL_PRICE);
		assert_eq!(held(ProviderCollateral, PROVIDER), SMALL_PRICE / 2);
		assert!(<D as CompletedAgreements<u64, u64>>::completed(id).unwrap().disputed);
	});
}

#[test]
fn favour_consumer_returns_the_escrow_and_pays_the_collateral() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = disputed();
		let collateral = SMALL_PRICE / 2;
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourConsumer),
			Ok(RulingPayout { to_consumer: 3 * SMALL_PRICE + collateral, to_provider: 0 })
		);
		assert_eq!(status(id), AgreementStatus::Resolved);
		assert_eq!(
			last_event(),
			Event::DisputeResolved {
				id,
				to_consumer: 3 * SMALL_PRICE + collateral,
				to_provider: 0
			}
		);
		assert_eq!(total(CONSUMER), c0 + collateral);
		assert_eq!(total(PROVIDER), p0 - collateral);
		everything_released();
		// No completion, termination or failure is reported: disputes report the outcome.
		assert!(reports().is_empty());
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
	});
}

#[test]
fn favour_provider_pays_the_served_escrow_and_keeps_the_collateral() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = disputed();
		go_to(15); // period 0 served; periods 1 and 2 not
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourProvider),
			Ok(RulingPayout { to_consumer: 2 * SMALL_PRICE, to_provider: SMALL_PRICE })
		);
		assert_eq!(total(CONSUMER), c0 - SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + SMALL_PRICE);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().paid_to_provider, SMALL_PRICE);
		everything_released();
	});
}

#[test]
fn a_split_divides_the_served_escrow() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = disputed();
		go_to(25); // periods 0 and 1 served: 220 to divide
			 // 30 % of 220 = 66 back to the consumer, 154 to the provider; the unserved 110 back.
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::Split(Perbill::from_percent(30))),
			Ok(RulingPayout { to_consumer: 66 + SMALL_PRICE, to_provider: 154 })
		);
		assert_eq!(total(CONSUMER), c0 - 154);
		assert_eq!(total(PROVIDER), p0 + 154);
		everything_released();
	});
}

#[test]
fn a_ruling_never_pays_for_unserved_periods() {
	// Finding 5 of the economic-security review (issue 12): a ruling divided the whole escrow,
	// unserved prepaid periods included, so a split (the old no-majority default) paid the
	// provider half of the periods it never served.
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = disputed(); // in period 0
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::Split(Perbill::from_percent(50))),
			Ok(RulingPayout { to_consumer: 3 * SMALL_PRICE, to_provider: 0 })
		);
		assert_eq!(total(CONSUMER), c0);
		assert_eq!(total(PROVIDER), p0);
		everything_released();
	});
}

#[test]
fn freezing_settles_what_matured_first() {
	run_test(|| {
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 3));
		go_to(22); // installments 0 and 1 matured
		assert_ok!(<D as DisputedAgreements<u64>>::freeze(id, &PROVIDER));
		let a = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!((a.settled_installments, a.escrow), (2, SMALL_PRICE));
		// Nothing of period 2 is served yet: a ruling for the provider moves nothing.
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourProvider),
			Ok(RulingPayout { to_consumer: SMALL_PRICE, to_provider: 0 })
		);
	});
}

#[test]
fn a_dismissed_dispute_lets_the_agreement_go_on() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = disputed();
		go_to(15);
		assert_ok!(<D as DisputedAgreements<u64>>::dismiss(id));
		assert_eq!(status(id), AgreementStatus::Active);
		assert_eq!(last_event(), Event::DisputeDismissed { id });
		// It settles and completes as if nothing happened.
		go_to(31);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(total(CONSUMER), c0 - 3 * SMALL_PRICE);
		assert_eq!(total(PROVIDER), p0 + 3 * SMALL_PRICE);
		assert_noop!(<D as DisputedAgreements<u64>>::dismiss(99), Error::<Test>::AgreementNotFound);
		// A finished agreement is left as it is.
		assert_ok!(<D as DisputedAgreements<u64>>::dismiss(id));
		assert_eq!(status(id), AgreementStatus::Completed);
		let other = active(1, 1);
		assert_noop!(<D as DisputedAgreements<u64>>::dismiss(other), Error::<Test>::NotDisputed);
	});
}

#[test]
fn obligations_run_on_during_a_dispute() {
	run_test(|| {
		let (c0, p0) = (total(CONSUMER), total(PROVIDER));
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		assert_ok!(<D as DisputedAgreements<u64>>::freeze(id, &PROVIDER));
		// The storage obligation: still challenged, a miss is refunded and slashed.
		assert!(Agreements::active_storage(id).is_some());
		go_to(5);
		Agreements::on_storage_fault(id);
		assert_eq!(
			last_event(),
			Event::FaultPenalized { id, period: 0, refunded: SMALL_PRICE, slashed: 11 }
		);
		// Prepayments go on (the consumer owes them whatever the dispute).
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		// A failure ends it during the dispute; a later ruling moves nothing.
		Agreements::on_storage_failure(id);
		assert_eq!(status(id), AgreementStatus::Failed);
		assert_eq!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourProvider),
			Ok(RulingPayout::default())
		);
		assert_eq!(status(id), AgreementStatus::Failed);
		assert_eq!(total(PROVIDER), p0 - SMALL_PRICE / 2);
		assert_eq!(total(CONSUMER), c0 + SMALL_PRICE / 2);
	});
}

#[test]
fn non_payment_ends_a_disputed_agreement_too() {
	run_test(|| {
		let id = active(3, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		assert_ok!(<D as DisputedAgreements<u64>>::freeze(id, &CONSUMER));
		go_to(1 + PERIOD + GRACE + 1); // installment 1 overdue
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(
			status(id),
			AgreementStatus::Terminated(agora_primitives::market::TerminationReason::NonPayment)
		);
	});
}

#[test]
fn a_completed_agreement_cannot_be_disputed_to_block_a_rating() {
	run_test(|| {
		let id = active(1, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		// A party expecting a bad rating disputes first, so that the rating is refused
		// (`Disputed`): neither party may.
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(id, &PROVIDER),
			Error::<Test>::NotDisputable
		);
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(id, &CONSUMER),
			Error::<Test>::NotDisputable
		);
		// The agreement stays completed and open to both ratings.
		assert_eq!(status(id), AgreementStatus::Completed);
		let info = <D as CompletedAgreements<u64, u64>>::completed(id).unwrap();
		assert!(!info.disputed);
		assert_eq!(
			(info.consumer, info.provider, info.completed_at, info.value_paid),
			(CONSUMER, PROVIDER, 11, SMALL_PRICE)
		);
	});
}

#[test]
fn dispute_errors() {
	run_test(|| {
		let id = active(3, 1);
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(id, &STRANGER),
			Error::<Test>::NotParty
		);
		assert_noop!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourConsumer),
			Error::<Test>::NotDisputed
		);
		let pending = request(3, 1);
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(pending, &CONSUMER),
			Error::<Test>::NotDisputable
		);
		assert_ok!(<D as DisputedAgreements<u64>>::freeze(id, &PROVIDER));
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(id, &CONSUMER),
			Error::<Test>::NotDisputable
		);
		assert_noop!(
			<D as DisputedAgreements<u64>>::freeze(99, &CONSUMER),
			Error::<Test>::AgreementNotFound
		);
		assert_ok!(<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourProvider));
		assert_noop!(
			<D as DisputedAgreements<u64>>::execute(id, Ruling::FavourProvider),
			Error::<Test>::NotDisputed
		);
	});
}
