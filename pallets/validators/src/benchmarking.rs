//! Benchmarks of the validators pallet (frame-benchmarking v2).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

const SEED: u32 = 0;

/// Fill the set with `n` validators (each with session keys) and return them.
fn fill_set<T: Config>(n: u32) -> Result<Vec<T::AccountId>, BenchmarkError> {
	let mut set: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, SEED)).collect();
	for who in &set {
		T::BenchmarkHelper::register_session_keys(who);
	}
	set.sort();
	let bounded = BoundedVec::try_from(set.clone()).map_err(|_| BenchmarkError::Weightless)?;
	Validators::<T>::put(bounded);
	MinValidators::<T>::put(1);
	Ok(set)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `v`: validators already in the set.
	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill_set::<T>(v)?;
		let who: T::AccountId = account("new", 0, SEED);
		T::BenchmarkHelper::register_session_keys(&who);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	/// `v`: validators in the set before the removal.
	#[benchmark]
	fn remove_validator(v: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let set = fill_set::<T>(v)?;
		let who = set.last().cloned().ok_or(BenchmarkError::Weightless)?;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		fill_set::<T>(2)?;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2);

		assert_eq!(MinValidators::<T>::get(), 2);
		Ok(())
	}

	/// `v`: validators in the set, all of them active in the session; the offender is removed
	/// and disabled.
	#[benchmark]
	fn report_offender(v: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let set = fill_set::<T>(v)?;
		T::BenchmarkHelper::activate(&set);
		let who = set.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[block]
		{
			Pallet::<T>::do_report_offender(who.clone(), 0);
		}

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
