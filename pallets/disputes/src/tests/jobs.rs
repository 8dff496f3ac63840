//! Disputes on attested jobs' results: the same bond, panel, votes and rulings as agreements,
//! executed by the jobs pallet.

use super::*;
use agora_primitives::{disputes::Ruling, reputation::DisputeOutcome, traits::OnJobClosed};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn open_job_by(who: u64, job: u64) -> u64 {
	let id = NextDisputeId::<Test>::get();
	assert_ok!(Disputes::open_job(RuntimeOrigin::signed(who), job, H256::repeat_byte(9)));
	id
}

fn vote_all(id: u64, ruling: Ruling) {
	let d = crate::Disputes::<Test>::get(id).unwrap();
	go_to(d.evidence_ends);
	for m in MEMBERS {
		assert_ok!(Disputes::vote(RuntimeOrigin::signed(m), id, ruling));
	}
}

#[test]
fn a_job_dispute_freezes_the_job_and_a_ruling_is_executed_by_the_jobs_pallet() {
	test(|| {
		job(1);
		// Agreement 1 and job 1 are different subjects: each may be disputed once.
		let on_agreement = open_by(CONSUMER, 1);
		let id = open_job_by(CONSUMER, 1);
		assert_ne!(on_agreement, id);
		assert!(job_of(1).unwrap().frozen);
		assert_eq!(DisputeOf::<Test>::get(DisputeSubject::Job(1)), Some(id));
		assert!(matches!(
			events().last(),
			Some(Event::Opened { subject: DisputeSubject::Job(1), opener: CONSUMER, .. })
		));
		assert_eq!(Disputes::dispute(id).unwrap().subject, DisputeSubject::Job(1));
		assert_noop!(
			Disputes::open_job(RuntimeOrigin::signed(CONSUMER), 1, H256::zero()),
			Error::<Test>::AlreadyDisputed
		);

		vote_all(id, Ruling::FavourConsumer);
		let before = free(CONSUMER);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(job_of(1).unwrap().executed, Some(Ruling::FavourConsumer));
		// The opener won: its bond came back.
		assert_eq!(free(CONSUMER), before + BOND);
		assert!(outcomes().contains(&(CONSUMER, PROVIDER, DisputeOutcome::ConsumerWon)));
		assert!(matches!(
			events().last(),
			Some(Event::Resolved {
				subject: DisputeSubject::Job(1),
				ruling: Ruling::FavourConsumer,
				to_consumer: 1_500,
				..
			})
		));
		// The agreement's dispute is untouched.
		assert!(agreement_of(1).unwrap().frozen);
	});
}

#[test]
fn only_the_jobs_consumer_may_dispute_its_result() {
	test(|| {
		job(1);
		assert_noop!(
			Disputes::open_job(RuntimeOrigin::signed(PROVIDER), 1, H256::zero()),
			DispatchError::Other("NotConsumer")
		);
		assert_noop!(
			Disputes::open_job(RuntimeOrigin::signed(CONSUMER), 2, H256::zero()),
			DispatchError::Other("no agreement")
		);
	});
}

#[test]
fn a_dismissed_job_dispute_lets_the_result_stand_and_costs_the_opener() {
	test(|| {
		job(1);
		let id = open_job_by(CONSUMER, 1);
		let d = crate::Disputes::<Test>::get(id).unwrap();
		go_to(d.voting_ends);
		let (consumer, worker) = (free(CONSUMER), free(PROVIDER));
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		assert!(job_of(1).unwrap().dismissed);
		assert_eq!(free(PROVIDER), worker + BOND / 2);
		assert_eq!(free(CONSUMER), consumer + BOND / 2);
		assert!(matches!(
			events().last(),
			Some(Event::Dismissed { subject: DisputeSubject::Job(1), to: PROVIDER, .. })
		));
	});
}

#[test]
fn closing_a_job_removes_its_dispute_and_leaves_the_agreements_alone() {
	test(|| {
		job(1);
		let on_agreement = open_by(CONSUMER, 1);
		let id = open_job_by(CONSUMER, 1);
		vote_all(id, Ruling::FavourProvider);
		assert_ok!(Disputes::resolve(RuntimeOrigin::signed(STRANGER), id));
		<crate::Pallet<Test> as OnJobClosed>::job_closed(1);
		assert!(crate::Disputes::<Test>::get(id).is_none());
		assert!(DisputeOf::<Test>::get(DisputeSubject::Job(1)).is_none());
		assert!(!DisputesOf::<Test>::contains_key(CONSUMER, BigEndianId::from(id)));
		assert!(crate::Disputes::<Test>::get(on_agreement).is_some());
		assert!(matches!(events().last(), Some(Event::Removed { dispute, .. }) if *dispute == id));
		// Closing a job without a dispute does nothing.
		let n = events().len();
		<crate::Pallet<Test> as OnJobClosed>::job_closed(7);
		assert_eq!(events().len(), n);
	});
}
