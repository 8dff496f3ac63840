//! The agreements pallet's invariants (`try_state`), also checked after every unit test.

use super::*;
use agora_primitives::{
	market::{AgreementStatus, ProviderRegistry},
	Balance,
};
use frame_support::ensure;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// * per account and hold reason, the held amount equals the sum recorded on its
	///   agreements;
	/// * per provider, reserved capacity and the live count equal the sum over its active
	///   agreements;
	/// * each agreement is in both parties' indexes and nowhere else;
	/// * escrow equals the prepaid, unreleased installments less the refunds of missed periods;
	///   counters are ordered; finished
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
			if a.is_live() {
				// The escrow is the prepaid, unreleased installments less what missed challenges
				// refunded of the next one; unprepaid, the refunds are a credit on it.
				let owed = schedule
					.amount_between(
						a.terms.price_per_period,
						a.settled_installments,
						a.paid_installments,
					)
					.ok_or("escrow amounts overflow")?;
				if a.paid_installments > a.settled_installments {
					ensure!(
						a.escrow.checked_add(a.refunded_in_running) == Some(owed),
						"escrow differs from the prepaid, unreleased, unrefunded installments"
					);
				} else {
					let next = schedule
						.amount(a.terms.price_per_period, a.settled_installments)
						.unwrap_or_default();
					ensure!(
						a.escrow.is_zero() && a.refunded_in_running <= next,
						"escrow without a prepaid installment, or a credit above the installment"
					);
				}
			}
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
					AgreementsOf::<T>::contains_key(who, BigEndianId::from(id)),
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
		for (who, key, ()) in AgreementsOf::<T>::iter() {
			let a =
				Agreements::<T>::get(u64::from(key)).ok_or("index names a missing agreement")?;
			ensure!(a.consumer == who || a.provider == who, "index names a stranger's agreement");
			indexed = indexed.saturating_add(1);
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
