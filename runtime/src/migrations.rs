//! Storage migrations, run by `Executive` at the first block after a runtime upgrade
//! (`system.setCode`).
//!
//! Every pallet of the runtime declares its storage version (`#[pallet::storage_version]`); a
//! pallet that changes what it stores bumps it and ships a `VersionedMigration` from the
//! previous version (see `pallet_jobs::migrations` for the pattern and an example). The release
//! that carries the change lists the migration in [`Unreleased`] and bumps `spec_version`; once
//! every chain has run it, the entry is removed (the version gate would make it a no-op anyway).
//! Check a migration natively on a copy of live state with the `try-runtime` feature
//! (`pre_upgrade`/`post_upgrade`), and on the mock in the pallet's tests.

use crate::Runtime;

/// The migrations of the next release.
pub type Unreleased = (pallet_jobs::migrations::v1::MigrateToV1<Runtime>,);
