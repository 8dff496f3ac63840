//! # Validators pallet
//!
//! The validator set of an Agora chain, chosen by governance.
//!
//! ## Model
//!
//! Agora is a solochain secured by BABE and GRANDPA. `pallet-session` rotates the authority set at
//! session boundaries and asks its [`pallet_session::SessionManager`] which validators to use
//! next. This pallet is that session manager: it keeps the *desired* validator set in
//! [`Validators`], and a governance origin ([`Config::GovernanceOrigin`]) changes it with
//! [`Pallet::add_validator`] and [`Pallet::remove_validator`].
//!
//! A change never takes effect inside the current session. At the next session boundary
//! `pallet-session` asks for the set of the session after it, gets the new set, and queues it;
//! BABE and GRANDPA learn the new authorities one session ahead, and the set becomes active at the
//! start of the following session. The [`Event::NewSetPlanned`] event says which session will use
//! it.
//!
//! ## Safety rails
//!
//! * The set never drops below [`MinValidators`] (genesis-configured, changeable by governance
//!   with [`Pallet::set_min_validators`]), so governance cannot halt block production by mistake.
//! * It never exceeds [`Config::MaxValidators`]: storage stays bounded.
//! * An account can only be added once it has registered session keys (`session.setKeys`);
//!   `pallet-session` would silently skip a validator without keys, so we refuse it up front with
//!   [`Error::NoSessionKeys`].
//!
//! ## Offences
//!
//! A validator that equivocates (two BABE blocks for one slot, two GRANDPA votes for one round)
//! is reported on chain: BABE and GRANDPA check the equivocation proof and the key-owner proof
//! (through `pallet-session`'s historical module), `pallet-offences` records the offence once,
//! and calls this pallet as its [`sp_staking::offence::OnOffenceHandler`]. There is no stake to
//! slash; instead the offender
//!
//! * is removed from the desired set, so it leaves the authorities at the session after the next
//!   boundary, unless that would drop the set below [`MinValidators`] (a chain with one
//!   validator keeps it rather than halt);
//! * is disabled at once through [`Config::OffenderDisabling`] (on Agora, `pallet-session`'s
//!   disabling strategy, which disables at most a third of the set so finality goes on): its
//!   blocks are refused for the rest of the session.
//!
//! [`Event::OffenderReported`] says what was done. Governance may add it back later.
//!
//! ## Block timing
//!
//! The chain's slot duration and epoch length are genesis tunables kept here ([`Timing`]), so one
//! runtime serves a dev chain with short slots and production chains with 6-second slots. The
//! runtime reads them through [`SlotDuration`] (BABE's expected block time), [`MinimumPeriod`]
//! (the timestamp pallet's, half a slot, which BABE doubles into its slot duration) and
//! [`EpochDuration`] (BABE's epoch, which is also the session). Both are fixed for the life of
//! the chain: BABE cannot change either once blocks exist, so no call changes them.
//!
//! ## Calls
//!
//! * [`Pallet::add_validator`]: add an account to the desired set (governance).
//! * [`Pallet::remove_validator`]: remove an account from the desired set (governance).
//! * [`Pallet::set_min_validators`]: change the minimum size of the set (governance).

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code never panics and never overflows silently: these are denied outside tests,
// mocks and benchmarks (scripts/lint.sh).
#![cfg_attr(
	not(test),
	deny(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

/// The chain's block timing: a genesis tunable, fixed for the life of the chain.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BlockTiming {
	/// Milliseconds per BABE slot (one block per slot on average). Even, at least 2: the
	/// timestamp pallet's minimum period is half of it.
	pub slot_duration: u64,
	/// Slots per BABE epoch, which is also a session. At least 1.
	pub epoch_length: u64,
}

impl BlockTiming {
	/// Production timing: 6-second slots, 10-minute epochs.
	pub const PRODUCTION: Self = Self { slot_duration: 6_000, epoch_length: 100 };

	/// Whether BABE and the timestamp pallet can run with this timing.
	pub fn is_valid(&self) -> bool {
		self.slot_duration >= 2 && self.slot_duration.is_multiple_of(2) && self.epoch_length >= 1
	}
}

impl Default for BlockTiming {
	fn default() -> Self {
		Self::PRODUCTION
	}
}

/// BABE's expected block time: the slot duration in milliseconds, from [`Timing`].
pub struct SlotDuration<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Get<u64> for SlotDuration<T> {
	fn get() -> u64 {
		Timing::<T>::get().slot_duration
	}
}

/// The timestamp pallet's minimum period: half a slot, from [`Timing`]. BABE derives its slot
/// duration as twice this, so it agrees with [`SlotDuration`] for every valid timing.
pub struct MinimumPeriod<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Get<u64> for MinimumPeriod<T> {
	fn get() -> u64 {
		Timing::<T>::get().slot_duration / 2
	}
}

/// BABE's epoch (and so the session) length in slots, from [`Timing`].
pub struct EpochDuration<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Get<u64> for EpochDuration<T> {
	fn get() -> u64 {
		Timing::<T>::get().epoch_length
	}
}

