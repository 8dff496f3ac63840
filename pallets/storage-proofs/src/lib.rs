//! # Storage-proofs pallet
//!
//! The chain checks that providers really keep the data of their storage agreements.
//!
//! ## Model
//!
//! * The consumer of an active storage agreement [`Pallet::commit`]s to its data: the merkle
//!   root and size in the format of [`agora_primitives::merkle`] (256-byte leaves). A deposit
//!   is held for the record.
//! * The provider [`Pallet::confirm`]s once it holds the data. From then on the commitment is in
//!   the **audit set**, a dense array ([`Audited`], [`AuditCount`]) that confirming appends to
//!   and that never fills up.
//! * **Audit rounds.** Every commitment in the audit set is challenged exactly once per round
//!   ([`Round`]). A round lasts at least `challenge_period` blocks; a new one starts in the
//!   first block after that in which every commitment was drawn. The array is split at the
//!   round's `cursor`: drawn before it, still to draw after it. In each block `n`,
//!   `on_initialize` draws `m` of the `pending = count - cursor` commitments, where `left`
//!   blocks remain in the round's shortest length: `floor(pending / left)` draws, plus one
//!   with probability `(pending mod left) / left`, at most [`Config::MaxChallengesPerBlock`].
//!   So each pending commitment is drawn in any remaining block with the same chance, and
//!   never more than `ceil(pending / left)` draws are made. Each draw swaps a random pending
//!   entry to the cursor and advances it: an incremental Fisher–Yates shuffle. Nothing is
//!   scheduled in advance, so there is no schedule to learn or to crowd, and more commitments
//!   can only stretch a round for everyone alike (event `AuditRoundStretched`). A commitment
//!   confirmed mid-round is still to draw in that round.
//! * **Two stages.** The agreements drawn in block `n` (from the randomness of block `n`,
//!   BABE's VRF output of block `n - 1` on a runtime, [`Config::Randomness`]) wait in
//!   [`PendingIndices`]; in block `n + 1` the challenge is issued with `k` leaf indices
//!   derived from that block's randomness and the agreement id. Knowing a challenge before it
//!   is issued takes the VRF outputs of two consecutive blocks. Without randomness (`None`)
//!   nothing is drawn and no indices are computed: the work waits for the next block with
//!   randomness (event `RandomnessUnavailable`, once per gap).
//! * The provider must [`Pallet::respond`] with the leaves and their merkle paths before the
//!   challenge expires, exactly `response_window` blocks after it was issued; the runtime
//!   verifies them (a valid answer pays no fee). An agreement drawn while its challenge of the
//!   previous round is still open (or not issued yet) stays to draw: it never has two open at
//!   once, and still gets its own challenge in this round once the old one is answered or
//!   expired (a round can stretch by at most `response_window` blocks for it).
//! * An unanswered challenge is found through the **expiry agenda** ([`ExpiryAgenda`]) at its
//!   expiry block (no scan of all challenges) and counted as a fault, reported through
//!   [`OnChallengeOutcome`]. `max_consecutive_faults` faults in a row fail the agreement and
//!   take it out of the audit set.
//! * Passes and faults are counted per agreement and per provider ([`Stats`]).
//! * **Operators.** A provider may name an **operator** ([`Pallet::set_operator`]): another
//!   account that confirms and answers challenges for it, so that the key on the provider's
//!   internet-facing node is not the funded account key. `confirm` and `respond` accept the
//!   provider or its operator; the challenge, the statistics and every outcome stay the
//!   provider's. An operator serves one provider ([`Operators`] and its mirror [`OperatorOf`]),
//!   and the provider pays a deposit for the two records while they exist.
//! * Removal from the audit set is an O(1) swap with the last entry (two moves when the entry
//!   was already drawn this round, so the cursor stays consistent). It happens on failure, on
//!   [`Pallet::remove_commitment`] (anyone, once the agreement is no longer active: the deposit
//!   returns to the consumer), when the agreements pallet closes the agreement
//!   ([`agora_primitives::traits::OnAgreementClosed`]: the commitment goes too), and lazily when
//!   a draw finds that the agreement is no longer an active storage agreement (that draw does
//!   not count).
//!
//! Work in `on_initialize` is bounded by [`Config::MaxChallengesPerBlock`]: at most that many
//! expiries, issues and draws per block. Each block issues at most that many challenges, all
//! expiring in the same later block, so the expiry agenda never overflows.

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

mod agreement_closed_impl;
mod audit_set;
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
mod provider_operators_impl;
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

use agora_primitives::{market::AgreementId, merkle::Node, stats::ProofCounters};

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::storage-proofs";

/// What the benchmarks need from the runtime that this pallet cannot arrange itself.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Make [`Config::Randomness`] answer `Some` in the current block (on a runtime: set BABE's
	/// VRF output to `seed`).
	fn set_randomness(seed: [u8; 32]);
}

