//! # Agora primitives
//!
//! Types shared by the Agora runtime and the `agora-node` client, and the declarations of the
//! runtime APIs that back the `agora_*` JSON-RPC namespace. This crate is `no_std` so the runtime
//! can use it; the node uses it with `std`.
//!
//! The traits through which the pallets talk to each other are in [`traits`], each with who calls
//! it and who implements it.
//!
//! Each runtime API answers with plain SCALE-encoded structs; the node's RPC layer turns them into
//! JSON with named fields, so polkadot.js can use either `api.call.agoraApi.*` (typed through the
//! runtime metadata) or `api.rpc.agora.*` / raw `agora_*` methods.

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

extern crate alloc;

pub mod disputes;
pub mod jobs;
pub mod market;
pub mod merkle;
pub mod proofs;
pub mod reputation;
pub mod stats;
pub mod traits;

use alloc::vec::Vec;
use disputes::{CommitteeView, DisputeId, DisputeView};
use jobs::{JobId, JobStatsView, JobView};
use market::{
	AgreementId, AgreementView, PaymentPlan, ProviderMatch, ProviderQuery, ProviderView, Quote,
	QuoteError, Resources,
};
use proofs::{ChallengeView, CommitmentView, ProofStatsView};
use reputation::ReputationView;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// An id as the second key of a per-account index (`AgreementsOf`, `DisputesOf`): its
/// big-endian bytes under the `Identity` hasher, so walking one account's prefix lists the ids in
/// increasing order (oldest first) without collecting and sorting them. Ids are handed out by
/// the chain in sequence, so nobody can choose keys to unbalance the trie.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct BigEndianId(pub [u8; 8]);

impl From<u64> for BigEndianId {
	fn from(id: u64) -> Self {
		Self(id.to_be_bytes())
	}
}

impl From<BigEndianId> for u64 {
	fn from(key: BigEndianId) -> u64 {
		u64::from_be_bytes(key.0)
	}
}

/// An index to a block.
pub type BlockNumber = u32;
/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;
/// Some way of identifying an account on the chain (32 bytes, sr25519 by default).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in plancks (1 AGR = 10^12 plancks).
pub type Balance = u128;
/// Index of a transaction in the chain.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// Index of a session (an era of a fixed validator set).
pub type SessionIndex = u32;

/// Token symbol of the native currency.
pub const TOKEN_SYMBOL: &str = "AGR";
/// Decimals of the native currency.
pub const TOKEN_DECIMALS: u8 = 12;
/// One AGR in plancks.
pub const AGR: Balance = 1_000_000_000_000;
/// One thousandth of an AGR.
pub const MILLI_AGR: Balance = AGR / 1_000;
/// One millionth of an AGR.
pub const MICRO_AGR: Balance = MILLI_AGR / 1_000;

/// Chain-wide figures answered by [`AgoraApi::network_stats`].
///
/// The node's `agora_networkStats` RPC adds the best and finalized block it knows of.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct NetworkStats {
	/// Number of validators in the active session.
	pub validator_count: u32,
	/// Number of validators governance has chosen for the upcoming sessions.
	pub desired_validator_count: u32,
	/// Index of the current session.
	pub session_index: SessionIndex,
	/// Total issuance of the native token, in plancks.
	#[cfg_attr(feature = "std", serde(with = "balance_string"))]
	pub total_issuance: Balance,
}

/// Serialises balances as decimal strings: a `u128` does not fit into a JSON number that
/// JavaScript can read without losing precision.
#[cfg(feature = "std")]
pub mod balance_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Serialise a balance as a decimal string.
	pub fn serialize<S: Serializer>(value: &u128, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&value.to_string())
	}

	/// Parse a balance from a decimal string.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
		let s = String::deserialize(d)?;
		s.parse::<u128>().map_err(serde::de::Error::custom)
	}
}

