//! Benchmarks of the providers pallet (frame-benchmarking v2), each at its worst case: the
//! longest metadata, a bond that has to grow, a provider with live reservations.

use super::*;
use agora_primitives::market::ProviderStatus;
use agora_primitives::{
	market::{PriceList, ProviderRegistry, Resources, TIB},
	Balance,
};
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::Saturating;

const SEED: u32 = 0;

fn capacity(tib: u64) -> Resources {
	Resources {
		storage_bytes: tib.saturating_mul(TIB as u64),
		vcpus: 64,
		memory_mib: 1 << 20,
		gpus: 8,
	}
}

fn prices() -> PriceList {
	PriceList { storage_per_gib: 1_000, vcpu: 1_000, memory_per_gib: 1_000, gpu: 1_000 }
}

fn full_string<S: Get<u32>>() -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(vec![b'x'; S::get() as usize])
}

fn full_attributes<T: Config>() -> Attributes<T> {
	let extra = (0..T::MaxAttributes::get())
		.map(|_| Attribute { key: full_string(), value: full_string() })
		.collect::<alloc::vec::Vec<_>>();
	Attributes { region: full_string(), extra: BoundedVec::truncate_from(extra) }
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, SEED);
	let amount: Balance = Params::<T>::get()
		.bond_for(&capacity(1_000))
		.unwrap_or_default()
		.saturating_mul(10)
		.saturating_add(1_000_000_000_000_000);
	assert!(T::Currency::set_balance(&who, amount) >= amount, "the benchmark account is funded");
	who
}

fn registered<T: Config>() -> T::AccountId {
	let who = funded::<T>("provider");
	Pallet::<T>::do_register(
		who.clone(),
		capacity(10),
		prices(),
		full_string(),
		full_attributes::<T>(),
	)
	.expect("the benchmark provider registers");
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		let who = funded::<T>("provider");
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			capacity(10),
			prices(),
			full_string(),
			full_attributes::<T>(),
		);
		assert!(Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn update_resources() {
		let who = registered::<T>();
		Pallet::<T>::reserve(&who, &capacity(1)).expect("capacity is reserved");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), capacity(100));
		assert_eq!(Providers::<T>::get(&who).map(|p| p.capacity), Some(capacity(100)));
	}

	#[benchmark]
	fn update_prices() {
		let who = registered::<T>();
		let new = PriceList { vcpu: 1, ..prices() };
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), new);
		assert_eq!(Providers::<T>::get(&who).map(|p| p.prices), Some(new));
	}

	#[benchmark]
	fn update_endpoint() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), full_string());
	}

	#[benchmark]
	fn update_attributes() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), full_attributes::<T>());
	}

	#[benchmark]
	fn pause() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Providers::<T>::get(&who).is_some_and(|p| p.status != ProviderStatus::Active));
	}

	#[benchmark]
	fn resume() {
		let who = registered::<T>();
		Pallet::<T>::do_pause(who.clone()).expect("the provider pauses");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Providers::<T>::get(&who).is_some_and(|p| p.status == ProviderStatus::Active));
	}

	#[benchmark]
	fn unregister() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Providers::<T>::get(&who)
			.is_some_and(|p| matches!(p.status, ProviderStatus::Unbonding { .. })));
	}

	#[benchmark]
	fn withdraw_bond() {
		let who = registered::<T>();
		Pallet::<T>::do_unregister(who.clone()).expect("the provider unregisters");
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(Params::<T>::get().unbonding_period);
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let who = registered::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Providers::<T>::get(&who).is_some_and(|p| p.suspended));
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let who = registered::<T>();
		Pallet::<T>::do_set_suspended(who.clone(), true).expect("the provider is suspended");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Providers::<T>::get(&who).is_some_and(|p| !p.suspended));
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params =
			ProviderParams { bond_base: 1, bond_per_tib: 2, unbonding_period: 3u32.into() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
