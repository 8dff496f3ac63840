//! The bodies of the storage-proofs pallet's calls (`do_*`).

use super::*;
use agora_primitives::merkle;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
	},
	BoundedVec,
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
		Self::count(|c| c.committed_bytes = c.committed_bytes.saturating_add(size));
		T::Agreements::data_committed(agreement);
		Self::deposit_event(Event::Committed { agreement, root, size });
		Ok(())
	}

	pub(crate) fn do_confirm(who: T::AccountId, agreement: AgreementId) -> DispatchResult {
		let mut c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(Self::acts_for(&who, &c.provider), Error::<T>::NotProvider);
		ensure!(c.confirmed_at.is_none(), Error::<T>::AlreadyConfirmed);
		ensure!(T::Agreements::active_storage(agreement).is_some(), Error::<T>::NotActiveStorage);
		let now = Self::now();
		c.confirmed_at = Some(now);
		Self::join_audit(agreement, &mut c, now)?;
		let size = c.size;
		Self::count(|n| n.confirmed_bytes = n.confirmed_bytes.saturating_add(size));
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
		ensure!(Self::acts_for(&who, &ch.provider), Error::<T>::NotChallenged);
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
		Self::count_outcome(true, &Params::<T>::get());
		// The pass is the provider's, whoever of it and its operator answered.
		let provider = ch.provider.clone();
		Stats::<T>::mutate(&provider, |s| s.passes = s.passes.saturating_add(1));
		Commitments::<T>::mutate(ch.agreement, |maybe| {
			if let Some(c) = maybe {
				c.passes = c.passes.saturating_add(1);
				c.consecutive_faults = 0;
			}
		});
		Self::deposit_event(Event::ChallengePassed { challenge: id, agreement: ch.agreement });
		T::OnOutcome::on_pass(ch.agreement, &provider);
		Ok(())
	}

	pub(crate) fn do_set_operator(
		provider: T::AccountId,
		operator: Option<T::AccountId>,
	) -> DispatchResult {
		let old = Operators::<T>::get(&provider);
		match &operator {
			Some(new) => {
				ensure!(*new != provider, Error::<T>::OwnOperator);
				if let Some(served) = OperatorOf::<T>::get(new) {
					ensure!(served == provider, Error::<T>::OperatorInUse);
				}
				match &old {
					// The records stay as large: the deposit held for them stays.
					Some(old) => OperatorOf::<T>::remove(old),
					None => {
						let deposit = Params::<T>::get().commitment_deposit;
						if !deposit.is_zero() {
							T::Currency::hold(
								&HoldReason::OperatorDeposit.into(),
								&provider,
								deposit,
							)
							.map_err(|_| Error::<T>::InsufficientOperatorDeposit)?;
						}
					},
				}
				Operators::<T>::insert(&provider, new);
				OperatorOf::<T>::insert(new, &provider);
			},
			None => {
				let old = old.ok_or(Error::<T>::NoOperator)?;
				Operators::<T>::remove(&provider);
				OperatorOf::<T>::remove(&old);
				// All of this hold is the deposit of the one operator (whatever the deposit was
				// when it was taken).
				let reason = HoldReason::OperatorDeposit.into();
				let held = T::Currency::balance_on_hold(&reason, &provider);
				if !held.is_zero() {
					let released =
						T::Currency::release(&reason, &provider, held, Precision::BestEffort);
					if released != Ok(held) {
						log::error!(
							target: LOG_TARGET,
							"operator of {provider:?}: released {released:?} of a {held} deposit"
						);
					}
				}
			},
		}
		Self::deposit_event(Event::OperatorSet { provider, operator });
		Ok(())
	}

	pub(crate) fn do_remove_commitment(agreement: AgreementId) -> DispatchResult {
		let c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(T::Agreements::active_storage(agreement).is_none(), Error::<T>::StillActive);
		Self::drop_commitment(agreement, c);
		Ok(())
	}
}
