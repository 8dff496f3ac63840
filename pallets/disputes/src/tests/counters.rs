//! The disputes' counters for `agora_marketStats` move at every transition (`try_state`, run
//! after each test, also checks them against a scan).

use super::*;
use agora_primitives::{disputes::Ruling, reputation::OnAgreementClosed, stats::DisputeCounters};
use frame_support::assert_ok;

fn counters() -> DisputeCounters {
	Counters::<Test>::get()
}

#[test]
fn counters_follow_opening_ruling_and_dismissal() {
	test(|| {
		agreement(2);
		let ruled = open_by(CONSUMER, 1);
		let dismissed = open_by(CONSUMER, 2);
		assert_eq!(counters(), DisputeCounters { open: 2, opened: 2, ..Default::default() });
		go_to(1 + EVIDENCE);
		for member in [10, 11] {
			assert_ok!(Disputes::vote(
				RuntimeOrigin::signed(member),
				ruled,
				Ruling::FavourProvider
			));
		}
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), ruled));
		assert_eq!(
			counters(),
			DisputeCounters { open: 1, resolved: 1, opened: 2, ..Default::default() }
		);
		go_to(1 + EVIDENCE + VOTING);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), dismissed));
		assert_eq!(
			counters(),
			DisputeCounters { open: 0, resolved: 1, dismissed: 1, opened: 2, dropped: 0 }
		);
		// Removing finished disputes with their agreements keeps the cumulative counts.
		<Disputes as OnAgreementClosed>::closed(1);
		<Disputes as OnAgreementClosed>::closed(2);
		assert_eq!(
			counters(),
			DisputeCounters { open: 0, resolved: 1, dismissed: 1, opened: 2, dropped: 0 }
		);
	});
}

#[test]
fn an_open_dispute_removed_with_its_closed_agreement_is_dropped_and_refunds_the_bond() {
	// `test` checks that the pot holds exactly the open disputes' bonds afterwards: the bond of
	// a dispute removed while open goes back to the opener instead of staying there.
	test(|| {
		let before = free(CONSUMER);
		let id = open_by(CONSUMER, 1);
		let bond = crate::Disputes::<Test>::get(id).expect("opened").bond;
		assert_eq!(free(CONSUMER), before - bond);
		<Disputes as OnAgreementClosed>::closed(1);
		assert_eq!(free(CONSUMER), before, "the bond came back");
		assert_eq!(events().last(), Some(&Event::Removed { dispute: id, refunded: bond }));
		assert_eq!(
			counters(),
			DisputeCounters { open: 0, opened: 1, dropped: 1, ..Default::default() }
		);
	});
}
