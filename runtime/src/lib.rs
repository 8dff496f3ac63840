//! # Agora runtime
//!
//! The state transition function of the Agora chain: a solochain for an open marketplace of
//! storage and compute, secured by BABE block production and GRANDPA finality.
//!
//! * `configs/` configures each pallet, one file per area (system, consensus, money,
//!   governance, market).
//! * `apis.rs` implements the runtime APIs the node and polkadot.js call, including
//!   [`agora_primitives::AgoraApi`] behind the `agora_*` JSON-RPC namespace.
//! * `genesis_config_presets.rs` holds the chain presets (`development`, `local_testnet`).

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code never panics and never overflows silently: these are denied outside tests,
// mocks and benchmarks (scripts/lint.sh).
#![cfg_attr(
	not(test),
	deny(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)
)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::RuntimeVersion;

pub use agora_primitives::{
	AccountId, Balance, BlockNumber, Hash, Nonce, Signature, AGR, MICRO_AGR, MILLI_AGR,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know about blocks without knowing the runtime's calls.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: BABE for block production, GRANDPA for finality.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
	}
}

#[cfg(not(feature = "upgrade-test"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("agora"),
	impl_name: alloc::borrow::Cow::Borrowed("agora-node"),
	authoring_version: 1,
	spec_version: 102,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The same runtime one `spec_version` ahead: the second blob `runtime/build.rs` builds (with
/// `AGORA_UPGRADE_WASM=1`) for the runtime-upgrade e2e test, which applies it to a live chain
/// with `sudo(system.setCode)`. Keep it equal to [`VERSION`] but for `spec_version` + 1.
#[cfg(feature = "upgrade-test")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("agora"),
	impl_name: alloc::borrow::Cow::Borrowed("agora-node"),
	authoring_version: 1,
	spec_version: 103,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Time and blocks.
///
/// The slot duration and epoch length are genesis tunables (`validators.timing`, see
/// [`pallet_validators::BlockTiming`]): the constants here are the values of `local_testnet` and
/// production chains, from which their other tunables (periods in blocks) are computed, and the
/// dev chain's.
pub mod time {
	use super::BlockNumber;

	/// Target block time of production chains: one 6-second BABE slot.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
	/// Production BABE slot duration (one block per slot on average).
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;

	/// A production BABE epoch, which is also a session: 10 minutes.
	pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = 10 * MINUTES;
	/// The same epoch length in slots.
	pub const EPOCH_DURATION_IN_SLOTS: u64 = EPOCH_DURATION_IN_BLOCKS as u64;

	/// The dev chain's slot: one second, so the e2e suite and demos run six times faster. Its
	/// tunables are in blocks and are chosen for this slot.
	pub const DEV_SLOT_DURATION: u64 = 1000;
	/// The dev chain's epoch (and session): one minute of 1-second slots.
	pub const DEV_EPOCH_DURATION_IN_SLOTS: u64 = 60;

	/// 1 in 4 slots is expected to have a primary BABE author.
	pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);

	/// Production timing: 6-second slots, 10-minute epochs.
	pub const PRODUCTION_TIMING: pallet_validators::BlockTiming = pallet_validators::BlockTiming {
		slot_duration: SLOT_DURATION,
		epoch_length: EPOCH_DURATION_IN_SLOTS,
	};
	/// Dev chain timing: 1-second slots, 1-minute epochs.
	pub const DEV_TIMING: pallet_validators::BlockTiming = pallet_validators::BlockTiming {
		slot_duration: DEV_SLOT_DURATION,
		epoch_length: DEV_EPOCH_DURATION_IN_SLOTS,
	};
}

/// The BABE epoch configuration at genesis: secondary VRF slots so every slot has an author
/// (and a VRF output for randomness) even with a single validator.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: time::PRIMARY_PROBABILITY,
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;
/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// The `TransactionExtension`s checked on every transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Executive: handles dispatch to the various pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	migrations::Unreleased,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Babe = pallet_babe;

	#[runtime::pallet_index(3)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(4)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Validators before Session: session's genesis asks it for the first validator set.
	#[runtime::pallet_index(5)]
	pub type Validators = pallet_validators;

	#[runtime::pallet_index(6)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(7)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(8)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(9)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(10)]
	pub type Providers = pallet_providers;

	#[runtime::pallet_index(11)]
	pub type Agreements = pallet_agreements;

	#[runtime::pallet_index(12)]
	pub type StorageProofs = pallet_storage_proofs;

	#[runtime::pallet_index(13)]
	pub type Reputation = pallet_reputation;

	#[runtime::pallet_index(14)]
	pub type Elections = pallet_elections_phragmen;

	#[runtime::pallet_index(15)]
	pub type Disputes = pallet_disputes;

	// The only way to vote for the committee: `Elections::vote` and `remove_voter` are
	// filtered out (`configs/system.rs`).
	#[runtime::pallet_index(16)]
	pub type CommitteeVoters = pallet_committee_voters;

	#[runtime::pallet_index(17)]
	pub type Jobs = pallet_jobs;

	// Equivocation reporting (configs/consensus.rs).
	#[runtime::pallet_index(18)]
	pub type Historical = pallet_session::historical;

	#[runtime::pallet_index(19)]
	pub type Offences = pallet_offences;

	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
}

/// The market's counters for `agora_marketStats`, read from each pallet's one counters value
/// (O(1), no scan): validators, providers and capacity, agreements and value settled, storage
/// and challenges (the recent window rolled to this block), jobs, disputes.
pub fn market_stats() -> agora_primitives::stats::MarketStats {
	use agora_primitives::stats::{
		CapacityView, ChallengesView, MarketStats, ProvidersView, StorageView,
	};
	let providers = pallet_providers::Counters::<Runtime>::get();
	let agreements = pallet_agreements::Counters::<Runtime>::get();
	let proofs = StorageProofs::counters();
	let window: BlockNumber = pallet_storage_proofs::Params::<Runtime>::get().stats_window;
	MarketStats {
		validators: u32::try_from(Session::validators().len()).unwrap_or(u32::MAX),
		desired_validators: u32::try_from(Validators::validators().len()).unwrap_or(u32::MAX),
		providers: ProvidersView::from(providers),
		capacity: CapacityView { declared: providers.declared, booked: providers.booked },
		agreements,
		storage: StorageView {
			committed_bytes: proofs.committed_bytes,
			confirmed_bytes: proofs.confirmed_bytes,
		},
		challenges: ChallengesView {
			issued: proofs.issued,
			passed: proofs.passed,
			missed: proofs.missed,
			dropped: proofs.dropped,
			open: proofs.open,
			recent_passed: proofs.recent.recent_passed(),
			recent_missed: proofs.recent.recent_missed(),
			window_blocks: window,
		},
		jobs: pallet_jobs::Stats::<Runtime>::get(),
		disputes: pallet_disputes::Counters::<Runtime>::get(),
		settled: agreements.settled,
	}
}
