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
	/// * per account, the held record deposits equal the sum recorded on its agreements, and the
	///   pot holds at least its existential deposit plus every live agreement's escrow, deposit
	///   and collateral;
	/// * per provider, reserved capacity and the live count equal the sum over its active
	///   agreements;
	/// * each agreement is in both parties' indexes and nowhere else;
	/// * escrow equals the prepaid, unreleased installments less the refunds of missed periods;
	///   counters are ordered; finished
	///   agreements hold nothing but the record deposit.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::{Inspect, InspectHold};

		let mut held: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let mut in_pot: Balance = 0;
		let mut reserved: BTreeMap<T::AccountId, (Resources, u32)> = BTreeMap::new();
		let mut count = 0u32;
		// The counters as a scan sees them: live ones exactly, ended ones as a floor (closed
		// agreements are gone from storage but stay counted).
		let mut scanned = agora_primitives::stats::AgreementCounters::default();
		for (id, a) in Agreements::<T>::iter() {
			count = count.saturating_add(1);
			match Self::status_count(&mut scanned, &a.status) {
				CounterRef::Live(n) => *n = n.saturating_add(1),
				CounterRef::Ended(n) => *n = n.saturating_add(1),
			}
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
			*c = c.saturating_add(a.record_deposit);
			held.entry(a.provider.clone()).or_default();
			in_pot = in_pot
				.saturating_add(a.escrow)
				.saturating_add(a.security_deposit)
				.saturating_add(a.provider_collateral);
			let r = reserved.entry(a.provider.clone()).or_default();
			if a.is_live() {
				r.0 = r.0.checked_add(&a.resources).ok_or("reserved capacity overflows")?;
				r.1 = r.1.saturating_add(1);
			}
		}
		let c = Counters::<T>::get();
		ensure!(
			(c.requested, c.countered, c.active, c.disputed)
				== (scanned.requested, scanned.countered, scanned.active, scanned.disputed),
			"live agreement counters differ from a scan"
		);
		ensure!(
			c.completed >= scanned.completed
				&& c.cancelled >= scanned.cancelled
				&& c.terminated >= scanned.terminated
				&& c.failed >= scanned.failed
				&& c.resolved >= scanned.resolved,
			"fewer ended agreements counted than are stored"
		);
		// Every agreement requested is live or ended exactly once.
		let live = u64::from(c.requested)
			.saturating_add(u64::from(c.countered))
			.saturating_add(u64::from(c.active))
			.saturating_add(u64::from(c.disputed));
		let ended = c
			.completed
			.saturating_add(c.cancelled)
			.saturating_add(c.terminated)
			.saturating_add(c.failed)
			.saturating_add(c.resolved);
		ensure!(
			c.total == live.saturating_add(ended),
			"agreements requested are not live or ended"
		);
		ensure!(
			c.total == NextAgreementId::<T>::get(),
			"agreement total differs from the ids handed out"
		);
		let mut indexed = 0u32;
		for (who, key, ()) in AgreementsOf::<T>::iter() {
			let a =
				Agreements::<T>::get(u64::from(key)).ok_or("index names a missing agreement")?;
			ensure!(a.consumer == who || a.provider == who, "index names a stranger's agreement");
			indexed = indexed.saturating_add(1);
			held.entry(who).or_default();
		}
		ensure!(indexed == count.saturating_mul(2), "indexes and agreements disagree");
		let reason = HoldReason::RecordDeposit.into();
		for (who, sum) in held {
			ensure!(
				T::Currency::balance_on_hold(&reason, &who) == sum,
				"held record deposits differ from the agreements' records"
			);
		}
		// Anyone may send tokens to the pot, so it may hold more, never less.
		ensure!(
			T::Currency::balance(&Self::pot())
				>= in_pot.saturating_add(T::Currency::minimum_balance()),
			"the pot does not cover the agreements' escrow, deposits and collateral"
		);
		for (provider, expected) in reserved {
			let actual = T::Providers::reserved(&provider).unwrap_or_default();
			ensure!(actual == expected, "reserved capacity differs from the live agreements");
		}
		Ok(())
	}
}
