//! Governance of the tunables.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn set_params_applies_to_new_requests_only() {
	run_test(|| {
		let old = request(3, 1);
		let new_params = AgreementParams { period_length: 7, grace_period: 2, ..params() };
		assert_noop!(
			Agreements::set_params(RuntimeOrigin::signed(CONSUMER), new_params.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Agreements::set_params(RuntimeOrigin::root(), new_params.clone()));
		assert_eq!(last_event(), Event::ParamsUpdated { params: new_params.clone() });
		let new = request(3, 1);
		assert_eq!(crate::Agreements::<Test>::get(old).unwrap().period_length, PERIOD);
		assert_eq!(crate::Agreements::<Test>::get(new).unwrap().period_length, 7);
		assert_eq!(crate::Agreements::<Test>::get(new).unwrap().grace_period, 2);
	});
}

#[test]
fn invalid_params_are_refused() {
	run_test(|| {
		let bad = [
			AgreementParams { period_length: 0, grace_period: 0, ..params() },
			AgreementParams { min_duration: 0, ..params() },
			AgreementParams { min_duration: 5, max_duration: 4, ..params() },
			AgreementParams { request_expiry: 0, ..params() },
			AgreementParams { grace_period: PERIOD + 1, ..params() },
			AgreementParams { collateral_percent: 1_001, ..params() },
			AgreementParams { fault_slash_percent: 101, ..params() },
		];
		for p in bad {
			assert_noop!(
				Agreements::set_params(RuntimeOrigin::root(), p),
				Error::<Test>::InvalidParams
			);
		}
	});
}

#[test]
#[should_panic(expected = "invalid agreement params in genesis")]
fn genesis_rejects_invalid_params() {
	use sp_runtime::BuildStorage;
	let _ =
		crate::GenesisConfig::<Test> { params: AgreementParams { period_length: 0, ..params() } }
			.build_storage();
}

#[test]
fn percent_of_does_not_overflow() {
	assert_eq!(percent_of(110, 50), Some(55));
	assert_eq!(percent_of(u128::MAX, 100), Some(u128::MAX));
	assert_eq!(percent_of(u128::MAX, 1_000), None);
	assert_eq!(percent_of(199, 150), Some(298));
}
