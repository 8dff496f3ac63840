//! [`ComputeAgreements`] for the job market: which agreements rent vCPUs, between whom.

use super::*;
#[cfg(feature = "runtime-benchmarks")]
use agora_primitives::Balance;
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
		use agora_primitives::{market::PriceList, traits::ProviderRegistry};
		use frame_support::traits::fungible::Mutate;
		let funds: Balance = 1_000_000_000_000_000_000_000;
		if T::Providers::reserved(provider).is_none() {
			assert!(T::Currency::set_balance(provider, funds) >= funds, "the provider is funded");
			let capacity =
				Resources { storage_bytes: 0, vcpus: vcpus.max(1), memory_mib: 0, gpus: 0 };
			let prices = PriceList { storage_per_gib: 0, vcpu: 1_000, memory_per_gib: 0, gpu: 0 };
			T::Providers::register_for_benchmarks(provider, capacity, prices);
		}
		assert!(T::Currency::set_balance(consumer, funds) >= funds, "the consumer is funded");
		let id = NextAgreementId::<T>::get();
		let resources = Resources { storage_bytes: 0, vcpus: vcpus.max(1), memory_mib: 0, gpus: 0 };
		let duration = Params::<T>::get().min_duration.max(1);
		let plan = PaymentPlan { installment_periods: 1 };
		Self::do_request(
			consumer.clone(),
			provider.clone(),
			resources,
			duration,
			plan,
			Balance::MAX,
		)
		.expect("the benchmark compute agreement is requested");
		Self::do_accept(provider.clone(), id).expect("the benchmark compute agreement is accepted");
		id
	}
}
