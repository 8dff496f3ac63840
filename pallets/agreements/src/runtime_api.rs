//! What the agreements pallet answers through the runtime API (`MarketApi`): agreements with
//! what is due and what matured, and the agreements of an account. (`quote` is in
//! `utility_impls.rs`: `request` uses it too.)

use super::*;
use agora_primitives::{
	market::{AgreementStatus, AgreementView},
	Balance,
};
use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
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
		let served_until = a
			.ended_at
			.filter(|_| a.status.is_final())
			.map(|end| end.saturating_add(Params::<T>::get().data_grace));
		AgreementView {
			id,
			agreement: a,
			installments,
			matured_installments,
			total_price,
			ends_at,
			next_due,
			served_until,
		}
	}

	/// What the pot keeps for `who` over all its agreements: escrow and security deposits as
	/// consumer, collateral as provider. It walks every agreement, so it is for tests and
	/// tooling, never for calls or hooks.
	#[cfg(feature = "std")]
	pub fn pot_share_of(who: &T::AccountId) -> Balance {
		Agreements::<T>::iter_values().fold(0, |sum: Balance, a| {
			let mut share = 0;
			if a.consumer == *who {
				share = a.escrow.saturating_add(a.security_deposit);
			}
			if a.provider == *who {
				share = share.saturating_add(a.provider_collateral);
			}
			sum.saturating_add(share)
		})
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
		// The index walks in id order (big-endian keys), so a page is the next ids in order.
		AgreementsOf::<T>::iter_key_prefix(who)
			.skip(skip)
			.take(page_size as usize)
			.filter_map(|key| Self::agreement(key.into()))
			.collect()
	}
}
