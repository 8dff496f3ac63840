//! [`DisputedAgreements`] for the disputes pallet: freezing an active agreement under dispute,
//! executing a ruling over the value served since the last payout, or dismissing the dispute.

use super::*;
use agora_primitives::{market::AgreementStatus, traits::DisputedAgreements, Balance};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Whether a disputed agreement ended while under dispute (failure, non-payment). Only
	/// active agreements can be disputed, so any final status but `Resolved` came that way.
	fn ended_during_dispute(a: &AgreementOf<T>) -> bool {
		a.status.is_final() && a.status != AgreementStatus::Resolved
	}

	/// The escrow for the periods served since the last payout: what a ruling divides. Whole
	/// periods elapsed, less the installments already released and the periods refunded for
	/// missed storage challenges; at most the escrow (unpaid periods are not in it).
	pub(crate) fn served_unreleased(a: &AgreementOf<T>, now: BlockNumberFor<T>) -> Balance {
		let Some(schedule) = a.schedule() else { return 0 };
		let elapsed = Balance::from(Self::elapsed_periods(a, now));
		let released = schedule
			.amount_between(a.terms.price_per_period, 0, a.settled_installments)
			.unwrap_or(Balance::MAX);
		a.terms
			.price_per_period
			.saturating_mul(elapsed)
			.saturating_sub(released)
			.saturating_sub(a.refunded_in_running)
			.min(a.escrow)
	}
}

impl<T: Config> DisputedAgreements<T::AccountId> for Pallet<T> {
	fn freeze(
		id: AgreementId,
		opener: &T::AccountId,
	) -> Result<(T::AccountId, T::AccountId, Balance), DispatchError> {
		let mut a = Self::get_agreement(id)?;
		ensure!(*opener == a.consumer || *opener == a.provider, Error::<T>::NotParty);
		// Only while active: a completed agreement holds nothing left to rule on, and a dispute
		// would only stop the other party's rating.
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotDisputable);
		// What matured before the dispute is paid as usual: a ruling only concerns what comes
		// after.
		Self::settle_if_allowed(id, &mut a, Self::now())?;
		Self::set_status(&mut a, AgreementStatus::Disputed);
		let at_stake = a.escrow.saturating_add(a.provider_collateral);
		let parties = (a.consumer.clone(), a.provider.clone());
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::Disputed { id });
		Ok((parties.0, parties.1, at_stake))
	}

	fn execute(
		id: AgreementId,
		ruling: agora_primitives::disputes::Ruling,
	) -> Result<agora_primitives::disputes::RulingPayout, DispatchError> {
		use agora_primitives::disputes::{Ruling, RulingPayout};
		let mut a = Self::get_agreement(id)?;
		if Self::ended_during_dispute(&a) {
			// It ended during the dispute (failed storage proofs, non-payment): everything was
			// settled then. The ruling still decides the bond and the reputation.
			return Ok(RulingPayout::default());
		}
		ensure!(a.status == AgreementStatus::Disputed, Error::<T>::NotDisputed);
		let served = Self::served_unreleased(&a, Self::now());
		let to_provider = match ruling {
			Ruling::FavourConsumer => 0,
			Ruling::FavourProvider => served,
			Ruling::Split(to_consumer) => {
				// A Perbill share of the served value is at most that value: no overflow.
				#[allow(clippy::arithmetic_side_effects)]
				let share = to_consumer * served;
				served.saturating_sub(share)
			},
		};
		Self::give(&a.provider, to_provider)?;
		a.escrow = a.escrow.checked_sub(to_provider).ok_or(Error::<T>::Overflow)?;
		a.paid_to_provider = a.paid_to_provider.saturating_add(to_provider);
		// The rest of the escrow (the consumer's share of the served value and everything
		// unserved) returns to the consumer when the agreement winds up.
		let mut to_consumer = a.escrow;
		if ruling == Ruling::FavourConsumer {
			let collateral = a.provider_collateral;
			Self::give(&a.consumer, collateral)?;
			a.provider_collateral = 0;
			to_consumer = to_consumer.saturating_add(collateral);
		}
		// The rest of the escrow, the deposit and the collateral are released, the capacity too.
		Self::wind_up(&mut a, AgreementStatus::Resolved)?;
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::DisputeResolved { id, to_consumer, to_provider });
		Ok(RulingPayout { to_consumer, to_provider })
	}

	fn dismiss(id: AgreementId) -> DispatchResult {
		let mut a = Self::get_agreement(id)?;
		if Self::ended_during_dispute(&a) {
			// It ended during the dispute: nothing goes on.
			return Ok(());
		}
		ensure!(a.status == AgreementStatus::Disputed, Error::<T>::NotDisputed);
		Self::set_status(&mut a, AgreementStatus::Active);
		Agreements::<T>::insert(id, a);
		Self::deposit_event(Event::DisputeDismissed { id });
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &T::AccountId, provider: &T::AccountId) -> AgreementId {
		let id = Self::create_active_for_benchmarks(consumer, provider, 1 << 30)
			.expect("an agreement for the benchmarks");
		let installments = Self::get_agreement(id)
			.ok()
			.and_then(|a| a.schedule())
			.map_or(1, |s| s.installments());
		Self::do_prepay(consumer.clone(), id, installments)
			.expect("the benchmark agreement is prepaid");
		id
	}
}
