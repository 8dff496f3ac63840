//! `remove_voter`, and voters removed behind the pallet's back (reconciliation).

use super::*;
use frame_support::{assert_noop, assert_ok};
use pallet_elections_phragmen::Renouncing;
use sp_runtime::DispatchError;

#[test]
fn a_voter_leaves_with_its_bond_returned_and_its_lock_removed() {
	test(|| {
		fill();
		assert_ok!(CommitteeVoters::remove_voter(RuntimeOrigin::signed(3)));
		assert_eq!(listed(), vec![(1, 10), (2, 20), (4, 40)]);
		assert_eq!(election_stake(3), None);
		assert_eq!(reserved(3), 0);
		assert_eq!(locked(3), 0);
		assert_eq!(Balances::free_balance(3), INITIAL);
		assert_eq!(events().last(), Some(&Event::VoterRemoved { who: 3 }));
		// The room it left takes any newcomer.
		assert_eq!(CommitteeVoters::stake_to_beat(), None);
		vote(5, 2);
		assert_eq!(listed().first(), Some(&(5, 2)));
	});
}

#[test]
fn only_a_voter_can_stop_voting() {
	test(|| {
		fill();
		assert_noop!(
			CommitteeVoters::remove_voter(RuntimeOrigin::signed(5)),
			Error::<Test>::NotVoter
		);
		assert_noop!(
			CommitteeVoters::remove_voter(RuntimeOrigin::root()),
			DispatchError::BadOrigin
		);
	});
}

/// Voter 1 votes for the last candidate only, which then steps down: root's
/// `clean_defunct_voters` removes voter 1 (bond returned) without telling this pallet.
fn voter_1_cleaned_by_root() {
	assert_ok!(CommitteeVoters::vote(RuntimeOrigin::signed(1), vec![CANDIDATES[2]], 10));
	for who in 2..=VOTER_LIMIT as u64 {
		vote(who, 10 * who as Balance);
	}
	assert_ok!(Elections::renounce_candidacy(
		RuntimeOrigin::signed(CANDIDATES[2]),
		Renouncing::Candidate(3)
	));
	assert_ok!(Elections::clean_defunct_voters(RuntimeOrigin::root(), 10, 10));
	assert_eq!(election_stake(1), None);
	assert_eq!(reserved(1), 0);
	// Still listed until the next call: the list overstates the count, never understates it.
	assert_eq!(listed().len(), VOTER_LIMIT as usize);
	CommitteeVoters::do_try_state().expect("a stale entry is allowed");
}

#[test]
fn the_next_vote_drops_voters_root_removed_so_a_newcomer_needs_no_eviction() {
	test(|| {
		voter_1_cleaned_by_root();
		// 1 is below the smallest listed stake (10), but the list really has room.
		vote(5, 2);
		assert_eq!(listed(), vec![(5, 2), (2, 20), (3, 30), (4, 40)]);
		let ev = events();
		assert_eq!(
			ev[ev.len() - 2..],
			[Event::StaleVoterDropped { who: 1, stake: 10 }, Event::Voted { who: 5, stake: 2 }]
		);
		assert!(!ev.iter().any(|e| matches!(e, Event::VoterEvicted { .. })));
	});
}

#[test]
fn a_voter_root_removed_can_still_call_remove_voter_to_clear_its_entry() {
	test(|| {
		voter_1_cleaned_by_root();
		assert_ok!(CommitteeVoters::remove_voter(RuntimeOrigin::signed(1)));
		assert_eq!(listed(), vec![(2, 20), (3, 30), (4, 40)]);
		assert_eq!(events().last(), Some(&Event::VoterRemoved { who: 1 }));
		assert_noop!(
			CommitteeVoters::remove_voter(RuntimeOrigin::signed(1)),
			Error::<Test>::NotVoter
		);
	});
}

#[test]
fn a_voter_root_removed_can_vote_again() {
	test(|| {
		voter_1_cleaned_by_root();
		vote(1, 15);
		assert_eq!(listed(), vec![(1, 15), (2, 20), (3, 30), (4, 40)]);
		assert_eq!(election_stake(1), Some(15));
		assert_eq!(reserved(1), BOND_ONE);
	});
}

#[test]
fn a_stake_changed_behind_the_pallet_is_taken_over_by_the_next_vote() {
	test(|| {
		fill();
		// Around the gate (root's `sudo_as` could; the mock has no call filter).
		assert_ok!(Elections::vote(RuntimeOrigin::signed(2), vec![CANDIDATES[0]], 50));
		assert_eq!(
			CommitteeVoters::do_try_state(),
			Err("a listed stake differs from the election's".into())
		);
		vote(4, 45);
		assert_eq!(listed(), vec![(1, 10), (3, 30), (4, 45), (2, 50)]);
		assert!(events().contains(&Event::StakeSynced { who: 2, stake: 50 }));
	});
}

#[test]
fn a_voter_that_went_around_the_pallet_is_reported_and_can_leave() {
	test(|| {
		fill();
		assert_ok!(Elections::vote(RuntimeOrigin::signed(5), vec![CANDIDATES[0]], 50));
		assert_eq!(
			CommitteeVoters::do_try_state(),
			Err("a voter of the election is not counted".into())
		);
		assert_ok!(CommitteeVoters::remove_voter(RuntimeOrigin::signed(5)));
		assert_eq!(election_stake(5), None);
		assert_eq!(reserved(5), 0);
		assert_eq!(listed().len(), VOTER_LIMIT as usize);
	});
}
