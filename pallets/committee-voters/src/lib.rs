//! # Committee voters pallet
//!
//! The way in for token holders who vote in the committee election, so that an election always
//! runs.
//!
//! ## Why
//!
//! `pallet-elections-phragmen` takes any number of voters, but its election stops when it finds
//! more voters than its own `MaxVoters` (1,024 in the runtime): it emits `ElectionError` and the
//! sitting committee stays seated, or no committee at all before the first election, so no
//! dispute can be opened. (Its documentation says "new voters are ignored"; its code aborts.)
//! 1,025 accounts with about 11 AGR each, all of it refundable, would freeze the committee.
//!
//! ## Model
//!
//! * The runtime refuses direct calls of `Elections::vote` and `Elections::remove_voter` (its
//!   `BaseCallFilter`). Voters call [`Pallet::vote`] and [`Pallet::remove_voter`] here instead,
//!   which forward to the elections pallet with the caller's own signed origin, through
//!   [`ElectionVoting`]: the same voting bond is reserved, the same stake locked, the same votes
//!   counted, with the elections pallet's own errors.
//! * [`Voters`] lists every counted voter with the stake it locked, smallest first, never more
//!   than [`Config::MaxVoters`], which must not exceed the elections pallet's bound
//!   (`integrity_test`). So an election never finds too many voters.
//! * While the list has room, anyone may vote. When it is full, a newcomer must lock a stake
//!   **strictly above** the smallest one. The stake is what the elections pallet locks:
//!   `min(value, free balance)` once the voting bond is reserved. The smallest voter is then
//!   removed as though it had called `remove_voter` itself (its bond returns, its lock goes):
//!   [`Event::VoterEvicted`]. Otherwise the call fails with [`Error::VoterSetFull`] and nothing
//!   changes; the stake to beat is the first entry of [`Voters`]. Among equal stakes the latest
//!   arrival is the first to go, so an equal offer never displaces an incumbent.
//! * A counted voter may vote again at any time (other candidates, another stake); its entry
//!   moves to its new place. [`Pallet::remove_voter`] leaves, with the bond returned.
//! * Voters removed by other means (root's `Elections::clean_defunct_voters`, which returns their
//!   bonds) stay listed until the next [`Pallet::vote`], which first reconciles the whole list
//!   with the elections pallet ([`Event::StaleVoterDropped`], [`Event::StakeSynced`]), or until
//!   their own [`Pallet::remove_voter`]. A stale entry only ever overstates the count.
//!
//! Root is not bound by the filter: `sudo.sudoAs` can still vote directly, and voters added that
//! way are not counted here (`try_state` reports them).
//!
//! Every `vote` reads each listed voter's record once to reconcile, so its weight grows with
//! [`Config::MaxVoters`] (benchmarked with a full list and an eviction).

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code never panics and never overflows silently: these are denied outside tests,
// mocks and benchmarks (scripts/lint.sh).
#![cfg_attr(
	not(test),
	deny(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod benchmarking;
mod election;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use election::ElectionVoting;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::committee-voters";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `impls.rs`).
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::Balance;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The election the votes are for (`pallet-elections-phragmen`).
		type Elections: ElectionVoting<Self::AccountId>;

		/// Most voters counted. Must not exceed the election's own bound
		/// ([`ElectionVoting::max_voters`]), above which it aborts.
		#[pallet::constant]
		type MaxVoters: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// The counted voters and the stake each locked, smallest stake first (among equal stakes,
	/// the latest arrival first). At most [`Config::MaxVoters`].
	#[pallet::storage]
	pub type Voters<T: Config> = StorageValue<_, VoterList<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` voted (or voted again) and locks `stake`; it is counted.
		Voted { who: T::AccountId, stake: Balance },
		/// The smallest voter made room for a newcomer with a larger stake: it is no longer a
		/// voter, its bond was returned and its lock removed.
		VoterEvicted { who: T::AccountId, stake: Balance },
		/// `who` stopped voting; its bond was returned and its lock removed.
		VoterRemoved { who: T::AccountId },
		/// `who` was listed but is no longer a voter of the election (removed by root): dropped
		/// from the list.
		StaleVoterDropped { who: T::AccountId, stake: Balance },
		/// The election records another stake for `who` than the list did (changed by root):
		/// the list follows it.
		StakeSynced { who: T::AccountId, stake: Balance },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The list of voters is full and the stake you would lock is not above the smallest
		/// one (the first entry of `Voters`). Lock more, or wait for a voter to leave.
		VoterSetFull,
		/// You are not a voter.
		NotVoter,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxVoters::get() >= 1, "MaxVoters must be >= 1");
			assert!(
				T::MaxVoters::get() <= T::Elections::max_voters(),
				"MaxVoters must not exceed the election's bound, or the election aborts"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Vote for `votes` (candidates, members or runners-up), locking `value` (at most your
		/// free balance once the voting bond is reserved), as the elections pallet's `vote`
		/// does. Call it again to change your votes or stake. When the list of voters is full, a
		/// newcomer's stake must be above the smallest one, whose voter is removed with its bond
		/// returned.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::vote(votes.len() as u32))]
		pub fn vote(
			origin: OriginFor<T>,
			votes: Vec<T::AccountId>,
			#[pallet::compact] value: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, votes, value)
		}

		/// Stop voting: your bond is returned and your lock removed.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_voter())]
		pub fn remove_voter(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_voter(who)
		}
	}
}
