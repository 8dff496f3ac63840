//! The logic of the agreements pallet and its views for the runtime API.

use super::*;
use agora_primitives::{
	market::{AgreementStatus, AgreementView, InstallmentDue, ProviderRegistry, Quote, Schedule},
	reputation::{OnAgreementClosed, ReputationEvents},
	Balance,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{UniqueSaturatedInto, Zero},
	DispatchError, Saturating,
};

/// An agreement as this runtime stores it.
pub type AgreementOf<T> = Agreement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

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
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	// ---- money helpers: every movement goes through these ----

	fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: Balance,
		err: Error<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount).map_err(|_| err.into())
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Move `amount` held from `from` under `reason` to `to`'s free balance. Committed money
	/// moves even if a freeze overlaps the hold.
	fn pay(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)
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

	fn schedule_of(a: &AgreementOf<T>) -> Result<Schedule, DispatchError> {
		a.schedule().ok_or_else(|| Error::<T>::InvalidPlan.into())
	}

	/// Whole periods elapsed since activation, capped at the duration.
	fn elapsed_periods(a: &AgreementOf<T>, now: BlockNumberFor<T>) -> u32 {
		let Some(start) = a.activated_at else { return 0 };
		let since = now.saturating_sub(start);
		let periods: u64 = if a.period_length.is_zero() {
			0
		} else {
			(since / a.period_length).unique_saturated_into()
		};
		periods.min(a.duration_periods.into()) as u32
	}

	/// The block period `period` starts.
	fn period_start(a: &AgreementOf<T>, period: u32) -> BlockNumberFor<T> {
		a.activated_at
			.unwrap_or_default()
			.saturating_add(a.period_length.saturating_mul(period.into()))
	}

	/// The next installment to prepay and its deadline.
	fn next_due(a: &AgreementOf<T>) -> Option<InstallmentDue<BlockNumberFor<T>>> {
		let schedule = a.schedule()?;
		let i = a.paid_installments;
		if a.status != AgreementStatus::Active || i >= schedule.installments() {
			return None;
		}
		let starts = Self::period_start(a, schedule.first_period(i));
		Some(InstallmentDue {
			installment: i,
			amount: schedule.amount(a.terms.price_per_period, i)?,
			period_starts_at: starts,
			deadline: starts.saturating_add(a.grace_period),
		})
	}

	fn get_agreement(id: AgreementId) -> Result<AgreementOf<T>, DispatchError> {
		Agreements::<T>::get(id).ok_or_else(|| Error::<T>::AgreementNotFound.into())
	}

	fn index_add(who: &T::AccountId, id: AgreementId, full: Error<T>) -> DispatchResult {
		AgreementsOf::<T>::try_mutate(who, |ids| {
			// Ids are handed out in increasing order, so pushing keeps the list sorted.
			ids.try_push(id).map_err(|_| full.into())
		})
	}

	fn index_remove(who: &T::AccountId, id: AgreementId) {
		AgreementsOf::<T>::mutate_exists(who, |maybe| {
			if let Some(ids) = maybe {
				if let Ok(pos) = ids.binary_search(&id) {
					ids.remove(pos);
				}
				if ids.is_empty() {
					*maybe = None;
				}
			}
		});
	}

	// ---- calls ----

	pub(crate) fn do_request(
		consumer: T::AccountId,
		provider: T::AccountId,
		resources: Resources,
		duration_periods: u32,
		plan: PaymentPlan,
		max_price: Balance,
	) -> DispatchResult {
		ensure!(consumer != provider, Error::<T>::SelfDealing);
		let quote =
			Self::quote(&provider, &resources, duration_periods, plan).map_err(Error::<T>::from)?;
		ensure!(quote.total_price <= max_price, Error::<T>::PriceAboveMax);

		let id = NextAgreementId::<T>::get();
		NextAgreementId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::index_add(&consumer, id, Error::<T>::TooManyAgreements)?;
		Self::index_add(&provider, id, Error::<T>::ProviderTooManyAgreements)?;
		Self::hold(
			HoldReason::SecurityDeposit,
			&consumer,
			quote.security_deposit,
			Error::<T>::InsufficientFunds,
		)?;
		Self::hold(
			HoldReason::RecordDeposit,
			&consumer,
			quote.record_deposit,
			Error::<T>::InsufficientFunds,
		)?;

		let now = Self::now();
		let params = Params::<T>::get();
		let expires_at = now.saturating_add(params.request_expiry);
		let agreement = Agreement {
			consumer: consumer.clone(),
			provider: provider.clone(),
			resources,
			duration_periods,
			period_length: params.period_length,
			grace_period: params.grace_period,
			terms: quote.terms,
			max_price,
			counter: None,
			status: AgreementStatus::Requested,
			requested_at: now,
			expires_at,
			activated_at: None,
			ended_at: None,
			paid_installments: 0,
			settled_installments: 0,
			escrow: 0,
			security_deposit: quote.security_deposit,
			provider_collateral: 0,
			record_deposit: quote.record_deposit,
			paid_to_provider: 0,
		};
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::Requested {
			id,
			consumer,
			provider,
			resources,
			duration_periods,
			terms: quote.terms,
			security_deposit: quote.security_deposit,
			expires_at,
		});
		Ok(())
	}

	/// Reserve capacity and start the agreement now.
	fn activate(id: AgreementId, a: &mut AgreementOf<T>) -> DispatchResult {
		T::Providers::reserve(&a.provider, &a.resources).map_err(Error::<T>::from)?;
		let now = Self::now();
		a.status = AgreementStatus::Active;
		a.counter = None;
		a.activated_at = Some(now);
		let ends_at = Self::period_start(a, a.duration_periods);
		Self::deposit_event(Event::Activated {
			id,
			terms: a.terms,
			activated_at: now,
			ends_at,
			security_deposit: a.security_deposit,
			provider_collateral: a.provider_collateral,
		});
		Ok(())
	}

	pub(crate) fn do_accept(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Requested, Error::<T>::NotAwaitingProvider);
		ensure!(a.provider == who, Error::<T>::NotProvider);
		ensure!(Self::now() < a.expires_at, Error::<T>::RequestExpired);
		let quote = Self::quote_for_terms(&Params::<T>::get(), a.terms, a.duration_periods)
			.map_err(Error::<T>::from)?;
		Self::hold(
			HoldReason::ProviderCollateral,
			&who,
			quote.provider_collateral,
			Error::<T>::InsufficientCollateral,
		)?;
		a.provider_collateral = quote.provider_collateral;
		Self::activate(id, &mut a)?;
		Agreements::<T>::insert(id, a);
		Ok(())
	}

	pub(crate) fn do_counter(who: T::AccountId, id: AgreementId, terms: Terms) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Requested, Error::<T>::NotAwaitingProvider);
		ensure!(a.provider == who, Error::<T>::NotProvider);
		let now = Self::now();
		ensure!(now < a.expires_at, Error::<T>::RequestExpired);
		let params = Params::<T>::get();
		let quote =
			Self::quote_for_terms(&params, terms, a.duration_periods).map_err(Error::<T>::from)?;
		Self::hold(
			HoldReason::ProviderCollateral,
			&who,
			quote.provider_collateral,
			Error::<T>::InsufficientCollateral,
		)?;
		a.provider_collateral = quote.provider_collateral;
		a.counter = Some(terms);
		a.status = AgreementStatus::Countered;
		a.expires_at = now.saturating_add(params.request_expiry);
		let expires_at = a.expires_at;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Countered { id, terms, expires_at });
		Ok(())
	}

	pub(crate) fn do_accept_counter(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Countered, Error::<T>::NotCountered);
		ensure!(a.consumer == who, Error::<T>::NotConsumer);
		ensure!(Self::now() < a.expires_at, Error::<T>::RequestExpired);
		let terms = a.counter.ok_or(Error::<T>::NotCountered)?;
		let schedule =
			Schedule::new(a.duration_periods, terms.plan).ok_or(Error::<T>::InvalidPlan)?;
		let deposit = schedule.amount(terms.price_per_period, 0).ok_or(Error::<T>::Overflow)?;
		if deposit > a.security_deposit {
			Self::hold(
				HoldReason::SecurityDeposit,
				&who,
				deposit.saturating_sub(a.security_deposit),
				Error::<T>::InsufficientFunds,
			)?;
		} else {
			Self::release(
				HoldReason::SecurityDeposit,
				&who,
				a.security_deposit.saturating_sub(deposit),
			)?;
		}
		a.security_deposit = deposit;
		a.terms = terms;
		Self::activate(id, &mut a)?;
		Agreements::<T>::insert(id, a);
		Ok(())
	}

	/// Revoke (consumer), reject (provider) or expire (anyone, `who = None`) a pending request.
	pub(crate) fn do_end_request(
		who: Option<T::AccountId>,
		id: AgreementId,
		reason: CancelReason,
	) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(
			matches!(a.status, AgreementStatus::Requested | AgreementStatus::Countered),
			Error::<T>::NotPending
		);
		let now = Self::now();
		match (reason, who) {
			(CancelReason::Revoked, Some(who)) => {
				ensure!(a.consumer == who, Error::<T>::NotConsumer)
			},
			(CancelReason::Rejected, Some(who)) => {
				ensure!(a.provider == who, Error::<T>::NotProvider)
			},
			_ => ensure!(now >= a.expires_at, Error::<T>::NotExpired),
		}
		Self::release(HoldReason::SecurityDeposit, &a.consumer, a.security_deposit)?;
		Self::release(HoldReason::ProviderCollateral, &a.provider, a.provider_collateral)?;
		a.security_deposit = 0;
		a.provider_collateral = 0;
		a.counter = None;
		a.status = AgreementStatus::Cancelled(reason);
		a.ended_at = Some(now);
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Cancelled { id, reason });
		Ok(())
	}

	pub(crate) fn do_prepay(who: T::AccountId, id: AgreementId, count: u32) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(a.consumer == who, Error::<T>::NotConsumer);
		ensure!(count >= 1, Error::<T>::ZeroInstallments);
		let schedule = Self::schedule_of(&a)?;
		let to = a.paid_installments.checked_add(count).ok_or(Error::<T>::TooManyInstallments)?;
		ensure!(to <= schedule.installments(), Error::<T>::TooManyInstallments);
		let amount = schedule
			.amount_between(a.terms.price_per_period, a.paid_installments, to)
			.ok_or(Error::<T>::Overflow)?;
		Self::hold(HoldReason::Escrow, &who, amount, Error::<T>::InsufficientFunds)?;
		a.paid_installments = to;
		a.escrow = a.escrow.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Prepaid {
			id,
			installments: count,
			amount,
			paid_installments: to,
		});
		Ok(())
	}

	/// Release every matured, prepaid, unreleased installment to the provider. Returns how many
	/// and how much.
	fn settle_matured(
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
		let amount = schedule
			.amount_between(a.terms.price_per_period, a.settled_installments, to)
			.ok_or(Error::<T>::Overflow)?;
		Self::pay(HoldReason::Escrow, &a.consumer, &a.provider, amount)?;
		let count = to.saturating_sub(a.settled_installments);
		a.settled_installments = to;
		a.escrow = a.escrow.checked_sub(amount).ok_or(Error::<T>::Overflow)?;
		a.paid_to_provider = a.paid_to_provider.saturating_add(amount);
		Self::deposit_event(Event::Settled { id, installments: count, amount });
		Ok((count, amount))
	}

	/// Release the remaining escrow and deposit to the consumer and the collateral to the
	/// provider, free the capacity, and mark the agreement ended with `status`.
	fn wind_up(a: &mut AgreementOf<T>, status: AgreementStatus) -> DispatchResult {
		Self::release(HoldReason::Escrow, &a.consumer, a.escrow)?;
		Self::release(HoldReason::SecurityDeposit, &a.consumer, a.security_deposit)?;
		Self::release(HoldReason::ProviderCollateral, &a.provider, a.provider_collateral)?;
		a.escrow = 0;
		a.security_deposit = 0;
		a.provider_collateral = 0;
		T::Providers::release(&a.provider, &a.resources);
		a.status = status;
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
	fn settle_if_allowed(
		id: AgreementId,
		a: &mut AgreementOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<(u32, Balance), DispatchError> {
		if T::DataProofs::payouts_blocked(id) {
			return Ok((0, 0));
		}
		Self::settle_matured(id, a, now)
	}

	pub(crate) fn do_settle(id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(!T::DataProofs::payouts_blocked(id), Error::<T>::AwaitingConfirmation);
		let (count, _) = Self::settle_matured(id, &mut a, Self::now())?;
		let schedule = Self::schedule_of(&a)?;
		let complete = a.settled_installments >= schedule.installments();
		ensure!(count > 0 || complete, Error::<T>::NothingToSettle);
		if complete {
			Self::wind_up(&mut a, AgreementStatus::Completed)?;
			Self::deposit_event(Event::Completed { id });
		}
		Agreements::<T>::insert(id, a);
		Ok(())
	}

	pub(crate) fn do_terminate_nonpayment(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(a.provider == who, Error::<T>::NotProvider);
		let now = Self::now();
		let due = Self::next_due(&a).ok_or(Error::<T>::NotOverdue)?;
		ensure!(now > due.deadline, Error::<T>::NotOverdue);
		Self::settle_if_allowed(id, &mut a, now)?;
		let forfeit = a.security_deposit;
		Self::pay(HoldReason::SecurityDeposit, &a.consumer, &a.provider, forfeit)?;
		a.security_deposit = 0;
		a.paid_to_provider = a.paid_to_provider.saturating_add(forfeit);
		let refund = a.escrow;
		Self::wind_up(&mut a, AgreementStatus::Terminated(TerminationReason::NonPayment))?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Terminated {
			id,
			reason: TerminationReason::NonPayment,
			to_provider: forfeit,
			to_consumer: refund,
		});
		Ok(())
	}

	/// Checks shared by `cancel` and `abandon`: active, not past its last period. Settles what
	/// matured and returns the running installment.
	fn prepare_early_exit(
		id: AgreementId,
		a: &mut AgreementOf<T>,
	) -> Result<(Schedule, u32), DispatchError> {
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		let now = Self::now();
		let schedule = Self::schedule_of(a)?;
		let running = schedule
			.installment_of_period(Self::elapsed_periods(a, now))
			.ok_or(Error::<T>::AgreementEnded)?;
		Self::settle_if_allowed(id, a, now)?;
		Ok((schedule, running))
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(a.consumer == who, Error::<T>::NotConsumer);
		let (schedule, running) = Self::prepare_early_exit(id, &mut a)?;
		let forfeit = if T::DataProofs::upload_overdue(id) {
			// The provider never confirmed the data in time: no penalty.
			0
		} else {
			schedule.amount(a.terms.price_per_period, running).ok_or(Error::<T>::Overflow)?
		};
		if forfeit.is_zero() {
			// No penalty.
		} else if running < a.paid_installments {
			// Prepaid: the provider keeps it from the escrow.
			Self::pay(HoldReason::Escrow, &a.consumer, &a.provider, forfeit)?;
			a.escrow = a.escrow.checked_sub(forfeit).ok_or(Error::<T>::Overflow)?;
			a.settled_installments = running.saturating_add(1);
		} else {
			// Not prepaid: the security deposit (one full installment, never less than the
			// running one) covers it.
			Self::pay(HoldReason::SecurityDeposit, &a.consumer, &a.provider, forfeit)?;
			a.security_deposit =
				a.security_deposit.checked_sub(forfeit).ok_or(Error::<T>::Overflow)?;
		}
		a.paid_to_provider = a.paid_to_provider.saturating_add(forfeit);
		let refund = a.escrow.saturating_add(a.security_deposit);
		Self::wind_up(&mut a, AgreementStatus::Terminated(TerminationReason::ConsumerCancelled))?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Terminated {
			id,
			reason: TerminationReason::ConsumerCancelled,
			to_provider: forfeit,
			to_consumer: refund,
		});
		Ok(())
	}

	pub(crate) fn do_abandon(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(a.provider == who, Error::<T>::NotProvider);
		Self::prepare_early_exit(id, &mut a)?;
		let forfeit = a.provider_collateral;
		Self::pay(HoldReason::ProviderCollateral, &a.provider, &a.consumer, forfeit)?;
		a.provider_collateral = 0;
		let refund = a.escrow.saturating_add(a.security_deposit);
		Self::wind_up(&mut a, AgreementStatus::Terminated(TerminationReason::ProviderAbandoned))?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Terminated {
			id,
			reason: TerminationReason::ProviderAbandoned,
			to_provider: 0,
			to_consumer: forfeit.saturating_add(refund),
		});
		Ok(())
	}

	pub(crate) fn do_close(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let a = Self::get_agreement(id)?;
		ensure!(a.status.is_final(), Error::<T>::NotFinal);
		if who != a.consumer {
			let ended = a.ended_at.unwrap_or_default();
			let retention = Params::<T>::get().retention;
			ensure!(Self::now() >= ended.saturating_add(retention), Error::<T>::RetentionNotOver);
		}
		Self::release(HoldReason::RecordDeposit, &a.consumer, a.record_deposit)?;
		Self::index_remove(&a.consumer, id);
		Self::index_remove(&a.provider, id);
		Agreements::<T>::remove(id);
		T::OnClose::closed(id);
		Self::deposit_event(Event::Closed { id });
		Ok(())
	}

	// ---- storage proofs ----

	/// Consumer, provider and storage bytes of agreement `id` while it is active.
	pub fn active_storage(id: AgreementId) -> Option<(T::AccountId, T::AccountId, u64)> {
		Agreements::<T>::get(id)
			.filter(|a| a.status == AgreementStatus::Active)
			.map(|a| (a.consumer, a.provider, a.resources.storage_bytes))
	}

	/// A missed storage challenge of `id` (called by the storage proofs, atomically; a no-op
	/// unless the agreement is active): the running installment goes back to the consumer if
	/// prepaid, and `fault_slash_percent` of the provider's collateral is paid to the consumer.
	pub fn on_storage_fault(id: AgreementId) {
		let result = frame_support::storage::with_storage_layer(|| Self::do_storage_fault(id));
		if let Err(e) = result {
			log::error!(target: "runtime::agreements", "fault of agreement {id} not applied: {e:?}");
		}
	}

	/// Too many missed storage challenges of `id` (called by the storage proofs, atomically;
	/// a no-op unless the agreement is active): the agreement fails.
	pub fn on_storage_failure(id: AgreementId) {
		let result = frame_support::storage::with_storage_layer(|| Self::do_storage_failure(id));
		if let Err(e) = result {
			log::error!(target: "runtime::agreements", "failure of agreement {id} not applied: {e:?}");
		}
	}

	pub(crate) fn do_storage_fault(id: AgreementId) -> DispatchResult {
		let Some(mut a) = Agreements::<T>::get(id) else { return Ok(()) };
		if a.status != AgreementStatus::Active {
			return Ok(());
		}
		let now = Self::now();
		Self::settle_if_allowed(id, &mut a, now)?;
		let schedule = Self::schedule_of(&a)?;
		let mut refunded = 0;
		if let Some(running) = schedule.installment_of_period(Self::elapsed_periods(&a, now)) {
			if running == a.settled_installments && running < a.paid_installments {
				refunded = schedule
					.amount(a.terms.price_per_period, running)
					.ok_or(Error::<T>::Overflow)?;
				Self::release(HoldReason::Escrow, &a.consumer, refunded)?;
				a.escrow = a.escrow.checked_sub(refunded).ok_or(Error::<T>::Overflow)?;
				// Consumed: never released to the provider.
				a.settled_installments = running.saturating_add(1);
			}
		}
		let slashed = percent_of(a.provider_collateral, Params::<T>::get().fault_slash_percent)
			.ok_or(Error::<T>::Overflow)?;
		Self::pay(HoldReason::ProviderCollateral, &a.provider, &a.consumer, slashed)?;
		a.provider_collateral = a.provider_collateral.saturating_sub(slashed);
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::FaultPenalized { id, refunded, slashed });
		Ok(())
	}

	pub(crate) fn do_storage_failure(id: AgreementId) -> DispatchResult {
		let Some(mut a) = Agreements::<T>::get(id) else { return Ok(()) };
		if a.status != AgreementStatus::Active {
			return Ok(());
		}
		Self::settle_if_allowed(id, &mut a, Self::now())?;
		let collateral = a.provider_collateral;
		Self::pay(HoldReason::ProviderCollateral, &a.provider, &a.consumer, collateral)?;
		a.provider_collateral = 0;
		let to_consumer = collateral.saturating_add(a.escrow).saturating_add(a.security_deposit);
		Self::wind_up(&mut a, AgreementStatus::Failed)?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Failed { id, to_consumer });
		Ok(())
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
		use frame_support::traits::fungible::Mutate;
		let funds: Balance = 1_000_000_000_000_000_000_000;
		if T::Providers::reserved(provider).is_none() {
			let _ = T::Currency::set_balance(provider, funds);
			let capacity =
				Resources { storage_bytes: u64::MAX / 4, vcpus: 0, memory_mib: 0, gpus: 0 };
			let prices = PriceList { storage_per_gib: 1_000, vcpu: 0, memory_per_gib: 0, gpu: 0 };
			T::Providers::register_for_benchmarks(provider, capacity, prices);
		}
		let _ = T::Currency::set_balance(consumer, funds);
		let id = NextAgreementId::<T>::get();
		let resources = Resources { storage_bytes: storage, vcpus: 0, memory_mib: 0, gpus: 0 };
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

	// ---- views ----

	/// The runtime API's view of an agreement: the record plus what is due and what matured.
	pub fn view_of(
		id: AgreementId,
		a: AgreementOf<T>,
	) -> AgreementView<T::AccountId, BlockNumberFor<T>> {
		let schedule = a.schedule();
		let installments = schedule.map(|s| s.installments()).unwrap_or_default();
		let matured_installments = match (schedule, a.status) {
			(Some(s), AgreementStatus::Active) => s.matured(Self::elapsed_periods(&a, Self::now())),
			(_, AgreementStatus::Completed) => installments,
			_ => a.settled_installments,
		};
		let total_price =
			a.terms.price_per_period.saturating_mul(Balance::from(a.duration_periods));
		let ends_at = a.activated_at.map(|_| Self::period_start(&a, a.duration_periods));
		let next_due = Self::next_due(&a);
		AgreementView {
			id,
			agreement: a,
			installments,
			matured_installments,
			total_price,
			ends_at,
			next_due,
		}
	}

	/// An agreement, for the runtime API.
	pub fn agreement(id: AgreementId) -> Option<AgreementView<T::AccountId, BlockNumberFor<T>>> {
		Agreements::<T>::get(id).map(|a| Self::view_of(id, a))
	}

	/// A page of `who`'s agreements, oldest first, for the runtime API.
	pub fn agreements_of(
		who: &T::AccountId,
		page: u32,
		page_size: u32,
	) -> Vec<AgreementView<T::AccountId, BlockNumberFor<T>>> {
		let skip = (page as usize).saturating_mul(page_size as usize);
		AgreementsOf::<T>::get(who)
			.into_iter()
			.skip(skip)
			.take(page_size as usize)
			.filter_map(|id| Self::agreement(id))
			.collect()
	}

	/// Invariants:
	/// * per account and hold reason, the held amount equals the sum recorded on its
	///   agreements;
	/// * per provider, reserved capacity and the live count equal the sum over its active
	///   agreements;
	/// * each agreement is in both parties' indexes and nowhere else; indexes are sorted;
	/// * escrow equals the prepaid, unreleased installments; counters are ordered; finished
	///   agreements hold nothing but the record deposit.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let reasons = [
			HoldReason::Escrow,
			HoldReason::SecurityDeposit,
			HoldReason::ProviderCollateral,
			HoldReason::RecordDeposit,
		];
		let mut held: BTreeMap<T::AccountId, [Balance; 4]> = BTreeMap::new();
		let mut reserved: BTreeMap<T::AccountId, (Resources, u32)> = BTreeMap::new();
		let mut count = 0u32;
		for (id, a) in Agreements::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < NextAgreementId::<T>::get(), "agreement id not handed out yet");
			let schedule = a.schedule().ok_or("agreement with an invalid schedule")?;
			ensure!(
				a.settled_installments <= a.paid_installments
					&& a.paid_installments <= schedule.installments(),
				"installment counters out of order"
			);
			ensure!(
				Some(a.escrow)
					== schedule.amount_between(
						a.terms.price_per_period,
						a.settled_installments,
						a.paid_installments
					) || !a.is_live(),
				"escrow differs from the prepaid, unreleased installments"
			);
			match a.status {
				AgreementStatus::Requested | AgreementStatus::Countered => {
					ensure!(
						a.activated_at.is_none() && a.paid_installments == 0,
						"pending but paid"
					);
					ensure!(
						a.counter.is_some() == (a.status == AgreementStatus::Countered),
						"counter-offer and status disagree"
					);
				},
				AgreementStatus::Active | AgreementStatus::Disputed => {
					ensure!(a.activated_at.is_some(), "active without activation block");
				},
				_ => {
					ensure!(
						a.escrow.is_zero()
							&& a.security_deposit.is_zero()
							&& a.provider_collateral.is_zero(),
						"finished agreement still holds funds"
					);
					ensure!(a.ended_at.is_some(), "finished without an end block");
				},
			}
			for who in [&a.consumer, &a.provider] {
				ensure!(
					AgreementsOf::<T>::get(who).binary_search(&id).is_ok(),
					"agreement missing from a party's index"
				);
			}
			let c = held.entry(a.consumer.clone()).or_default();
			c[0] = c[0].saturating_add(a.escrow);
			c[1] = c[1].saturating_add(a.security_deposit);
			c[3] = c[3].saturating_add(a.record_deposit);
			let p = held.entry(a.provider.clone()).or_default();
			p[2] = p[2].saturating_add(a.provider_collateral);
			let r = reserved.entry(a.provider.clone()).or_default();
			if a.is_live() {
				r.0 = r.0.checked_add(&a.resources).ok_or("reserved capacity overflows")?;
				r.1 = r.1.saturating_add(1);
			}
		}
		let mut indexed = 0u32;
		for (who, ids) in AgreementsOf::<T>::iter() {
			ensure!(!ids.is_empty(), "empty index stored");
			ensure!(ids.windows(2).all(|w| w[0] < w[1]), "index not sorted");
			for id in ids.iter() {
				let a = Agreements::<T>::get(id).ok_or("index names a missing agreement")?;
				ensure!(
					a.consumer == who || a.provider == who,
					"index names a stranger's agreement"
				);
				indexed = indexed.saturating_add(1);
			}
			held.entry(who).or_default();
		}
		ensure!(indexed == count.saturating_mul(2), "indexes and agreements disagree");
		for (who, sums) in held {
			for (reason, sum) in reasons.iter().zip(sums.iter()) {
				ensure!(
					T::Currency::balance_on_hold(&(*reason).into(), &who) == *sum,
					"held amount differs from the agreements' records"
				);
			}
		}
		for (provider, expected) in reserved {
			let actual = T::Providers::reserved(&provider).unwrap_or_default();
			ensure!(actual == expected, "reserved capacity differs from the live agreements");
		}
		Ok(())
	}
}

