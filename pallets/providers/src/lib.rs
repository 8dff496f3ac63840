//! # Providers pallet
//!
//! The registry of Agora's infrastructure providers: what each offers, at what price, where to
//! reach it, and its registration bond.
//!
//! ## Model
//!
//! A provider is an account that [`Pallet::register`]s a capacity ([`Resources`]: storage bytes,
//! vCPUs, memory, GPUs), a [`PriceList`] (per unit per period), an endpoint and attributes
//! (region and free key/values, all bounded). Registering holds a bond from the provider under
//! [`HoldReason::ProviderBond`]: `bond_base + bond_per_tib × declared TiB` (rounded up). The bond
//! also pays for the record's storage: the record is bounded by the pallet's constants.
//!
//! The bond is a **registration deposit**, not insurance: nothing slashes it, and it comes back
//! in full after unbonding. It makes each provider identity cost something, more for more
//! declared capacity. Consumers' losses are covered **per agreement** by the provider collateral
//! the agreements pallet holds when the provider accepts (its tunable `collateral_percent` of
//! one installment: the knob to cover more): missed storage challenges, failure, abandonment and
//! rulings pay from it to the consumer. One bond shared by all of a provider's agreements would
//! cover them only by luck, and slashing it would give consumers a reason to provoke faults.
//!
//! Capacity is booked, never overbooked: the agreements pallet reserves an agreement's resources
//! when it becomes active and releases them when it ends, through the
//! [`agora_primitives::traits::ProviderRegistry`] implementation of this pallet. `used` always
//! fits in `capacity`; [`Pallet::update_resources`] cannot shrink below `used`, and the bond
//! follows the new size.
//!
//! Prices can change at any time ([`Pallet::update_prices`]): an agreement locks the price of
//! its request, so only new requests see new prices.
//!
//! ## Life of a provider
//!
//! * `Active`: takes new requests.
//! * `Paused` ([`Pallet::pause`] / [`Pallet::resume`]): takes no new requests; live agreements
//!   run on, and requests made before pausing may still be accepted.
//! * `Unbonding` ([`Pallet::unregister`], only with no live agreement): gone from searches; the
//!   bond is released by [`Pallet::withdraw_bond`] once `unbonding_period` blocks passed, and
//!   the record is removed.
//! * Governance may [`Pallet::suspend`] a provider (no new requests, no acceptance, no
//!   unregistering while suspended, so the bond stays at hand) and [`Pallet::reinstate`] it.
//!
//! ## Tunables
//!
//! [`Params`] (bond base, bond per TiB, unbonding period) is set per chain in the genesis preset
//! and changed by governance with [`Pallet::set_params`]. A change applies to bonds computed
//! afterwards (registration, resizing), not to bonds already held.

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
mod compute_providers_impl;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use agora_primitives::market::{PriceList, Resources};

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::providers";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::{traits::ProviderScores, Balance};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: bonds are holds on it.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Providers' reputation scores, which searches filter and order by (the reputation
		/// pallet on a runtime; `()` scores everyone 50 %).
		type Scores: ProviderScores<Self::AccountId>;

		/// May suspend and reinstate providers and change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Longest endpoint, in bytes.
		#[pallet::constant]
		type MaxEndpointLen: Get<u32>;

		/// Longest region, attribute key or attribute value, in bytes.
		#[pallet::constant]
		type MaxAttributeLen: Get<u32>;

		/// Most free key/value attributes per provider.
		#[pallet::constant]
		type MaxAttributes: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's registration bond (a deposit, never slashed).
		#[codec(index = 0)]
		ProviderBond,
	}

	/// Registered providers (including unbonding ones until they withdraw their bond).
	#[pallet::storage]
	pub type Providers<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, ProviderRecord<T>, OptionQuery>;

	/// The registry's counters for `agora_marketStats`: providers by status, declared and booked
	/// capacity. Updated at every change; `try_state` checks them against a full scan.
	#[pallet::storage]
	pub type Counters<T: Config> =
		StorageValue<_, agora_primitives::stats::ProviderCounters, ValueQuery>;

	/// The registry's tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ProviderParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The registry's tunables for this chain.
		pub params: ProviderParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(Pallet::<T>::params_valid(&self.params), "invalid provider params in genesis");
			Params::<T>::put(self.params.clone());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider registered and its bond is held.
		Registered { provider: T::AccountId, capacity: Resources, bond: Balance },
		/// A provider changed its capacity; its bond is now `bond`.
		ResourcesUpdated { provider: T::AccountId, capacity: Resources, bond: Balance },
		/// A provider changed its prices (new requests only).
		PricesUpdated { provider: T::AccountId, prices: PriceList },
		/// A provider changed its endpoint.
		EndpointUpdated { provider: T::AccountId },
		/// A provider changed its region or attributes.
		AttributesUpdated { provider: T::AccountId },
		/// A provider stopped taking new requests.
		Paused { provider: T::AccountId },
		/// A provider takes new requests again.
		Resumed { provider: T::AccountId },
		/// A provider left; its bond can be withdrawn from block `unlocks_at`.
		Unregistered { provider: T::AccountId, unlocks_at: BlockNumberFor<T> },
		/// A former provider got its bond back; the record is gone.
		BondWithdrawn { provider: T::AccountId, amount: Balance },
		/// Governance suspended a provider.
		Suspended { provider: T::AccountId },
		/// Governance lifted a suspension.
		Reinstated { provider: T::AccountId },
		/// Governance changed the registry's tunables.
		ParamsUpdated { params: ProviderParams<BlockNumberFor<T>> },
		/// Capacity was reserved for an agreement that became active.
		CapacityReserved { provider: T::AccountId, resources: Resources },
		/// Capacity was released by an agreement that ended.
		CapacityReleased { provider: T::AccountId, resources: Resources },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already registered (or still unbonding).
		AlreadyRegistered,
		/// The account is not a registered provider.
		NotRegistered,
		/// A provider must offer some resource.
		NoResources,
		/// The new capacity is below what live agreements use.
		CapacityInUse,
		/// The provider is already paused.
		AlreadyPaused,
		/// The provider is not paused.
		NotPaused,
		/// The provider unregistered: it can only withdraw its bond.
		Unbonding,
		/// The provider has not unregistered.
		NotUnbonding,
		/// The unbonding period is not over.
		BondLocked,
		/// The provider still has live agreements.
		LiveAgreements,
		/// The provider is suspended.
		Suspended,
		/// The provider is already suspended.
		AlreadySuspended,
		/// The provider is not suspended.
		NotSuspended,
		/// The account's free balance cannot cover the bond.
		InsufficientBond,
		/// A bond or price computation overflowed.
		Overflow,
		/// Invalid tunables: the unbonding period must be at least one block.
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxEndpointLen::get() >= 1, "MaxEndpointLen must be at least 1");
			assert!(T::MaxAttributeLen::get() >= 1, "MaxAttributeLen must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a provider of `capacity` at `prices`, reachable at
		/// `endpoint`. Holds the bond for `capacity`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			capacity: Resources,
			prices: PriceList,
			endpoint: Endpoint<T>,
			attributes: Attributes<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who, capacity, prices, endpoint, attributes)
		}

		/// Change the declared capacity. It cannot drop below what live agreements use; the bond
		/// is recomputed for the new size (more is held, or the difference released).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_resources())]
		pub fn update_resources(origin: OriginFor<T>, capacity: Resources) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_resources(who, capacity)
		}

		/// Change the price list. Existing agreements and pending requests keep their price.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::update_prices())]
		pub fn update_prices(origin: OriginFor<T>, prices: PriceList) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::mutate_listed(&who, |p| {
				p.prices = prices;
				Ok(())
			})?;
			Self::deposit_event(Event::PricesUpdated { provider: who, prices });
			Ok(())
		}

		/// Change the endpoint.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::update_endpoint())]
		pub fn update_endpoint(origin: OriginFor<T>, endpoint: Endpoint<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::mutate_listed(&who, |p| {
				p.endpoint = endpoint;
				Ok(())
			})?;
			Self::deposit_event(Event::EndpointUpdated { provider: who });
			Ok(())
		}

		/// Change the region and attributes.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::update_attributes())]
		pub fn update_attributes(
			origin: OriginFor<T>,
			attributes: Attributes<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::mutate_listed(&who, |p| {
				p.attributes = attributes;
				Ok(())
			})?;
			Self::deposit_event(Event::AttributesUpdated { provider: who });
			Ok(())
		}

		/// Stop taking new requests. Live agreements continue.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_pause(who)
		}

		/// Take new requests again.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resume(who)
		}

		/// Leave the registry. Refused while agreements are live or while suspended. The bond
		/// stays held for `unbonding_period` blocks, then [`Pallet::withdraw_bond`] returns it.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::unregister())]
		pub fn unregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unregister(who)
		}

		/// Release the bond of an unregistered provider whose unbonding period is over, and
		/// remove its record.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who)
		}

		/// Suspend `provider` (governance): no new requests or acceptances, no unregistering.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_suspended(provider, true)
		}

		/// Lift the suspension of `provider` (governance).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_suspended(provider, false)
		}

		/// Change the registry's tunables (governance).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: ProviderParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsUpdated { params });
			Ok(())
		}
	}
}
