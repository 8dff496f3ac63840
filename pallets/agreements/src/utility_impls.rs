//! Helpers shared by the agreements pallet's calls, its reports from other pallets and its
//! views: tunables, the money movements (every hold, release and payment goes through these),
//! quotes, the installment schedule, the per-account indexes, settlement and winding up, and
//! the set-up other pallets' benchmarks ask for.

use super::*;
use agora_primitives::{
	market::{AgreementStatus, InstallmentDue, ProviderRegistry, Quote, Schedule},
	reputation::ReputationEvents,
	stats::AgreementCounters,
	Balance,
};
use frame_support::{
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, UniqueSaturatedInto, Zero},
	DispatchError, Saturating,
};

impl<T: Config> Pallet<T> {
	/// Whether `params` are acceptable tunables.
	pub fn params_valid(p: &AgreementParams<BlockNumberFor<T>>) -> bool {
		!p.period_length.is_zero()
			&& p.min_duration >= 1
			&& p.min_duration <= p.max_duration
			&& !p.request_expiry.is_zero()
			&& p.grace_period <= p.period_length
			&& p.collateral_percent <= 1_000
			&& p.fault_slash_percent <= 100
			// The record deposit's hold keeps the consumer's account alive, so that payouts
			// from the pot below the existential deposit can always be received.
			&& !p.record_deposit.is_zero()
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	// ---- money helpers: every movement goes through these ----

	/// The pallet's pot: the escrow, security deposits and provider collateral of every live
	/// agreement, plus the existential deposit minted at genesis.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Move `amount` from `who` into the pot (escrow, security deposit, collateral). A plain
	/// transfer: it respects every lock and freeze on `who` and keeps `who` alive, so funds
	/// that back something else (an election vote's lock) can never back an agreement too.
	pub(crate) fn take(who: &T::AccountId, amount: Balance, err: Error<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(who, &Self::pot(), amount, Preservation::Preserve)
			.map(|_| ())
			.map_err(|_| err.into())
	}

	/// Pay `amount` out of the pot to `to`: back to its owner, or to the other party. The pot
	/// keeps its existential deposit; `to` exists (it holds a record deposit or a provider bond).
	pub(crate) fn give(to: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve).map(|_| ())
	}

	/// Burn `amount` out of the pot (the market fee).
	pub(crate) fn burn(amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::burn_from(
			&Self::pot(),
			amount,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map(|_| ())
	}

	/// Hold the record deposit on the consumer's account (it only ever returns to its owner).
	pub(crate) fn hold_record(
		who: &T::AccountId,
		amount: Balance,
		err: Error<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::RecordDeposit.into(), who, amount).map_err(|_| err.into())
	}

