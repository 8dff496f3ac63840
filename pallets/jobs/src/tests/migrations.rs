//! The v0 -> v1 migration (`migrations::v1::MigrateToV1`): it recounts the live jobs on a chain
//! at version 0, moves it to version 1, and does nothing on a chain already at version 1.

use super::*;
use crate::migrations::v1::MigrateToV1;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

/// Two jobs, one of them cancelled: one live.
fn one_live_one_cancelled() {
	let cancelled = submit(spec(JobMode::Attested, 1, 300));
	assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), cancelled));
	submit(spec(JobMode::Attested, 1, 300));
	assert_eq!(Stats::<Test>::get().live, 1);
}

#[test]
fn a_chain_at_version_0_gets_its_live_count_recounted_and_moves_to_version_1() {
	run_test(|| {
		one_live_one_cancelled();
		// A chain from before the count: version 0, the count wrong.
		StorageVersion::new(0).put::<Jobs>();
		Stats::<Test>::mutate(|s| s.live = 7);
		let submitted = Stats::<Test>::get().submitted;

		MigrateToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Stats::<Test>::get().live, 1, "recounted from the jobs map");
		assert_eq!(Stats::<Test>::get().submitted, submitted, "nothing else changes");
		assert_eq!(Jobs::on_chain_storage_version(), StorageVersion::new(1));
	});
}

#[test]
fn the_migration_does_nothing_on_a_chain_already_at_version_1() {
	run_test(|| {
		one_live_one_cancelled();
		// A chain built with this code (the runtime's genesis writes the version: see
		// `agora_runtime`'s upgrade tests; this mock builds pallet genesis without it).
		StorageVersion::new(1).put::<Jobs>();
		assert_eq!(Jobs::in_code_storage_version(), StorageVersion::new(1));
		Stats::<Test>::mutate(|s| s.live = 7);
		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Stats::<Test>::get().live, 7, "not touched: the version gate held");
		assert_eq!(Jobs::on_chain_storage_version(), StorageVersion::new(1));
		// Put it back for the invariants checked after the test.
		Stats::<Test>::mutate(|s| s.live = 1);
	});
}
