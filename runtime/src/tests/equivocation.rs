//! Equivocation reporting end to end in the runtime: a validator of the 4-validator
//! `local_testnet` genesis signs two BABE headers for one slot, or two GRANDPA prevotes for one
//! round; the report (the equivocation proof and a key-owner proof from the historical session
//! module) is applied as the unsigned extrinsic a node would submit, `pallet-offences` records
//! it once, and `pallet-validators` removes and disables the offender.

use super::*;
use crate::{configs::HISTORY_SESSIONS, Grandpa, Historical};
use frame_support::traits::KeyOwnerProofSystem;
use sp_consensus_babe::digests::CompatibleDigestItem;
use sp_core::{Pair, H256};
use sp_keyring::Ed25519Keyring;
use sp_runtime::traits::Hash as _;

fn local_ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(storage_of(local_testnet_genesis()));
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext
}

/// Apply `call` as the bare (unsigned) extrinsic a node submits, through `ValidateUnsigned`.
fn apply_bare(call: RuntimeCall) -> sp_runtime::DispatchResult {
	let xt = UncheckedExtrinsic::new_bare(call);
	match Executive::apply_extrinsic(xt) {
		Ok(result) => result,
		Err(invalid) => panic!("the report is refused as a transaction: {invalid:?}"),
	}
}

/// Report a BABE equivocation as a node does: a key-owner proof for the offender's key in the
/// current session, then the bare report.
fn report_babe(proof: sp_consensus_babe::EquivocationProof<Header>) -> sp_runtime::DispatchResult {
	let key_owner_proof = Historical::prove((sp_consensus_babe::KEY_TYPE, proof.offender.clone()))
		.expect("the offender's BABE key is in the current session");
	apply_bare(RuntimeCall::Babe(pallet_babe::Call::report_equivocation_unsigned {
		equivocation_proof: Box::new(proof),
		key_owner_proof,
	}))
}

/// Two different headers for `slot`, both sealed by `offender`.
fn babe_equivocation(
	offender: Sr25519Keyring,
	slot: u64,
) -> sp_consensus_babe::EquivocationProof<Header> {
	let public: sp_consensus_babe::AuthorityId = offender.public().into();
	let index = Babe::authorities()
		.iter()
		.position(|(id, _)| *id == public)
		.expect("an authority");
	let header = |state_root: H256| {
		let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
			authority_index: index as u32,
			slot: slot.into(),
		});
		let digest =
			Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] };
		let mut header = Header::new(
			System::block_number() + 1,
			Default::default(),
			state_root,
			System::parent_hash(),
			digest,
		);
		let seal = offender.pair().sign(header.hash().as_ref());
		header.digest_mut().push(DigestItem::babe_seal(seal.into()));
		header
	};
	sp_consensus_babe::EquivocationProof {
		slot: slot.into(),
		offender: public,
		first_header: header(BlakeTwo256::hash(b"one")),
		second_header: header(BlakeTwo256::hash(b"two")),
	}
}

/// Two prevotes of `offender` for different blocks in `round` of set `set_id`.
fn grandpa_equivocation(
	offender: Ed25519Keyring,
	set_id: u64,
	round: u64,
	second_target: &[u8],
) -> sp_consensus_grandpa::EquivocationProof<H256, u32> {
	let prevote = |target: &[u8]| {
		let prevote =
			finality_grandpa::Prevote { target_hash: BlakeTwo256::hash(target), target_number: 1 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		(prevote, offender.pair().sign(&payload).into())
	};
	sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: offender.public().into(),
			first: prevote(b"one"),
			second: prevote(second_target),
		}),
	)
}

fn offender_reports() -> Vec<pallet_validators::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Validators(e @ pallet_validators::Event::OffenderReported { .. }) => {
				Some(e)
			},
			_ => None,
		})
		.collect()
}

fn offences() -> usize {
	System::events()
		.iter()
		.filter(|r| {
			matches!(r.event, RuntimeEvent::Offences(pallet_offences::Event::Offence { .. }))
		})
		.count()
}

use sp_runtime::traits::BlakeTwo256;

