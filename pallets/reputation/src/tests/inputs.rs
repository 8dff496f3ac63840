//! Reports from the other pallets, and decay.

use super::*;
use agora_primitives::{
	market::TerminationReason,
	reputation::{DisputeOutcome, ReputationEvents},
};
use sp_runtime::Perbill;

use agora_primitives::AGR;

type Rep = Pallet<Test>;

#[test]
fn a_fresh_profile_scores_one_half_with_no_confidence() {
	test(|| {
		let v = view(STRANGER, Side::Provider);
		assert_eq!((v.score, v.good, v.bad, v.confidence), (Perbill::from_percent(50), 0, 0, 0));
		assert_eq!(v.counters, Default::default());
	});
}

#[test]
fn completion_is_good_for_both_sides_and_counts_the_value() {
	test(|| {
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, 7 * agora_primitives::AGR);
		for (who, side) in [(PROVIDER, Side::Provider), (CONSUMER, Side::Consumer)] {
			let v = view(who, side);
			assert_eq!((v.good, v.bad, v.confidence), (1_000, 0, 1_000));
			// (1 + 1) / (1 + 0 + 2)
			assert_eq!(v.score, Perbill::from_rational(2u32, 3u32));
			assert_eq!(v.counters.completed, 1);
			assert_eq!(v.counters.value, 7 * agora_primitives::AGR);
		}
		// The other sides are untouched.
		assert_eq!(evidence(PROVIDER, Side::Consumer), (0, 0));
		assert_eq!(
			events()[0],
			Event::Evidence {
				who: PROVIDER,
				side: Side::Provider,
				good: 1_000,
				bad: 0,
				score: Perbill::from_rational(2u32, 3u32)
			}
		);
	});
}

#[test]
fn terminations_count_against_the_side_at_fault() {
	test(|| {
		<Rep as ReputationEvents<u64>>::terminated(
			&CONSUMER,
			&PROVIDER,
			TerminationReason::NonPayment,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (0, 2_000));
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 0));
		<Rep as ReputationEvents<u64>>::terminated(
			&CONSUMER,
			&PROVIDER,
			TerminationReason::ProviderAbandoned,
		);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 2_000));
		// A cancellation is paid for by its forfeit: counted, no evidence.
		<Rep as ReputationEvents<u64>>::terminated(
			&CONSUMER,
			&PROVIDER,
			TerminationReason::ConsumerCancelled,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (0, 2_000));
		assert_eq!(view(CONSUMER, Side::Consumer).counters.terminated, 2);
		assert_eq!(view(PROVIDER, Side::Provider).counters.terminated, 1);
		// (0 + 1) / (0 + 2 + 2)
		assert_eq!(view(CONSUMER, Side::Consumer).score, Perbill::from_percent(25));
		// An upload nobody confirmed: the chain cannot tell who failed it, so nothing at all.
		<Rep as ReputationEvents<u64>>::terminated(
			&CONSUMER,
			&PROVIDER,
			TerminationReason::UploadNotConfirmed,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (0, 2_000));
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 2_000));
		assert_eq!(view(CONSUMER, Side::Consumer).counters.terminated, 2);
		assert_eq!(view(PROVIDER, Side::Provider).counters.terminated, 1);
	});
}

#[test]
fn evidence_is_bought_only_with_value_paid_through_the_market() {
	// Finding 7 of the economic-security review (issue 12): a completion added 1.0 of good
	// evidence whatever it paid, and a challenge pass 0.1, so zero-price agreements between
	// accounts of one owner pumped a score for free.
	test(|| {
		// Free: counted, no evidence.
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, 0);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 0));
		assert_eq!(view(PROVIDER, Side::Provider).counters.completed, 1);
		// Below the minimum: nothing either.
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, AGR / 20);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 0));
		// 1 AGR of 5 for full weight: a fifth of a completion, both sides.
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, AGR);
		assert_eq!(evidence(PROVIDER, Side::Provider), (200, 0));
		assert_eq!(evidence(CONSUMER, Side::Consumer), (200, 0));
		// More than the full value: capped at one completion.
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, 50 * AGR);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_200, 0));
		// A challenge of a free agreement earns nothing; of a 1 AGR-per-period one a fifth.
		<Rep as ReputationEvents<u64>>::challenge_passed(&PROVIDER, 0);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_200, 0));
		<Rep as ReputationEvents<u64>>::challenge_passed(&PROVIDER, AGR);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_220, 0));
		assert_eq!(view(PROVIDER, Side::Provider).counters.challenges_passed, 2);
	});
}

#[test]
fn challenges_and_failures_move_the_provider_side() {
	test(|| {
		for _ in 0..3 {
			<Rep as ReputationEvents<u64>>::challenge_passed(&PROVIDER, FULL_VALUE);
		}
		<Rep as ReputationEvents<u64>>::challenge_missed(&PROVIDER);
		assert_eq!(evidence(PROVIDER, Side::Provider), (300, 500));
		<Rep as ReputationEvents<u64>>::failed(&CONSUMER, &PROVIDER);
		assert_eq!(evidence(PROVIDER, Side::Provider), (300, 4_500));
		let c = view(PROVIDER, Side::Provider).counters;
		assert_eq!((c.challenges_passed, c.challenges_missed, c.failed), (3, 1, 1));
		assert_eq!(evidence(CONSUMER, Side::Consumer), (0, 0));
		// (0.3 + 1) / (4.8 + 2)
		assert_eq!(
			view(PROVIDER, Side::Provider).score,
			Perbill::from_rational(1_300u32, 6_800u32)
		);
	});
}

