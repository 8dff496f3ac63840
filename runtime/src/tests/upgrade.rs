//! Runtime upgrades: every pallet's storage version is on chain from genesis, the upgrade path
//! (`Executive::execute_on_runtime_upgrade`, as at the first block after `system.setCode`) runs
//! the [`crate::migrations::Unreleased`] migrations, and leaves an up-to-date chain untouched.

use super::*;
use crate::Jobs;
use frame_support::traits::{GetStorageVersion, StorageVersion};

/// (name, on-chain version, in-code version) of every Agora pallet.
fn versions() -> Vec<(&'static str, StorageVersion, StorageVersion)> {
	macro_rules! of {
		($($pallet:ident),*) => {
			vec![$((
				stringify!($pallet),
				crate::$pallet::on_chain_storage_version(),
				crate::$pallet::in_code_storage_version(),
			)),*]
		};
	}
	of!(
		Validators,
		Providers,
		Agreements,
		StorageProofs,
		Reputation,
		Disputes,
		CommitteeVoters,
		Jobs
	)
}

#[test]
fn genesis_writes_every_pallets_storage_version() {
	dev_ext().execute_with(|| {
		for (name, on_chain, in_code) in versions() {
			assert_eq!(on_chain, in_code, "{name}");
			assert!(in_code >= StorageVersion::new(1), "{name} declares a version");
		}
	});
}

#[test]
fn the_upgrade_path_runs_the_unreleased_migrations_once() {
	dev_ext().execute_with(|| {
		produce_block(1, 1_000);
		// A chain whose jobs pallet is still at version 0, with a wrong live count.
		StorageVersion::new(0).put::<Jobs>();
		pallet_jobs::Stats::<Runtime>::mutate(|s| s.live = 3);

		let weight = Executive::execute_on_runtime_upgrade();
		assert!(weight.ref_time() > 0);
		assert_eq!(pallet_jobs::Stats::<Runtime>::get().live, 0, "recounted: no jobs");
		for (name, on_chain, in_code) in versions() {
			assert_eq!(on_chain, in_code, "{name} after the upgrade");
		}

		// Again: nothing to do.
		pallet_jobs::Stats::<Runtime>::mutate(|s| s.live = 3);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(pallet_jobs::Stats::<Runtime>::get().live, 3, "the version gate held");
	});
}