#[test]
fn a_babe_equivocation_is_reported_and_the_offender_removed_and_disabled() {
	local_ext().execute_with(|| {
		let slot0 = 1_000u64;
		produce_block(1, slot0);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let proof = babe_equivocation(Sr25519Keyring::Alice, slot0);
		let key_owner_proof =
			Historical::prove((sp_consensus_babe::KEY_TYPE, proof.offender.clone()))
				.expect("Alice's BABE key is in the current session");
		let call = RuntimeCall::Babe(pallet_babe::Call::report_equivocation_unsigned {
			equivocation_proof: Box::new(proof.clone()),
			key_owner_proof: key_owner_proof.clone(),
		});

		assert_ok!(apply_bare(call.clone()));
		assert_eq!(offences(), 1);
		assert_eq!(
			offender_reports(),
			vec![pallet_validators::Event::OffenderReported {
				who: alice.clone(),
				session: 0,
				removed: true,
				disabled: true
			}]
		);
		assert!(!Validators::validators().contains(&alice), "leaves the desired set");
		let index = Session::validators().iter().position(|v| *v == alice).unwrap() as u32;
		assert!(Session::disabled_validators().contains(&index), "disabled for the session");

		// The same offence again is refused by the pool (a known offence is stale); a forged
		// proof fails to dispatch.
		assert_eq!(
			Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(call)),
			Err(sp_runtime::transaction_validity::InvalidTransaction::Stale.into())
		);
		let mut forged = babe_equivocation(Sr25519Keyring::Bob, slot0 + 1);
		forged.offender = proof.offender.clone();
		let refused = Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(RuntimeCall::Babe(
			pallet_babe::Call::report_equivocation_unsigned {
				equivocation_proof: Box::new(forged),
				key_owner_proof,
			},
		)));
		assert_eq!(
			refused,
			Ok(Err(pallet_babe::Error::<Runtime>::InvalidEquivocationProof.into())),
			"a proof sealed by someone else is not valid"
		);

		// At most a third of the set is disabled: Bob is reported too, removed from the desired
		// set (4 > minimum), but stays enabled so GRANDPA keeps its supermajority.
		let bob = Sr25519Keyring::Bob.to_account_id();
		assert_ok!(report_babe(babe_equivocation(Sr25519Keyring::Bob, slot0)));
		assert_eq!(
			offender_reports().last(),
			Some(&pallet_validators::Event::OffenderReported {
				who: bob,
				session: 0,
				removed: true,
				disabled: false
			})
		);
		assert_eq!(Session::disabled_validators().len(), 1);
	});
}

#[test]
fn a_grandpa_equivocation_is_reported_and_the_offender_removed() {
	local_ext().execute_with(|| {
		produce_block(1, 1_000);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let proof =
			grandpa_equivocation(Ed25519Keyring::Charlie, Grandpa::current_set_id(), 3, b"two");
		let key_owner_proof =
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, proof.offender().clone()))
				.expect("Charlie's GRANDPA key is in the current session");
		assert_ok!(apply_bare(RuntimeCall::Grandpa(
			pallet_grandpa::Call::report_equivocation_unsigned {
				equivocation_proof: Box::new(proof),
				key_owner_proof: key_owner_proof.clone(),
			}
		)));
		assert_eq!(offences(), 1);
		assert_eq!(
			offender_reports(),
			vec![pallet_validators::Event::OffenderReported {
				who: charlie.clone(),
				session: 0,
				removed: true,
				disabled: true
			}]
		);
		assert!(!Validators::validators().contains(&charlie));

		// Two votes for the same block are no equivocation.
		let same = grandpa_equivocation(Ed25519Keyring::Dave, Grandpa::current_set_id(), 3, b"one");
		let dave_proof =
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, same.offender().clone())).unwrap();
		let refused = Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(
			RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned {
				equivocation_proof: Box::new(same),
				key_owner_proof: dave_proof,
			}),
		));
		assert_eq!(
			refused,
			Ok(Err(pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof.into()))
		);
		assert_eq!(offences(), 1);
	});
}

#[test]
fn a_single_validator_chain_keeps_its_validator() {
	dev_ext().execute_with(|| {
		produce_block(1, 1_000);
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_ok!(report_babe(babe_equivocation(Sr25519Keyring::Alice, 1_000)));
		// Reported, but neither removed (the minimum is 1) nor disabled (no third to spare).
		assert_eq!(
			offender_reports(),
			vec![pallet_validators::Event::OffenderReported {
				who: alice.clone(),
				session: 0,
				removed: false,
				disabled: false
			}]
		);
		assert_eq!(Validators::validators(), vec![alice]);
		assert!(Session::disabled_validators().is_empty());
		produce_block(2, 1_001);
	});
}

#[test]
fn historical_roots_are_kept_for_a_bounded_number_of_sessions() {
	dev_ext().execute_with(|| {
		let slot0 = 1_000u64;
		let epoch = pallet_validators::Timing::<Runtime>::get().epoch_length;
		produce_block(1, slot0);
		let sessions = HISTORY_SESSIONS + 5;
		for i in 1..=sessions {
			produce_block(1 + i, slot0 + u64::from(i) * epoch);
		}
		assert_eq!(Session::current_index(), sessions);
		let (first, last) = pallet_session::historical::StoredRange::<Runtime>::get().unwrap();
		assert_eq!(last - first, HISTORY_SESSIONS + 1, "{first}..{last}");
		assert!(Historical::historical_root(first - 1).is_none(), "older roots are pruned");
		assert!(Historical::historical_root(sessions).is_some());
		// GRANDPA's set-id map is bounded by the same depth.
		assert!(
			pallet_grandpa::SetIdSession::<Runtime>::iter().count() <= HISTORY_SESSIONS as usize
		);
	});
}
