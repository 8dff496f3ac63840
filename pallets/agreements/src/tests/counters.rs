//! The agreements' counters for `agora_marketStats` move at every transition (`try_state`,
//! run after each test, also checks them against a scan).

use super::*;
use agora_primitives::{
	disputes::{DisputedAgreements, Ruling},
	market::Terms,
	stats::AgreementCounters,
};
use frame_support::assert_ok;

fn counters() -> AgreementCounters {
	Counters::<Test>::get()
}

/// (requested, countered, active, disputed)
fn live() -> (u32, u32, u32, u32) {
	let c = counters();
	(c.requested, c.countered, c.active, c.disputed)
}

/// (completed, cancelled, terminated, failed, resolved)
fn ended() -> (u64, u64, u64, u64, u64) {
	let c = counters();
	(c.completed, c.cancelled, c.terminated, c.failed, c.resolved)
}

#[test]
fn counters_follow_requests_answers_and_cancellations() {
	run_test(|| {
		let a = request(3, 1);
		let b = request(3, 1);
		let c = request(3, 1);
		assert_eq!((counters().total, live()), (3, (3, 0, 0, 0)));
		let terms = Terms { price_per_period: 200, plan: plan(1) };
		assert_ok!(Agreements::counter(RuntimeOrigin::signed(PROVIDER), a, terms));
		assert_eq!(live(), (2, 1, 0, 0));
		assert_ok!(Agreements::accept_counter(RuntimeOrigin::signed(CONSUMER), a));
		assert_eq!(live(), (2, 0, 1, 0));
		assert_ok!(Agreements::revoke(RuntimeOrigin::signed(CONSUMER), b));
		assert_ok!(Agreements::reject(RuntimeOrigin::signed(PROVIDER), c));
		assert_eq!((live(), ended()), ((0, 0, 1, 0), (0, 2, 0, 0, 0)));
		let d = request(3, 1);
		go_to(1 + EXPIRY);
		assert_ok!(Agreements::expire(RuntimeOrigin::signed(STRANGER), d));
		assert_eq!((counters().total, live(), ended()), (4, (0, 0, 1, 0), (0, 3, 0, 0, 0)));
		// Closing a cancelled agreement leaves the cumulative counts alone.
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), d));
		assert_eq!((counters().total, ended()), (4, (0, 3, 0, 0, 0)));
	});
}

#[test]
fn counters_follow_settlement_completion_and_early_ends() {
	run_test(|| {
		let done = active(2, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), done, 2));
		let unpaid = active(3, 1);
		let cancelled = active(3, 1);
		let abandoned = active(3, 1);
		// The mock provider has 4 vCPUs: four agreements of one at a time.
		assert_eq!(live(), (0, 0, 4, 0));
		go_to(1 + PERIOD);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), done));
		assert_eq!(counters().settled, SMALL_PRICE);
		go_to(1 + 2 * PERIOD);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), done));
		assert_eq!((counters().settled, ended()), (2 * SMALL_PRICE, (1, 0, 0, 0, 0)));
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), unpaid));
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), cancelled));
		assert_ok!(Agreements::abandon(RuntimeOrigin::signed(PROVIDER), abandoned));
		assert_eq!(ended(), (1, 0, 3, 0, 0));
		let failed = active(3, 1);
		Agreements::on_storage_failure(failed);
		assert_eq!((live(), ended()), ((0, 0, 0, 0), (1, 0, 3, 1, 0)));
		// Forfeits are not installments: only settlement counts as settled.
		assert_eq!(counters().settled, 2 * SMALL_PRICE);
		assert_eq!(counters().total, 5);
	});
}

#[test]
fn counters_follow_disputes() {
	run_test(|| {
		let ruled = active(3, 1);
		let dismissed = active(3, 1);
		let failed = active(3, 1);
		for id in [ruled, dismissed, failed] {
			assert_ok!(<Agreements as DisputedAgreements<u64>>::freeze(id, &CONSUMER));
		}
		assert_eq!(live(), (0, 0, 0, 3));
		assert_ok!(<Agreements as DisputedAgreements<u64>>::execute(ruled, Ruling::FavourConsumer));
		assert_eq!((live(), ended()), ((0, 0, 0, 2), (0, 0, 0, 0, 1)));
		assert_ok!(<Agreements as DisputedAgreements<u64>>::dismiss(dismissed));
		assert_eq!(live(), (0, 0, 1, 1));
		// Failing under dispute ends it once: the later ruling changes no counter.
		Agreements::on_storage_failure(failed);
		assert_eq!((live(), ended()), ((0, 0, 1, 0), (0, 0, 0, 1, 1)));
		assert_ok!(<Agreements as DisputedAgreements<u64>>::execute(
			failed,
			Ruling::FavourProvider
		));
		assert_eq!((live(), ended()), ((0, 0, 1, 0), (0, 0, 0, 1, 1)));
	});
}
