//! `rate`: who, when, once, and how much a rating weighs.

use super::*;
use agora_primitives::{reputation::OnAgreementClosed, AGR};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;

type Rep = Pallet<Test>;

fn scores(performance: u8, stability: u8, support: u8) -> Scores {
	Scores { performance, stability, support }
}

fn rate(who: u64, id: u64, s: Scores) -> sp_runtime::DispatchResult {
	Rep::rate(RuntimeOrigin::signed(who), id, s, H256::repeat_byte(9))
}

#[test]
fn both_parties_rate_each_other_once() {
	test(|| {
		complete(1, 1, 2 * AGR, false);
		// The consumer rates the provider: all fives, weight 2 (2 AGR paid, 1 AGR per unit).
		assert_ok!(rate(CONSUMER, 1, scores(5, 5, 5)));
		assert_eq!(evidence(PROVIDER, Side::Provider), (2_000, 0));
		// The provider rates the consumer: 5, 4, 3 -> 9 of 12 good: 1.5 good, 0.5 bad.
		assert_ok!(rate(PROVIDER, 1, scores(5, 4, 3)));
		assert_eq!(evidence(CONSUMER, Side::Consumer), (1_500, 500));
		assert_eq!(view(CONSUMER, Side::Consumer).counters.ratings, 1);
		assert_noop!(rate(CONSUMER, 1, scores(1, 1, 1)), Error::<Test>::AlreadyRated);
		assert_noop!(rate(PROVIDER, 1, scores(1, 1, 1)), Error::<Test>::AlreadyRated);
		let stored = Ratings::<Test>::get(1, Side::Provider).unwrap();
		assert_eq!((stored.scores, stored.at), (scores(5, 5, 5), 1));
		assert!(events().contains(&Event::Rated {
			agreement: 1,
			rater: CONSUMER,
			rated: PROVIDER,
			side: Side::Provider,
			scores: scores(5, 5, 5),
			comment_hash: H256::repeat_byte(9),
			weight: sp_runtime::FixedU128::from_u32(2),
		}));
	});
}

#[test]
fn the_weight_follows_the_value_paid_up_to_the_cap() {
	test(|| {
		// A tiny agreement (0.001 AGR) barely moves the score, even with the worst scores.
		complete(1, 1, AGR / 1_000, false);
		assert_ok!(rate(CONSUMER, 1, scores(1, 1, 1)));
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 1));
		// A large one (100 AGR) carries the cap of 5.
		complete(2, 1, 100 * AGR, false);
		assert_ok!(rate(CONSUMER, 2, scores(1, 1, 1)));
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 5_001));
		assert_eq!(Rep::rating_weight(3 * AGR / 2), sp_runtime::FixedU128::from_rational(3, 2));
	});
}

#[test]
fn only_parties_of_completed_undisputed_agreements_rate_within_the_window() {
	test(|| {
		assert_noop!(rate(CONSUMER, 1, scores(3, 3, 3)), Error::<Test>::NotCompleted);
		complete(1, 1, AGR, true);
		assert_noop!(rate(CONSUMER, 1, scores(3, 3, 3)), Error::<Test>::Disputed);
		complete(2, 1, AGR, false);
		assert_noop!(rate(STRANGER, 2, scores(3, 3, 3)), Error::<Test>::NotParty);
		for bad in [scores(0, 3, 3), scores(3, 6, 3), scores(3, 3, 0)] {
			assert_noop!(rate(CONSUMER, 2, bad), Error::<Test>::InvalidScore);
		}
		// The last block of the window is fine; the next is not.
		System::set_block_number(1 + WINDOW);
		assert_ok!(rate(CONSUMER, 2, scores(3, 3, 3)));
		System::set_block_number(2 + WINDOW);
		assert_noop!(rate(PROVIDER, 2, scores(3, 3, 3)), Error::<Test>::RatingWindowClosed);
	});
}

#[test]
fn closing_the_agreement_removes_its_ratings() {
	test(|| {
		complete(1, 1, AGR, false);
		assert_ok!(rate(CONSUMER, 1, scores(4, 4, 4)));
		assert_ok!(rate(PROVIDER, 1, scores(4, 4, 4)));
		forget(1);
		// Without the notice the invariants catch the orphans.
		assert!(Rep::do_try_state().is_err());
		<Rep as OnAgreementClosed>::closed(1);
		assert_eq!(Ratings::<Test>::iter().count(), 0);
		assert_eq!(events().last(), Some(&Event::RatingsRemoved { agreement: 1 }));
		// The profiles keep what the ratings added.
		assert_eq!(view(PROVIDER, Side::Provider).counters.ratings, 1);
		// Nothing to remove: no event.
		let before = events().len();
		<Rep as OnAgreementClosed>::closed(1);
		assert_eq!(events().len(), before);
	});
}

#[test]
fn a_completed_agreement_stays_open_while_a_party_may_rate() {
	use agora_primitives::traits::CloseGate;
	test(|| {
		// Not completed (or already gone): nothing to protect.
		assert!(Rep::may_close(7));
		// Completed at block 1: held back within the window until both have rated.
		complete(1, 1, 2 * AGR, false);
		assert!(!Rep::may_close(1));
		assert_ok!(rate(CONSUMER, 1, scores(5, 5, 5)));
		assert!(!Rep::may_close(1), "the provider may still rate the consumer");
		assert_ok!(rate(PROVIDER, 1, scores(4, 4, 4)));
		assert!(Rep::may_close(1), "both rated");
		// Nobody rates: held back through the last block of the window, free after it.
		complete(2, 1, AGR, false);
		System::set_block_number(1 + WINDOW);
		assert!(!Rep::may_close(2));
		System::set_block_number(2 + WINDOW);
		assert!(Rep::may_close(2));
		// A disputed agreement takes no ratings.
		complete(3, System::block_number(), AGR, true);
		assert!(Rep::may_close(3));
	});
}
