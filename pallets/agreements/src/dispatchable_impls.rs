//! The bodies of the agreements pallet's calls (`do_*`), each checking the state machine first.

use super::*;
use agora_primitives::{
	market::{AgreementStatus, ProviderRegistry, Schedule},
	reputation::OnAgreementClosed,
	Balance,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_runtime::{traits::Zero, DispatchError, Saturating};

impl<T: Config> Pallet<T> {
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
		Self::take(&consumer, quote.security_deposit, Error::<T>::InsufficientFunds)?;
		Self::hold_record(&consumer, quote.record_deposit, Error::<T>::InsufficientFunds)?;

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
			refunded_in_running: 0,
			last_faulted_period: None,
			data_committed_at: None,
		};
		Agreements::<T>::insert(id, agreement);
		Self::count(|c| {
			c.total = c.total.saturating_add(1);
			c.requested = c.requested.saturating_add(1);
		});
		Self::index_add(&consumer, id);
		Self::index_add(&provider, id);
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
		Self::set_status(a, AgreementStatus::Active);
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
		Self::take(&who, quote.provider_collateral, Error::<T>::InsufficientCollateral)?;
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
		Self::take(&who, quote.provider_collateral, Error::<T>::InsufficientCollateral)?;
		a.provider_collateral = quote.provider_collateral;
		a.counter = Some(terms);
		Self::set_status(&mut a, AgreementStatus::Countered);
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
			Self::take(
				&who,
				deposit.saturating_sub(a.security_deposit),
				Error::<T>::InsufficientFunds,
			)?;
		} else {
			Self::give(&who, a.security_deposit.saturating_sub(deposit))?;
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
		Self::give(&a.consumer, a.security_deposit)?;
		Self::give(&a.provider, a.provider_collateral)?;
		a.security_deposit = 0;
		a.provider_collateral = 0;
		a.counter = None;
		Self::set_status(&mut a, AgreementStatus::Cancelled(reason));
		a.ended_at = Some(now);
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Cancelled { id, reason });
		Ok(())
	}

	pub(crate) fn do_prepay(who: T::AccountId, id: AgreementId, count: u32) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		// Under dispute too: a dispute does not suspend what the consumer owes.
		ensure!(a.status.reserves_capacity(), Error::<T>::NotActive);
		ensure!(a.consumer == who, Error::<T>::NotConsumer);
		ensure!(count >= 1, Error::<T>::ZeroInstallments);
		let schedule = Self::schedule_of(&a)?;
		let to = a.paid_installments.checked_add(count).ok_or(Error::<T>::TooManyInstallments)?;
		ensure!(to <= schedule.installments(), Error::<T>::TooManyInstallments);
		let amount = schedule
			.amount_between(a.terms.price_per_period, a.paid_installments, to)
			.and_then(|gross| gross.checked_sub(Self::prepay_credit(&a)))
			.ok_or(Error::<T>::Overflow)?;
		Self::take(&who, amount, Error::<T>::InsufficientFunds)?;
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

	pub(crate) fn do_settle(id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		let now = Self::now();
		if T::DataProofs::upload_overdue(id) && Self::elapsed_periods(&a, now) >= a.duration_periods
		{
			// The term is over and the committed data was never confirmed: nothing can be
			// paid out, so anyone ends it without penalty rather than leave it stuck.
			return Self::end_unconfirmed(id, a);
		}
		ensure!(!T::DataProofs::payouts_blocked(id), Error::<T>::AwaitingConfirmation);
		let (count, _) = Self::settle_matured(id, &mut a, now)?;
		let schedule = Self::schedule_of(&a)?;
		// Complete only once every period is over and paid for.
		let complete = a.settled_installments >= schedule.installments()
			&& Self::elapsed_periods(&a, now) >= a.duration_periods;
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
		// Under dispute too: a dispute cannot buy unpaid service.
		ensure!(a.status.reserves_capacity(), Error::<T>::NotActive);
		ensure!(a.provider == who, Error::<T>::NotProvider);
		let now = Self::now();
		let due = Self::next_due(&a).ok_or(Error::<T>::NotOverdue)?;
		ensure!(now > due.deadline, Error::<T>::NotOverdue);
		Self::settle_if_allowed(id, &mut a, now)?;
		let forfeit = a.security_deposit;
		Self::give(&a.provider, forfeit)?;
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

	/// End an agreement whose committed data was not confirmed within the upload window,
	/// blaming nobody ([`TerminationReason::UploadNotConfirmed`]): the provider is paid for the
	/// whole periods served before the commitment (from the escrow, then from the deposit), like
	/// any agreement without data; everything else goes back (escrow and deposit to the
	/// consumer, collateral to the provider) and the capacity is released. So a commitment made
	/// late and never uploaded cannot void periods already served.
	fn end_unconfirmed(id: AgreementId, mut a: AgreementOf<T>) -> DispatchResult {
		let served_periods =
			a.data_committed_at.map(|at| Self::elapsed_periods(&a, at)).unwrap_or_default();
		let owed = a
			.terms
			.price_per_period
			.checked_mul(served_periods.into())
			.ok_or(Error::<T>::Overflow)?
			.saturating_sub(a.paid_to_provider);
		let from_escrow = owed.min(a.escrow);
		Self::give(&a.provider, from_escrow)?;
		a.escrow = a.escrow.saturating_sub(from_escrow);
		let from_deposit = owed.saturating_sub(from_escrow).min(a.security_deposit);
		Self::give(&a.provider, from_deposit)?;
		a.security_deposit = a.security_deposit.saturating_sub(from_deposit);
		let to_provider = from_escrow.saturating_add(from_deposit);
		a.paid_to_provider = a.paid_to_provider.saturating_add(to_provider);
		let refund = a.escrow.saturating_add(a.security_deposit);
		let reason = TerminationReason::UploadNotConfirmed;
		Self::wind_up(&mut a, AgreementStatus::Terminated(reason))?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Terminated { id, reason, to_provider, to_consumer: refund });
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(a.consumer == who, Error::<T>::NotConsumer);
		if T::DataProofs::upload_overdue(id) {
			// The provider never confirmed the data in time: no penalty, even after the term.
			return Self::end_unconfirmed(id, a);
		}
		let (schedule, running) = Self::prepare_early_exit(id, &mut a)?;
		// The running installment, less the periods of it missed storage challenges already
		// refunded (only the next installment owed can have any).
		let refunded = if running == a.settled_installments { a.refunded_in_running } else { 0 };
		let forfeit = schedule
			.amount(a.terms.price_per_period, running)
			.and_then(|amount| amount.checked_sub(refunded))
			.ok_or(Error::<T>::Overflow)?;
		if forfeit.is_zero() {
			// No penalty.
		} else if running < a.paid_installments {
			// Prepaid: the provider keeps it from the escrow.
			Self::give(&a.provider, forfeit)?;
			a.escrow = a.escrow.checked_sub(forfeit).ok_or(Error::<T>::Overflow)?;
			a.settled_installments = running.saturating_add(1);
			a.refunded_in_running = 0;
		} else {
			// Not prepaid: the security deposit (one full installment, never less than the
			// running one) covers it.
			Self::give(&a.provider, forfeit)?;
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
		if T::DataProofs::upload_overdue(id) {
			// The consumer may never have uploaded: the provider leaves without penalty too.
			return Self::end_unconfirmed(id, a);
		}
		Self::prepare_early_exit(id, &mut a)?;
		let forfeit = a.provider_collateral;
		Self::give(&a.consumer, forfeit)?;
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
		// A request that ended before activation took no service and takes no rating: either
		// party may close it at once (so a provider clears spam requests without waiting).
		let party_may_close_now = who == a.consumer
			|| (who == a.provider && matches!(a.status, AgreementStatus::Cancelled(_)));
		if !party_may_close_now {
			let ended = a.ended_at.unwrap_or_default();
			let retention = Params::<T>::get().retention;
			ensure!(Self::now() >= ended.saturating_add(retention), Error::<T>::RetentionNotOver);
		}
		ensure!(
			<T::CloseGate as agora_primitives::traits::CloseGate>::may_close(id),
			Error::<T>::RatingWindowOpen
		);
		Self::release_record(&a.consumer, a.record_deposit)?;
		Self::index_remove(&a.consumer, id);
		Self::index_remove(&a.provider, id);
		Agreements::<T>::remove(id);
		T::OnClose::closed(id);
		Self::deposit_event(Event::Closed { id });
		Ok(())
	}
}
