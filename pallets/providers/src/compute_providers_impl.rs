//! [`ComputeProviders`] for the job market: who may work on jobs, at what price.

use super::*;
use agora_primitives::{market::ProviderStatus, traits::ComputeProviders, Balance};

impl<T: Config> Pallet<T> {
	/// `who`'s price of one vCPU per period and its declared vCPUs, if it is registered, takes
	/// requests (active, not suspended) and declares at least one vCPU.
	pub fn compute_offer(who: &T::AccountId) -> Option<(Balance, u32)> {
		let p = Providers::<T>::get(who)?;
		if p.status != ProviderStatus::Active || p.suspended || p.capacity.vcpus == 0 {
			return None;
		}
		Some((p.prices.vcpu, p.capacity.vcpus))
	}
}

impl<T: Config> ComputeProviders<T::AccountId> for Pallet<T> {
	fn compute_offer(who: &T::AccountId) -> Option<(Balance, u32)> {
		Self::compute_offer(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_compute_for_benchmarks(who: &T::AccountId, vcpus: u32, price: Balance) {
		use agora_primitives::traits::ProviderRegistry;
		let capacity = Resources { storage_bytes: 0, vcpus, memory_mib: 0, gpus: 0 };
		let prices = PriceList { storage_per_gib: 0, vcpu: price, memory_per_gib: 0, gpu: 0 };
		<Self as ProviderRegistry<T::AccountId>>::register_for_benchmarks(who, capacity, prices);
	}
}
