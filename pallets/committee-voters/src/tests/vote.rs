//! `vote`: forwarding, the list, eviction, re-votes and every refusal.

use super::*;
use frame_support::{assert_noop, assert_ok};
use pallet_elections_phragmen::{Error as ElectionsError, Renouncing};
use sp_runtime::DispatchError;

#[test]
fn a_vote_is_forwarded_with_the_voters_own_origin_and_counted() {
	test(|| {
		assert_ok!(CommitteeVoters::vote(
			RuntimeOrigin::signed(1),
			vec![CANDIDATES[0], CANDIDATES[1]],
			50
		));
		// The election has the vote, the bond (2 + 1 per candidate) and the lock, on voter 1.
		let record = pallet_elections_phragmen::Voting::<Test>::get(1);
		assert_eq!(record.votes, vec![CANDIDATES[0], CANDIDATES[1]]);
		assert_eq!(record.stake, 50);
		assert_eq!(reserved(1), BOND_BASE + 2 * BOND_FACTOR);
		assert_eq!(locked(1), 50);
		assert_eq!(listed(), vec![(1, 50)]);
		assert_eq!(events(), vec![Event::Voted { who: 1, stake: 50 }]);
	});
}

#[test]
fn the_stake_is_at_most_the_free_balance_left_after_the_bond() {
	test(|| {
		assert_ok!(CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![CANDIDATES[0]], 5_000));
		assert_eq!(listed(), vec![(1, INITIAL - BOND_ONE)]);
		assert_eq!(election_stake(1), Some(INITIAL - BOND_ONE));
	});
}

#[test]
fn voters_are_sorted_by_stake_and_among_equals_the_latest_comes_first() {
	test(|| {
		vote(1, 30);
		vote(2, 10);
		vote(3, 30);
		vote(4, 20);
		assert_eq!(listed(), vec![(2, 10), (4, 20), (3, 30), (1, 30)]);
	});
}

#[test]
fn a_newcomer_at_a_full_list_evicts_the_smallest_voter_whose_bond_returns() {
	test(|| {
		fill();
		assert_eq!(reserved(1), BOND_ONE);
		assert_eq!(locked(1), 10);
		assert_eq!(CommitteeVoters::stake_to_beat(), Some(10));
		vote(5, 11);
		assert_eq!(listed(), vec![(5, 11), (2, 20), (3, 30), (4, 40)]);
		// Voter 1 is no voter of the election any more: bond back, lock gone.
		assert_eq!(election_stake(1), None);
		assert_eq!(reserved(1), 0);
		assert_eq!(locked(1), 0);
		assert_eq!(Balances::free_balance(1), INITIAL);
		assert_eq!(
			events()[VOTER_LIMIT as usize..],
			[Event::VoterEvicted { who: 1, stake: 10 }, Event::Voted { who: 5, stake: 11 }]
		);
		assert_eq!(CommitteeVoters::stake_to_beat(), Some(11));
	});
}

#[test]
fn at_a_full_list_an_equal_or_smaller_stake_is_refused() {
	test(|| {
		fill();
		for value in [10, 9, 2] {
			assert_noop!(
				CommitteeVoters::vote(RuntimeOrigin::signed(5), vec![CANDIDATES[0]], value),
				Error::<Test>::VoterSetFull
			);
		}
		// Refused: no bond, no lock, no vote on the newcomer; nothing moved.
		assert_eq!(election_stake(5), None);
		assert_eq!(reserved(5), 0);
		assert_eq!(locked(5), 0);
		assert_eq!(listed(), vec![(1, 10), (2, 20), (3, 30), (4, 40)]);
	});
}

