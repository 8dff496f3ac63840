//! The storage-proofs pallet's invariants (`try_state`), also checked after every unit test.

use super::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// * held deposits equal the commitments' records;
	/// * every open challenge is indexed for its provider and agreement, belongs to a commitment,
	///   and is on the expiry agenda; at most one open challenge per agreement;
	/// * the audit set is dense: exactly the slots `0..AuditCount` are filled, each with a
	///   confirmed, unfailed commitment whose `slot` names it, and every commitment with a slot
	///   is there; the round's cursor is at most the count;
	/// * the agreements waiting for their indices are distinct and audited;
	/// * the operators mirror each other: `Operators[p] == o` exactly when `OperatorOf[o] == p`,
	///   and nobody is its own operator;
	/// * the [`Counters`] equal a scan: committed and confirmed bytes, open challenges, passes
	///   and misses (the providers' [`Stats`] sum), every challenge issued has an outcome, was
	///   dropped or is open, and the recent window holds no more than the totals.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
		use frame_support::traits::fungible::InspectHold;
		let mut deposits: BTreeMap<T::AccountId, agora_primitives::Balance> = BTreeMap::new();
		let mut slotted = 0u32;
		let (mut committed, mut confirmed) = (0u64, 0u64);
		for (agreement, c) in Commitments::<T>::iter() {
			committed = committed.saturating_add(c.size);
			if c.confirmed_at.is_some() {
				confirmed = confirmed.saturating_add(c.size);
			}
			let d = deposits.entry(c.consumer.clone()).or_default();
			*d = d.saturating_add(c.deposit);
			if let Some(slot) = c.slot {
				slotted = slotted.saturating_add(1);
				ensure!(Audited::<T>::get(slot) == Some(agreement), "slot and audit set differ");
				ensure!(c.confirmed_at.is_some() && !c.failed, "unconfirmed or failed is audited");
			}
		}
		for (who, sum) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who) == sum,
				"held commitment deposits differ from the records"
			);
		}
		let count = AuditCount::<T>::get();
		let mut entries = 0u32;
		for (slot, agreement) in Audited::<T>::iter() {
			entries = entries.saturating_add(1);
			ensure!(slot < count, "audit set entry beyond the count");
			ensure!(
				Commitments::<T>::get(agreement).is_some_and(|c| c.slot == Some(slot)),
				"audit set entry without a commitment in that slot"
			);
		}
		ensure!(entries == count && slotted == count, "the audit set is not dense");
		ensure!(Round::<T>::get().cursor <= count, "the round's cursor is beyond the count");
		let queue = PendingIndices::<T>::get();
		let distinct: BTreeSet<_> = queue.iter().collect();
		ensure!(distinct.len() == queue.len(), "an agreement waits twice for its indices");
		ensure!(
			queue.iter().all(|a| Commitments::<T>::get(a).is_some_and(|c| c.slot.is_some())),
			"an agreement waiting for its indices is not audited"
		);

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

		let n = Counters::<T>::get();
		ensure!(
			(n.committed_bytes, n.confirmed_bytes) == (committed, confirmed),
			"committed or confirmed bytes differ from a scan"
		);
		ensure!(n.open == open, "open challenges differ from a scan");
		let (passes, faults) = Stats::<T>::iter_values().fold((0u64, 0u64), |(p, f), s| {
			(p.saturating_add(s.passes), f.saturating_add(s.faults))
		});
		ensure!(
			(n.passed, n.missed) == (passes, faults),
			"passes or misses differ from the providers'"
		);
		ensure!(
			n.issued
				== n.passed
					.saturating_add(n.missed)
					.saturating_add(n.dropped)
					.saturating_add(u64::from(n.open)),
			"challenges issued are not passed, missed, dropped or open"
		);
		ensure!(n.issued == NextChallengeId::<T>::get(), "challenges issued differ from the ids");
		ensure!(
			u64::from(n.recent.recent_passed()) <= n.passed
				&& u64::from(n.recent.recent_missed()) <= n.missed,
			"the recent window holds more than the totals"
		);

		let mut operators = 0u32;
		for (provider, operator) in Operators::<T>::iter() {
			operators = operators.saturating_add(1);
			ensure!(provider != operator, "a provider is its own operator");
			ensure!(
				OperatorOf::<T>::get(&operator) == Some(provider),
				"an operator does not map back to its provider"
			);
		}
		ensure!(
			OperatorOf::<T>::iter().count() as u32 == operators,
			"an operator without its provider's record"
		);
		Ok(())
	}
}
