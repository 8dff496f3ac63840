//! The storage-proofs pallet's invariants (`try_state`), also checked after every unit test.

use super::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Invariants: held deposits equal the commitments' records; every open challenge is
	/// indexed for its provider and agreement, belongs to a commitment, and is on the expiry
	/// agenda; at most one open challenge per agreement.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut deposits: BTreeMap<T::AccountId, agora_primitives::Balance> = BTreeMap::new();
		for (_, c) in Commitments::<T>::iter() {
			let d = deposits.entry(c.consumer.clone()).or_default();
			*d = d.saturating_add(c.deposit);
		}
		for (who, sum) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who) == sum,
				"held commitment deposits differ from the records"
			);
		}
		let mut open = 0u32;
		for (id, ch) in Challenges::<T>::iter() {
			open = open.saturating_add(1);
			ensure!(Commitments::<T>::contains_key(ch.agreement), "challenge without commitment");
			ensure!(ChallengesOf::<T>::contains_key(&ch.provider, id), "challenge not indexed");
			ensure!(OpenChallenge::<T>::get(ch.agreement) == Some(id), "open challenge mismatch");
			ensure!(
				ExpiryAgenda::<T>::get(ch.expires_at).contains(&id),
				"challenge missing from the expiry agenda"
			);
		}
		ensure!(ChallengesOf::<T>::iter().count() as u32 == open, "stale provider index");
		ensure!(OpenChallenge::<T>::iter().count() as u32 == open, "stale agreement index");
		Ok(())
	}
}
