//! [`CompletedAgreements`] for the reputation pallet: which agreements completed, between whom,
//! and what they paid (who may rate whom).

use super::*;
use agora_primitives::{market::AgreementStatus, traits::CompletedAgreements};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> CompletedAgreements<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
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

	fn price_per_period(id: AgreementId) -> Option<agora_primitives::Balance> {
		Agreements::<T>::get(id).map(|a| a.terms.price_per_period)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn complete_for_benchmarks(
		consumer: &T::AccountId,
		provider: &T::AccountId,
		value: agora_primitives::Balance,
	) -> AgreementId {
		Self::completed_for_benchmarks(consumer, provider, value)
			.expect("a completed agreement for the benchmarks")
	}
}