#[test]
fn dispute_outcomes_reward_the_winner_and_mark_the_loser() {
	test(|| {
		<Rep as ReputationEvents<u64>>::dispute_resolved(
			&CONSUMER,
			&PROVIDER,
			DisputeOutcome::ConsumerWon,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (3_000, 0));
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 3_000));
		<Rep as ReputationEvents<u64>>::dispute_resolved(
			&CONSUMER,
			&PROVIDER,
			DisputeOutcome::ProviderWon,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (3_000, 3_000));
		assert_eq!(evidence(PROVIDER, Side::Provider), (3_000, 3_000));
		<Rep as ReputationEvents<u64>>::dispute_resolved(
			&CONSUMER,
			&PROVIDER,
			DisputeOutcome::Split,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (3_000, 3_000));
		// A dismissed dispute (no majority) records nothing either.
		<Rep as ReputationEvents<u64>>::dispute_resolved(
			&CONSUMER,
			&PROVIDER,
			DisputeOutcome::Dismissed,
		);
		assert_eq!(evidence(CONSUMER, Side::Consumer), (3_000, 3_000));
		assert_eq!(evidence(PROVIDER, Side::Provider), (3_000, 3_000));
		let (c, p) =
			(view(CONSUMER, Side::Consumer).counters, view(PROVIDER, Side::Provider).counters);
		assert_eq!(
			(c.disputes_won, c.disputes_lost, p.disputes_won, p.disputes_lost),
			(1, 1, 1, 1)
		);
	});
}

#[test]
fn evidence_decays_with_the_half_life() {
	test(|| {
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, FULL_VALUE);
		<Rep as ReputationEvents<u64>>::challenge_missed(&PROVIDER);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_000, 500));
		// One half-life later: halved.
		System::set_block_number(1 + HALF_LIFE);
		assert_eq!(evidence(PROVIDER, Side::Provider), (500, 250));
		// Half a half-life more: times 2^-0.5 = 0.70710678...
		System::set_block_number(1 + HALF_LIFE + HALF_LIFE / 2);
		assert_eq!(evidence(PROVIDER, Side::Provider), (353, 176));
		// New evidence lands on the decayed amount: 0.35355339 + 1 good.
		<Rep as ReputationEvents<u64>>::completed(&CONSUMER, &PROVIDER, FULL_VALUE);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_353, 176));
		let stored = Profiles::<Test>::get(PROVIDER, Side::Provider);
		assert_eq!(stored.updated_at, 1 + HALF_LIFE + HALF_LIFE / 2);
		// 0.35355339 = 1 * 2^-1.5 to 1e-9.
		let good = stored.good.into_inner();
		assert!((good as i128 - 1_353_553_390_593_273_762i128).abs() < 1_000_000_000, "{good}");
		// Counters never decay.
		System::set_block_number(100 * HALF_LIFE);
		assert_eq!(view(PROVIDER, Side::Provider).counters.completed, 2);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 0));
		assert_eq!(view(PROVIDER, Side::Provider).score, Perbill::from_percent(50));
	});
}

#[test]
fn set_params_is_for_governance_and_checks_the_window() {
	test(|| {
		let mut p = params();
		p.half_life = 5;
		assert_eq!(
			Rep::set_params(RuntimeOrigin::signed(CONSUMER), p.clone()),
			Err(sp_runtime::DispatchError::BadOrigin)
		);
		let mut bad = p.clone();
		bad.rating_window = 0;
		frame_support::assert_noop!(
			Rep::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidParams
		);
		frame_support::assert_ok!(Rep::set_params(RuntimeOrigin::root(), p.clone()));
		assert_eq!(Params::<Test>::get(), p);
		assert_eq!(events().last(), Some(&Event::ParamsUpdated { params: p }));
	});
}

#[test]
fn a_checked_job_result_is_good_evidence_weighted_by_value() {
	test(|| {
		// Below the minimum value: nothing.
		<Rep as ReputationEvents<u64>>::job_done(&PROVIDER, AGR / 20);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 0));
		// 1 AGR of the 5 for full weight: a fifth of a completion, provider side only.
		<Rep as ReputationEvents<u64>>::job_done(&PROVIDER, AGR);
		assert_eq!(evidence(PROVIDER, Side::Provider), (200, 0));
		// Capped at one completion.
		<Rep as ReputationEvents<u64>>::job_done(&PROVIDER, 50 * AGR);
		assert_eq!(evidence(PROVIDER, Side::Provider), (1_200, 0));
		assert_eq!(evidence(PROVIDER, Side::Consumer), (0, 0));
		// Agreements' counters are not touched.
		assert_eq!(view(PROVIDER, Side::Provider).counters, Default::default());
	});
}

#[test]
fn a_wrong_job_result_is_as_bad_as_a_failure() {
	test(|| {
		<Rep as ReputationEvents<u64>>::job_wrong(&PROVIDER);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 4_000));
		assert_eq!(evidence(PROVIDER, Side::Consumer), (0, 0));
		// (0 + 1) / (4 + 2)
		assert_eq!(view(PROVIDER, Side::Provider).score, Perbill::from_rational(1u32, 6u32));
	});
}

#[test]
fn a_missed_job_is_as_bad_as_a_missed_challenge() {
	test(|| {
		<Rep as ReputationEvents<u64>>::job_missed(&PROVIDER);
		<Rep as ReputationEvents<u64>>::job_missed(&PROVIDER);
		assert_eq!(evidence(PROVIDER, Side::Provider), (0, 1_000));
		assert_eq!(evidence(PROVIDER, Side::Consumer), (0, 0));
	});
}
