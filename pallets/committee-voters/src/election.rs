//! [`ElectionVoting`]: how this pallet reaches the election, and its implementation by
//! `pallet-elections-phragmen`.
//!
//! The trait is declared here rather than in `agora_primitives::traits` only for now; it can move
//! there. The implementation for the upstream pallet has to live in this crate or behind an
//! adapter in the runtime: neither the trait nor the upstream pallet belongs to the runtime.

use agora_primitives::Balance;
use alloc::vec::Vec;
use frame_support::traits::{Currency, Get};
use sp_runtime::{DispatchError, DispatchResult};

/// The committee election as the committee voters pallet sees it.
///
/// Called by `pallet-committee-voters`: [`Self::vote`] and [`Self::remove_voter`] from its calls
/// of the same names (and `remove_voter` for the voter it evicts), [`Self::stake_of`] when it
/// reconciles its list, [`Self::max_voters`] in its `integrity_test`. Implemented by
/// `pallet-elections-phragmen` (below).
pub trait ElectionVoting<AccountId> {
	/// Vote for `votes` as `who` (its own signed origin): reserve the voting bond and lock
	/// `min(value, free balance)`. Returns the stake locked. Fails with the election's errors.
	fn vote(
		who: &AccountId,
		votes: Vec<AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError>;

	/// Remove `who` as a voter (its own signed origin): bond returned, lock removed.
	fn remove_voter(who: &AccountId) -> DispatchResult;

	/// The stake `who` locked as a voter, `None` if it is not a voter.
	fn stake_of(who: &AccountId) -> Option<Balance>;

	/// Most voters an election takes; with more it does not run.
	fn max_voters() -> u32;

	/// Most candidates one voter may vote for.
	fn max_votes_per_voter() -> u32;

	/// Every voter with its stake (invariant checks only: unbounded).
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	fn voters() -> Vec<(AccountId, Balance)>;

	/// Give `who` `amount` of free balance (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn fund(who: &AccountId, amount: Balance);

	/// Make `who` (funded) a candidate (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn stand(who: &AccountId) -> DispatchResult;
}

impl<T> ElectionVoting<T::AccountId> for pallet_elections_phragmen::Pallet<T>
where
	T: pallet_elections_phragmen::Config,
	T::Currency: Currency<T::AccountId, Balance = Balance>,
{
	fn vote(
		who: &T::AccountId,
		votes: Vec<T::AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		let origin = frame_system::RawOrigin::Signed(who.clone()).into();
		pallet_elections_phragmen::Pallet::<T>::vote(origin, votes, value).map_err(|e| e.error)?;
		Ok(pallet_elections_phragmen::Voting::<T>::get(who).stake)
	}

	fn remove_voter(who: &T::AccountId) -> DispatchResult {
		let origin = frame_system::RawOrigin::Signed(who.clone()).into();
		pallet_elections_phragmen::Pallet::<T>::remove_voter(origin)
	}

	fn stake_of(who: &T::AccountId) -> Option<Balance> {
		// `Voting` answers a default record for a non-voter: only a stored record counts.
		pallet_elections_phragmen::Voting::<T>::try_get(who).ok().map(|v| v.stake)
	}

	fn max_voters() -> u32 {
		<T as pallet_elections_phragmen::Config>::MaxVoters::get()
	}

	fn max_votes_per_voter() -> u32 {
		<T as pallet_elections_phragmen::Config>::MaxVotesPerVoter::get()
	}

	#[cfg(any(feature = "try-runtime", feature = "std"))]
	fn voters() -> Vec<(T::AccountId, Balance)> {
		pallet_elections_phragmen::Voting::<T>::iter()
			.map(|(who, v)| (who, v.stake))
			.collect()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fund(who: &T::AccountId, amount: Balance) {
		T::Currency::make_free_balance_be(who, amount);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn stand(who: &T::AccountId) -> DispatchResult {
		let origin = frame_system::RawOrigin::Signed(who.clone()).into();
		let count = pallet_elections_phragmen::Candidates::<T>::decode_len().unwrap_or(0);
		pallet_elections_phragmen::Pallet::<T>::submit_candidacy(
			origin,
			u32::try_from(count).unwrap_or(u32::MAX),
		)
	}
}
