//! [`StorageAgreements`] for the storage-proofs pallet: which agreements are active storage
//! agreements, between whom, for how many bytes.

use super::*;
use agora_primitives::traits::StorageAgreements;

impl<T: Config> Pallet<T> {
	/// Consumer, provider and storage bytes of agreement `id` while it is active or under
	/// dispute: the storage obligation (challenges, faults, failure) runs on during a dispute.
	pub fn active_storage(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u64)> {
		Agreements::<T>::get(id)
			.filter(|a| a.status.reserves_capacity())
			.map(|a| (a.consumer, a.provider, a.resources.storage_bytes))
	}
}

impl<T: Config> StorageAgreements<T::AccountId> for Pallet<T> {
	fn active_storage(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u64)> {
		Self::active_storage(id)
	}

	fn data_committed(id: AgreementId) {
		Agreements::<T>::mutate(id, |maybe| {
			if let Some(a) = maybe.as_mut().filter(|a| a.status.reserves_capacity()) {
				a.data_committed_at.get_or_insert(Self::now());
			}
		});
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_active(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		storage: u64,
	) -> Option<AgreementId> {
		Self::create_active_for_benchmarks(consumer, provider, storage).ok()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn end_for_benchmarks(id: AgreementId) {
		Self::on_storage_failure(id);
	}
}