	pub(crate) fn release_record(who: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::RecordDeposit.into(), who, amount, Precision::Exact)
			.map(|_| ())
	}

	// ---- quotes ----

	/// What a request for these terms would lock and hold.
	pub fn quote_for_terms(
		params: &AgreementParams<BlockNumberFor<T>>,
		terms: Terms,
		duration_periods: u32,
	) -> Result<Quote<BlockNumberFor<T>>, QuoteError> {
		let schedule =
			Schedule::new(duration_periods, terms.plan).ok_or(QuoteError::InvalidPlan)?;
		let installments = schedule.installments();
		let total_price = terms
			.price_per_period
			.checked_mul(duration_periods.into())
			.ok_or(QuoteError::Overflow)?;
		let installment_amount =
			schedule.amount(terms.price_per_period, 0).ok_or(QuoteError::Overflow)?;
		let last_installment_amount = schedule
			.amount(terms.price_per_period, installments.saturating_sub(1))
			.ok_or(QuoteError::Overflow)?;
		let provider_collateral = percent_of(installment_amount, params.collateral_percent)
			.ok_or(QuoteError::Overflow)?;
		Ok(Quote {
			terms,
			duration_periods,
			period_length: params.period_length,
			total_price,
			installments,
			installment_amount,
			last_installment_amount,
			security_deposit: installment_amount,
			record_deposit: params.record_deposit,
			provider_collateral,
		})
	}

	/// Exactly what `request` would lock and hold now (the runtime API's `quote`).
	pub fn quote(
		provider: &T::AccountId,
		resources: &Resources,
		duration_periods: u32,
		plan: PaymentPlan,
	) -> Result<Quote<BlockNumberFor<T>>, QuoteError> {
		let params = Params::<T>::get();
		if duration_periods < params.min_duration || duration_periods > params.max_duration {
			return Err(QuoteError::InvalidDuration);
		}
		Schedule::new(duration_periods, plan).ok_or(QuoteError::InvalidPlan)?;
		let price_per_period = T::Providers::price_for_request(provider, resources)?;
		Self::quote_for_terms(&params, Terms { price_per_period, plan }, duration_periods)
	}

	// ---- schedule helpers ----

	pub(crate) fn schedule_of(a: &AgreementOf<T>) -> Result<Schedule, DispatchError> {
		a.schedule().ok_or_else(|| Error::<T>::InvalidPlan.into())
	}

	/// Whole periods elapsed since activation, capped at the duration.
	pub(crate) fn elapsed_periods(a: &AgreementOf<T>, now: BlockNumberFor<T>) -> u32 {
		let Some(start) = a.activated_at else { return 0 };
		let since = now.saturating_sub(start);
		// A zero period length (never valid) counts no periods.
		let periods: u64 = sp_runtime::traits::CheckedDiv::checked_div(&since, &a.period_length)
			.unwrap_or_default()
			.unique_saturated_into();
		periods.min(a.duration_periods.into()) as u32
	}

	/// The block period `period` starts.
	pub(crate) fn period_start(a: &AgreementOf<T>, period: u32) -> BlockNumberFor<T> {
		a.activated_at
			.unwrap_or_default()
			.saturating_add(a.period_length.saturating_mul(period.into()))
	}

	/// The next installment to prepay and its deadline.
	pub(crate) fn next_due(a: &AgreementOf<T>) -> Option<InstallmentDue<BlockNumberFor<T>>> {
		let schedule = a.schedule()?;
		let i = a.paid_installments;
		if !a.status.reserves_capacity() || i >= schedule.installments() {
			return None;
		}
		let starts = Self::period_start(a, schedule.first_period(i));
		Some(InstallmentDue {
			installment: i,
			amount: schedule
				.amount(a.terms.price_per_period, i)?
				.checked_sub(Self::prepay_credit(a))?,
			period_starts_at: starts,
			deadline: starts.saturating_add(a.grace_period),
		})
	}

	/// What the next prepayment is reduced by: the periods of the next installment already
	/// refunded for missed storage challenges before it was prepaid.
	pub(crate) fn prepay_credit(a: &AgreementOf<T>) -> Balance {
		if a.paid_installments == a.settled_installments {
			a.refunded_in_running
		} else {
			0
		}
	}

	pub(crate) fn get_agreement(id: AgreementId) -> Result<AgreementOf<T>, DispatchError> {
		Agreements::<T>::get(id).ok_or_else(|| Error::<T>::AgreementNotFound.into())
	}

	/// Add `id` to `who`'s index. Never fails: the entry is paid for by the record deposit.
	pub(crate) fn index_add(who: &T::AccountId, id: AgreementId) {
		AgreementsOf::<T>::insert(who, BigEndianId::from(id), ());
	}

	/// Change the agreements' counters.
	pub(crate) fn count(f: impl FnOnce(&mut AgreementCounters)) {
		Counters::<T>::mutate(f);
	}

	/// The live counter of agreements in `status`, or the cumulative counter of agreements that
	/// ended in it.
	pub(crate) fn status_count<'a>(
		c: &'a mut AgreementCounters,
		status: &AgreementStatus,
	) -> CounterRef<'a> {
		match status {
			AgreementStatus::Requested => CounterRef::Live(&mut c.requested),
			AgreementStatus::Countered => CounterRef::Live(&mut c.countered),
			AgreementStatus::Active => CounterRef::Live(&mut c.active),
			AgreementStatus::Disputed => CounterRef::Live(&mut c.disputed),
			AgreementStatus::Completed => CounterRef::Ended(&mut c.completed),
			AgreementStatus::Cancelled(_) => CounterRef::Ended(&mut c.cancelled),
			AgreementStatus::Terminated(_) => CounterRef::Ended(&mut c.terminated),
			AgreementStatus::Failed => CounterRef::Ended(&mut c.failed),
			AgreementStatus::Resolved => CounterRef::Ended(&mut c.resolved),
		}
	}

	/// Set `a`'s status, moving the counters: it leaves its live status (an ended status is
	/// cumulative and keeps it) and enters `status`.
	pub(crate) fn set_status(a: &mut AgreementOf<T>, status: AgreementStatus) {
		let from = a.status;
		Self::count(|c| {
			if let CounterRef::Live(n) = Self::status_count(c, &from) {
				*n = n.saturating_sub(1);
			}
			match Self::status_count(c, &status) {
				CounterRef::Live(n) => *n = n.saturating_add(1),
				CounterRef::Ended(n) => *n = n.saturating_add(1),
			}
		});
		a.status = status;
	}

	pub(crate) fn index_remove(who: &T::AccountId, id: AgreementId) {
		AgreementsOf::<T>::remove(who, BigEndianId::from(id));
	}

	/// Release every matured, prepaid, unreleased installment to the provider. Returns how many
	/// and how much.
	pub(crate) fn settle_matured(
		id: AgreementId,
		a: &mut AgreementOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<(u32, Balance), DispatchError> {
		let schedule = Self::schedule_of(a)?;
		let matured = schedule.matured(Self::elapsed_periods(a, now));
		let to = matured.min(a.paid_installments);
		if to <= a.settled_installments {
			return Ok((0, 0));
		}
		// What was refunded of installment `settled_installments` already left the escrow.
		let amount = schedule
			.amount_between(a.terms.price_per_period, a.settled_installments, to)
			.and_then(|gross| gross.checked_sub(a.refunded_in_running))
			.ok_or(Error::<T>::Overflow)?;
		// The market fee is burned out of the released amount; the provider gets the rest.
		let fee = Params::<T>::get().market_fee.mul_floor(amount);
		Self::give(&a.provider, amount.saturating_sub(fee))?;
		Self::burn(fee)?;
		let count = to.saturating_sub(a.settled_installments);
		a.settled_installments = to;
		a.refunded_in_running = 0;
		a.escrow = a.escrow.checked_sub(amount).ok_or(Error::<T>::Overflow)?;
		a.paid_to_provider = a.paid_to_provider.saturating_add(amount);
		Self::count(|c| c.settled = c.settled.saturating_add(amount));
		Self::deposit_event(Event::Settled { id, installments: count, amount, fee });
		Ok((count, amount))
	}

	/// Release the remaining escrow and deposit to the consumer and the collateral to the
	/// provider, free the capacity, and mark the agreement ended with `status`.
	pub(crate) fn wind_up(a: &mut AgreementOf<T>, status: AgreementStatus) -> DispatchResult {
		Self::give(&a.consumer, a.escrow.saturating_add(a.security_deposit))?;
		Self::give(&a.provider, a.provider_collateral)?;
		a.escrow = 0;
		a.security_deposit = 0;
		a.provider_collateral = 0;
		T::Providers::release(&a.provider, &a.resources);
		Self::set_status(a, status);
		a.ended_at = Some(Self::now());
		match status {
			AgreementStatus::Completed => {
				T::Reputation::completed(&a.consumer, &a.provider, a.paid_to_provider)
			},
			AgreementStatus::Terminated(reason) => {
				T::Reputation::terminated(&a.consumer, &a.provider, reason)
			},
			AgreementStatus::Failed => T::Reputation::failed(&a.consumer, &a.provider),
			_ => {},
		}
		Ok(())
	}

	/// [`Self::settle_matured`] unless payouts wait for the data confirmation.
	pub(crate) fn settle_if_allowed(
		id: AgreementId,
		a: &mut AgreementOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<(u32, Balance), DispatchError> {
		if T::DataProofs::payouts_blocked(id) {
			return Ok((0, 0));
		}
		Self::settle_matured(id, a, now)
	}

	/// An active agreement for `storage` bytes between `consumer` and `provider`, registering
	/// and funding them as needed (benchmarks of other pallets only).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn create_active_for_benchmarks(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		storage: u64,
	) -> Result<AgreementId, DispatchError> {
		use agora_primitives::market::PriceList;
		Self::create_active_renting_for_benchmarks(
			consumer,
			provider,
			Resources { storage_bytes: u64::MAX / 4, vcpus: 0, memory_mib: 0, gpus: 0 },
			PriceList { storage_per_gib: 1_000, vcpu: 0, memory_per_gib: 0, gpu: 0 },
			Resources { storage_bytes: storage, vcpus: 0, memory_mib: 0, gpus: 0 },
		)
	}

	/// An active agreement for `resources` between `consumer` and `provider`, registering the
	/// provider with `capacity` at `prices` if it is not registered yet, and funding both
	/// (benchmarks of other pallets only).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn create_active_renting_for_benchmarks(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		capacity: Resources,
		prices: agora_primitives::market::PriceList,
		resources: Resources,
	) -> Result<AgreementId, DispatchError> {
		use frame_support::traits::fungible::Mutate;
		let funds: Balance = 1_000_000_000_000_000_000_000;
		if T::Providers::reserved(provider).is_none() {
			assert!(T::Currency::set_balance(provider, funds) >= funds, "the provider is funded");
			T::Providers::register_for_benchmarks(provider, capacity, prices);
		}
		assert!(T::Currency::set_balance(consumer, funds) >= funds, "the consumer is funded");
		let id = NextAgreementId::<T>::get();
		let duration = Params::<T>::get().min_duration.max(1);
		let plan = PaymentPlan { installment_periods: 1 };
		Self::do_request(
			consumer.clone(),
			provider.clone(),
			resources,
			duration,
			plan,
			Balance::MAX,
		)?;
		Self::do_accept(provider.clone(), id)?;
		Ok(id)
	}

	/// A completed agreement between `consumer` and `provider` that paid `value` (benchmarks
	/// of other pallets only).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn completed_for_benchmarks(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		value: Balance,
	) -> Result<AgreementId, DispatchError> {
		let id = Self::create_active_for_benchmarks(consumer, provider, 1 << 30)?;
		let mut a = Self::get_agreement(id)?;
		a.paid_to_provider = value;
		Self::wind_up(&mut a, AgreementStatus::Completed)?;
		Agreements::<T>::insert(id, a);
		Ok(id)
	}
}
