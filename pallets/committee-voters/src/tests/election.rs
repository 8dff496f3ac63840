//! The attack: more voters than the election takes. Through this pallet an election always
//! runs; straight to the elections pallet, it aborts.

use super::*;
use frame_support::traits::Hooks;
use pallet_elections_phragmen::{Event as ElectionsEvent, Members};

/// VOTER_LIMIT + 1 voters for the first two candidates, with growing stakes.
fn one_voter_too_many(vote: impl Fn(u64, Balance)) {
	for who in 1..=VOTER_LIMIT as u64 + 1 {
		vote(who, 10 * who as Balance);
	}
}

fn members() -> Vec<u64> {
	Members::<Test>::get().into_iter().map(|m| m.who).collect()
}

#[test]
fn more_than_max_voters_through_the_pallet_still_elect_a_committee() {
	test(|| {
		one_voter_too_many(|who, value| {
			assert_ok!(CommitteeVoters::vote(
				RuntimeOrigin::signed(who),
				vec![CANDIDATES[0], CANDIDATES[1]],
				value
			));
		});
		assert_eq!(listed(), vec![(2, 20), (3, 30), (4, 40), (5, 50)]);
		assert!(events().contains(&Event::VoterEvicted { who: 1, stake: 10 }));
		assert_eq!(<Elections as ElectionVoting<u64>>::voters().len(), VOTER_LIMIT as usize);

		run_election();
		assert!(!election_events().contains(&ElectionsEvent::ElectionError));
		assert!(election_events().iter().any(|e| matches!(e, ElectionsEvent::NewTerm { .. })));
		assert_eq!(members(), vec![CANDIDATES[0], CANDIDATES[1]]);
	});
}

#[test]
fn more_than_max_voters_straight_to_the_elections_pallet_abort_the_election() {
	test(|| {
		one_voter_too_many(|who, value| {
			assert_ok!(Elections::vote(
				RuntimeOrigin::signed(who),
				vec![CANDIDATES[0], CANDIDATES[1]],
				value
			));
		});
		run_election();
		assert!(election_events().contains(&ElectionsEvent::ElectionError));
		assert!(members().is_empty());
		// (Clean up, so the invariant check that follows the test holds.)
		for who in 1..=VOTER_LIMIT as u64 + 1 {
			assert_ok!(Elections::remove_voter(RuntimeOrigin::signed(who)));
		}
	});
}

#[test]
fn exactly_max_voters_straight_to_the_elections_pallet_still_elect() {
	new_test_ext().execute_with(|| {
		for who in 1..=VOTER_LIMIT as u64 {
			assert_ok!(Elections::vote(RuntimeOrigin::signed(who), vec![CANDIDATES[0]], 10));
		}
		run_election();
		assert!(!election_events().contains(&ElectionsEvent::ElectionError));
		assert!(members().contains(&CANDIDATES[0]));
	});
}

#[test]
fn the_bound_fits_the_elections_bound() {
	test(|| {
		CommitteeVoters::integrity_test();
	});
}

#[test]
#[should_panic(expected = "MaxVoters must not exceed the election's bound")]
fn a_bound_above_the_elections_bound_is_refused() {
	new_test_ext().execute_with(|| {
		MaxVoters::set(VOTER_LIMIT + 1);
		CommitteeVoters::integrity_test();
	});
}
