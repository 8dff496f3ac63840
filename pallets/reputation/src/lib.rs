//! # Reputation pallet
//!
//! On-chain reputation for both sides of the marketplace.
//!
//! ## Model
//!
//! * Every account has two [`Profile`]s, one as a provider and one as a consumer
//!   ([`Side`]). A profile holds Beta-model evidence: `good` (r) and `bad` (s), fixed-point.
//!   Its score is `(r + 1) / (r + s + 2)` as a `Perbill` (50 % with no evidence), and `r + s` is
//!   shown as the confidence ([`agora_primitives::reputation::score`]).
//! * Evidence fades: before anything is added, a profile's evidence is multiplied by
//!   `0.5^(elapsed / half_life)` ([`agora_primitives::reputation::decay_factor`]); reads decay to
//!   the block asked about. Old behaviour counts less than new behaviour.
//! * Inputs come from the other pallets through
//!   [`ReputationEvents`](agora_primitives::traits::ReputationEvents) (from agreements and
//!   disputes) and [`OnChallengeOutcome`](agora_primitives::traits::OnChallengeOutcome) (from
//!   storage proofs), which this pallet implements: completed agreements (good for both sides),
//!   early terminations (bad for the side at fault), failures by lost data and missed storage
//!   challenges (bad for the provider), answered challenges (good), dispute outcomes (good for
//!   the winner, bad for the loser). The amounts are tunables ([`ReputationParams`]).
//! * Provider searches read providers' scores through
//!   [`ProviderScores`](agora_primitives::traits::ProviderScores), which this pallet implements.
//! * [`Pallet::rate`]: after a completed, undisputed agreement, each party may rate the other
//!   once within the rating window: performance, stability and support from 1 to 5. A rating
//!   adds `w · g` good and `w · (1 − g)` bad evidence, where `g` is the share of the best
//!   possible scores and `w = min(value paid / value_per_rating_weight, max_rating_weight)`:
//!   it weighs with what the agreement paid, so tiny agreements cannot farm a score. A disputed
//!   agreement takes no ratings; its outcome is recorded on both profiles instead.
//! * Ratings are kept while the agreement's record exists (its record deposit covers them) and
//!   removed when it is closed ([`OnAgreementClosed`](agora_primitives::traits::OnAgreementClosed)).
//! * Counters (completed, terminated, failed, challenges passed and missed, disputes won and lost,
//!   ratings, value paid or earned) are never decayed.
//!
//! There are no hooks: all work happens in the calls and reports that cause it.

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

#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::reputation";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::{market::AgreementId, reputation::Side, traits::CompletedAgreements};
	use frame_support::{pallet_prelude::*, traits::BuildGenesisConfig};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::{FixedU128, Perbill};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Completed agreements (who may rate whom, and what was paid); they also set up the
		/// benchmarks' completed agreement.
		type Agreements: CompletedAgreements<Self::AccountId, BlockNumberFor<Self>>;

		/// May change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// The profiles: account and side -> evidence and counters.
	#[pallet::storage]
	pub type Profiles<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Side,
		Profile<BlockNumberFor<T>>,
		ValueQuery,
	>;

	/// Ratings of agreements whose record still exists: agreement and the side rated -> rating.
	#[pallet::storage]
	pub type Ratings<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		Side,
		Rating<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ReputationParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The tunables at genesis.
		pub params: ReputationParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				Pallet::<T>::params_valid(&self.params),
				"invalid reputation params in genesis"
			);
			Params::<T>::put(self.params.clone());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Evidence was added to a profile (amounts in thousandths); `score` is the new score.
		Evidence { who: T::AccountId, side: Side, good: u64, bad: u64, score: Perbill },
		/// `rater` rated the other party of `agreement` (whose `side` profile it was).
		Rated {
			agreement: AgreementId,
			rater: T::AccountId,
			rated: T::AccountId,
			side: Side,
			scores: Scores,
			comment_hash: H256,
			weight: FixedU128,
		},
		/// The ratings of a closed agreement were removed.
		RatingsRemoved { agreement: AgreementId },
		/// The tunables changed.
		ParamsUpdated { params: ReputationParams<BlockNumberFor<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The agreement does not exist or has not completed.
		NotCompleted,
		/// The agreement was disputed: its outcome is recorded instead of ratings.
		Disputed,
		/// Only the consumer and the provider of the agreement may rate.
		NotParty,
		/// The rating window of the agreement has closed.
		RatingWindowClosed,
		/// This side has already rated the agreement.
		AlreadyRated,
		/// Every score must be from 1 to 5.
		InvalidScore,
		/// The tunables are inconsistent (a rating window of 0).
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Rate the other party of a completed, undisputed agreement (consumer rates the
		/// provider, provider rates the consumer), once, within the rating window. Each score
		/// is 1 (worst) to 5 (best); `comment_hash` may point to an off-chain comment.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::rate())]
		pub fn rate(
			origin: OriginFor<T>,
			agreement: AgreementId,
			scores: Scores,
			comment_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rate(who, agreement, scores, comment_hash)
		}

		/// Change the tunables (governance).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: ReputationParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsUpdated { params });
			Ok(())
		}
	}
}
