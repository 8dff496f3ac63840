//! Tests of the reputation pallet, by feature.

mod inputs;
mod rating;

use crate::{mock::*, *};
use agora_primitives::reputation::{ProfileView, Side};

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Reputation(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// `who`'s `side` profile now.
pub fn view(who: u64, side: Side) -> ProfileView {
	Pallet::<Test>::profile_view(&who, side)
}

/// (good, bad) of `who`'s `side` profile now, in thousandths.
pub fn evidence(who: u64, side: Side) -> (u64, u64) {
	let v = view(who, side);
	(v.good, v.bad)
}
