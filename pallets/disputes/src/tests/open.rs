//! Opening disputes and filing evidence.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn opening_holds_the_bond_freezes_and_draws_the_panel() {
	test(|| {
		// The consumer sits on the committee: it is left out of its own panel.
		set_committee(vec![12, CONSUMER, 10, 11]);
		let id = open_by(CONSUMER, 1);
		assert_eq!(bond_held(CONSUMER), BOND);
		assert_eq!(free(CONSUMER), INITIAL - BOND);
		assert!(agreement_of(1).unwrap().frozen);
		let d = crate::Disputes::<Test>::get(id).unwrap();
		assert_eq!(d.panel.to_vec(), vec![10, 11, 12]);
		assert_eq!(
			(d.opened_at, d.evidence_ends, d.voting_ends),
			(1, 1 + EVIDENCE, 1 + EVIDENCE + VOTING)
		);
		assert_eq!(DisputeOf::<Test>::get(DisputeSubject::Agreement(1)), Some(id));
		assert!(DisputesOf::<Test>::contains_key(CONSUMER, BigEndianId::from(id)));
		assert!(DisputesOf::<Test>::contains_key(PROVIDER, BigEndianId::from(id)));
		assert!(matches!(
			events().last(),
			Some(Event::Opened {
				dispute: 0,
				subject: DisputeSubject::Agreement(1),
				opener: CONSUMER,
				bond: BOND,
				..
			})
		));
		let view = Disputes::dispute(id).unwrap();
		assert_eq!(view.status, agora_primitives::disputes::DisputeStatus::Open);
		assert_eq!(Disputes::disputes_of(&PROVIDER).len(), 1);
	});
}

#[test]
fn open_errors() {
	test(|| {
		// Not a party, not disputable: the agreements pallet refuses.
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(STRANGER), 1, H256::zero()),
			DispatchError::Other("NotParty")
		);
		agreement(2);
		end(2);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(CONSUMER), 2, H256::zero()),
			DispatchError::Other("NotDisputable")
		);
		// A committee of only the parties leaves no panel.
		set_committee(vec![CONSUMER, PROVIDER]);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(CONSUMER), 1, H256::zero()),
			Error::<Test>::NoPanel
		);
		set_committee(MEMBERS.to_vec());
		// No money for the bond.
		agreement_between(3, POOR, PROVIDER);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(POOR), 3, H256::zero()),
			Error::<Test>::InsufficientBond
		);
		// Once only.
		open_by(PROVIDER, 1);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(CONSUMER), 1, H256::zero()),
			Error::<Test>::AlreadyDisputed
		);
	});
}

#[test]
fn many_disputes_never_make_a_party_immune() {
	test(|| {
		// Immunity: PROVIDER disputes five agreements with its own Sybil consumers (more than
		// the old cap of 3 per account in this mock) ...
		let sybils = [20, 21, 22, 23, 24];
		for (i, sybil) in sybils.iter().enumerate() {
			let n = 10 + i as u64;
			agreement_between(n, *sybil, PROVIDER);
			open_by(PROVIDER, n);
		}
		// ... and a real consumer can still dispute its agreement with PROVIDER.
		let id = open_by(CONSUMER, 1);
		assert_eq!(id, 5);
		assert_eq!(bond_held(PROVIDER), 5 * BOND);
		assert_eq!(bond_held(CONSUMER), BOND);

		// Targeted: CONSUMER disputes five more of its agreements with PROVIDER ...
		for n in 2..7 {
			agreement(n);
			open_by(CONSUMER, n);
		}
		// ... and PROVIDER can still open a dispute against another customer.
		agreement_between(30, STRANGER, PROVIDER);
		let last = open_by(PROVIDER, 30);
		assert_eq!(last, 11);
		assert_eq!(bond_held(PROVIDER), 6 * BOND);
		assert_eq!(bond_held(CONSUMER), 6 * BOND);
		assert_eq!(free(PROVIDER), INITIAL - 6 * BOND);
		assert_eq!(free(CONSUMER), INITIAL - 6 * BOND);

		// Each party's listing has every unclosed dispute, oldest first.
		let ids =
			|who: u64| -> Vec<u64> { Disputes::disputes_of(&who).iter().map(|d| d.id).collect() };
		assert_eq!(ids(PROVIDER), (0..12).collect::<Vec<u64>>());
		assert_eq!(ids(CONSUMER), (5..11).collect::<Vec<u64>>());
		assert_eq!(ids(STRANGER), vec![11]);
		assert_eq!(ids(20), vec![0]);
	});
}

