//! Commitments, confirmation, removal and tunables.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{BuildStorage, DispatchError};

fn held(who: u64) -> agora_primitives::Balance {
	Balances::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who)
}

#[test]
fn commit_holds_the_deposit_and_records_the_root() {
	run_test(|| {
		activate(7, CONSUMER, PROVIDER, 1_000);
		let root = [9u8; 32];
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, root, 1_000));
		let c = Commitments::<Test>::get(7).unwrap();
		assert_eq!((c.root, c.size, c.provider, c.deposit), (root, 1_000, PROVIDER, DEPOSIT));
		assert_eq!(c.confirmed_at, None);
		assert_eq!(held(CONSUMER), DEPOSIT);
		assert_eq!(events().pop(), Some(Event::Committed { agreement: 7, root, size: 1_000 }));
		// No challenge before confirmation.
		run_to(50);
		assert_eq!(NextChallengeId::<Test>::get(), 0);
	});
}

#[test]
fn commit_errors() {
	run_test(|| {
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, [0; 32], 10),
			Error::<Test>::NotActiveStorage
		);
		activate(8, CONSUMER, PROVIDER, 0); // compute only
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 8, [0; 32], 10),
			Error::<Test>::NotActiveStorage
		);
		activate(7, CONSUMER, PROVIDER, 1_000);
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(PROVIDER), 7, [0; 32], 10),
			Error::<Test>::NotConsumer
		);
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, [0; 32], 0),
			Error::<Test>::InvalidSize
		);
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, [0; 32], 1_001),
			Error::<Test>::InvalidSize
		);
		activate(9, 9, PROVIDER, 1_000); // account 9 has 10 < deposit
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(9), 9, [0; 32], 10),
			Error::<Test>::InsufficientDeposit
		);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, [0; 32], 10));
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 7, [0; 32], 10),
			Error::<Test>::AlreadyCommitted
		);
		assert_noop!(
			StorageProofs::commit(RuntimeOrigin::root(), 7, [0; 32], 10),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn confirm_joins_the_audit_set_and_the_current_round() {
	run_test(|| {
		committed_and_confirmed(1, &data(3_000, 1));
		let c = Commitments::<Test>::get(1).unwrap();
		assert_eq!((c.confirmed_at, c.slot, c.last_challenged_at), (Some(1), Some(0), None));
		assert_eq!((Audited::<Test>::get(0), AuditCount::<Test>::get()), (Some(1), 1));
		assert_eq!(events().pop(), Some(Event::Confirmed { agreement: 1 }));
		// It joined round 0 (blocks 0 to PERIOD - 1), still to draw: it is drawn by the round's
		// last block and challenged in the next.
		assert_eq!(Round::<Test>::get(), RoundState { index: 0, started_at: 0, cursor: 0 });
		run_to(PERIOD);
		let issued = Commitments::<Test>::get(1).unwrap().last_challenged_at.unwrap();
		assert!((3..=PERIOD).contains(&issued), "issued at {issued}");
		assert_eq!(challenged(), std::collections::BTreeSet::from([1]));
	});
}

#[test]
fn confirm_errors() {
	run_test(|| {
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1),
			Error::<Test>::NoCommitment
		);
		activate(1, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::commit(RuntimeOrigin::signed(CONSUMER), 1, [0; 32], 10));
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(CONSUMER), 1),
			Error::<Test>::NotProvider
		);
		end(1);
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1),
			Error::<Test>::NotActiveStorage
		);
		activate(1, CONSUMER, PROVIDER, 1_000);
		assert_ok!(StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1));
		assert_noop!(
			StorageProofs::confirm(RuntimeOrigin::signed(PROVIDER), 1),
			Error::<Test>::AlreadyConfirmed
		);
	});
}

#[test]
fn remove_commitment_after_the_agreement_ends() {
	run_test(|| {
		let bytes = data(2_000, 3);
		committed_and_confirmed(1, &bytes);
		run_until_challenged(1);
		assert_noop!(
			StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 1),
			Error::<Test>::StillActive
		);
		end(1);
		assert_ok!(StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 1));
		assert_eq!(events().pop(), Some(Event::CommitmentRemoved { agreement: 1 }));
		assert_eq!(held(CONSUMER), 0);
		assert!(Commitments::<Test>::get(1).is_none());
		assert!(OpenChallenge::<Test>::get(1).is_none());
		assert_eq!((AuditCount::<Test>::get(), Audited::<Test>::get(0)), (0, None));
		assert_noop!(
			StorageProofs::remove_commitment(RuntimeOrigin::signed(STRANGER), 1),
			Error::<Test>::NoCommitment
		);
		// Nothing fires any more: no fault for the removed challenge, no new challenge.
		let issued = NextChallengeId::<Test>::get();
		run_to(System::block_number() + 3 * PERIOD);
		assert_eq!(NextChallengeId::<Test>::get(), issued);
		assert!(outcomes().is_empty());
	});
}

#[test]
fn set_params_validates() {
	run_test(|| {
		assert_noop!(
			StorageProofs::set_params(RuntimeOrigin::signed(CONSUMER), params()),
			DispatchError::BadOrigin
		);
		for bad in [
			ProofParams { response_window: 0, ..params() },
			ProofParams { response_window: PERIOD + 1, ..params() },
			ProofParams { challenge_period: 0, ..params() },
			ProofParams { leaves_per_challenge: 0, ..params() },
			ProofParams { leaves_per_challenge: MaxLeavesPerChallenge::get() + 1, ..params() },
			ProofParams { max_consecutive_faults: 0, ..params() },
			ProofParams { upload_window: 0, ..params() },
			ProofParams { stats_window: 0, ..params() },
		] {
			assert_noop!(
				StorageProofs::set_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		let p = ProofParams { leaves_per_challenge: 5, ..params() };
		assert_ok!(StorageProofs::set_params(RuntimeOrigin::root(), p.clone()));
		assert_eq!(Params::<Test>::get(), p);
		assert_eq!(events().pop(), Some(Event::ParamsUpdated { params: p }));
	});
}

#[test]
#[should_panic(expected = "invalid proof params in genesis")]
fn genesis_rejects_invalid_params() {
	let _ = crate::GenesisConfig::<Test> { params: ProofParams { response_window: 0, ..params() } }
		.build_storage();
}
