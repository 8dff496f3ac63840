//! Disputes of attested results, through `DisputedJobs`.

use super::*;
use agora_primitives::{
	disputes::{Ruling, RulingPayout},
	jobs::JobOutcome,
	traits::DisputedJobs,
};
use frame_support::assert_noop;
use sp_runtime::Perbill;

type D = Jobs;

/// A posted attested job of reward 300 (collateral 150), disputed by the consumer as dispute 4.
fn disputed() -> (JobId, u64) {
	opt_in_all();
	let id = running(spec(JobMode::Attested, 1, 300));
	let w = workers(id)[0];
	assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), id, blob(9)));
	assert_eq!(<D as DisputedJobs<u64>>::freeze(id, &CONSUMER, 4), Ok((CONSUMER, w, 450)));
	assert_eq!(status(id), JobStatus::Disputed { dispute: 4 });
	assert_eq!(Stats::<Test>::get().disputed, 1);
	(id, w)
}

#[test]
fn a_dispute_freezes_the_result() {
	run_test(|| {
		let (id, _) = disputed();
		// Neither acceptance nor silence ends it now.
		assert_noop!(
			Jobs::accept_result(RuntimeOrigin::signed(CONSUMER), id),
			Error::<Test>::NotPosted
		);
		run_to(50);
		assert_noop!(Jobs::advance(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NothingDue);
		assert_noop!(
			<D as DisputedJobs<u64>>::freeze(id, &CONSUMER, 5),
			Error::<Test>::NotDisputable
		);
	});
}

#[test]
fn ruling_for_the_consumer_returns_the_reward_and_pays_the_collateral() {
	run_test(|| {
		let (id, w) = disputed();
		assert_eq!(
			<D as DisputedJobs<u64>>::execute(id, Ruling::FavourConsumer),
			Ok(RulingPayout { to_consumer: 450, to_provider: 0 })
		);
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Ruled(Ruling::FavourConsumer), at: 3 }
		);
		assert_eq!(free(CONSUMER), INITIAL - RECORD + 150);
		assert_eq!(free(w), INITIAL - 150);
		// Reputation hears of the ruling from the disputes pallet, not from here.
		assert!(reports().is_empty());
		assert_eq!(Stats::<Test>::get().wrong_results, 1);
		assert_noop!(
			<D as DisputedJobs<u64>>::execute(id, Ruling::FavourConsumer),
			Error::<Test>::NotDisputed
		);
	});
}

#[test]
fn ruling_for_the_worker_pays_it() {
	run_test(|| {
		let (id, w) = disputed();
		assert_eq!(
			<D as DisputedJobs<u64>>::execute(id, Ruling::FavourProvider),
			Ok(RulingPayout { to_consumer: 0, to_provider: 300 })
		);
		assert_eq!(free(CONSUMER), INITIAL - RECORD - 300);
		assert_eq!(free(w), INITIAL + 300);
		assert!(reports().is_empty());
	});
}

#[test]
fn a_split_divides_the_reward_and_returns_the_collateral() {
	run_test(|| {
		let (id, w) = disputed();
		assert_eq!(
			<D as DisputedJobs<u64>>::execute(id, Ruling::Split(Perbill::from_percent(30))),
			Ok(RulingPayout { to_consumer: 90, to_provider: 210 })
		);
		assert_eq!(free(CONSUMER), INITIAL - RECORD - 210);
		assert_eq!(free(w), INITIAL + 210);
		assert_eq!(pot_balance(), 0);
	});
}

#[test]
fn a_dismissed_dispute_lets_the_result_stand() {
	run_test(|| {
		let (id, w) = disputed();
		assert_ok!(<D as DisputedJobs<u64>>::dismiss(id));
		assert_eq!(
			status(id),
			JobStatus::Finished { outcome: JobOutcome::Completed { result: blob(9) }, at: 3 }
		);
		assert_eq!(free(w), INITIAL + 300);
		assert_noop!(<D as DisputedJobs<u64>>::dismiss(id), Error::<Test>::NotDisputed);
	});
}

#[test]
fn rulings_reach_reputation_through_the_disputes_pallet_only() {
	for ruling in [Ruling::FavourConsumer, Ruling::FavourProvider, Ruling::Split(Perbill::one())] {
		run_test(|| {
			let (id, _) = disputed();
			assert!(<D as DisputedJobs<u64>>::execute(id, ruling).is_ok());
			// The disputes pallet records `dispute_resolved`; nothing more from here.
			assert!(reports().is_empty(), "{ruling:?} reported twice");
		});
	}
}
