//! Tests of the committee voters pallet, by feature.

mod election;
mod remove;
mod vote;

use crate::{mock::*, *};
use agora_primitives::Balance;
use frame_support::assert_ok;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::CommitteeVoters(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The events of the elections pallet so far.
pub fn election_events() -> Vec<pallet_elections_phragmen::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Elections(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// `who` votes for the first candidate through this pallet with `value`.
pub fn vote(who: u64, value: Balance) {
	assert_ok!(CommitteeVoters::vote(RuntimeOrigin::signed(who), vec![CANDIDATES[0]], value));
}

/// The list, as (voter, stake).
pub fn listed() -> Vec<(u64, Balance)> {
	Voters::<Test>::get().into_inner()
}

/// The stake the election records for `who`.
pub fn election_stake(who: u64) -> Option<Balance> {
	<Elections as ElectionVoting<u64>>::stake_of(&who)
}

/// What `who` has reserved (the voting bond).
pub fn reserved(who: u64) -> Balance {
	Balances::reserved_balance(who)
}

/// The elections pallet's lock on `who`.
pub fn locked(who: u64) -> Balance {
	pallet_balances::Locks::<Test>::get(who)
		.iter()
		.filter(|l| l.id == ElectionsPalletId::get())
		.map(|l| l.amount)
		.sum()
}

/// The voting bond for one vote.
pub const BOND_ONE: Balance = BOND_BASE + BOND_FACTOR;

/// Voters 1..=4 vote with stakes 10, 20, 30, 40: the list is full.
pub fn fill() {
	for who in 1..=VOTER_LIMIT as u64 {
		vote(who, 10 * who as Balance);
	}
	assert_eq!(listed(), vec![(1, 10), (2, 20), (3, 30), (4, 40)]);
}
