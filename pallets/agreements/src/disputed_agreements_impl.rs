//! [`DisputedAgreements`] for the disputes pallet: freezing an active agreement under dispute
//! and executing the ruling.

use super::*;
use agora_primitives::{market::AgreementStatus, traits::DisputedAgreements};
use frame_support::ensure;
use sp_runtime::DispatchError;

impl<T: Config> DisputedAgreements<T::AccountId> for Pallet<T> {
	fn freeze(
		id: AgreementId,
		opener: &T::AccountId,
	) -> Result<(T::AccountId, T::AccountId), DispatchError> {
		let mut a = Self::get_agreement(id)?;
		ensure!(*opener == a.consumer || *opener == a.provider, Error::<T>::NotParty);
		// Only while active: a completed agreement holds nothing left to rule on, and a dispute
		// would only stop the other party's rating.
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotDisputable);
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
			Ruling::Split(to_consumer) => {
				// A Perbill share of the escrow is at most the escrow: it cannot overflow.
				#[allow(clippy::arithmetic_side_effects)]
				let share = to_consumer * escrow;
				escrow.saturating_sub(share)
			},
		};
		Self::give(&a.provider, to_provider)?;
		a.escrow = a.escrow.checked_sub(to_provider).ok_or(Error::<T>::Overflow)?;
		a.paid_to_provider = a.paid_to_provider.saturating_add(to_provider);
		let mut to_consumer = a.escrow;
		if ruling == Ruling::FavourConsumer {
			let collateral = a.provider_collateral;
			Self::give(&a.consumer, collateral)?;
			a.provider_collateral = 0;
			to_consumer = to_consumer.saturating_add(collateral);
		}
		if a.ended_at.is_none() {
			// Disputed while active: the rest of the escrow, the deposit and the collateral are
			// released, the capacity too.
			Self::wind_up(&mut a, AgreementStatus::Resolved)?;
		} else {
			// Disputed after completion (accepted before completed agreements stopped being
			// disputable): nothing is held any more, and the capacity was released.
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
		Self::do_prepay(consumer.clone(), id, installments)
			.expect("the benchmark agreement is prepaid");
		id
	}
}
