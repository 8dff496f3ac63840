//! [`OnAgreementClosed`] for the agreements pallet: when an agreement's record is closed, its
//! commitment goes too, so no data is kept or audited for an agreement that no longer exists.

use super::*;
use agora_primitives::traits::OnAgreementClosed;

impl<T: Config> OnAgreementClosed for Pallet<T> {
	/// Agreement `id` was closed: release the commitment deposit to the consumer, close any open
	/// challenge (no fault), take it out of the audit set and remove the commitment (event
	/// `CommitmentRemoved`). Nothing happens without a commitment.
	fn closed(id: AgreementId) {
		if let Some(c) = Commitments::<T>::get(id) {
			Self::drop_commitment(id, c);
		}
	}

	/// What `remove_commitment` does (benchmarked at its worst case), less nothing.
	fn closed_weight() -> frame_support::weights::Weight {
		T::WeightInfo::remove_commitment()
	}
}
