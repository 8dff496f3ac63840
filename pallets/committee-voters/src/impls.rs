//! The logic of the committee voters pallet.

use crate::{pallet::*, types::*, ElectionVoting};
use agora_primitives::Balance;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::DispatchResult, BoundedVec};

/// Where an entry with `stake` goes in a list sorted by stake: after every smaller stake and
/// before the equal ones, so among equal stakes the latest arrival comes first (and goes first).
fn place<A>(list: &[(A, Balance)], stake: Balance) -> usize {
	list.partition_point(|(_, s)| *s < stake)
}

impl<T: Config> Pallet<T> {
	/// The list as the election has it: listed accounts that are no longer voters are dropped,
	/// stakes the election records differently are taken over (and their entries moved).
	/// Reads every listed voter's record once.
	pub(crate) fn reconciled() -> VoterList<T> {
		let mut kept: Vec<(T::AccountId, Balance)> = Vec::new();
		let mut moved: Vec<(T::AccountId, Balance)> = Vec::new();
		for (who, stake) in Voters::<T>::get() {
			match T::Elections::stake_of(&who) {
				None => Self::deposit_event(Event::StaleVoterDropped { who, stake }),
				Some(now) if now == stake => kept.push((who, stake)),
				Some(now) => {
					Self::deposit_event(Event::StakeSynced { who: who.clone(), stake: now });
					moved.push((who, now));
				},
			}
		}
		for (who, stake) in moved {
			kept.insert(place(&kept, stake), (who, stake));
		}
		// Never longer than the stored list it comes from.
		BoundedVec::truncate_from(kept)
	}

	pub(crate) fn do_vote(
		who: T::AccountId,
		votes: Vec<T::AccountId>,
		value: Balance,
	) -> DispatchResult {
		let mut list = Self::reconciled();
		// The election reserves the bond and locks the stake; the whole call is undone if this
		// voter is refused below.
		let stake = T::Elections::vote(&who, votes, value)?;
		if let Some(at) = list.iter().position(|(w, _)| *w == who) {
			list.remove(at);
		} else if list.is_full() {
			let (smallest, min_stake) = list.first().cloned().ok_or(Error::<T>::VoterSetFull)?;
			ensure!(stake > min_stake, Error::<T>::VoterSetFull);
			list.remove(0);
			T::Elections::remove_voter(&smallest)?;
			Self::deposit_event(Event::VoterEvicted { who: smallest, stake: min_stake });
		}
		list.try_insert(place(&list, stake), (who.clone(), stake))
			.map_err(|_| Error::<T>::VoterSetFull)?;
		Voters::<T>::put(list);
		Self::deposit_event(Event::Voted { who, stake });
		Ok(())
	}

	pub(crate) fn do_remove_voter(who: T::AccountId) -> DispatchResult {
		let mut list = Voters::<T>::get();
		let listed = list.iter().position(|(w, _)| *w == who);
		let voting = T::Elections::stake_of(&who).is_some();
		ensure!(listed.is_some() || voting, Error::<T>::NotVoter);
		if voting {
			T::Elections::remove_voter(&who)?;
		}
		if let Some(at) = listed {
			list.remove(at);
			Voters::<T>::put(list);
		}
		Self::deposit_event(Event::VoterRemoved { who });
		Ok(())
	}

	/// The smallest stake a newcomer must exceed, `None` while the list has room. (Entries
	/// that the next `vote` would drop as stale still count here.)
	pub fn stake_to_beat() -> Option<Balance> {
		let list = Voters::<T>::get();
		if list.is_full() {
			list.first().map(|(_, stake)| *stake)
		} else {
			None
		}
	}

	/// Invariants: the list is sorted by stake, lists no account twice, and agrees with the
	/// election on every listed voter's stake (a listed account may have stopped being a voter
	/// since the last call: it is dropped by the next `vote`); every voter of the election is
	/// listed, so the election never has more voters than the list holds.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_set::BTreeSet;
		let list = Voters::<T>::get();
		ensure!(
			list.iter().zip(list.iter().skip(1)).all(|(a, b)| a.1 <= b.1),
			"voters not sorted by stake"
		);
		let mut listed = BTreeSet::new();
		for (who, stake) in list.iter() {
			ensure!(listed.insert(who.clone()), "a voter listed twice");
			ensure!(
				T::Elections::stake_of(who).is_none_or(|s| s == *stake),
				"a listed stake differs from the election's"
			);
		}
		for (who, _) in T::Elections::voters() {
			ensure!(listed.contains(&who), "a voter of the election is not counted");
		}
		Ok(())
	}
}
