//! What the storage proofs ask of the agreements: which agreements are active storage
//! agreements, between whom, for how many bytes.

use super::*;
use agora_primitives::market::AgreementStatus;

impl<T: Config> Pallet<T> {
	/// Consumer, provider and storage bytes of agreement `id` while it is active.
	pub fn active_storage(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u64)> {
		Agreements::<T>::get(id)
			.filter(|a| a.status == AgreementStatus::Active)
			.map(|a| (a.consumer, a.provider, a.resources.storage_bytes))
	}
}
