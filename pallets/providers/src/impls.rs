//! The logic of the providers pallet, its views for the runtime API, and its
//! [`ProviderRegistry`] implementation for the agreements pallet.

use super::*;
use agora_primitives::{
	market::{
		AttributeView, ProviderMatch, ProviderOrder, ProviderQuery, ProviderStatus, ProviderView,
		QuoteError,
	},
	stats::ProviderCounters,
	traits::{ProviderRegistry, ProviderScores},
	Balance,
};
use alloc::vec::Vec;
use frame_support::{
	defensive, ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Zero, DispatchError, Perbill, Saturating};

impl<T: Config> Pallet<T> {
	/// Whether `params` are acceptable tunables.
	pub fn params_valid(params: &ProviderParams<BlockNumberFor<T>>) -> bool {
		!params.unbonding_period.is_zero()
	}

	fn bond_reason() -> T::RuntimeHoldReason {
		HoldReason::ProviderBond.into()
	}

	/// Change the registry's counters.
	fn count(f: impl FnOnce(&mut ProviderCounters)) {
		Counters::<T>::mutate(f);
	}

	/// The counter of providers in `status`.
	fn status_count<'a>(
		c: &'a mut ProviderCounters,
		status: &ProviderStatus<BlockNumberFor<T>>,
	) -> &'a mut u32 {
		match status {
			ProviderStatus::Active => &mut c.active,
			ProviderStatus::Paused => &mut c.paused,
			ProviderStatus::Unbonding { .. } => &mut c.unbonding,
		}
	}

	/// Move a provider from status `from` to `to` in the counters.
	fn count_status(
		from: &ProviderStatus<BlockNumberFor<T>>,
		to: &ProviderStatus<BlockNumberFor<T>>,
	) {
		Self::count(|c| {
			let n = Self::status_count(c, from);
			*n = n.saturating_sub(1);
			let n = Self::status_count(c, to);
			*n = n.saturating_add(1);
		});
	}

	pub(crate) fn do_register(
		who: T::AccountId,
		capacity: Resources,
		prices: PriceList,
		endpoint: Endpoint<T>,
		attributes: Attributes<T>,
	) -> DispatchResult {
		ensure!(!Providers::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
		ensure!(!capacity.is_zero(), Error::<T>::NoResources);
		let bond = Params::<T>::get().bond_for(&capacity).ok_or(Error::<T>::Overflow)?;
		T::Currency::hold(&Self::bond_reason(), &who, bond)
			.map_err(|_| Error::<T>::InsufficientBond)?;
		Providers::<T>::insert(
			&who,
			ProviderRecord {
				capacity,
				used: Resources::zero(),
				prices,
				endpoint,
				attributes,
				status: ProviderStatus::Active,
				suspended: false,
				bond,
				live_agreements: 0,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::count(|c| {
			c.active = c.active.saturating_add(1);
			c.declared = c.declared.saturating_add(&capacity);
		});
		Self::deposit_event(Event::Registered { provider: who, capacity, bond });
		Ok(())
	}

	pub(crate) fn do_update_resources(who: T::AccountId, capacity: Resources) -> DispatchResult {
		let bond = Self::mutate_listed(&who, |p| {
			ensure!(!capacity.is_zero(), Error::<T>::NoResources);
			ensure!(p.used.fits_in(&capacity), Error::<T>::CapacityInUse);
			let bond = Params::<T>::get().bond_for(&capacity).ok_or(Error::<T>::Overflow)?;
			if bond > p.bond {
				T::Currency::hold(&Self::bond_reason(), &who, bond.saturating_sub(p.bond))
					.map_err(|_| Error::<T>::InsufficientBond)?;
			} else if bond < p.bond {
				T::Currency::release(
					&Self::bond_reason(),
					&who,
					p.bond.saturating_sub(bond),
					Precision::Exact,
				)?;
			}
			let old = p.capacity;
			Self::count(|c| c.declared = c.declared.saturating_sub(&old).saturating_add(&capacity));
			p.capacity = capacity;
			p.bond = bond;
			Ok(bond)
		})?;
		Self::deposit_event(Event::ResourcesUpdated { provider: who, capacity, bond });
		Ok(())
	}

	/// Change a registered provider that has not unregistered; `f`'s error leaves it unchanged.
	pub(crate) fn mutate_listed<R>(
		who: &T::AccountId,
		f: impl FnOnce(&mut ProviderRecord<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		Providers::<T>::try_mutate(who, |maybe| {
			let p = maybe.as_mut().ok_or(Error::<T>::NotRegistered)?;
			ensure!(!matches!(p.status, ProviderStatus::Unbonding { .. }), Error::<T>::Unbonding);
			f(p)
		})
	}

	pub(crate) fn do_pause(who: T::AccountId) -> DispatchResult {
		Self::mutate_listed(&who, |p| {
			ensure!(p.status == ProviderStatus::Active, Error::<T>::AlreadyPaused);
			Self::count_status(&p.status, &ProviderStatus::Paused);
			p.status = ProviderStatus::Paused;
			Ok(())
		})?;
		Self::deposit_event(Event::Paused { provider: who });
		Ok(())
	}

	pub(crate) fn do_resume(who: T::AccountId) -> DispatchResult {
		Self::mutate_listed(&who, |p| {
			ensure!(p.status == ProviderStatus::Paused, Error::<T>::NotPaused);
			Self::count_status(&p.status, &ProviderStatus::Active);
			p.status = ProviderStatus::Active;
			Ok(())
		})?;
		Self::deposit_event(Event::Resumed { provider: who });
		Ok(())
	}

	pub(crate) fn do_unregister(who: T::AccountId) -> DispatchResult {
		let unlocks_at = Self::mutate_listed(&who, |p| {
			ensure!(!p.suspended, Error::<T>::Suspended);
			ensure!(p.live_agreements == 0, Error::<T>::LiveAgreements);
			let until = frame_system::Pallet::<T>::block_number()
				.saturating_add(Params::<T>::get().unbonding_period);
			let unbonding = ProviderStatus::Unbonding { until };
			Self::count_status(&p.status, &unbonding);
			// It leaves the capacity sums (it books nothing: no live agreement).
			let (capacity, used) = (p.capacity, p.used);
			Self::count(|c| {
				c.declared = c.declared.saturating_sub(&capacity);
				c.booked = c.booked.saturating_sub(&used);
			});
			p.status = unbonding;
			Ok(until)
		})?;
		Self::deposit_event(Event::Unregistered { provider: who, unlocks_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_bond(who: T::AccountId) -> DispatchResult {
		let p = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		let ProviderStatus::Unbonding { until } = p.status else {
			return Err(Error::<T>::NotUnbonding.into());
		};
		ensure!(frame_system::Pallet::<T>::block_number() >= until, Error::<T>::BondLocked);
		T::Currency::release(&Self::bond_reason(), &who, p.bond, Precision::Exact)?;
		Providers::<T>::remove(&who);
		Self::count(|c| {
			c.unbonding = c.unbonding.saturating_sub(1);
			if p.suspended {
				c.suspended = c.suspended.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::BondWithdrawn { provider: who, amount: p.bond });
		Ok(())
	}

	pub(crate) fn do_set_suspended(who: T::AccountId, suspend: bool) -> DispatchResult {
		Providers::<T>::try_mutate(&who, |maybe| -> DispatchResult {
			let p = maybe.as_mut().ok_or(Error::<T>::NotRegistered)?;
			if suspend {
				ensure!(!p.suspended, Error::<T>::AlreadySuspended);
			} else {
				ensure!(p.suspended, Error::<T>::NotSuspended);
			}
			p.suspended = suspend;
			Self::count(|c| {
				c.suspended = if suspend {
					c.suspended.saturating_add(1)
				} else {
					c.suspended.saturating_sub(1)
				}
			});
			Ok(())
		})?;
		if suspend {
			Self::deposit_event(Event::Suspended { provider: who });
		} else {
			Self::deposit_event(Event::Reinstated { provider: who });
		}
		Ok(())
	}

	/// Whether `p` takes new requests, and why not.
	fn check_takes_requests(p: &ProviderRecord<T>) -> Result<(), QuoteError> {
		match p.status {
			ProviderStatus::Unbonding { .. } => return Err(QuoteError::ProviderUnbonding),
			ProviderStatus::Paused => return Err(QuoteError::ProviderPaused),
			ProviderStatus::Active => {},
		}
		if p.suspended {
			return Err(QuoteError::ProviderSuspended);
		}
		Ok(())
	}

	fn free(p: &ProviderRecord<T>) -> Resources {
		p.capacity.checked_sub(&p.used).unwrap_or_default()
	}

	/// The runtime API's view of a provider record.
	pub fn view_of(
		account: T::AccountId,
		p: ProviderRecord<T>,
	) -> ProviderView<T::AccountId, BlockNumberFor<T>> {
		ProviderView {
			account,
			capacity: p.capacity,
			used: p.used,
			free: Self::free(&p),
			prices: p.prices,
			endpoint: p.endpoint.into_inner(),
			region: p.attributes.region.into_inner(),
			attributes: p
				.attributes
				.extra
				.into_iter()
				.map(|a| AttributeView { key: a.key.into_inner(), value: a.value.into_inner() })
				.collect(),
			status: p.status,
			suspended: p.suspended,
			bond: p.bond,
			live_agreements: p.live_agreements,
			registered_at: p.registered_at,
		}
	}

	/// A provider, for the runtime API.
	pub fn provider(who: T::AccountId) -> Option<ProviderView<T::AccountId, BlockNumberFor<T>>> {
		Providers::<T>::get(&who).map(|p| Self::view_of(who, p))
	}

	/// A page of providers (storage order), for the runtime API.
	pub fn providers_page(
		page: u32,
		page_size: u32,
	) -> Vec<ProviderView<T::AccountId, BlockNumberFor<T>>> {
		let skip = (page as usize).saturating_mul(page_size as usize);
		Providers::<T>::iter()
			.skip(skip)
			.take(page_size as usize)
			.map(|(who, p)| Self::view_of(who, p))
			.collect()
	}

	/// Providers that take requests, have `query.resources` free, are in `query.region` (if
	/// set), ask at most `query.max_price_per_period` and score at least `query.min_score`
	/// ([`Config::Scores`]); ordered by `query.order_by` (cheapest first, or best-scored first),
	/// at most `limit`.
	///
	/// This walks the whole registry: it is meant for the runtime API (off-chain), never for a
	/// dispatchable.
	pub fn find_providers(
		query: ProviderQuery,
		limit: u32,
	) -> Vec<ProviderMatch<T::AccountId, BlockNumberFor<T>>> {
		let mut found: Vec<(Balance, Perbill, T::AccountId, ProviderRecord<T>)> =
			Providers::<T>::iter()
				.filter(|(_, p)| Self::check_takes_requests(p).is_ok())
				.filter(|(_, p)| query.resources.fits_in(&Self::free(p)))
				.filter(|(_, p)| {
					query.region.is_empty() || p.attributes.region[..] == query.region[..]
				})
				.filter_map(|(who, p)| {
					let price = p.prices.price_per_period(&query.resources)?;
					let score = T::Scores::provider_score(&who);
					let cheap_enough = query.max_price_per_period.is_none_or(|max| price <= max);
					let good_enough = query.min_score.is_none_or(|min| score >= min);
					(cheap_enough && good_enough).then_some((price, score, who, p))
				})
				.collect();
		match query.order_by {
			ProviderOrder::Price => found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2))),
			ProviderOrder::Score => found.sort_by(|a, b| {
				b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)).then_with(|| a.2.cmp(&b.2))
			}),
		}
		found
			.into_iter()
			.take(limit as usize)
			.map(|(price, score, who, p)| ProviderMatch {
				price_per_period: price,
				score,
				provider: Self::view_of(who, p),
			})
			.collect()
	}

	/// Invariants: `used` fits in `capacity`; the recorded bonds equal what is held; an
	/// unbonding provider has nothing reserved; the [`Counters`] equal a full scan.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		ensure!(
			Counters::<T>::get() == Self::scan_counters(),
			"provider counters differ from a scan"
		);
		for (who, p) in Providers::<T>::iter() {
			ensure!(p.used.fits_in(&p.capacity), "provider overbooked");
			ensure!(
				T::Currency::balance_on_hold(&Self::bond_reason(), &who) == p.bond,
				"recorded bond differs from the held bond"
			);
			ensure!(!p.capacity.is_zero(), "provider without capacity");
			if matches!(p.status, ProviderStatus::Unbonding { .. }) {
				ensure!(
					p.live_agreements == 0 && p.used.is_zero(),
					"unbonding provider with reservations"
				);
			}
			ensure!(
				(p.live_agreements == 0) == p.used.is_zero(),
				"reserved capacity and live agreements disagree"
			);
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The [`Counters`] recomputed from every provider record (`try_state` and tests only: it
	/// walks the registry).
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn scan_counters() -> ProviderCounters {
		let mut c = ProviderCounters::default();
		for (_, p) in Providers::<T>::iter() {
			let n = Self::status_count(&mut c, &p.status);
			*n = n.saturating_add(1);
			if p.suspended {
				c.suspended = c.suspended.saturating_add(1);
			}
			if !matches!(p.status, ProviderStatus::Unbonding { .. }) {
				c.declared = c.declared.saturating_add(&p.capacity);
				c.booked = c.booked.saturating_add(&p.used);
			}
		}
		c
	}
}

impl<T: Config> ProviderRegistry<T::AccountId> for Pallet<T> {
	fn price_for_request(
		provider: &T::AccountId,
		resources: &Resources,
	) -> Result<Balance, QuoteError> {
		let p = Providers::<T>::get(provider).ok_or(QuoteError::ProviderNotFound)?;
		Self::check_takes_requests(&p)?;
		if resources.is_zero() {
			return Err(QuoteError::NoResources);
		}
		if !resources.fits_in(&Self::free(&p)) {
			return Err(QuoteError::InsufficientCapacity);
		}
		p.prices.price_per_period(resources).ok_or(QuoteError::Overflow)
	}

	fn reserve(provider: &T::AccountId, resources: &Resources) -> Result<(), QuoteError> {
		Providers::<T>::try_mutate(provider, |maybe| {
			let p = maybe.as_mut().ok_or(QuoteError::ProviderNotFound)?;
			if matches!(p.status, ProviderStatus::Unbonding { .. }) {
				return Err(QuoteError::ProviderUnbonding);
			}
			if p.suspended {
				return Err(QuoteError::ProviderSuspended);
			}
			let used = p.used.checked_add(resources).ok_or(QuoteError::InsufficientCapacity)?;
			if !used.fits_in(&p.capacity) {
				return Err(QuoteError::InsufficientCapacity);
			}
			p.used = used;
			p.live_agreements = p.live_agreements.saturating_add(1);
			Self::count(|c| c.booked = c.booked.saturating_add(resources));
			Ok(())
		})?;
		Self::deposit_event(Event::CapacityReserved {
			provider: provider.clone(),
			resources: *resources,
		});
		Ok(())
	}

	fn release(provider: &T::AccountId, resources: &Resources) {
		Providers::<T>::mutate(provider, |maybe| {
			let Some(p) = maybe.as_mut() else {
				defensive!("releasing capacity of an unknown provider");
				return;
			};
			let before = p.used;
			match p.used.checked_sub(resources) {
				Some(used) => p.used = used,
				None => {
					defensive!("releasing more capacity than reserved");
					p.used = Resources::zero();
				},
			}
			// Unbonding providers book nothing (and cannot have reservations).
			if !matches!(p.status, ProviderStatus::Unbonding { .. }) {
				let freed = before.saturating_sub(&p.used);
				Self::count(|c| c.booked = c.booked.saturating_sub(&freed));
			}
			p.live_agreements = p.live_agreements.saturating_sub(1);
		});
		Self::deposit_event(Event::CapacityReleased {
			provider: provider.clone(),
			resources: *resources,
		});
	}

	fn reserved(provider: &T::AccountId) -> Option<(Resources, u32)> {
		Providers::<T>::get(provider).map(|p| (p.used, p.live_agreements))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(provider: &T::AccountId, capacity: Resources, prices: PriceList) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		let bond = Params::<T>::get().bond_for(&capacity).unwrap_or_default();
		let fund = bond.saturating_mul(2).saturating_add(T::Currency::minimum_balance());
		T::Currency::mint_into(provider, fund).expect("the benchmark provider's bond is minted");
		Self::do_register(
			provider.clone(),
			capacity,
			prices,
			Default::default(),
			Default::default(),
		)
		.expect("the benchmark provider registers");
	}
}
