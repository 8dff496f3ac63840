//! Tests of the disputes pallet, by feature.

mod counters;
mod jobs;
mod open;
mod resolve;
mod vote;

use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Disputes`).
use crate::mock::Disputes;
use agora_primitives::{disputes::DisputeSubject, BigEndianId};
use frame_support::traits::fungible::Inspect;
use sp_core::H256;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Disputes(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The bonds `who` has in the pot: of the open disputes it opened (the pot holds exactly their
/// sum, see `mock::test`).
pub fn bond_held(who: u64) -> agora_primitives::Balance {
	crate::Disputes::<Test>::iter_values()
		.filter(|d| d.opener == who && d.status == agora_primitives::disputes::DisputeStatus::Open)
		.map(|d| d.bond)
		.sum()
}

/// Free balance of `who`.
pub fn free(who: u64) -> agora_primitives::Balance {
	<Balances as Inspect<u64>>::balance(&who)
}

/// `who` opens a dispute on `agreement`; returns its id.
pub fn open_by(who: u64, agreement: u64) -> u64 {
	let id = NextDisputeId::<Test>::get();
	frame_support::assert_ok!(Disputes::open(
		RuntimeOrigin::signed(who),
		agreement,
		H256::repeat_byte(7)
	));
	id
}

/// Jump to block `n`.
pub fn go_to(n: u64) {
	System::set_block_number(n);
}
