//! # Storage-proofs pallet
//!
//! The chain checks that providers really keep the data of their storage agreements.
//!
//! ## Model
//!
//! * The consumer of an active storage agreement [`Pallet::commit`]s to its data: the merkle
//!   root and size in the format of [`agora_primitives::merkle`] (256-byte leaves). A deposit
//!   is held for the record.
//! * The provider [`Pallet::confirm`]s once it holds the data. From then on the agreement is on
//!   the **challenge agenda**: a bounded list of agreements per block ([`ChallengeAgenda`]).
//! * When its block comes, `on_initialize` issues a challenge: `k` leaf indices derived from
//!   the block's randomness (BABE's VRF output on a runtime, [`Config::Randomness`]) and the
//!   agreement id, so neither party can predict or choose them. The provider must
//!   [`Pallet::respond`] with the leaves and their merkle paths before the challenge expires;
//!   the runtime verifies them (a valid answer pays no fee). The next challenge is scheduled
//!   `challenge_period ± jitter` blocks later; a full agenda block pushes it to the next one.
//! * An unanswered challenge is found through the **expiry agenda** ([`ExpiryAgenda`]) at its
//!   expiry block (no scan of all challenges) and counted as a fault, reported through
//!   [`OnChallengeOutcome`]. `max_consecutive_faults` faults in a row fail the agreement.
//! * Passes and faults are counted per agreement and per provider ([`Stats`]).
//! * When the agreement is no longer active, anyone may [`Pallet::remove_commitment`]: the
//!   deposit returns to the consumer and challenges stop.
//!
//! Work in `on_initialize` is bounded by [`Config::MaxChallengesPerBlock`] for both agendas.

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