sp_api::decl_runtime_apis! {
	/// The Agora runtime API: read-only queries behind the `agora_*` JSON-RPC namespace.
	#[api_version(2)]
	pub trait AgoraApi {
		/// Chain-wide figures: validators, session, issuance.
		fn network_stats() -> NetworkStats;
		/// The market's counters for `agora_marketStats` (O(1): every pallet keeps its own as
		/// things happen). The node adds block numbers, finality lag and the health score.
		#[api_version(2)]
		fn market_stats() -> stats::MarketStats;
	}

	/// The marketplace: providers, agreements, quotes. Backs `agora_provider`, `agora_providers`,
	/// `agora_findProviders`, `agora_agreement`, `agora_agreementsOf` and `agora_quote`.
	pub trait MarketApi {
		/// A provider by account.
		fn provider(who: AccountId) -> Option<ProviderView<AccountId, BlockNumber>>;
		/// A page of registered providers (`page_size` is capped by the runtime).
		fn providers(page: u32, page_size: u32) -> Vec<ProviderView<AccountId, BlockNumber>>;
		/// Providers taking requests with enough free capacity (and score, if asked), cheapest
		/// or best-scored first.
		fn find_providers(query: ProviderQuery) -> Vec<ProviderMatch<AccountId, BlockNumber>>;
		/// An agreement by id (closed agreements are gone).
		fn agreement(id: AgreementId) -> Option<AgreementView<AccountId, BlockNumber>>;
		/// A page of the agreements `who` is consumer or provider of, oldest first.
		fn agreements_of(who: AccountId, page: u32, page_size: u32)
			-> Vec<AgreementView<AccountId, BlockNumber>>;
		/// Exactly what `request` would lock and hold right now.
		fn quote(provider: AccountId, resources: Resources, duration_periods: u32, plan: PaymentPlan)
			-> Result<Quote<BlockNumber>, QuoteError>;
	}

	/// Storage proofs: commitments, open challenges, statistics, operators. Backs
	/// `agora_commitment`, `agora_challengesOf`, `agora_proofStats` and `agora_operatorOf`, and
	/// the provider node's responder and data RPC.
	pub trait ProofsApi {
		/// The commitment of an agreement's data.
		fn commitment(agreement: AgreementId) -> Option<CommitmentView<AccountId, BlockNumber>>;
		/// The open challenges of a provider, with their deadlines, oldest first.
		fn challenges_of(provider: AccountId) -> Vec<ChallengeView<BlockNumber>>;
		/// A provider's passes, faults and open challenges.
		fn proof_stats(provider: AccountId) -> ProofStatsView;
		/// The provider that `operator` confirms and answers challenges for
		/// (`storageProofs.setOperator`), if any.
		fn operator_of(operator: AccountId) -> Option<AccountId>;
	}

	/// Reputation: both profiles of an account. Backs `agora_reputation`.
	pub trait ReputationApi {
		/// `who`'s provider and consumer profiles, decayed to this block.
		fn reputation(who: AccountId) -> ReputationView<AccountId>;
	}

	/// Disputes and the committee. Backs `agora_dispute`, `agora_disputesOf` and
	/// `agora_committee`.
	pub trait DisputesApi {
		/// A dispute by id (removed when its agreement is closed).
		fn dispute(id: DisputeId) -> Option<DisputeView<AccountId, BlockNumber>>;
		/// The disputes `who` is party to, oldest first (at most 1,024).
		fn disputes_of(who: AccountId) -> Vec<DisputeView<AccountId, BlockNumber>>;
		/// The elected committee: members, runners-up, candidates, term.
		fn committee() -> CommitteeView<AccountId, BlockNumber>;
	}
	/// Compute jobs. Backs `agora_job`, `agora_jobsOf`, `agora_assignedJobs` and
	/// `agora_jobStats`, and the provider node's job runner.
	pub trait JobsApi {
		/// A job by id (closed jobs are gone).
		fn job(id: JobId) -> Option<JobView<AccountId, BlockNumber>>;
		/// A page of the jobs `consumer` posted, oldest first (`page_size` is capped by the
		/// runtime).
		fn jobs_of(consumer: AccountId, page: u32, page_size: u32)
			-> Vec<JobView<AccountId, BlockNumber>>;
		/// The unfinished jobs `provider` holds a slot in (offered, accepted, committed or
		/// revealed), oldest first.
		fn assigned_jobs(provider: AccountId) -> Vec<JobView<AccountId, BlockNumber>>;
		/// The job market's counters.
		fn job_stats() -> JobStatsView;
	}
}

#[cfg(test)]
mod tests {
	use super::BigEndianId;
	use codec::Encode;

	#[test]
	fn big_endian_ids_encode_in_id_order_and_round_trip() {
		let ids = [0u64, 1, 255, 256, 65_535, 1 << 40, u64::MAX];
		for pair in ids.windows(2) {
			let (a, b) = (BigEndianId::from(pair[0]), BigEndianId::from(pair[1]));
			// The raw storage key is the encoding (Identity hasher): byte order is id order.
			assert!(a.encode() < b.encode(), "{} sorts before {}", pair[0], pair[1]);
			assert_eq!(u64::from(a), pair[0]);
		}
	}
}