#[test]
fn the_offer_is_what_gets_locked_not_the_value_asked() {
	test(|| {
		fill();
		// SMALL has 6: the bond of 3 leaves 3 to lock, whatever it asks for: below 10.
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(SMALL), vec![CANDIDATES[0]], 1_000),
			Error::<Test>::VoterSetFull
		);
	});
	test(|| {
		for who in 1..=VOTER_LIMIT as u64 {
			vote(who, 2);
		}
		// Now 3 is enough: SMALL enters, and the latest of the equal stakes (4) leaves.
		assert_ok!(CommitteeVoters::vote(RuntimeOrigin::signed(SMALL), vec![CANDIDATES[0]], 1_000));
		assert_eq!(listed(), vec![(3, 2), (2, 2), (1, 2), (SMALL, 6 - BOND_ONE)]);
		assert!(events().contains(&Event::VoterEvicted { who: 4, stake: 2 }));
		// A rich newcomer asking for 2 offers only 2: refused.
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(6), vec![CANDIDATES[0]], 2),
			Error::<Test>::VoterSetFull
		);
	});
}

#[test]
fn a_voter_votes_again_to_change_its_votes_and_stake_even_when_the_list_is_full() {
	test(|| {
		fill();
		assert_ok!(CommitteeVoters::vote(
			RuntimeOrigin::signed(1),
			vec![CANDIDATES[1], CANDIDATES[2]],
			35
		));
		assert_eq!(listed(), vec![(2, 20), (3, 30), (1, 35), (4, 40)]);
		assert_eq!(pallet_elections_phragmen::Voting::<Test>::get(1).votes.len(), 2);
		assert_eq!(reserved(1), BOND_BASE + 2 * BOND_FACTOR);
		// Down again: it goes before the equal stake of voter 2.
		vote(1, 20);
		assert_eq!(listed(), vec![(1, 20), (2, 20), (3, 30), (4, 40)]);
		assert_eq!(reserved(1), BOND_ONE);
		assert_eq!(locked(1), 20);
		assert_eq!(events().last(), Some(&Event::Voted { who: 1, stake: 20 }));
		assert!(!events().iter().any(|e| matches!(e, Event::VoterEvicted { .. })));
	});
}

#[test]
fn only_signed_origins_vote() {
	test(|| {
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::root(), vec![CANDIDATES[0]], 10),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::none(), vec![CANDIDATES[0]], 10),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_elections_refusals_come_through_unchanged() {
	test(|| {
		let c = CANDIDATES;
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![], 10),
			ElectionsError::<Test>::NoVotes
		);
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![c[0], c[1], c[2], 7], 10),
			ElectionsError::<Test>::MaximumVotesExceeded
		);
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![c[0]], 1),
			ElectionsError::<Test>::LowBalance
		);
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(POOR), vec![c[0]], 10),
			ElectionsError::<Test>::UnableToPayBond
		);
		// Once the candidates step down there is nobody to vote for.
		for (i, who) in c.into_iter().enumerate() {
			assert_ok!(Elections::renounce_candidacy(
				RuntimeOrigin::signed(who),
				Renouncing::Candidate(3 - i as u32)
			));
		}
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![c[0]], 10),
			ElectionsError::<Test>::UnableToVote
		);
		assert!(listed().is_empty());
	});
}

#[test]
fn more_votes_than_candidates_are_refused() {
	test(|| {
		// Two candidates left, three votes.
		assert_ok!(Elections::renounce_candidacy(
			RuntimeOrigin::signed(CANDIDATES[2]),
			Renouncing::Candidate(3)
		));
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![1, 2, 3], 10),
			ElectionsError::<Test>::TooManyVotes
		);
	});
}

#[test]
fn an_evicted_voter_may_come_back_with_more() {
	test(|| {
		fill();
		vote(5, 11);
		assert_noop!(
			CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![CANDIDATES[0]], 11),
			Error::<Test>::VoterSetFull
		);
		vote(1, 12);
		assert_eq!(listed(), vec![(1, 12), (2, 20), (3, 30), (4, 40)]);
		assert_eq!(election_stake(5), None);
		assert_eq!(reserved(5), 0);
	});
}
