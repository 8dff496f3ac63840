//! Helpers shared by the storage-proofs pallet's calls and hooks: tunables, randomness,
//! challenge indices, closing a challenge, removing a commitment.

use super::*;
use codec::Encode;
use frame_support::{
	traits::{fungible::MutateHold, tokens::Precision, Get, Randomness},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Whether `p` are acceptable tunables: a positive response window no longer than the
	/// shortest round, k within the bounds, at least one fault to fail, a positive upload
	/// window.
	pub fn params_valid(p: &ProofParams<BlockNumberFor<T>>) -> bool {
		!p.response_window.is_zero()
			&& p.response_window <= p.challenge_period
			&& p.leaves_per_challenge >= 1
			&& p.leaves_per_challenge <= T::MaxLeavesPerChallenge::get()
			&& p.max_consecutive_faults >= 1
			&& !p.upload_window.is_zero()
			&& !p.stats_window.is_zero()
	}

	/// Change the pallet's counters.
	pub(crate) fn count(f: impl FnOnce(&mut ProofCounters)) {
		Counters::<T>::mutate(f);
	}

	/// The recent window's bucket index of block `now` under `params`.
	pub(crate) fn window_index(
		now: BlockNumberFor<T>,
		params: &ProofParams<BlockNumberFor<T>>,
	) -> u64 {
		use sp_runtime::traits::UniqueSaturatedInto;
		let now: u64 = now.unique_saturated_into();
		let window: u64 = params.stats_window.unique_saturated_into();
		now.checked_div(window).unwrap_or(0)
	}

	/// The counters with the recent window rolled to this block (what the runtime API shows;
	/// nothing is written).
	pub fn counters() -> ProofCounters {
		let mut c = Counters::<T>::get();
		c.recent = c.recent.rolled(Self::window_index(Self::now(), &Params::<T>::get()));
		c
	}

	/// Count a challenge's outcome: passed or missed, cumulative and in the recent window
	/// (rolled to this block first), and one fewer open.
	pub(crate) fn count_outcome(passed: bool, params: &ProofParams<BlockNumberFor<T>>) {
		let index = Self::window_index(Self::now(), params);
		Self::count(|c| {
			c.open = c.open.saturating_sub(1);
			c.recent = c.recent.rolled(index);
			if passed {
				c.passed = c.passed.saturating_add(1);
				c.recent.passed = c.recent.passed.saturating_add(1);
			} else {
				c.missed = c.missed.saturating_add(1);
				c.recent.missed = c.recent.missed.saturating_add(1);
			}
		});
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// This block's randomness (BABE's VRF output of the parent block on a runtime), if any.
	pub(crate) fn randomness() -> Option<T::Hash> {
		T::Randomness::random(b"agora/storage-proofs").0
	}

	/// 8 bytes of randomness from block `n`'s `random`ness for `subject`, `what` and `j` (the
	/// block number too, in case the randomness went stale).
	pub(crate) fn seed(
		random: &T::Hash,
		subject: &[u8],
		n: BlockNumberFor<T>,
		what: u64,
		j: u32,
	) -> u64 {
		let hash = sp_crypto_hashing::blake2_256(&(random, subject, n, what, j).encode());
		let mut bytes = [0u8; 8];
		bytes.copy_from_slice(&hash[..8]);
		u64::from_le_bytes(bytes)
	}

	/// The `k` leaf indices of a challenge of `agreement` over `leaves` leaves, issued in block
	/// `n` with that block's `random`ness.
	pub fn challenge_indices(
		random: &T::Hash,
		n: BlockNumberFor<T>,
		agreement: AgreementId,
		leaves: u64,
		k: u32,
	) -> BoundedVec<u64, T::MaxLeavesPerChallenge> {
		let indices = (0..k.min(T::MaxLeavesPerChallenge::get()))
			.map(|j| {
				Self::seed(random, b"agora/challenge", n, agreement, j)
					.checked_rem(leaves)
					.unwrap_or(0)
			})
			.collect::<alloc::vec::Vec<_>>();
		BoundedVec::truncate_from(indices)
	}

	/// Whether `who` may confirm and answer for `provider`: it is the provider or the
	/// provider's operator.
	pub(crate) fn acts_for(who: &T::AccountId, provider: &T::AccountId) -> bool {
		who == provider || Operators::<T>::get(provider).as_ref() == Some(who)
	}

	pub(crate) fn close_challenge(id: ChallengeId, ch: &Challenge<T>) {
		Challenges::<T>::remove(id);
		ChallengesOf::<T>::remove(&ch.provider, id);
		OpenChallenge::<T>::remove(ch.agreement);
	}

	/// Remove the commitment `c` of `agreement`: its deposit returns to the consumer, its open
	/// challenge closes (no fault) and it leaves the audit set.
	pub(crate) fn drop_commitment(
		agreement: AgreementId,
		mut c: Commitment<T::AccountId, BlockNumberFor<T>>,
	) {
		if !c.deposit.is_zero() {
			let released = T::Currency::release(
				&HoldReason::CommitmentDeposit.into(),
				&c.consumer,
				c.deposit,
				Precision::BestEffort,
			);
			if released != Ok(c.deposit) {
				log::error!(
					target: LOG_TARGET,
					"commitment {agreement}: released {released:?} of a {} deposit",
					c.deposit
				);
			}
		}
		let mut dropped = false;
		if let Some(id) = OpenChallenge::<T>::get(agreement) {
			if let Some(ch) = Challenges::<T>::get(id) {
				Self::close_challenge(id, &ch);
				dropped = true;
			}
		}
		Self::leave_audit(agreement, &mut c);
		Commitments::<T>::remove(agreement);
		let confirmed = if c.confirmed_at.is_some() { c.size } else { 0 };
		Self::count(|n| {
			n.committed_bytes = n.committed_bytes.saturating_sub(c.size);
			n.confirmed_bytes = n.confirmed_bytes.saturating_sub(confirmed);
			if dropped {
				n.open = n.open.saturating_sub(1);
				n.dropped = n.dropped.saturating_add(1);
			}
		});
		Self::deposit_event(Event::CommitmentRemoved { agreement });
	}
}
