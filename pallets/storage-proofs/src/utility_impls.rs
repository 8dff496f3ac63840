//! Helpers shared by the storage-proofs pallet's calls and hooks: tunables, randomness,
//! scheduling on the challenge agenda, challenge indices, closing a challenge.

use super::*;
use codec::Encode;
use frame_support::{
	traits::{Get, Randomness},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

/// How many blocks past the wanted one an agenda entry may be pushed when blocks are full.
pub(crate) const MAX_PUSH: u32 = 64;

impl<T: Config> Pallet<T> {
	/// Whether `p` are acceptable tunables: positive period, window and k within the bounds,
	/// and at most one challenge open per agreement (`response_window <= period - jitter`).
	pub fn params_valid(p: &ProofParams<BlockNumberFor<T>>) -> bool {
		p.jitter < p.challenge_period
			&& !p.response_window.is_zero()
			&& p.response_window <= p.challenge_period.saturating_sub(p.jitter)
			&& p.leaves_per_challenge >= 1
			&& p.leaves_per_challenge <= T::MaxLeavesPerChallenge::get()
			&& p.max_consecutive_faults >= 1
			&& !p.upload_window.is_zero()
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// A pseudo-random offset in `[0, 2 * jitter]` for `agreement` at `now`.
	fn jitter_offset(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		jitter: BlockNumberFor<T>,
	) -> u64 {
		let span: u64 =
			sp_runtime::traits::UniqueSaturatedInto::<u64>::unique_saturated_into(jitter)
				.saturating_mul(2)
				.saturating_add(1);
		let seed = Self::seed(b"agora/jitter", agreement, now, 0);
		seed.checked_rem(span).unwrap_or(0)
	}

	/// 8 bytes of randomness for `subject`, `agreement`, `now` and `j`.
	fn seed(subject: &[u8], agreement: AgreementId, now: BlockNumberFor<T>, j: u32) -> u64 {
		let (random, _) = T::Randomness::random(subject);
		let hash = sp_crypto_hashing::blake2_256(&(random, agreement, now, j).encode());
		let mut bytes = [0u8; 8];
		bytes.copy_from_slice(&hash[..8]);
		u64::from_le_bytes(bytes)
	}

	/// Put `agreement` on the challenge agenda `period ± jitter` after `now`, pushing to later
	/// blocks while full. Returns the block, or `None` if every slot in reach was full.
	pub(crate) fn schedule(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		p: &ProofParams<BlockNumberFor<T>>,
	) -> Option<BlockNumberFor<T>> {
		let offset = Self::jitter_offset(agreement, now, p.jitter);
		let base = now
			.saturating_add(p.challenge_period)
			.saturating_sub(p.jitter)
			.saturating_add(sp_runtime::traits::UniqueSaturatedFrom::unique_saturated_from(offset));
		// Never in the current block: its agenda was already taken.
		let mut at = base.max(now.saturating_add(1u32.into()));
		for _ in 0..MAX_PUSH {
			if ChallengeAgenda::<T>::try_mutate(at, |list| list.try_push(agreement)).is_ok() {
				return Some(at);
			}
			at = at.saturating_add(1u32.into());
		}
		None
	}

	/// The `k` leaf indices of a challenge of `agreement` at `now` over `leaves` leaves.
	pub fn challenge_indices(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		leaves: u64,
		k: u32,
	) -> BoundedVec<u64, T::MaxLeavesPerChallenge> {
		let indices = (0..k.min(T::MaxLeavesPerChallenge::get()))
			.map(|j| {
				Self::seed(b"agora/challenge", agreement, now, j)
					.checked_rem(leaves)
					.unwrap_or(0)
			})
			.collect::<alloc::vec::Vec<_>>();
		BoundedVec::truncate_from(indices)
	}

	pub(crate) fn close_challenge(id: ChallengeId, ch: &Challenge<T>) {
		Challenges::<T>::remove(id);
		ChallengesOf::<T>::remove(&ch.provider, id);
		OpenChallenge::<T>::remove(ch.agreement);
	}
}
