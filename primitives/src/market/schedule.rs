//! How an agreement is paid: the payment plan, the terms (price per period and plan), and the
//! installment schedule they give.

use crate::Balance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// How an agreement's price is paid: one installment covers `installment_periods` periods (the
/// last one may cover fewer). `1` pays period by period; the agreement's duration pays it all at
/// once.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct PaymentPlan {
	/// Periods covered by each installment; at least 1, at most the duration.
	pub installment_periods: u32,
}

/// The commercial terms of an agreement: a price per period and a payment plan.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Terms {
	/// Price of the agreed resources for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub price_per_period: Balance,
	/// How the price is paid.
	pub plan: PaymentPlan,
}

/// The installment schedule of an agreement of `duration` periods under `plan`.
///
/// Installment `i` covers periods `i * k .. min((i + 1) * k, duration)` where
/// `k = plan.installment_periods`. All functions are total: they saturate instead of panicking
/// and answer `None` where a value does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
	/// Duration of the agreement, in periods.
	pub duration: u32,
	/// Periods per installment.
	pub installment_periods: u32,
}

impl Schedule {
	/// A schedule, `None` unless `1 <= installment_periods <= duration`.
	pub fn new(duration: u32, plan: PaymentPlan) -> Option<Self> {
		(duration >= 1 && plan.installment_periods >= 1 && plan.installment_periods <= duration)
			.then_some(Self { duration, installment_periods: plan.installment_periods })
	}

	/// Number of installments.
	pub fn installments(&self) -> u32 {
		self.duration.div_ceil(self.installment_periods.max(1))
	}

	/// The first period installment `i` covers.
	pub fn first_period(&self, i: u32) -> u32 {
		i.saturating_mul(self.installment_periods).min(self.duration)
	}

	/// Periods covered by installment `i` (0 past the last).
	pub fn periods_in(&self, i: u32) -> u32 {
		let start = self.first_period(i);
		let end = self.first_period(i.saturating_add(1));
		end.saturating_sub(start)
	}

	/// Amount of installment `i` at `price_per_period`, `None` on overflow.
	pub fn amount(&self, price_per_period: Balance, i: u32) -> Option<Balance> {
		price_per_period.checked_mul(self.periods_in(i).into())
	}

	/// Total of installments `from .. to`, `None` on overflow.
	pub fn amount_between(&self, price_per_period: Balance, from: u32, to: u32) -> Option<Balance> {
		let periods = self.first_period(to).saturating_sub(self.first_period(from));
		price_per_period.checked_mul(periods.into())
	}

	/// Installments fully matured once `elapsed_periods` whole periods have passed.
	pub fn matured(&self, elapsed_periods: u32) -> u32 {
		if elapsed_periods >= self.duration {
			self.installments()
		} else {
			elapsed_periods.checked_div(self.installment_periods).unwrap_or(elapsed_periods)
		}
	}

	/// The installment covering period `period`, `None` past the end.
	pub fn installment_of_period(&self, period: u32) -> Option<u32> {
		(period < self.duration)
			.then(|| period.checked_div(self.installment_periods).unwrap_or(period))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn schedule_covers_every_period_once() {
		let s = Schedule::new(7, PaymentPlan { installment_periods: 3 }).unwrap();
		assert_eq!(s.installments(), 3);
		assert_eq!(
			(s.periods_in(0), s.periods_in(1), s.periods_in(2), s.periods_in(3)),
			(3, 3, 1, 0)
		);
		assert_eq!(s.amount(10, 2), Some(10));
		assert_eq!(s.amount_between(10, 0, 3), Some(70));
		assert_eq!(s.amount_between(10, 1, 3), Some(40));
		assert_eq!(
			(s.matured(0), s.matured(2), s.matured(3), s.matured(6), s.matured(7)),
			(0, 0, 1, 2, 3)
		);
		assert_eq!(s.installment_of_period(6), Some(2));
		assert_eq!(s.installment_of_period(7), None);
		assert!(Schedule::new(3, PaymentPlan { installment_periods: 0 }).is_none());
		assert!(Schedule::new(3, PaymentPlan { installment_periods: 4 }).is_none());
		assert!(Schedule::new(0, PaymentPlan { installment_periods: 1 }).is_none());
	}
}
