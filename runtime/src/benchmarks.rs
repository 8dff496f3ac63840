//! The pallets whose benchmarks the runtime runs (`scripts/bench.sh`).

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_validators, Validators]
	[pallet_providers, Providers]
	[pallet_agreements, Agreements]
	[pallet_storage_proofs, StorageProofs]
	[pallet_reputation, Reputation]
	[pallet_disputes, Disputes]
	[pallet_committee_voters, CommitteeVoters]
	[pallet_jobs, Jobs]
);