/// For mocks whose randomness is always there.
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper for () {
	fn set_randomness(_: [u8; 32]) {}
}

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

		/// Makes [`Config::Randomness`] available in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a commitment record.
		#[codec(index = 0)]
		CommitmentDeposit,
		/// The deposit for a provider's operator records ([`Operators`], [`OperatorOf`]).
		#[codec(index = 1)]
		OperatorDeposit,
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

	/// The audit set: the confirmed commitments that are challenged once per round, as a dense
	/// array `0..AuditCount` (the commitment's `slot` is its position).
	#[pallet::storage]
	pub type Audited<T: Config> = StorageMap<_, Twox64Concat, u32, AgreementId, OptionQuery>;

	/// The size of the audit set.
	#[pallet::storage]
	pub type AuditCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The current audit round.
	#[pallet::storage]
	pub type Round<T: Config> = StorageValue<_, RoundState<BlockNumberFor<T>>, ValueQuery>;

	/// The agreements drawn in the last block, whose challenges are issued (with leaf indices
	/// from this block's randomness) in the next block that has randomness.
	#[pallet::storage]
	pub type PendingIndices<T: Config> =
		StorageValue<_, BoundedVec<AgreementId, T::MaxChallengesPerBlock>, ValueQuery>;

	/// Whether the last block that needed randomness had none (`RandomnessUnavailable` is told
	/// once per gap).
	#[pallet::storage]
	pub type RandomnessMissing<T: Config> = StorageValue<_, bool, ValueQuery>;

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

	/// The operator of each provider that named one: it may `confirm` and `respond` for the
	/// provider. Mirrored by [`OperatorOf`].
	#[pallet::storage]
	pub type Operators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The provider each operator serves (an operator serves one provider). Mirrors
	/// [`Operators`].
	#[pallet::storage]
	pub type OperatorOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The pallet's counters for `agora_marketStats`: committed and confirmed bytes, challenges
	/// issued, passed, missed and open, and the recent window. Updated as things happen;
	/// `try_state` checks them against a full scan.
	#[pallet::storage]
	pub type Counters<T: Config> = StorageValue<_, ProofCounters, ValueQuery>;

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
		/// The provider confirmed it holds the data: the commitment joined the audit set.
		Confirmed { agreement: AgreementId },
		/// Audit round `round` started with `commitments` commitments to challenge.
		AuditRoundStarted { round: u32, commitments: u32 },
		/// The round reached its shortest length with `pending` commitments still to draw: it
		/// goes on (at most `MaxChallengesPerBlock` draws per block) until all are drawn.
		AuditRoundStretched { pending: u32 },
		/// Block `block` had no randomness: nothing was drawn or issued; the work waits.
		RandomnessUnavailable { block: BlockNumberFor<T> },
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
		/// A draw found the agreement no longer an active storage agreement: it left the audit
		/// set (the commitment stays until it is removed).
		AuditEnded { agreement: AgreementId },
		/// The commitment was removed and its deposit returned.
		CommitmentRemoved { agreement: AgreementId },
		/// The provider named `operator` to confirm and answer challenges for it (`None`: it
		/// removed its operator).
		OperatorSet { provider: T::AccountId, operator: Option<T::AccountId> },
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
		/// An account cannot be its own operator.
		OwnOperator,
		/// The account is already the operator of another provider.
		OperatorInUse,
		/// The provider cannot cover the operator deposit.
		InsufficientOperatorDeposit,
		/// The provider has no operator to remove.
		NoOperator,
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

		/// Confirm holding the committed data (the provider or its operator): the commitment
		/// joins the audit set and is challenged from the current round on.
		///
		/// A valid confirmation pays no fee (the fee withdrawn up front is refunded), so an
		/// operator key needs no more than the float that lets it send a transaction.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::confirm())]
		pub fn confirm(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_confirm(who, agreement)?;
			Ok(Pays::No.into())
		}

		/// Answer a challenge (the provider or its operator): one leaf and its merkle path per
		/// asked index, in order. A valid answer pays no fee (the fee withdrawn up front is
		/// refunded).
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

		/// Name the `operator` that confirms and answers challenges for the signer, a provider
		/// (`None`: remove it). The operator key can then run on the provider's node in place
		/// of the funded account key: it may call [`Pallet::confirm`] and [`Pallet::respond`]
		/// for the signer's agreements and nothing else of the signer's.
		///
		/// An operator serves one provider (`OperatorInUse` when another provider named it) and
		/// an account cannot be its own operator (`OwnOperator`). Naming the first operator
		/// holds `commitment_deposit` from the signer for the two records; changing the
		/// operator keeps that hold, removing it releases it. Any signed account may call this:
		/// it only delegates its own authority, and pays for the records it creates.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_operator())]
		pub fn set_operator(
			origin: OriginFor<T>,
			operator: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_operator(who, operator)
		}
	}
}
