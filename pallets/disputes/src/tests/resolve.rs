//! Resolution: majority or deadline, bonds, reputation, records.

use super::*;
use agora_primitives::{
	disputes::{DisputeStatus, Ruling},
	reputation::{DisputeOutcome, OnAgreementClosed},
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

fn votes(id: u64, rulings: &[(u64, Ruling)]) {
	for (member, ruling) in rulings {
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(*member), id, *ruling));
	}
}

#[test]
fn a_majority_for_the_opener_returns_its_bond() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		go_to(1 + EVIDENCE);
		votes(id, &[(10, Ruling::FavourConsumer), (11, Ruling::FavourProvider)]);
		// One of three is no majority, and the period is not over.
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotResolvable
		);
		votes(id, &[(12, Ruling::FavourConsumer)]);
		// Two of three: anyone may resolve before the deadline.
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(agreement_of(1).unwrap().executed, Some(Ruling::FavourConsumer));
		assert_eq!((bond_held(CONSUMER), free(CONSUMER)), (0, INITIAL));
		assert_eq!(outcomes(), vec![(CONSUMER, PROVIDER, DisputeOutcome::ConsumerWon)]);
		assert_eq!(
			events().last(),
			Some(&Event::Resolved {
				dispute: id,
				subject: DisputeSubject::Agreement(1),
				ruling: Ruling::FavourConsumer,
				to_consumer: ESCROW + COLLATERAL,
				to_provider: 0,
				bond_to: CONSUMER,
			})
		);
		let d = crate::Disputes::<Test>::get(id).unwrap();
		assert_eq!(
			(d.status, d.resolved_at),
			(DisputeStatus::Resolved(Ruling::FavourConsumer), Some(1 + EVIDENCE))
		);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotOpen
		);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(10), id, Ruling::FavourProvider),
			Error::<Test>::NotOpen
		);
		assert_noop!(
			Disputes::submit_evidence(RuntimeOrigin::signed(CONSUMER), id, H256::zero()),
			Error::<Test>::NotOpen
		);
	});
}

#[test]
fn a_losing_opener_pays_its_bond_to_the_winner() {
	test(|| {
		let id = open_by(PROVIDER, 1);
		go_to(1 + EVIDENCE);
		votes(id, &[(10, Ruling::FavourConsumer), (11, Ruling::FavourConsumer)]);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!((bond_held(PROVIDER), free(PROVIDER)), (0, INITIAL - BOND));
		assert_eq!(free(CONSUMER), INITIAL + BOND);
		assert!(matches!(events().last(), Some(Event::Resolved { bond_to: CONSUMER, .. })));

		// The provider wins against a consumer opener: the consumer's bond goes to it.
		agreement(2);
		let id = open_by(CONSUMER, 2);
		go_to(1 + 2 * EVIDENCE);
		votes(id, &[(11, Ruling::FavourProvider), (12, Ruling::FavourProvider)]);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(free(CONSUMER), INITIAL);
		assert_eq!(free(PROVIDER), INITIAL);
		assert_eq!(agreement_of(2).unwrap().executed, Some(Ruling::FavourProvider));
		assert_eq!(outcomes().last(), Some(&(CONSUMER, PROVIDER, DisputeOutcome::ProviderWon)));
	});
}

#[test]
fn without_a_majority_the_dispute_is_dismissed_and_the_opener_forfeits_half_its_bond() {
	// Finding 5 of the economic-security review (issue 12): without a majority the deadline
	// used to split the whole escrow in half (unserved periods included) and return the bond,
	// so opening a dispute was a free option on half of the other party's money.
	test(|| {
		let id = open_by(CONSUMER, 1);
		go_to(1 + EVIDENCE);
		votes(
			id,
			&[
				(10, Ruling::FavourConsumer),
				(11, Ruling::Split(Perbill::from_percent(30))),
				(12, Ruling::FavourProvider),
			],
		);
		go_to(EVIDENCE + VOTING);
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotResolvable
		);
		go_to(1 + EVIDENCE + VOTING);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		let a = agreement_of(1).unwrap();
		assert_eq!((a.executed, a.dismissed, a.frozen), (None, true, false));
		assert_eq!(free(CONSUMER), INITIAL - BOND / 2);
		assert_eq!(free(PROVIDER), INITIAL + BOND / 2);
		assert_eq!(outcomes(), vec![(CONSUMER, PROVIDER, DisputeOutcome::Dismissed)]);
		assert_eq!(
			events().last(),
			Some(&Event::Dismissed {
				dispute: id,
				subject: DisputeSubject::Agreement(1),
				forfeited: BOND / 2,
				to: PROVIDER
			})
		);
		assert_eq!(
			crate::Disputes::<Test>::get(id).unwrap().status,
			agora_primitives::disputes::DisputeStatus::Dismissed
		);
		// It cannot be resolved twice.
		assert_noop!(
			Disputes::resolve(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotOpen
		);
	});
}

#[test]
fn the_bond_grows_with_the_value_at_stake() {
	test(|| {
		let mut p = params();
		p.bond_permill = sp_runtime::Permill::from_percent(10);
		assert_ok!(Disputes::set_params(RuntimeOrigin::root(), p));
		// 10 % of 1,500 at stake: 150, above the 100 minimum.
		let id = open_by(PROVIDER, 1);
		assert_eq!(crate::Disputes::<Test>::get(id).unwrap().bond, 150);
		assert_eq!(free(PROVIDER), INITIAL - 150);
		assert_eq!(bond_held(PROVIDER), 150);
	});
}

#[test]
fn a_split_majority_needs_the_same_share() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		go_to(1 + EVIDENCE);
		let s = |p| Ruling::Split(Perbill::from_percent(p));
		votes(id, &[(10, s(70)), (11, s(60))]);
		assert_eq!(Disputes::majority(&crate::Disputes::<Test>::get(id).unwrap()), None);
		votes(id, &[(11, s(70))]);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		assert!(matches!(
			events().last(),
			Some(Event::Resolved { to_consumer: 700, to_provider: 300, .. })
		));
	});
}

#[test]
fn closing_the_agreement_removes_the_dispute_record() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		go_to(1 + EVIDENCE);
		votes(id, &[(10, Ruling::FavourProvider), (11, Ruling::FavourProvider)]);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		<Disputes as OnAgreementClosed>::closed(1);
		assert_eq!(crate::Disputes::<Test>::get(id), None);
		assert_eq!(DisputeOf::<Test>::get(DisputeSubject::Agreement(1)), None);
		assert_eq!(DisputesOf::<Test>::iter_prefix(CONSUMER).count(), 0);
		assert_eq!(DisputesOf::<Test>::iter_prefix(PROVIDER).count(), 0);
		assert!(Disputes::disputes_of(&CONSUMER).is_empty());
		assert_eq!(events().last(), Some(&Event::Removed { dispute: id, refunded: 0 }));
		// An agreement that was never disputed: nothing happens.
		let before = events().len();
		<Disputes as OnAgreementClosed>::closed(5);
		assert_eq!(events().len(), before);
	});
}
