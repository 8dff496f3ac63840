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
		assert_eq!(DisputeOf::<Test>::get(1), Some(id));
		assert_eq!(DisputesOf::<Test>::get(CONSUMER).to_vec(), vec![id]);
		assert_eq!(DisputesOf::<Test>::get(PROVIDER).to_vec(), vec![id]);
		assert!(matches!(
			events().last(),
			Some(Event::Opened { dispute: 0, agreement: 1, opener: CONSUMER, bond: BOND, .. })
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
		// At most MaxDisputesPerAccount (3) per party until their agreements close.
		for id in 4..6 {
			agreement(id);
			open_by(CONSUMER, id);
		}
		agreement(6);
		assert_noop!(
			Disputes::open(RuntimeOrigin::signed(CONSUMER), 6, H256::zero()),
			Error::<Test>::TooManyDisputes
		);
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
		p.bond = 5;
		assert_noop!(
			Disputes::set_params(RuntimeOrigin::signed(CONSUMER), p.clone()),
			DispatchError::BadOrigin
		);
		for bad in [
			DisputeParams { evidence_period: 0, ..p.clone() },
			DisputeParams { voting_period: 0, ..p.clone() },
			DisputeParams { committee_term: 0, ..p.clone() },
		] {
			assert_noop!(
				Disputes::set_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(Disputes::set_params(RuntimeOrigin::root(), p.clone()));
		assert_eq!(Params::<Test>::get(), p);
		// New disputes take the new bond.
		open_by(CONSUMER, 1);
		assert_eq!(bond_held(CONSUMER), 5);
	});
}
