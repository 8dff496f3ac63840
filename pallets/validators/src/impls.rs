//! The logic of the validators pallet, and its `SessionManager` implementation.

use super::*;
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{Get, ValidatorRegistration},
};
use sp_staking::SessionIndex;

impl<T: Config> Pallet<T> {
	/// The current desired validator set.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	pub(crate) fn do_add_validator(who: T::AccountId) -> DispatchResult {
		ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
		Validators::<T>::try_mutate(|set| -> DispatchResult {
			let pos = match set.binary_search(&who) {
				Ok(_) => return Err(Error::<T>::AlreadyValidator.into()),
				Err(pos) => pos,
			};
			set.try_insert(pos, who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Ok(())
		})?;
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	pub(crate) fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|set| -> DispatchResult {
			let pos = set.binary_search(&who).map_err(|_| Error::<T>::NotValidator)?;
			ensure!(set.len() > MinValidators::<T>::get() as usize, Error::<T>::TooFewValidators);
			set.remove(pos);
			Ok(())
		})?;
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}

	pub(crate) fn do_set_min_validators(min: u32) -> DispatchResult {
		ensure!(
			min >= 1
				&& min <= T::MaxValidators::get()
				&& min as usize <= Validators::<T>::decode_len().unwrap_or(0),
			Error::<T>::InvalidMinimum
		);
		MinValidators::<T>::put(min);
		Self::deposit_event(Event::MinValidatorsSet { min });
		Ok(())
	}

	/// Invariants: the set is sorted without duplicates, and never below the minimum.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let set = Validators::<T>::get();
		ensure!(
			set.windows(2).all(|w| matches!(w, [a, b] if a < b)),
			"validator set not sorted or has duplicates"
		);
		let min = MinValidators::<T>::get();
		ensure!(min >= 1, "MinValidators is zero");
		// An empty set means the pallet is not in use (see the genesis config).
		ensure!(set.is_empty() || set.len() >= min as usize, "validator set below MinValidators");
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let validators = Self::validators();
		Self::deposit_event(Event::NewSetPlanned {
			session: new_index,
			validators: validators.len() as u32,
		});
		Some(validators)
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		// The genesis set: no event, nothing "changed". Empty: let the session pallet use its
		// genesis keys.
		let validators = Self::validators();
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}