impl<T: Config> agora_primitives::reputation::CompletedAgreements<T::AccountId, BlockNumberFor<T>>
	for Pallet<T>
{
	fn completed(
		id: AgreementId,
	) -> Option<agora_primitives::reputation::RatingInfo<T::AccountId, BlockNumberFor<T>>> {
		let a = Agreements::<T>::get(id)?;
		let disputed = match a.status {
			AgreementStatus::Completed => false,
			AgreementStatus::Disputed | AgreementStatus::Resolved => true,
			_ => return None,
		};
		Some(agora_primitives::reputation::RatingInfo {
			completed_at: a.ended_at.unwrap_or_default(),
			value_paid: a.paid_to_provider,
			disputed,
			consumer: a.consumer,
			provider: a.provider,
		})
	}
}

impl<T: Config> agora_primitives::disputes::DisputedAgreements<T::AccountId> for Pallet<T> {
	fn freeze(
		id: AgreementId,
		opener: &T::AccountId,
	) -> Result<(T::AccountId, T::AccountId), DispatchError> {
		let mut a = Self::get_agreement(id)?;
		ensure!(*opener == a.consumer || *opener == a.provider, Error::<T>::NotParty);
		ensure!(
			matches!(a.status, AgreementStatus::Active | AgreementStatus::Completed),
			Error::<T>::NotDisputable
		);
		a.status = AgreementStatus::Disputed;
		let parties = (a.consumer.clone(), a.provider.clone());
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Disputed { id });
		Ok(parties)
	}

	fn execute(
		id: AgreementId,
		ruling: agora_primitives::disputes::Ruling,
	) -> Result<agora_primitives::disputes::RulingPayout, DispatchError> {
		use agora_primitives::disputes::{Ruling, RulingPayout};
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Disputed, Error::<T>::NotDisputed);
		let escrow = a.escrow;
		let to_provider = match ruling {
			Ruling::FavourConsumer => 0,
			Ruling::FavourProvider => escrow,
			Ruling::Split(to_consumer) => escrow.saturating_sub(to_consumer * escrow),
		};
		Self::pay(HoldReason::Escrow, &a.consumer, &a.provider, to_provider)?;
		a.escrow = a.escrow.checked_sub(to_provider).ok_or(Error::<T>::Overflow)?;
		a.paid_to_provider = a.paid_to_provider.saturating_add(to_provider);
		let mut to_consumer = a.escrow;
		if ruling == Ruling::FavourConsumer {
			let collateral = a.provider_collateral;
			Self::pay(HoldReason::ProviderCollateral, &a.provider, &a.consumer, collateral)?;
			a.provider_collateral = 0;
			to_consumer = to_consumer.saturating_add(collateral);
		}
		if a.ended_at.is_none() {
			// Disputed while active: the rest of the escrow, the deposit and the collateral are
			// released, the capacity too.
			Self::wind_up(&mut a, AgreementStatus::Resolved)?;
		} else {
			// Disputed after completion: nothing is held any more.
			a.status = AgreementStatus::Resolved;
		}
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::DisputeResolved { id, to_consumer, to_provider });
		Ok(RulingPayout { to_consumer, to_provider })
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &T::AccountId, provider: &T::AccountId) -> AgreementId {
		let id = Self::create_active_for_benchmarks(consumer, provider, 1 << 30)
			.expect("an agreement for the benchmarks");
		let installments = Self::get_agreement(id)
			.ok()
			.and_then(|a| a.schedule())
			.map_or(1, |s| s.installments());
		let _ = Self::do_prepay(consumer.clone(), id, installments);
		id
	}
}
