//! Operators (finding 17, issue 12): a provider names another account to confirm and answer
//! challenges for it, so that its funded account key need not be on its internet-facing node.

use super::*;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::fungible::{Inspect, InspectHold},
};

/// The operator of [`PROVIDER`] in these tests (unfunded: it pays no fee for valid answers).
const OPERATOR: u64 = 20;
/// Another provider.
const OTHER: u64 = 21;

fn held(who: u64) -> agora_primitives::Balance {
	Balances::balance_on_hold(&HoldReason::OperatorDeposit.into(), &who)
}

fn name(provider: u64, operator: u64) {
	assert_ok!(StorageProofs::set_operator(RuntimeOrigin::signed(provider), Some(operator)));
}

#[test]
fn set_operator_records_both_ways_and_holds_the_deposit() {
	run_test(|| {
		name(PROVIDER, OPERATOR);
		assert_eq!(Operators::<Test>::get(PROVIDER), Some(OPERATOR));
		assert_eq!(OperatorOf::<Test>::get(OPERATOR), Some(PROVIDER));
		assert_eq!(StorageProofs::operator_of(&OPERATOR), Some(PROVIDER));
		assert_eq!(held(PROVIDER), DEPOSIT);
		assert_eq!(Balances::balance(&PROVIDER), 1_000 - DEPOSIT);
		assert_eq!(
			events().pop(),
			Some(Event::OperatorSet { provider: PROVIDER, operator: Some(OPERATOR) })
		);
	});
}

#[test]
fn set_operator_errors() {
	run_test(|| {
		// Nobody is its own operator.
		assert_noop!(
			StorageProofs::set_operator(RuntimeOrigin::signed(PROVIDER), Some(PROVIDER)),
			Error::<Test>::OwnOperator
		);
		// Nothing to remove.
		assert_noop!(
			StorageProofs::set_operator(RuntimeOrigin::signed(PROVIDER), None),
			Error::<Test>::NoOperator
		);
		// Account 9 holds 10, less than the deposit.
		assert_noop!(
			StorageProofs::set_operator(RuntimeOrigin::signed(9), Some(OPERATOR)),
			Error::<Test>::InsufficientOperatorDeposit
		);
		// Unsigned.
		assert_noop!(
			StorageProofs::set_operator(RuntimeOrigin::none(), Some(OPERATOR)),
			sp_runtime::DispatchError::BadOrigin
		);
		// An operator serves one provider.
		name(PROVIDER, OPERATOR);
		fund(OTHER);
		assert_noop!(
			StorageProofs::set_operator(RuntimeOrigin::signed(OTHER), Some(OPERATOR)),
			Error::<Test>::OperatorInUse
		);
		// Naming the same operator again changes nothing and holds nothing more.
		name(PROVIDER, OPERATOR);
		assert_eq!(held(PROVIDER), DEPOSIT);
		assert_eq!(OperatorOf::<Test>::get(OPERATOR), Some(PROVIDER));
	});
}

#[test]
fn an_operator_answers_for_its_provider_and_nobody_else() {
	run_test(|| {
		let bytes = data(5_000, 4);
		committed_and_confirmed(1, &bytes);
		name(PROVIDER, OPERATOR);
		let id = run_until_challenged(1);
		let proofs = answer(id, &bytes);

		// A stranger, or the operator of another provider, is not challenged.
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(STRANGER), id, proofs.clone()),
			Error::<Test>::NotChallenged
		);
		fund(OTHER);
		name(OTHER, STRANGER);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(STRANGER), id, proofs.clone()),
			Error::<Test>::NotChallenged
		);

		// The operator's answer passes, for free, and the pass is the provider's.
		let post = StorageProofs::respond(RuntimeOrigin::signed(OPERATOR), id, proofs).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(events().pop(), Some(Event::ChallengePassed { challenge: id, agreement: 1 }));
		assert_eq!(Stats::<Test>::get(PROVIDER), ProofStats { passes: 1, faults: 0 });
		assert_eq!(Stats::<Test>::get(OPERATOR), ProofStats::default());
		assert_eq!(Commitments::<Test>::get(1).unwrap().passes, 1);
		assert_eq!(outcomes(), vec![("pass", 1)]);
	});
}

#[test]
fn an_operator_confirms_for_its_provider_for_free() {
	run_test(|| {
		activate(1, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 1, [7u8; 32], 1_000));
		// Before it is named, the operator is nobody.
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(OPERATOR), 1),
			Error::<Test>::NotProvider
		);
		name(PROVIDER, OPERATOR);
		// Another provider's operator is not this provider's.
		fund(OTHER);
		name(OTHER, STRANGER);
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(STRANGER), 1),
			Error::<Test>::NotProvider
		);
		let post = StorageProofs::confirm(RuntimeOrigin::signed(OPERATOR), 1).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(events().pop(), Some(Event::Confirmed { agreement: 1 }));
		assert_eq!(Commitments::<Test>::get(1).unwrap().slot, Some(0));
	});
}

