//! Storage migrations of the jobs pallet, and the pattern every Agora pallet follows.
//!
//! Each pallet declares its in-code [`StorageVersion`] (`#[pallet::storage_version]`); genesis
//! writes it on chain. A change to the layout or meaning of stored data bumps it and comes with
//! a migration from the previous version, wrapped in
//! [`VersionedMigration`](frame_support::migrations::VersionedMigration): it runs only when the
//! on-chain version is the one it migrates from, then writes the new version, so a migration
//! left in the runtime's list by mistake does nothing the second time. The runtime lists the
//! migrations of its next release in `agora_runtime::migrations::Unreleased`, which `Executive`
//! runs at the first block after `system.setCode`. `pre_upgrade`/`post_upgrade` (feature
//! `try-runtime`) check the migration on a copy of live state, and the pallet's tests run it on
//! the mock.
//!
//! These are single-block migrations: each must fit in a block. One that would not (a scan of a
//! large map) must instead be a multi-block migration (`pallet-migrations`).

use super::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// Version 1: the `live` count of [`Stats`] is kept by every status change. Chains whose jobs
/// pallet is at version 0 (built before the count existed, or with it wrong) get it recounted
/// once from the jobs map; nothing else changes.
pub mod v1 {
	use super::*;

	/// Recounts `Stats::live` from [`Jobs`]; use it through [`MigrateToV1`].
	pub struct RecountLiveJobs<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RecountLiveJobs<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut jobs = 0u64;
			let mut live = 0u64;
			for job in Jobs::<T>::iter_values() {
				jobs = jobs.saturating_add(1);
				if !job.is_finished() {
					live = live.saturating_add(1);
				}
			}
			let before = Stats::<T>::get().live;
			Stats::<T>::mutate(|s| s.live = live);
			log::info!(target: LOG_TARGET, "jobs v1: live jobs {before} -> {live} ({jobs} jobs)");
			// The jobs read, the stats read and written.
			T::DbWeight::get().reads_writes(jobs.saturating_add(1), 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok(Stats::<T>::get().submitted.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let submitted = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state")?;
			frame_support::ensure!(
				Stats::<T>::get().submitted == submitted,
				"the migration changed more than the live count"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// [`RecountLiveJobs`], run only on a chain at version 0, which it moves to version 1.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		RecountLiveJobs<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
