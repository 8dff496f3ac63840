//! The registry's counters for `agora_marketStats` move at every transition (`try_state`, run
//! after each test, also checks them against a scan).

use super::*;
use agora_primitives::{market::Resources, stats::ProviderCounters, traits::ProviderRegistry};
use frame_support::assert_ok;

fn counters() -> ProviderCounters {
	Counters::<Test>::get()
}

#[test]
fn counters_follow_registration_pause_unbonding_and_withdrawal() {
	run_test(|| {
		assert_eq!(counters(), ProviderCounters::default());
		register(1);
		register(2);
		assert_eq!(
			counters(),
			ProviderCounters {
				active: 2,
				declared: capacity().saturating_add(&capacity()),
				..Default::default()
			}
		);
		assert_ok!(Providers::pause(RuntimeOrigin::signed(2)));
		assert_eq!((counters().active, counters().paused), (1, 1));
		assert_ok!(Providers::resume(RuntimeOrigin::signed(2)));
		assert_eq!((counters().active, counters().paused), (2, 0));
		let bigger =
			Resources { storage_bytes: 3 * agora_primitives::market::TIB as u64, ..capacity() };
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(2), bigger));
		assert_eq!(counters().declared, capacity().saturating_add(&bigger));
		// A paused provider leaves: from paused to unbonding, out of the capacity sums.
		assert_ok!(Providers::pause(RuntimeOrigin::signed(2)));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(2)));
		assert_eq!(
			counters(),
			ProviderCounters {
				active: 1,
				unbonding: 1,
				declared: capacity(),
				..Default::default()
			}
		);
		System::set_block_number(1 + UNBONDING);
		assert_ok!(Providers::withdraw_bond(RuntimeOrigin::signed(2)));
		assert_eq!(
			counters(),
			ProviderCounters { active: 1, declared: capacity(), ..Default::default() }
		);
	});
}

#[test]
fn counters_follow_bookings_and_suspensions() {
	run_test(|| {
		register(1);
		assert_ok!(<Providers as ProviderRegistry<u64>>::reserve(&1, &small()));
		assert_ok!(<Providers as ProviderRegistry<u64>>::reserve(&1, &small()));
		assert_eq!(counters().booked, small().saturating_add(&small()));
		<Providers as ProviderRegistry<u64>>::release(&1, &small());
		assert_eq!(counters().booked, small());
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), 1));
		assert_eq!((counters().suspended, counters().active), (1, 1));
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), 1));
		assert_eq!(counters().suspended, 0);
		<Providers as ProviderRegistry<u64>>::release(&1, &small());
		assert_eq!(counters().booked, Resources::zero());
		// A suspended unbonding provider that withdraws leaves the suspended count too.
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), 1));
		assert_eq!((counters().suspended, counters().unbonding), (1, 1));
		System::set_block_number(1 + UNBONDING);
		assert_ok!(Providers::withdraw_bond(RuntimeOrigin::signed(1)));
		assert_eq!(counters(), ProviderCounters::default());
	});
}
