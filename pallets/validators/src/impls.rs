//! The logic of the validators pallet, and its `SessionManager` and `OnOffenceHandler`
//! implementations.

use super::*;
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Weight},
	traits::{Get, ValidatorRegistration},
};
use sp_runtime::Perbill;
use sp_staking::{
	offence::{OffenceDetails, OnOffenceHandler},
	SessionIndex,
};

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

	/// Handle a reported offence by `who`: remove it from the desired set if the minimum
	/// allows, disable it for the session, and say so.
	pub(crate) fn do_report_offender(who: T::AccountId, session: SessionIndex) {
		let removed = Validators::<T>::mutate(|set| match set.binary_search(&who) {
			Ok(pos) if set.len() > MinValidators::<T>::get() as usize => {
				set.remove(pos);
				true
			},
			_ => false,
		});
		if removed {
			SetChanged::<T>::put(true);
		}
		let disabled = T::OffenderDisabling::disable(&who);
		log::warn!(
			target: LOG_TARGET,
			"offence by {who:?} in session {session}: removed {removed}, disabled {disabled}"
		);
		Self::deposit_event(Event::OffenderReported { who, session, removed, disabled });
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

/// Called by `pallet-offences` for every reported offence. The offender is the first element
/// of the identification tuple (`(validator id, full identification)` from `pallet-session`'s
/// historical module); there is no stake, so the slash fraction is ignored.
impl<T: Config, Reporter, Identification>
	OnOffenceHandler<Reporter, (T::AccountId, Identification), Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[OffenceDetails<Reporter, (T::AccountId, Identification)>],
		_slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		let mut weight = Weight::zero();
		for details in offenders {
			Self::do_report_offender(details.offender.0.clone(), session);
			weight = weight.saturating_add(T::WeightInfo::report_offender(T::MaxValidators::get()));
		}
		weight
	}
}

/// With `pallet-session`'s historical module the session manager also gives each validator's
/// full identification: Agora has none beyond the account (`()`).
impl<T: Config> pallet_session::historical::SessionManager<T::AccountId, ()> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<(T::AccountId, ())>> {
		<Self as pallet_session::SessionManager<_>>::new_session(new_index)
			.map(|set| set.into_iter().map(|who| (who, ())).collect())
	}

	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<(T::AccountId, ())>> {
		<Self as pallet_session::SessionManager<_>>::new_session_genesis(new_index)
			.map(|set| set.into_iter().map(|who| (who, ())).collect())
	}

	fn start_session(start_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(start_index)
	}

	fn end_session(end_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(end_index)
	}
}
