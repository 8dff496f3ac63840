//! The bodies of the storage-proofs pallet's calls (`do_*`).

use super::*;
use agora_primitives::merkle;
use frame_support::{
	ensure, pallet_prelude::DispatchResult, traits::fungible::MutateHold, BoundedVec,
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_commit(
		who: T::AccountId,
		agreement: AgreementId,
		root: Node,
		size: u64,
	) -> DispatchResult {
		let (consumer, provider, storage) =
			T::Agreements::active_storage(agreement).ok_or(Error::<T>::NotActiveStorage)?;
		ensure!(storage > 0, Error::<T>::NotActiveStorage);
		ensure!(who == consumer, Error::<T>::NotConsumer);
		ensure!(!Commitments::<T>::contains_key(agreement), Error::<T>::AlreadyCommitted);
		ensure!(size >= 1 && size <= storage, Error::<T>::InvalidSize);
		let deposit = Params::<T>::get().commitment_deposit;
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::CommitmentDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		Commitments::<T>::insert(
			agreement,
			Commitment {
				consumer,
				provider,
				root,
				size,
				committed_at: Self::now(),
				confirmed_at: None,
				slot: None,
				last_challenged_at: None,
				consecutive_faults: 0,
				passes: 0,
				faults: 0,
				failed: false,
				deposit,
			},
		);
		T::Agreements::data_committed(agreement);
		Self::deposit_event(Event::Committed { agreement, root, size });
		Ok(())
	}

	pub(crate) fn do_confirm(who: T::AccountId, agreement: AgreementId) -> DispatchResult {
		let mut c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(c.provider == who, Error::<T>::NotProvider);
		ensure!(c.confirmed_at.is_none(), Error::<T>::AlreadyConfirmed);
		ensure!(T::Agreements::active_storage(agreement).is_some(), Error::<T>::NotActiveStorage);
		let now = Self::now();
		c.confirmed_at = Some(now);
		Self::join_audit(agreement, &mut c, now)?;
		Commitments::<T>::insert(agreement, c);
		Self::deposit_event(Event::Confirmed { agreement });
		Ok(())
	}

	pub(crate) fn do_respond(
		who: T::AccountId,
		id: ChallengeId,
		proofs: BoundedVec<LeafProof<T>, T::MaxLeavesPerChallenge>,
	) -> DispatchResult {
		let ch = Challenges::<T>::get(id).ok_or(Error::<T>::ChallengeNotFound)?;
		ensure!(ch.provider == who, Error::<T>::NotChallenged);
		ensure!(Self::now() < ch.expires_at, Error::<T>::ChallengeExpired);
		ensure!(proofs.len() == ch.indices.len(), Error::<T>::WrongProofCount);
		let c = Commitments::<T>::get(ch.agreement).ok_or(Error::<T>::NoCommitment)?;
		for (index, proof) in ch.indices.iter().zip(proofs.iter()) {
			ensure!(
				merkle::verify(&c.root, c.size, *index, &proof.leaf, &proof.path),
				Error::<T>::InvalidProof
			);
		}
		Self::close_challenge(id, &ch);
		Stats::<T>::mutate(&who, |s| s.passes = s.passes.saturating_add(1));
		Commitments::<T>::mutate(ch.agreement, |maybe| {
			if let Some(c) = maybe {
				c.passes = c.passes.saturating_add(1);
				c.consecutive_faults = 0;
			}
		});
		Self::deposit_event(Event::ChallengePassed { challenge: id, agreement: ch.agreement });
		T::OnOutcome::on_pass(ch.agreement, &who);
		Ok(())
	}

	pub(crate) fn do_remove_commitment(agreement: AgreementId) -> DispatchResult {
		let c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(T::Agreements::active_storage(agreement).is_none(), Error::<T>::StillActive);
		Self::drop_commitment(agreement, c);
		Ok(())
	}
}
