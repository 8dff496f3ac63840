//! The audit set: a dense array of the audited commitments ([`Audited`], [`AuditCount`]),
//! split at the round's cursor into drawn and still to draw. Joining appends; leaving is an
//! O(1) swap that keeps the split.

use super::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, ArithmeticError, DispatchError};

impl<T: Config> Pallet<T> {
	/// Append `agreement` (whose commitment is `c`) to the audit set: it is still to draw in
	/// the current round. If the set was empty and its round is over, a new round starts now.
	pub(crate) fn join_audit(
		agreement: AgreementId,
		c: &mut Commitment<T::AccountId, BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> Result<(), DispatchError> {
		let slot = AuditCount::<T>::get();
		let count = slot.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		Audited::<T>::insert(slot, agreement);
		AuditCount::<T>::put(count);
		c.slot = Some(slot);
		let round = Round::<T>::get();
		let period = Params::<T>::get().challenge_period;
		// With commitments, `on_initialize` starts the next round as soon as this one is over;
		// an empty set waits for its first commitment.
		if slot == 0 && now >= round.started_at.saturating_add(period) {
			Self::start_round(round.index.saturating_add(1), now, count);
		}
		Ok(())
	}

	/// Start round `index` at block `now` with `count` commitments to draw.
	pub(crate) fn start_round(index: u32, now: BlockNumberFor<T>, count: u32) {
		Round::<T>::put(RoundState { index, started_at: now, cursor: 0 });
		Self::deposit_event(Event::AuditRoundStarted { round: index, commitments: count });
	}

	/// Take `agreement` (whose commitment is `c`) out of the audit set and out of
	/// [`PendingIndices`], if it is in.
	pub(crate) fn leave_audit(
		agreement: AgreementId,
		c: &mut Commitment<T::AccountId, BlockNumberFor<T>>,
	) {
		let Some(slot) = c.slot.take() else { return };
		let mut round = Round::<T>::get();
		let mut count = AuditCount::<T>::get();
		Self::remove_slot(slot, &mut round, &mut count);
		Round::<T>::put(round);
		AuditCount::<T>::put(count);
		PendingIndices::<T>::mutate(|queue| queue.retain(|a| *a != agreement));
	}

	/// Remove the entry at `slot` from the audit set of `count` entries split at
	/// `round.cursor`, in O(1): an entry still to draw is replaced by the last entry; a drawn
	/// one by the last drawn entry, whose place the last entry takes, and the cursor moves back
	/// by one. The moved commitments' slots follow. The caller clears the removed commitment's
	/// slot and stores `round` and `count`.
	pub(crate) fn remove_slot(
		slot: u32,
		round: &mut RoundState<BlockNumberFor<T>>,
		count: &mut u32,
	) {
		let Some(last) = count.checked_sub(1) else {
			log::error!(target: LOG_TARGET, "removing slot {slot} from an empty audit set");
			return;
		};
		if slot > last {
			log::error!(target: LOG_TARGET, "removing slot {slot} of an audit set of {count}");
			return;
		}
		match round.cursor.checked_sub(1) {
			Some(last_drawn) if slot <= last_drawn => {
				Self::move_entry(last_drawn, slot);
				Self::move_entry(last, last_drawn);
				round.cursor = last_drawn;
			},
			_ => Self::move_entry(last, slot),
		}
		Audited::<T>::remove(last);
		*count = last;
		round.cursor = round.cursor.min(last);
	}

	/// Move the audit set's entry at `from` to `to`, and its commitment's slot with it.
	fn move_entry(from: u32, to: u32) {
		if from == to {
			return;
		}
		let Some(agreement) = Audited::<T>::get(from) else {
			log::error!(target: LOG_TARGET, "no audit set entry at slot {from}");
			return;
		};
		Audited::<T>::insert(to, agreement);
		Commitments::<T>::mutate(agreement, |maybe| {
			if let Some(c) = maybe {
				c.slot = Some(to);
			}
		});
	}

	/// Swap the audit set's entries at `a` and `b`, and their commitments' slots.
	pub(crate) fn swap_entries(a: u32, b: u32) {
		if a == b {
			return;
		}
		let (Some(x), Some(y)) = (Audited::<T>::get(a), Audited::<T>::get(b)) else {
			log::error!(target: LOG_TARGET, "no audit set entry at slot {a} or {b}");
			return;
		};
		Audited::<T>::insert(a, y);
		Audited::<T>::insert(b, x);
		for (agreement, slot) in [(x, b), (y, a)] {
			Commitments::<T>::mutate(agreement, |maybe| {
				if let Some(c) = maybe {
					c.slot = Some(slot);
				}
			});
		}
	}
}
