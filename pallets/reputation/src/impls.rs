//! The logic of the reputation pallet: evidence updates, ratings, reports from other pallets
//! (`ReputationEvents`, `OnChallengeOutcome`, `OnAgreementClosed`), the close gate (`CloseGate`:
//! not while a party may still rate), scores for provider searches
//! (`ProviderScores`), views.

use crate::{pallet::*, types::*};
use agora_primitives::{
	market::{AgreementId, TerminationReason},
	reputation::{self as rep, Counters, DisputeOutcome, ProfileView, ReputationView, Side},
	traits::{
		CloseGate, CompletedAgreements, OnAgreementClosed, OnChallengeOutcome, ProviderScores,
		ReputationEvents,
	},
	Balance,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{SaturatedConversion, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill,
};

/// Thousandths as a fixed-point number.
fn from_milli(milli: u32) -> FixedU128 {
	FixedU128::from_rational(u128::from(milli), 1_000)
}

impl<T: Config> Pallet<T> {
	pub(crate) fn params_valid(params: &ReputationParams<BlockNumberFor<T>>) -> bool {
		params.rating_window > 0u32.into()
	}

	/// `max_milli` thousandths of evidence scaled by `value / full_value`, at most `max_milli`
	/// (all of it when `full_value` is 0).
	fn value_weighted(max_milli: u32, value: Balance, full_value: Balance) -> FixedU128 {
		let max = from_milli(max_milli);
		if full_value.is_zero() {
			return max;
		}
		max.saturating_mul(FixedU128::saturating_from_rational(value, full_value))
			.min(max)
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// `profile` with its evidence decayed to `now`.
	pub fn decayed(
		mut profile: Profile<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> Profile<BlockNumberFor<T>> {
		let elapsed: u64 = now.saturating_sub(profile.updated_at).saturated_into();
		let half_life: u64 = Params::<T>::get().half_life.saturated_into();
		let factor = rep::decay_factor(elapsed, half_life);
		profile.good = profile.good.saturating_mul(factor);
		profile.bad = profile.bad.saturating_mul(factor);
		profile.updated_at = now;
		profile
	}

	/// Decay `who`'s `side` profile to now, add evidence and update its counters.
	pub(crate) fn record(
		who: &T::AccountId,
		side: Side,
		good: FixedU128,
		bad: FixedU128,
		count: impl FnOnce(&mut Counters),
	) {
		let now = Self::now();
		let profile = Profiles::<T>::mutate(who, side, |stored| {
			let mut profile = Self::decayed(core::mem::take(stored), now);
			profile.good = profile.good.saturating_add(good);
			profile.bad = profile.bad.saturating_add(bad);
			count(&mut profile.counters);
			*stored = profile.clone();
			profile
		});
		if !good.is_zero() || !bad.is_zero() {
			Self::deposit_event(Event::Evidence {
				who: who.clone(),
				side,
				good: rep::milli(good),
				bad: rep::milli(bad),
				score: rep::score(profile.good, profile.bad),
			});
		}
	}

	/// The evidence a rating after an agreement that paid `value` carries.
	pub fn rating_weight(value: Balance) -> FixedU128 {
		let params = Params::<T>::get();
		let cap = from_milli(params.max_rating_weight);
		if params.value_per_rating_weight == 0 {
			return cap;
		}
		FixedU128::checked_from_rational(value, params.value_per_rating_weight)
			.unwrap_or(cap)
			.min(cap)
	}

	pub(crate) fn do_rate(
		who: T::AccountId,
		agreement: AgreementId,
		scores: Scores,
		comment_hash: H256,
	) -> DispatchResult {
		let info = T::Agreements::completed(agreement).ok_or(Error::<T>::NotCompleted)?;
		ensure!(!info.disputed, Error::<T>::Disputed);
		let (rated, side) = if who == info.consumer {
			(info.provider.clone(), Side::Provider)
		} else if who == info.provider {
			(info.consumer.clone(), Side::Consumer)
		} else {
			return Err(Error::<T>::NotParty.into());
		};
		let now = Self::now();
		let window = Params::<T>::get().rating_window;
		ensure!(now <= info.completed_at.saturating_add(window), Error::<T>::RatingWindowClosed);
		ensure!(!Ratings::<T>::contains_key(agreement, side), Error::<T>::AlreadyRated);
		ensure!(scores.valid(), Error::<T>::InvalidScore);

		let weight = Self::rating_weight(info.value_paid);
		let good =
			weight.saturating_mul(FixedU128::from_rational(u128::from(scores.good_twelfths()), 12));
		let bad = weight.saturating_sub(good);
		Self::record(&rated, side, good, bad, |c| c.ratings = c.ratings.saturating_add(1));
		Ratings::<T>::insert(agreement, side, Rating { scores, comment_hash, weight, at: now });
		Self::deposit_event(Event::Rated {
			agreement,
			rater: who,
			rated,
			side,
			scores,
			comment_hash,
			weight,
		});
		Ok(())
	}

	// ---- views ----

	/// `who`'s `side` profile decayed to now.
	pub fn profile_view(who: &T::AccountId, side: Side) -> ProfileView {
		let profile = Self::decayed(Profiles::<T>::get(who, side), Self::now());
		ProfileView {
			score: rep::score(profile.good, profile.bad),
			good: rep::milli(profile.good),
			bad: rep::milli(profile.bad),
			confidence: rep::milli(profile.good.saturating_add(profile.bad)),
			counters: profile.counters,
		}
	}

	/// Both sides of `who`'s reputation, for the runtime API.
	pub fn reputation(who: T::AccountId) -> ReputationView<T::AccountId> {
		ReputationView {
			provider: Self::profile_view(&who, Side::Provider),
			consumer: Self::profile_view(&who, Side::Consumer),
			account: who,
		}
	}

	/// `who`'s score as a provider now.
	pub fn provider_score(who: &T::AccountId) -> Perbill {
		let profile = Self::decayed(Profiles::<T>::get(who, Side::Provider), Self::now());
		rep::score(profile.good, profile.bad)
	}

	/// Invariants: no profile was updated in the future; ratings exist only for agreements
	/// whose record still exists and that completed (possibly disputed since); they go when the
	/// record is closed, were given after completion and have valid scores.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let now = Self::now();
		for (_, _, profile) in Profiles::<T>::iter() {
			ensure!(profile.updated_at <= now, "a profile was updated in the future");
		}
		for (agreement, side, rating) in Ratings::<T>::iter() {
			let info = T::Agreements::completed(agreement)
				.ok_or("a rating of an agreement that is not (or no longer) completed")?;
			ensure!(rating.at >= info.completed_at, "a rating before completion");
			ensure!(rating.scores.valid(), "a rating with invalid scores");
			let rater_is_party = match side {
				Side::Provider | Side::Consumer => true,
			};
			ensure!(rater_is_party, "a rating of an unknown side");
		}
		Ok(())
	}
}

impl<T: Config> ReputationEvents<T::AccountId> for Pallet<T> {
	/// Evidence is bought only with value paid through the market: nothing below
	/// `min_evidence_value`, and in proportion to `value` up to `completion` (a free or tiny
	/// agreement between accounts of one owner earns nothing worth having).
	fn completed(consumer: &T::AccountId, provider: &T::AccountId, value: Balance) {
		let p = Params::<T>::get();
		let good = if value < p.min_evidence_value {
			FixedU128::zero()
		} else {
			Self::value_weighted(p.completion, value, p.value_per_completion_weight)
		};
		let count = |c: &mut Counters| {
			c.completed = c.completed.saturating_add(1);
			c.value = c.value.saturating_add(value);
		};
		Self::record(provider, Side::Provider, good, FixedU128::zero(), count);
		Self::record(consumer, Side::Consumer, good, FixedU128::zero(), count);
	}

	fn terminated(consumer: &T::AccountId, provider: &T::AccountId, reason: TerminationReason) {
		let bad = from_milli(Params::<T>::get().termination);
		let zero = FixedU128::zero();
		let count = |c: &mut Counters| c.terminated = c.terminated.saturating_add(1);
		match reason {
			TerminationReason::NonPayment => {
				Self::record(consumer, Side::Consumer, zero, bad, count)
			},
			TerminationReason::ConsumerCancelled => {
				Self::record(consumer, Side::Consumer, zero, zero, count)
			},
			TerminationReason::ProviderAbandoned => {
				Self::record(provider, Side::Provider, zero, bad, count)
			},
			// Nobody can tell which side failed the upload: no evidence either way.
			TerminationReason::UploadNotConfirmed => {},
		}
	}

	fn failed(_consumer: &T::AccountId, provider: &T::AccountId) {
		let bad = from_milli(Params::<T>::get().failure);
		Self::record(provider, Side::Provider, FixedU128::zero(), bad, |c| {
			c.failed = c.failed.saturating_add(1)
		});
	}

	fn challenge_passed(provider: &T::AccountId, price_per_period: Balance) {
		let p = Params::<T>::get();
		let good =
			Self::value_weighted(p.challenge_pass, price_per_period, p.value_per_completion_weight);
		Self::record(provider, Side::Provider, good, FixedU128::zero(), |c| {
			c.challenges_passed = c.challenges_passed.saturating_add(1)
		});
	}

	fn challenge_missed(provider: &T::AccountId) {
		let bad = from_milli(Params::<T>::get().challenge_miss);
		Self::record(provider, Side::Provider, FixedU128::zero(), bad, |c| {
			c.challenges_missed = c.challenges_missed.saturating_add(1)
		});
	}

	fn dispute_resolved(consumer: &T::AccountId, provider: &T::AccountId, outcome: DisputeOutcome) {
		let amount = from_milli(Params::<T>::get().dispute);
		let zero = FixedU128::zero();
		let won = |c: &mut Counters| c.disputes_won = c.disputes_won.saturating_add(1);
		let lost = |c: &mut Counters| c.disputes_lost = c.disputes_lost.saturating_add(1);
		match outcome {
			DisputeOutcome::ConsumerWon => {
				Self::record(consumer, Side::Consumer, amount, zero, won);
				Self::record(provider, Side::Provider, zero, amount, lost);
			},
			DisputeOutcome::ProviderWon => {
				Self::record(provider, Side::Provider, amount, zero, won);
				Self::record(consumer, Side::Consumer, zero, amount, lost);
			},
			DisputeOutcome::Split | DisputeOutcome::Dismissed => {},
		}
	}

	/// A job's checked result earns good evidence as a completion does: nothing below
	/// `min_evidence_value`, and in proportion to the value paid up to `completion`. (The
	/// profile's counters have no job entries: jobs count only as evidence.)
	fn job_done(worker: &T::AccountId, value: Balance) {
		let p = Params::<T>::get();
		let good = if value < p.min_evidence_value {
			FixedU128::zero()
		} else {
			Self::value_weighted(p.completion, value, p.value_per_completion_weight)
		};
		Self::record(worker, Side::Provider, good, FixedU128::zero(), |_| {});
	}

	/// A wrong result is as bad as lost data: the worker was paid to compute and did not.
	fn job_wrong(worker: &T::AccountId) {
		let bad = from_milli(Params::<T>::get().failure);
		Self::record(worker, Side::Provider, FixedU128::zero(), bad, |_| {});
	}

	/// Silence after accepting is as bad as a missed storage challenge.
	fn job_missed(worker: &T::AccountId) {
		let bad = from_milli(Params::<T>::get().challenge_miss);
		Self::record(worker, Side::Provider, FixedU128::zero(), bad, |_| {});
	}
}

impl<T: Config> CloseGate for Pallet<T> {
	/// A completed, undisputed agreement stays until both parties rated it or the rating window
	/// is over; anything else may go.
	fn may_close(id: AgreementId) -> bool {
		let Some(info) = T::Agreements::completed(id) else { return true };
		if info.disputed {
			return true;
		}
		let window_over =
			Self::now() > info.completed_at.saturating_add(Params::<T>::get().rating_window);
		window_over
			|| (Ratings::<T>::contains_key(id, Side::Provider)
				&& Ratings::<T>::contains_key(id, Side::Consumer))
	}
}

impl<T: Config> OnAgreementClosed for Pallet<T> {
	fn closed(id: AgreementId) {
		let removed = Ratings::<T>::take(id, Side::Provider).is_some()
			| Ratings::<T>::take(id, Side::Consumer).is_some();
		if removed {
			Self::deposit_event(Event::RatingsRemoved { agreement: id });
		}
	}

	/// Two ratings taken.
	fn closed_weight() -> frame_support::weights::Weight {
		<T::DbWeight as frame_support::traits::Get<_>>::get().reads_writes(2, 2)
	}
}

impl<T: Config> OnChallengeOutcome<T::AccountId> for Pallet<T> {
	fn on_pass(agreement: AgreementId, provider: &T::AccountId) {
		let price = T::Agreements::price_per_period(agreement).unwrap_or_default();
		<Self as ReputationEvents<T::AccountId>>::challenge_passed(provider, price);
	}

	fn on_fault(_: AgreementId, provider: &T::AccountId) {
		<Self as ReputationEvents<T::AccountId>>::challenge_missed(provider);
	}

	/// Nothing more: the agreements report the failure itself ([`ReputationEvents::failed`]).
	fn on_failed(_: AgreementId, _: &T::AccountId) {}
}

impl<T: Config> ProviderScores<T::AccountId> for Pallet<T> {
	fn provider_score(who: &T::AccountId) -> Perbill {
		Self::provider_score(who)
	}
}
