//! [`DataProofs`] for the agreements pallet: whether payouts wait for the provider's
//! confirmation, and whether the upload window passed without it.

use super::*;
use agora_primitives::traits::DataProofs;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Whether payouts of `agreement` wait: its data is committed but not confirmed.
	pub fn payouts_blocked(agreement: AgreementId) -> bool {
		Commitments::<T>::get(agreement).is_some_and(|c| c.confirmed_at.is_none())
	}

	/// Whether the provider let the upload window of `agreement` pass without confirming.
	pub fn upload_overdue(agreement: AgreementId) -> bool {
		let window = Params::<T>::get().upload_window;
		Commitments::<T>::get(agreement).is_some_and(|c| {
			c.confirmed_at.is_none() && Self::now() >= c.committed_at.saturating_add(window)
		})
	}
}

impl<T: Config> DataProofs for Pallet<T> {
	fn payouts_blocked(agreement: AgreementId) -> bool {
		Self::payouts_blocked(agreement)
	}

	fn upload_overdue(agreement: AgreementId) -> bool {
		Self::upload_overdue(agreement)
	}
}
