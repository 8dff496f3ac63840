//! Tests of the providers pallet, by feature.

mod counters;
mod governance;
mod lifecycle;
mod registration;
mod registry;

use crate::{mock::*, *};
// The pallet, as the runtime names it (the storage item is `crate::Providers`).
use crate::mock::Providers;

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Providers(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	events().pop().expect("an event of the providers pallet")
}

/// Bounded bytes.
pub fn bytes<S: frame_support::traits::Get<u32>>(s: &str) -> frame_support::BoundedVec<u8, S> {
	s.as_bytes().to_vec().try_into().expect("fits")
}

/// Attributes with a region and one key/value.
pub fn attrs(region: &str) -> Attributes<Test> {
	Attributes {
		region: bytes(region),
		extra: vec![Attribute { key: bytes("tier"), value: bytes("ssd") }].try_into().unwrap(),
	}
}

/// Register `who` with the mock's capacity and prices in region `eu`.
pub fn register(who: u64) {
	frame_support::assert_ok!(Providers::register(
		RuntimeOrigin::signed(who),
		capacity(),
		prices(),
		bytes("https://p.example"),
		attrs("eu"),
	));
}

/// The bond for the mock's capacity: base + 2 TiB.
pub fn mock_bond() -> agora_primitives::Balance {
	BOND_BASE + 2 * BOND_PER_TIB
}
