//! What the storage-proofs pallet answers through the runtime API (`ProofsApi`) and to the
//! provider node: commitments, open challenges, statistics, operators.

use super::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Open challenges of `provider` (for its node and the RPC).
	pub fn challenges_of(provider: &T::AccountId) -> alloc::vec::Vec<(ChallengeId, Challenge<T>)> {
		let mut open: alloc::vec::Vec<_> = ChallengesOf::<T>::iter_key_prefix(provider)
			.filter_map(|id| Challenges::<T>::get(id).map(|c| (id, c)))
			.collect();
		open.sort_by_key(|(id, _)| *id);
		open
	}

	/// The runtime API's view of the open challenges of `provider`, oldest first.
	pub fn challenge_views(
		provider: &T::AccountId,
	) -> alloc::vec::Vec<agora_primitives::proofs::ChallengeView<BlockNumberFor<T>>> {
		Self::challenges_of(provider)
			.into_iter()
			.map(|(id, c)| agora_primitives::proofs::ChallengeView {
				id,
				agreement: c.agreement,
				indices: c.indices.into_inner(),
				issued_at: c.issued_at,
				expires_at: c.expires_at,
			})
			.collect()
	}

	/// The runtime API's view of the commitment of `agreement`.
	pub fn commitment_view(
		agreement: AgreementId,
	) -> Option<agora_primitives::proofs::CommitmentView<T::AccountId, BlockNumberFor<T>>> {
		let params = Params::<T>::get();
		let window = params.upload_window;
		let round_ends_at = Round::<T>::get().started_at.saturating_add(params.challenge_period);
		Commitments::<T>::get(agreement).map(|c| agora_primitives::proofs::CommitmentView {
			agreement,
			upload_deadline: c.committed_at.saturating_add(window).saturating_sub(1u32.into()),
			consumer: c.consumer,
			provider: c.provider,
			root: c.root.into(),
			size: c.size,
			committed_at: c.committed_at,
			confirmed_at: c.confirmed_at,
			last_challenged_at: c.last_challenged_at,
			round_ends_at: c.slot.map(|_| round_ends_at),
			passes: c.passes,
			faults: c.faults,
			consecutive_faults: c.consecutive_faults,
			failed: c.failed,
			deposit: c.deposit,
		})
	}

	/// The provider that `operator` confirms and answers challenges for, if any (the provider
	/// node uses it to act for the provider with the operator key in its keystore).
	pub fn operator_of(operator: &T::AccountId) -> Option<T::AccountId> {
		OperatorOf::<T>::get(operator)
	}

	/// The runtime API's view of a provider's record.
	pub fn stats_view(provider: &T::AccountId) -> agora_primitives::proofs::ProofStatsView {
		let s = Stats::<T>::get(provider);
		agora_primitives::proofs::ProofStatsView {
			passes: s.passes,
			faults: s.faults,
			open: ChallengesOf::<T>::iter_key_prefix(provider).count() as u32,
		}
	}
}
