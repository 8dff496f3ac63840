//! What agreements report to reputation: how each agreement ended, and closes.

use super::*;
use agora_primitives::reputation::{CompletedAgreements, RatingInfo};
use frame_support::assert_ok;

#[test]
fn completion_reports_the_value_paid_and_is_open_for_ratings() {
	run_test(|| {
		let id = active(1, 1);
		assert_ok!(Agreements::prepay(RuntimeOrigin::signed(CONSUMER), id, 1));
		assert_eq!(<Agreements as CompletedAgreements<u64, u64>>::completed(id), None);
		go_to(11);
		assert_ok!(Agreements::settle(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(status(id), AgreementStatus::Completed);
		assert_eq!(reports(), vec![format!("completed {CONSUMER} {PROVIDER} {SMALL_PRICE}")]);
		assert_eq!(
			<Agreements as CompletedAgreements<u64, u64>>::completed(id),
			Some(RatingInfo {
				consumer: CONSUMER,
				provider: PROVIDER,
				completed_at: 11,
				value_paid: SMALL_PRICE,
				disputed: false
			})
		);
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), id));
		assert_eq!(reports().last(), Some(&format!("closed {id}")));
		assert_eq!(<Agreements as CompletedAgreements<u64, u64>>::completed(id), None);
	});
}

#[test]
fn early_ends_report_their_reason_and_take_no_ratings() {
	run_test(|| {
		let unpaid = active(3, 1);
		go_to(5);
		assert_ok!(Agreements::terminate_nonpayment(RuntimeOrigin::signed(PROVIDER), unpaid));
		let cancelled = active(3, 1);
		assert_ok!(Agreements::cancel(RuntimeOrigin::signed(CONSUMER), cancelled));
		let abandoned = active(3, 1);
		assert_ok!(Agreements::abandon(RuntimeOrigin::signed(PROVIDER), abandoned));
		let failed = active(3, 1);
		Agreements::on_storage_failure(failed);
		assert_eq!(
			reports(),
			vec![
				format!("terminated {CONSUMER} {PROVIDER} NonPayment"),
				format!("terminated {CONSUMER} {PROVIDER} ConsumerCancelled"),
				format!("terminated {CONSUMER} {PROVIDER} ProviderAbandoned"),
				format!("failed {CONSUMER} {PROVIDER}"),
			]
		);
		for id in [unpaid, cancelled, abandoned, failed] {
			assert_eq!(<Agreements as CompletedAgreements<u64, u64>>::completed(id), None);
		}
		// Requests that never became agreements report nothing.
		assert_ok!(Agreements::close(RuntimeOrigin::signed(CONSUMER), unpaid));
		let revoked = request(3, 1);
		assert_ok!(Agreements::revoke(RuntimeOrigin::signed(CONSUMER), revoked));
		assert_eq!(reports().len(), 5);
		assert_eq!(reports().last(), Some(&format!("closed {unpaid}")));
	});
}