#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod benchmarking;
mod data_proofs_impl;
mod dispatchable_impls;
#[cfg(test)]
mod mock;
mod runtime_api;
#[cfg(test)]
mod tests;
mod tick_impls;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod try_state;
pub mod types;
mod utility_impls;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The agreements as this pallet sees them, and where challenge outcomes go (defined with the
/// other cross-pallet traits in [`agora_primitives::traits`]).
pub use agora_primitives::traits::{OnChallengeOutcome, StorageAgreements};

use agora_primitives::{market::AgreementId, merkle::Node};

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::storage-proofs";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::Balance;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig, Randomness},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: commitment deposits are holds on it.
		type Currency: fungible::MutateHold<
			Self::AccountId,
			Reason = Self::RuntimeHoldReason,
			Balance = Balance,
		>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The agreements.
		type Agreements: StorageAgreements<Self::AccountId>;

		/// Receives passes, faults and failures.
		type OnOutcome: OnChallengeOutcome<Self::AccountId>;

		/// Per-block randomness (BABE's VRF output of the parent block on a runtime).
		type Randomness: Randomness<Option<Self::Hash>, BlockNumberFor<Self>>;

		/// May change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most challenges issued, and most expiries handled, in one block.
		#[pallet::constant]
		type MaxChallengesPerBlock: Get<u32>;

		/// Most leaves asked per challenge (bounds `leaves_per_challenge`).
		#[pallet::constant]
		type MaxLeavesPerChallenge: Get<u32>;

		/// Longest merkle path accepted (64 covers any `u64` leaf count).
		#[pallet::constant]
		type MaxProofDepth: Get<u32>;

		/// Weight information for the calls and hooks of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a commitment record.
		#[codec(index = 0)]
		CommitmentDeposit,
	}

	/// Commitments by agreement.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageMap<
		_,
		Twox64Concat,
		AgreementId,
		Commitment<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Agreements to challenge, by block.
	#[pallet::storage]
	pub type ChallengeAgenda<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<AgreementId, T::MaxChallengesPerBlock>,
		ValueQuery,
	>;

	/// Open challenges.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageMap<_, Twox64Concat, ChallengeId, Challenge<T>, OptionQuery>;

	/// Challenges to check for an answer, by expiry block.
	#[pallet::storage]
	pub type ExpiryAgenda<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ChallengeId, T::MaxChallengesPerBlock>,
		ValueQuery,
	>;

	/// Open challenges per provider (for its node and the RPC).
	#[pallet::storage]
	pub type ChallengesOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ChallengeId,
		(),
		OptionQuery,
	>;

	/// The open challenge of an agreement (at most one).
	#[pallet::storage]
	pub type OpenChallenge<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, ChallengeId, OptionQuery>;

	/// The id of the next challenge.
	#[pallet::storage]
	pub type NextChallengeId<T: Config> = StorageValue<_, ChallengeId, ValueQuery>;

	/// Passes and faults per provider.
	#[pallet::storage]
	pub type Stats<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ProofStats, ValueQuery>;

	/// The challenge tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ProofParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The challenge tunables for this chain.
		pub params: ProofParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(Pallet::<T>::params_valid(&self.params), "invalid proof params in genesis");
			Params::<T>::put(self.params.clone());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The consumer committed to the agreement's data.
		Committed { agreement: AgreementId, root: Node, size: u64 },
		/// The provider confirmed it holds the data; the first challenge is at `first_challenge`.
		Confirmed { agreement: AgreementId, first_challenge: BlockNumberFor<T> },
		/// A challenge was issued; answer before `expires_at`.
		ChallengeIssued {
			challenge: ChallengeId,
			agreement: AgreementId,
			provider: T::AccountId,
			indices: BoundedVec<u64, T::MaxLeavesPerChallenge>,
			expires_at: BlockNumberFor<T>,
		},
		/// The provider answered with valid proofs.
		ChallengePassed { challenge: ChallengeId, agreement: AgreementId },
		/// The provider missed a challenge (`consecutive` in a row).
		ChallengeMissed { challenge: ChallengeId, agreement: AgreementId, consecutive: u32 },
		/// Too many consecutive misses: the agreement failed; challenges stopped.
		AgreementFailed { agreement: AgreementId },
		/// Every agenda slot in reach was full: the agreement is not challenged any more until
		/// governance raises `MaxChallengesPerBlock`. Never expected with sane tunables.
		SchedulingFailed { agreement: AgreementId },
		/// The commitment was removed and its deposit returned.
		CommitmentRemoved { agreement: AgreementId },
		/// Governance changed the tunables.
		ParamsUpdated { params: ProofParams<BlockNumberFor<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The agreement is not an active storage agreement.
		NotActiveStorage,
		/// Only the consumer of the agreement may commit.
		NotConsumer,
		/// Only the provider of the agreement may confirm.
		NotProvider,
		/// The agreement already has a commitment.
		AlreadyCommitted,
		/// The size is 0 or larger than the agreement's storage.
		InvalidSize,
		/// The agreement has no commitment.
		NoCommitment,
		/// The provider already confirmed.
		AlreadyConfirmed,
		/// The consumer cannot cover the commitment deposit.
		InsufficientDeposit,
		/// No open challenge with this id.
		ChallengeNotFound,
		/// Only the challenged provider may answer.
		NotChallenged,
		/// The challenge expired.
		ChallengeExpired,
		/// One proof per asked leaf, in order.
		WrongProofCount,
		/// A proof does not verify against the commitment.
		InvalidProof,
		/// The agreement is still active.
		StillActive,
		/// Invalid tunables.
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::on_block(n)
		}

		fn integrity_test() {
			assert!(T::MaxChallengesPerBlock::get() >= 1, "MaxChallengesPerBlock must be >= 1");
			assert!(T::MaxLeavesPerChallenge::get() >= 1, "MaxLeavesPerChallenge must be >= 1");
			assert!(T::MaxProofDepth::get() >= 64, "MaxProofDepth must cover u64 leaf counts");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit to the data of an active storage agreement (consumer): its merkle `root` and
		/// `size` in bytes. Holds the commitment deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			agreement: AgreementId,
			root: Node,
			size: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, agreement, root, size)
		}

		/// Confirm holding the committed data (provider): challenges start.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::confirm())]
		pub fn confirm(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm(who, agreement)
		}

		/// Answer a challenge (provider): one leaf and its merkle path per asked index, in order.
		/// A valid answer pays no fee.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::respond(
			proofs.len() as u32,
			proofs.iter().map(|p| p.path.len() as u32).max().unwrap_or(0),
		))]
		pub fn respond(
			origin: OriginFor<T>,
			challenge: ChallengeId,
			proofs: BoundedVec<LeafProof<T>, T::MaxLeavesPerChallenge>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_respond(who, challenge, proofs)?;
			Ok(Pays::No.into())
		}

		/// Remove the commitment of an agreement that is no longer active (anyone): the deposit
		/// returns to the consumer and challenges stop.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_commitment())]
		pub fn remove_commitment(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_remove_commitment(agreement)
		}

		/// Change the tunables (governance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: ProofParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsUpdated { params });
			Ok(())
		}
	}
}