#[test]
fn a_valid_confirmation_by_the_provider_is_free_too() {
	run_test(|| {
		activate(1, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 1, [7u8; 32], 1_000));
		let post = StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
	});
}

#[test]
fn changing_the_operator_moves_its_authority_and_keeps_the_deposit() {
	run_test(|| {
		let bytes = data(5_000, 4);
		committed_and_confirmed(1, &bytes);
		name(PROVIDER, OPERATOR);
		const NEXT: u64 = 22;
		name(PROVIDER, NEXT);
		assert_eq!(
			events().pop(),
			Some(Event::OperatorSet { provider: PROVIDER, operator: Some(NEXT) })
		);
		assert_eq!(Operators::<Test>::get(PROVIDER), Some(NEXT));
		assert_eq!(OperatorOf::<Test>::get(NEXT), Some(PROVIDER));
		assert_eq!(OperatorOf::<Test>::get(OPERATOR), None);
		assert_eq!(held(PROVIDER), DEPOSIT);

		// The old operator lost its authority, the new one has it; and the old one is free to
		// serve another provider.
		let id = run_until_challenged(1);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(OPERATOR), id, answer(id, &bytes)),
			Error::<Test>::NotChallenged
		);
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(NEXT), id, answer(id, &bytes)));
		fund(OTHER);
		name(OTHER, OPERATOR);
		assert_eq!(OperatorOf::<Test>::get(OPERATOR), Some(OTHER));
	});
}

#[test]
fn removing_the_operator_releases_the_deposit_and_its_authority() {
	run_test(|| {
		let bytes = data(5_000, 4);
		committed_and_confirmed(1, &bytes);
		name(PROVIDER, OPERATOR);
		assert_eq!(held(PROVIDER), DEPOSIT);
		assert_ok!(StorageProofs::set_operator(RuntimeOrigin::signed(PROVIDER), None));
		assert_eq!(events().pop(), Some(Event::OperatorSet { provider: PROVIDER, operator: None }));
		assert_eq!(Operators::<Test>::get(PROVIDER), None);
		assert_eq!(OperatorOf::<Test>::get(OPERATOR), None);
		assert_eq!(StorageProofs::operator_of(&OPERATOR), None);
		assert_eq!(held(PROVIDER), 0);
		assert_eq!(Balances::balance(&PROVIDER), 1_000);

		let id = run_until_challenged(1);
		assert_noop!(
			StorageProofs::respond(RuntimeOrigin::signed(OPERATOR), id, answer(id, &bytes)),
			Error::<Test>::NotChallenged
		);
		// The provider itself still answers.
		assert_ok!(StorageProofs::respond(RuntimeOrigin::signed(PROVIDER), id, answer(id, &bytes)));
	});
}

#[test]
fn the_deposit_taken_is_the_deposit_released_even_if_the_tunables_change() {
	run_test(|| {
		name(PROVIDER, OPERATOR);
		let mut params = Params::<Test>::get();
		params.commitment_deposit = DEPOSIT * 3;
		Params::<Test>::put(params);
		// Changing the operator holds nothing more.
		name(PROVIDER, 22);
		assert_eq!(held(PROVIDER), DEPOSIT);
		assert_ok!(StorageProofs::set_operator(RuntimeOrigin::signed(PROVIDER), None));
		assert_eq!(held(PROVIDER), 0);
		assert_eq!(Balances::balance(&PROVIDER), 1_000);
	});
}

#[test]
fn try_state_catches_operators_that_do_not_mirror_each_other() {
	run_test(|| {
		name(PROVIDER, OPERATOR);
		OperatorOf::<Test>::remove(OPERATOR);
		assert!(StorageProofs::do_try_state().is_err());
		OperatorOf::<Test>::insert(OPERATOR, PROVIDER);
		OperatorOf::<Test>::insert(22, PROVIDER);
		assert!(StorageProofs::do_try_state().is_err());
		OperatorOf::<Test>::remove(22);
		assert!(StorageProofs::do_try_state().is_ok());
	});
}

#[test]
fn the_job_market_finds_the_provider_an_operator_acts_for() {
	use agora_primitives::traits::ProviderOperators;
	run_test(|| {
		type P = StorageProofs;
		assert_eq!(<P as ProviderOperators<u64>>::provider_of(&OPERATOR), None);
		name(PROVIDER, OPERATOR);
		assert_eq!(<P as ProviderOperators<u64>>::provider_of(&OPERATOR), Some(PROVIDER));
		// The provider itself is nobody's operator.
		assert_eq!(<P as ProviderOperators<u64>>::provider_of(&PROVIDER), None);
		assert_ok!(StorageProofs::set_operator(RuntimeOrigin::signed(PROVIDER), None));
		assert_eq!(<P as ProviderOperators<u64>>::provider_of(&OPERATOR), None);
	});
}
