//! What `on_initialize` does each block: count the unanswered challenges on the expiry agenda
//! as faults and report them, then issue the challenges on the challenge agenda.

use super::*;
use crate::utility_impls::MAX_PUSH;
use agora_primitives::merkle;
use frame_support::pallet_prelude::Weight;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// `on_initialize`: count the challenges expiring at block `n` as faults, then issue the
	/// challenges of `n`. Expiries come first: with `response_window == challenge_period -
	/// jitter` an agreement's next challenge can fall in the block its last one expires, and
	/// the expiry must close the old challenge (and possibly fail the agreement, which then gets
	/// no new one) before the new one opens. Both lists are bounded by `MaxChallengesPerBlock`.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let due = ChallengeAgenda::<T>::take(n);
		let expiring = ExpiryAgenda::<T>::take(n);
		let params = Params::<T>::get();
		let issued = due.len() as u32;
		let expired = expiring.len() as u32;
		for challenge in expiring {
			Self::expire(challenge);
		}
		for agreement in due {
			Self::issue(agreement, n, &params);
		}
		T::WeightInfo::on_initialize(issued, expired)
	}

	fn issue(agreement: AgreementId, n: BlockNumberFor<T>, p: &ProofParams<BlockNumberFor<T>>) {
		let Some(mut c) = Commitments::<T>::get(agreement) else { return };
		if c.failed || c.confirmed_at.is_none() || c.next_challenge_at != Some(n) {
			return;
		}
		if T::Agreements::active_storage(agreement).is_none() {
			// The agreement ended: stop; `remove_commitment` cleans up.
			c.next_challenge_at = None;
			Commitments::<T>::insert(agreement, c);
			return;
		}
		let indices = Self::challenge_indices(
			agreement,
			n,
			merkle::leaf_count(c.size),
			p.leaves_per_challenge,
		);
		let id = NextChallengeId::<T>::get();
		NextChallengeId::<T>::put(id.saturating_add(1));
		let mut expires_at = n.saturating_add(p.response_window);
		let mut placed = false;
		for _ in 0..MAX_PUSH {
			if ExpiryAgenda::<T>::try_mutate(expires_at, |list| list.try_push(id)).is_ok() {
				placed = true;
				break;
			}
			expires_at = expires_at.saturating_add(1u32.into());
		}
		if placed {
			Challenges::<T>::insert(
				id,
				Challenge {
					agreement,
					provider: c.provider.clone(),
					indices: indices.clone(),
					issued_at: n,
					expires_at,
				},
			);
			ChallengesOf::<T>::insert(&c.provider, id, ());
			OpenChallenge::<T>::insert(agreement, id);
			Self::deposit_event(Event::ChallengeIssued {
				challenge: id,
				agreement,
				provider: c.provider.clone(),
				indices,
				expires_at,
			});
		}
		c.next_challenge_at = Self::schedule(agreement, n, p);
		if c.next_challenge_at.is_none() {
			Self::deposit_event(Event::SchedulingFailed { agreement });
		}
		Commitments::<T>::insert(agreement, c);
	}

	fn expire(id: ChallengeId) {
		// Answered challenges are gone already.
		let Some(ch) = Challenges::<T>::get(id) else { return };
		Self::close_challenge(id, &ch);
		Stats::<T>::mutate(&ch.provider, |s| s.faults = s.faults.saturating_add(1));
		let max = Params::<T>::get().max_consecutive_faults;
		let mut consecutive = 0;
		let mut failed = false;
		Commitments::<T>::mutate(ch.agreement, |maybe| {
			if let Some(c) = maybe {
				c.faults = c.faults.saturating_add(1);
				c.consecutive_faults = c.consecutive_faults.saturating_add(1);
				consecutive = c.consecutive_faults;
				if c.consecutive_faults >= max && !c.failed {
					c.failed = true;
					c.next_challenge_at = None;
					failed = true;
				}
			}
		});
		Self::deposit_event(Event::ChallengeMissed {
			challenge: id,
			agreement: ch.agreement,
			consecutive,
		});
		T::OnOutcome::on_fault(ch.agreement, &ch.provider);
		if failed {
			Self::deposit_event(Event::AgreementFailed { agreement: ch.agreement });
			T::OnOutcome::on_failed(ch.agreement, &ch.provider);
		}
	}
}
