//! Tests of the agreements pallet, by feature.

mod answer;
mod compute;
mod counters;
mod disputes;
mod exits;
mod params;
mod payment;
mod reputation;
mod request;
mod storage;

use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Agreements`).
use crate::mock::Agreements;
use agora_primitives::market::{AgreementStatus, PaymentPlan};
use frame_support::assert_ok;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Agreements(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	events().pop().expect("an event of the agreements pallet")
}

/// A plan of `k` periods per installment.
pub fn plan(k: u32) -> PaymentPlan {
	PaymentPlan { installment_periods: k }
}

/// `CONSUMER` requests `small()` from `PROVIDER` for `duration` periods, `k` per installment.
pub fn request(duration: u32, k: u32) -> AgreementId {
	let id = NextAgreementId::<Test>::get();
	assert_ok!(Agreements::request(
		RuntimeOrigin::signed(CONSUMER),
		PROVIDER,
		small(),
		duration,
		plan(k),
		u128::MAX
	));
	id
}

/// A request accepted at the current block.
pub fn active(duration: u32, k: u32) -> AgreementId {
	let id = request(duration, k);
	assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
	id
}

/// The agreement's status.
pub fn status(id: AgreementId) -> AgreementStatus {
	crate::Agreements::<Test>::get(id).expect("agreement exists").status
}

/// Jump to block `n`.
pub fn go_to(n: u64) {
	System::set_block_number(n);
}
