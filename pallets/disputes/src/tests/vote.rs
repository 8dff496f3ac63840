//! Voting: who, when, changing a vote; the panel is fixed at opening.

use super::*;
use agora_primitives::disputes::Ruling;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn panel_members_vote_in_the_voting_period_and_may_change_their_vote() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(10), id, Ruling::FavourConsumer),
			Error::<Test>::VotingNotStarted
		);
		go_to(1 + EVIDENCE);
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(11), id, Ruling::FavourProvider));
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(10), id, Ruling::FavourConsumer));
		assert_ok!(Disputes::vote(
			RuntimeOrigin::signed(11),
			id,
			Ruling::Split(Perbill::from_percent(40))
		));
		let d = crate::Disputes::<Test>::get(id).unwrap();
		assert_eq!(
			d.votes.to_vec(),
			vec![(10, Ruling::FavourConsumer), (11, Ruling::Split(Perbill::from_percent(40)))]
		);
		assert_eq!(
			events().last(),
			Some(&Event::Voted {
				dispute: id,
				member: 11,
				ruling: Ruling::Split(Perbill::from_percent(40))
			})
		);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(CONSUMER), id, Ruling::FavourConsumer),
			Error::<Test>::NotPanelMember
		);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(10), 7, Ruling::FavourConsumer),
			Error::<Test>::DisputeNotFound
		);
		go_to(1 + EVIDENCE + VOTING);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(12), id, Ruling::FavourConsumer),
			Error::<Test>::VotingOver
		);
	});
}

#[test]
fn a_committee_change_mid_dispute_does_not_change_the_panel() {
	test(|| {
		let id = open_by(CONSUMER, 1);
		// A new election: 12 leaves, 13 joins.
		set_committee(vec![10, 11, 13]);
		go_to(1 + EVIDENCE);
		assert_noop!(
			Disputes::vote(RuntimeOrigin::signed(13), id, Ruling::FavourConsumer),
			Error::<Test>::NotPanelMember
		);
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(12), id, Ruling::FavourConsumer));
		assert_eq!(crate::Disputes::<Test>::get(id).unwrap().panel.to_vec(), MEMBERS.to_vec());
		// The majority is still counted against the panel of three.
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(10), id, Ruling::FavourConsumer));
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
	});
}
