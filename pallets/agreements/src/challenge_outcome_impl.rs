//! [`OnChallengeOutcome`] for the storage-proofs pallet: what a storage challenge's outcome does
//! to an agreement. A missed challenge refunds its period (once per period) and slashes part of
//! the provider's collateral; too many in a row fail the agreement; an answer changes nothing
//! here.

use super::*;
use agora_primitives::{market::AgreementStatus, traits::OnChallengeOutcome};
use frame_support::pallet_prelude::DispatchResult;

impl<T: Config> Pallet<T> {
	/// A missed storage challenge of `id` (called by the storage proofs, atomically; a no-op
	/// unless the agreement is active or disputed): the running period's price goes back to the consumer
	/// (from the escrow if prepaid, else as a credit on the installment), once per period, and
	/// `fault_slash_percent` of the provider's collateral is paid to the consumer. The agreement
	/// runs on to its end: only `max_consecutive_faults` misses in a row fail it.
	pub fn on_storage_fault(id: AgreementId) {
		let result = frame_support::storage::with_storage_layer(|| Self::do_storage_fault(id));
		if let Err(e) = result {
			log::error!(target: LOG_TARGET, "fault of agreement {id} not applied: {e:?}");
		}
	}

	/// Too many missed storage challenges of `id` (called by the storage proofs, atomically;
	/// a no-op unless the agreement is active or disputed): the agreement fails.
	pub fn on_storage_failure(id: AgreementId) {
		let result = frame_support::storage::with_storage_layer(|| Self::do_storage_failure(id));
		if let Err(e) = result {
			log::error!(target: LOG_TARGET, "failure of agreement {id} not applied: {e:?}");
		}
	}

	pub(crate) fn do_storage_fault(id: AgreementId) -> DispatchResult {
		let Some(mut a) = Agreements::<T>::get(id) else { return Ok(()) };
		// Active or under dispute: a dispute does not suspend the storage obligation.
		if !a.status.reserves_capacity() {
			return Ok(());
		}
		let now = Self::now();
		Self::settle_if_allowed(id, &mut a, now)?;
		let schedule = Self::schedule_of(&a)?;
		let period = Self::elapsed_periods(&a, now);
		let mut refunded = 0;
		// The running period is refunded once, however many challenges it misses. Only the
		// installment the provider is owed next (`settled_installments`) can be running here:
		// a later one means earlier installments matured unpaid, and the consumer owes those.
		if let Some(running) = schedule.installment_of_period(period) {
			if running == a.settled_installments && a.last_faulted_period != Some(period) {
				let owed = schedule
					.amount(a.terms.price_per_period, running)
					.and_then(|amount| amount.checked_sub(a.refunded_in_running))
					.ok_or(Error::<T>::Overflow)?;
				refunded = a.terms.price_per_period.min(owed);
				if running < a.paid_installments {
					// Prepaid: the period's share of the escrow goes back now.
					Self::give(&a.consumer, refunded)?;
					a.escrow = a.escrow.checked_sub(refunded).ok_or(Error::<T>::Overflow)?;
				}
				// Otherwise it is a credit: `prepay` asks that much less for the installment.
				a.refunded_in_running =
					a.refunded_in_running.checked_add(refunded).ok_or(Error::<T>::Overflow)?;
				a.last_faulted_period = Some(period);
			}
		}
		let slashed = percent_of(a.provider_collateral, Params::<T>::get().fault_slash_percent)
			.ok_or(Error::<T>::Overflow)?;
		Self::give(&a.consumer, slashed)?;
		a.provider_collateral = a.provider_collateral.saturating_sub(slashed);
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::FaultPenalized { id, period, refunded, slashed });
		Ok(())
	}

	pub(crate) fn do_storage_failure(id: AgreementId) -> DispatchResult {
		let Some(mut a) = Agreements::<T>::get(id) else { return Ok(()) };
		// Active or under dispute: a dispute does not suspend the storage obligation.
		if !a.status.reserves_capacity() {
			return Ok(());
		}
		Self::settle_if_allowed(id, &mut a, Self::now())?;
		let collateral = a.provider_collateral;
		Self::give(&a.consumer, collateral)?;
		a.provider_collateral = 0;
		let to_consumer = collateral.saturating_add(a.escrow).saturating_add(a.security_deposit);
		Self::wind_up(&mut a, AgreementStatus::Failed)?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Failed { id, to_consumer });
		Ok(())
	}
}

impl<T: Config> OnChallengeOutcome<T::AccountId> for Pallet<T> {
	fn on_pass(_: AgreementId, _: &T::AccountId) {}

	fn on_fault(agreement: AgreementId, _: &T::AccountId) {
		Self::on_storage_fault(agreement);
	}

	fn on_failed(agreement: AgreementId, _: &T::AccountId) {
		Self::on_storage_failure(agreement);
	}
}