/// Disables an offending validator for the rest of the session.
pub trait DisableOffender<AccountId> {
	/// Disable `who` if the chain's disabling policy allows it; true if it is now disabled.
	fn disable(who: &AccountId) -> bool;
}

/// No disabling: offenders are only removed from the desired set.
impl<AccountId> DisableOffender<AccountId> for () {
	fn disable(_who: &AccountId) -> bool {
		false
	}
}

/// Prepares benchmark accounts: on a runtime, registers real session keys for them.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` pass [`Config::ValidatorRegistration`].
	fn register_session_keys(who: &AccountId);
	/// Make `set` the validators of the current session (so an offender among them can be
	/// disabled). Nothing by default.
	fn activate(_set: &[AccountId]) {}
}

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::validators";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{BuildGenesisConfig, ValidatorRegistration},
	};
	use frame_system::pallet_prelude::*;
	use sp_staking::SessionIndex;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin that may change the validator set (governance: root on Agora).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Tells whether an account has registered session keys. On a runtime this is
		/// `pallet_session::Pallet`.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// The largest validator set this chain supports.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Disables a reported offender for the rest of the session (see the module docs).
		type OffenderDisabling: DisableOffender<Self::AccountId>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;

		/// Sets up accounts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The desired validator set, sorted by account id. It is handed to `pallet-session` at the
	/// next session boundary when [`SetChanged`] says it changed.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since it was last handed to `pallet-session`.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The fewest validators the set may have.
	#[pallet::storage]
	pub type MinValidators<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The chain's block timing, set at genesis and never changed (production timing if unset).
	#[pallet::storage]
	pub type Timing<T: Config> = StorageValue<_, BlockTiming, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions. Each must also have session keys in
		/// `pallet-session`'s genesis.
		pub validators: Vec<T::AccountId>,
		/// The fewest validators the set may have; at least 1.
		pub min_validators: u32,
		/// The chain's slot duration and epoch length.
		pub timing: BlockTiming,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// No validators (the pallet is not in use), minimum 1, production timing.
		fn default() -> Self {
			Self { validators: Vec::new(), min_validators: 1, timing: BlockTiming::PRODUCTION }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.min_validators >= 1, "min_validators must be at least 1");
			assert!(
				self.timing.is_valid(),
				"slot duration must be even and at least 2 ms, epoch length at least 1 slot"
			);
			MinValidators::<T>::put(self.min_validators);
			Timing::<T>::put(self.timing);
			if self.validators.is_empty() {
				// Not in use: `pallet-session` falls back to its genesis keys.
				return;
			}
			let mut validators = self.validators.clone();
			validators.sort();
			validators.dedup();
			assert_eq!(validators.len(), self.validators.len(), "duplicate genesis validator");
			assert!(
				validators.len() >= self.min_validators as usize,
				"fewer genesis validators than min_validators"
			);
			let bounded: BoundedVec<_, T::MaxValidators> =
				validators.try_into().expect("more genesis validators than MaxValidators");
			Validators::<T>::put(bounded);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account joined the desired validator set; it takes part from the session named in
		/// the next [`Event::NewSetPlanned`].
		ValidatorAdded { who: T::AccountId },
		/// An account left the desired validator set.
		ValidatorRemoved { who: T::AccountId },
		/// The desired set was handed to `pallet-session`: it is active from `session` on.
		NewSetPlanned { session: SessionIndex, validators: u32 },
		/// The minimum size of the validator set changed.
		MinValidatorsSet { min: u32 },
		/// An offence (an equivocation) by `who` in `session` was reported. `removed`: it left
		/// the desired set (false if it was not in it, or if the set is at its minimum).
		/// `disabled`: it is disabled for the rest of the current session.
		OffenderReported { who: T::AccountId, session: SessionIndex, removed: bool, disabled: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the validator set.
		AlreadyValidator,
		/// The account is not in the validator set.
		NotValidator,
		/// The set would exceed `MaxValidators`.
		TooManyValidators,
		/// The set would drop below `MinValidators`.
		TooFewValidators,
		/// The account has not registered session keys (`session.setKeys`) yet.
		NoSessionKeys,
		/// The minimum must be at least 1, at most `MaxValidators` and at most the current set
		/// size.
		InvalidMinimum,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxValidators::get() >= 1, "MaxValidators must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set, effective from the session after the next boundary.
		///
		/// The origin must be [`Config::GovernanceOrigin`]. `who` must have session keys
		/// registered.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Remove `who` from the validator set, effective from the session after the next
		/// boundary. The set never drops below [`MinValidators`].
		///
		/// The origin must be [`Config::GovernanceOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}

		/// Set the minimum size of the validator set.
		///
		/// The origin must be [`Config::GovernanceOrigin`]. `min` must be at least 1, at most
		/// `MaxValidators`, and at most the current size of the set.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, min: u32) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_min_validators(min)
		}
	}
}