#[test]
fn evidence_from_the_parties_within_the_period_and_half_the_room_each() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		assert_ok!(Disputes::submit_evidence(
			RuntimeOrigin::signed(CONSUMER),
			id,
			H256::repeat_byte(1)
		));
		assert_ok!(Disputes::submit_evidence(
			RuntimeOrigin::signed(CONSUMER),
			id,
			H256::repeat_byte(2)
		));
		// MaxEvidence 4: two each.
		assert_noop!(
			Disputes::submit_evidence(RuntimeOrigin::signed(CONSUMER), id, H256::repeat_byte(3)),
			Error::<Test>::TooMuchEvidence
		);
		assert_ok!(Disputes::submit_evidence(
			RuntimeOrigin::signed(PROVIDER),
			id,
			H256::repeat_byte(4)
		));
		assert_noop!(
			Disputes::submit_evidence(RuntimeOrigin::signed(STRANGER), id, H256::zero()),
			Error::<Test>::NotParty
		);
		assert_noop!(
			Disputes::submit_evidence(RuntimeOrigin::signed(CONSUMER), 9, H256::zero()),
			Error::<Test>::DisputeNotFound
		);
		assert_eq!(
			events().last(),
			Some(&Event::EvidenceSubmitted {
				dispute: id,
				who: PROVIDER,
				evidence_hash: H256::repeat_byte(4)
			})
		);
		go_to(1 + EVIDENCE);
		assert_noop!(
			Disputes::submit_evidence(RuntimeOrigin::signed(PROVIDER), id, H256::zero()),
			Error::<Test>::EvidencePeriodOver
		);
		let d = crate::Disputes::<Test>::get(id).unwrap();
		assert_eq!(d.evidence.len(), 3);
	});
}

#[test]
fn set_params_is_for_governance_and_checks_periods() {
	test(|| {
		let mut p = params();
		p.min_bond = 5;
		assert_noop!(
			Disputes::set_params(RuntimeOrigin::signed(CONSUMER), p.clone()),
			DispatchError::BadOrigin
		);
		for bad in [
			DisputeParams { evidence_period: 0, ..p.clone() },
			DisputeParams { voting_period: 0, ..p.clone() },
			DisputeParams { committee_term: 0, ..p.clone() },
			DisputeParams { dismissal_forfeit_percent: 101, ..p.clone() },
		] {
			assert_noop!(
				Disputes::set_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(Disputes::set_params(RuntimeOrigin::root(), p.clone()));
		assert_eq!(Params::<Test>::get(), p);
		// New disputes take the new bond: 5 % of the 1,500 at stake is now above the minimum.
		open_by(CONSUMER, 1);
		assert_eq!(bond_held(CONSUMER), 75);
	});
}

#[test]
fn vote_locked_funds_cannot_back_a_bond() {
	// Finding 4 of the economic-security review (issue 12): the bond was a hold, which may be
	// placed on funds locked by an election vote and was paid to the winner with
	// `Fortitude::Force`, leaving the vote's stake unbacked. Now it moves into the pot by a
	// transfer that respects locks.
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	test(|| {
		let locked = free(CONSUMER) - BOND / 2;
		Balances::set_lock(*b"phrelect", &CONSUMER, locked, WithdrawReasons::all());
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(CONSUMER), 1, H256::zero()),
			Error::<Test>::InsufficientBond
		);
		Balances::remove_lock(*b"phrelect", &CONSUMER);
		let pot = crate::Pallet::<Test>::pot();
		let before = Balances::free_balance(pot);
		let id = open_by(CONSUMER, 1);
		assert_eq!(Balances::free_balance(pot), before + BOND);
		assert_eq!(bond_held(CONSUMER), BOND);
		assert!(crate::Disputes::<Test>::contains_key(id));
	});
}
