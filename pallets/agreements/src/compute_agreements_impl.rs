//! [`ComputeAgreements`] for the job market: which agreements rent vCPUs, between whom.

use super::*;
use agora_primitives::{market::AgreementStatus, traits::ComputeAgreements};

impl<T: Config> Pallet<T> {
	/// Consumer, provider and reserved vCPUs of agreement `id`, if it is active (not disputed,
	/// not ended) and reserves at least one vCPU.
	pub fn active_compute(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u32)> {
		Agreements::<T>::get(id)
			.filter(|a| a.status == AgreementStatus::Active && a.resources.vcpus >= 1)
			.map(|a| (a.consumer, a.provider, a.resources.vcpus))
	}
}

impl<T: Config> ComputeAgreements<T::AccountId> for Pallet<T> {
	fn active_compute(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u32)> {
		Self::active_compute(id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_compute_for_benchmarks(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		vcpus: u32,
	) -> AgreementId {
		use agora_primitives::market::PriceList;
		let vcpus = vcpus.max(1);
		Self::create_active_renting_for_benchmarks(
			consumer,
			provider,
			Resources { storage_bytes: 0, vcpus, memory_mib: 0, gpus: 0 },
			PriceList { storage_per_gib: 0, vcpu: 1_000, memory_per_gib: 0, gpu: 0 },
			Resources { storage_bytes: 0, vcpus, memory_mib: 0, gpus: 0 },
		)
		.expect("the benchmark compute agreement is requested and accepted")
	}
}
