//! Reported offences: the offender leaves the desired set (never below the minimum) and is
//! disabled for the session, through `OnOffenceHandler` as `pallet-offences` calls it.

use crate::{mock::*, *};
use frame_support::weights::Weight;
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

fn report(offenders: &[u64], session: u32) -> Weight {
	let details: Vec<OffenceDetails<u64, (u64, ())>> = offenders
		.iter()
		.map(|who| OffenceDetails { offender: (*who, ()), reporters: vec![9] })
		.collect();
	let fractions = vec![Perbill::zero(); details.len()];
	<Pallet<Test> as OnOffenceHandler<u64, (u64, ()), Weight>>::on_offence(
		&details, &fractions, session,
	)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Validators(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn an_offender_is_removed_from_the_desired_set_and_disabled() {
	run_test(|| {
		SetChanged::<Test>::kill();
		let weight = report(&[2], 7);
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 3]);
		assert!(SetChanged::<Test>::get(), "the new set goes to the next session");
		assert_eq!(disabled(), vec![2]);
		assert_eq!(
			events(),
			vec![Event::OffenderReported { who: 2, session: 7, removed: true, disabled: true }]
		);
		assert_eq!(weight, <() as WeightInfo>::report_offender(MaxValidators::get()));
	});
}

#[test]
fn the_set_never_drops_below_the_minimum() {
	run_test(|| {
		// Three validators, minimum two: the first offender goes, the second stays.
		report(&[1, 3], 4);
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![2, 3]);
		assert_eq!(disabled(), vec![1, 3], "both are still disabled for the session");
		assert_eq!(
			events(),
			vec![
				Event::OffenderReported { who: 1, session: 4, removed: true, disabled: true },
				Event::OffenderReported { who: 3, session: 4, removed: false, disabled: true },
			]
		);
	});
}

#[test]
fn an_offender_outside_the_set_is_only_reported() {
	run_test(|| {
		SetChanged::<Test>::kill();
		refuse_disabling();
		report(&[8], 1);
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert!(!SetChanged::<Test>::get(), "nothing changed");
		assert!(disabled().is_empty());
		assert_eq!(
			events(),
			vec![Event::OffenderReported { who: 8, session: 1, removed: false, disabled: false }]
		);
	});
}

#[test]
fn a_second_report_of_the_same_offender_changes_nothing_more() {
	run_test(|| {
		report(&[2], 3);
		report(&[2], 3);
		assert_eq!(crate::Validators::<Test>::get().into_inner(), vec![1, 3]);
		assert_eq!(
			events().last(),
			Some(&Event::OffenderReported { who: 2, session: 3, removed: false, disabled: true })
		);
	});
}

#[test]
fn the_historical_session_manager_gives_unit_identifications() {
	run_test(|| {
		use pallet_session::historical::SessionManager as Historical;
		assert_eq!(
			<Pallet<Test> as Historical<u64, ()>>::new_session_genesis(0),
			Some(vec![(1, ()), (2, ()), (3, ())])
		);
		assert_eq!(<Pallet<Test> as Historical<u64, ()>>::new_session(1), None, "unchanged");
		report(&[1], 1);
		assert_eq!(
			<Pallet<Test> as Historical<u64, ()>>::new_session(2),
			Some(vec![(2, ()), (3, ())])
		);
	});
}
