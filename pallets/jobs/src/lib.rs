//! # Jobs pallet
//!
//! A compute job market: a consumer posts a WebAssembly module and an input (both stored off
//! chain, identified by [`Blob`]s) with a reward; workers drawn at random from the providers
//! that opted in run it and are paid for a checked result.
//!
//! ## States
//!
//! ```text
//! submit ─> Assigning ─(every slot accepted)─> Running ─┬─ replicated: last commit / advance ─> Revealing ─ last reveal / advance ─> tally
//!              │                                         └─ attested: post_result ─> Posted ─┬─ accept_result / advance ─> Completed
//!              ├─ cancel (nothing accepted) ─> Cancelled                                    └─ disputes: open_job ─> Disputed ─> Ruled | Completed
//!              ├─ advance before the deadline: queues a dropped redraw again
//!              └─ advance at the deadline ─> Unassigned        attested Running past its window ─ advance ─> TimedOut
//!
//! Finished ─ close (after `retention`) ─> the record is removed
//! ```
//!
//! * **Replicated** (`replicas` in `3..=max_replicas`: with two, one deviating worker would
//!   force a tie at no cost): each worker commits to
//!   [`commit_hash`](agora_primitives::jobs::commit_hash)`(result, salt, worker)`, then reveals.
//!   The result revealed by a strict majority of `replicas` wins: its workers share the reward
//!   equally (the remainder of the division returns to the consumer) and get their collateral
//!   back; every other assigned worker loses its collateral to the consumer (a different result,
//!   or a commitment it did not reveal, so withheld a losing result:
//!   [`ReputationEvents::job_wrong`]; no commitment: [`ReputationEvents::job_missed`]). No
//!   strict majority: the reward returns, revealers get their collateral back, the others lose
//!   it. The workers are drawn from every opted-in worker: a consumer naming them could name a
//!   majority of its own and take the honest workers' collateral, so only attested jobs name
//!   candidates.
//! * **Attested** (one worker): the worker posts its result; the consumer accepts it, disputes
//!   it within `review_window` (through the disputes pallet and [`DisputedJobs`]), or stays
//!   silent, which is acceptance. No result in time: reward and collateral go to the consumer.
//!   A ruling is reported to reputation by the disputes pallet (`dispute_resolved`), not again
//!   as `job_done`/`job_wrong`.
//! * **Under a compute agreement**: attested, no reward, the agreement's provider is the worker
//!   (its slot starts accepted, no collateral); at most the agreement's vCPUs run at a time.
//!   The provider cannot decline such a job, so a time-out moves no money and is not reported
//!   to reputation: the agreement itself is the consumer's remedy. (The agreement's memory is
//!   not checked against the job's: [`ComputeAgreements`] tells only vCPUs.)
//!
//! ## Money
//!
//! The reward and the workers' collateral move into the pallet's **pot** ([`Pallet::pot`]) by
//! plain transfers that keep the payer alive and respect its locks; payouts come only from the
//! pot. A paid job's share (`reward / replicas`) is at least the existential deposit, so paying
//! a winner whose account was reaped never fails. The record deposit is a hold
//! ([`HoldReason::JobDeposit`]) returned at [`Pallet::close`].
//!
//! ## The draw
//!
//! `submit`, `decline` and `skip` queue the job on [`DrawAgenda`] two blocks ahead (the first
//! block whose randomness nobody knew at submission). `on_initialize` fills each queued job's
//! open slots with [`Config::Randomness`]: per slot up to `draw_attempts` random picks among
//! the opted-in workers ([`WorkerAt`]) or the candidates of an attested job, keeping the first
//! eligible one (a compute offer at a vCPU price within the worker's share, the minimum score,
//! a free vCPU, never drawn for this job before, not the consumer). Unfilled slots wait for the next block,
//! unless every worker the job may be offered to was tried: a candidate that cannot work at all
//! (not in the draw list, no compute offer, the consumer) counts as tried, so a job whose
//! candidates all cannot waits for its deadline instead of being drawn every block. A redraw
//! that finds no agenda with room is dropped ([`Event::DrawDropped`]; `decline` and `skip`
//! still succeed) and `advance` queues it again. A deadline is at most `max_deadline` blocks
//! after submission: it bounds how long an accepted worker waits for the others and how long a
//! job is drawn. A listed worker that lost its compute offer is a dead entry every pick of it
//! wastes: anyone may `kick` it out of the list. Nothing scans: the agenda is bounded per
//! block, the worker list is an indexed map.

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
mod dispatchable_impls;
mod disputed_jobs_impl;
pub mod migrations;
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

use agora_primitives::{
	jobs::{Blob, JobId, JobOutcome, JobStatsView},
	market::AgreementId,
	traits::{
		ComputeAgreements, ComputeProviders, DisputedJobs, ProviderOperators, ProviderScores,
		ReputationEvents,
	},
	BigEndianId,
};

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::jobs";

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
	use agora_primitives::{jobs::MAX_REPLICAS, Balance};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig, Randomness},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: rewards and collateral move into the pallet's pot; the record
		/// deposit is a hold.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The pallet's id: its pot account ([`Pallet::pot`]) is derived from it.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// The provider registry: compute offers.
		type Providers: ComputeProviders<Self::AccountId>;

		/// The agreements: compute agreements jobs may run under.
		type Agreements: ComputeAgreements<Self::AccountId>;

		/// Operator keys acting for providers.
		type Operators: ProviderOperators<Self::AccountId>;

		/// Providers' reputation scores (the jobs' `min_score`).
		type Scores: ProviderScores<Self::AccountId>;

		/// Told how each worker did.
		type Reputation: ReputationEvents<Self::AccountId>;

		/// Told when a job's record is removed (`close`), so records kept beside it go too (the
		/// disputes pallet's record of the job's dispute).
		type OnClose: agora_primitives::traits::OnJobClosed;

		/// Per-block randomness (BABE's VRF output of the parent block on a runtime).
		type Randomness: Randomness<Option<Self::Hash>, BlockNumberFor<Self>>;

		/// May change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most workers in the draw list.
		#[pallet::constant]
		type MaxWorkers: Get<u32>;

		/// Most candidates a job may restrict its draw to.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// Most jobs drawn in one block.
		#[pallet::constant]
		type MaxDrawsPerBlock: Get<u32>;

		/// Most workers ever drawn for one job (at least [`MAX_REPLICAS`]).
		#[pallet::constant]
		type MaxTried: Get<u32>;

		/// Weight information for the calls and hooks of this pallet.
		type WeightInfo: WeightInfo;

		/// Makes [`Config::Randomness`] available in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds (rewards and collateral are not holds: they live in the
	/// pot).
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a job record's storage.
		#[codec(index = 0)]
		JobDeposit,
	}

	/// The id the next job gets.
	#[pallet::storage]
	pub type NextJobId<T: Config> = StorageValue<_, JobId, ValueQuery>;

	/// Jobs not closed yet.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, Job<T>, OptionQuery>;

	/// Per consumer, its unclosed jobs, in id order.
	#[pallet::storage]
	pub type JobsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, BigEndianId, (), OptionQuery>;

	/// Per provider, the unfinished jobs it holds a slot in, in id order.
	#[pallet::storage]
	pub type JobsOfWorker<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, BigEndianId, (), OptionQuery>;

	/// Unfinished jobs per compute agreement.
	#[pallet::storage]
	pub type ActiveUnderAgreement<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, u32, ValueQuery>;

	/// The draw list: `0..WorkerCount`, swap-removed.
	#[pallet::storage]
	pub type WorkerAt<T: Config> = StorageMap<_, Twox64Concat, u32, T::AccountId, OptionQuery>;

	/// The size of the draw list.
	#[pallet::storage]
	pub type WorkerCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Workers: their place in the draw list and their running jobs.
	#[pallet::storage]
	pub type Workers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, WorkerInfo, OptionQuery>;

	/// Jobs to draw workers for, by block.
	#[pallet::storage]
	pub type DrawAgenda<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<JobId, T::MaxDrawsPerBlock>,
		ValueQuery,
	>;

	/// Whether the last block with a draw to make had no randomness (told once per gap).
	#[pallet::storage]
	pub type RandomnessMissing<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The job market's counters.
	#[pallet::storage]
	pub type Stats<T: Config> = StorageValue<_, JobStatsView, ValueQuery>;

	/// The tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, JobParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The tunables for this chain.
		pub params: JobParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use frame_support::traits::fungible::{Inspect, Mutate};
			assert!(Pallet::<T>::params_valid(&self.params), "invalid job params in genesis");
			Params::<T>::put(self.params.clone());
			let pot = Pallet::<T>::pot();
			if T::Currency::balance(&pot) < T::Currency::minimum_balance() {
				T::Currency::mint_into(&pot, T::Currency::minimum_balance())
					.expect("the pot's existential deposit is minted");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A job was posted; its reward is in the pot, its draw queued.
		Submitted {
			job: JobId,
			consumer: T::AccountId,
			reward: Balance,
			replicas: u32,
			deadline: BlockNumberFor<T>,
		},
		/// A worker was drawn; it must accept before `until`.
		Drawn { job: JobId, worker: T::AccountId, until: BlockNumberFor<T> },
		/// A draw left `open` slots unfilled; they are drawn again next block.
		NoEligibleWorker { job: JobId, open: u32 },
		/// A worker accepted, moving its collateral into the pot.
		Accepted { job: JobId, worker: T::AccountId, collateral: Balance },
		/// An offered worker declined.
		Declined { job: JobId, worker: T::AccountId },
		/// An offered worker let its window pass and was skipped.
		Skipped { job: JobId, worker: T::AccountId },
		/// Every slot accepted (or the job runs under an agreement): results are due by `until`.
		Running { job: JobId, until: BlockNumberFor<T> },
		/// A worker committed to its result.
		Committed { job: JobId, worker: T::AccountId },
		/// Commitments are closed; reveals are due by `until`.
		RevealOpened { job: JobId, until: BlockNumberFor<T> },
		/// A worker revealed its result.
		Revealed { job: JobId, worker: T::AccountId, result: Blob },
		/// The worker of an attested job posted its result; the consumer may dispute it until
		/// `until`.
		ResultPosted { job: JobId, worker: T::AccountId, result: Blob, until: BlockNumberFor<T> },
		/// The consumer accepted the posted result.
		ResultAccepted { job: JobId },
		/// A worker was paid.
		Paid { job: JobId, worker: T::AccountId, amount: Balance },
		/// A worker's collateral went to the consumer.
		CollateralSlashed { job: JobId, worker: T::AccountId, amount: Balance },
		/// Reward returned to the consumer.
		Refunded { job: JobId, amount: Balance },
		/// The job ended.
		Finished { job: JobId, outcome: JobOutcome },
		/// A finished job was removed; its record deposit returned.
		Closed { job: JobId },
		/// A provider joined the draw list.
		OptedIn { worker: T::AccountId },
		/// A provider left the draw list.
		OptedOut { worker: T::AccountId },
		/// A listed worker without a compute offer was removed from the draw list.
		Kicked { worker: T::AccountId },
		/// Governance changed the tunables.
		ParamsSet { params: JobParams<BlockNumberFor<T>> },
		/// Block `block` had no randomness: its draws wait.
		RandomnessUnavailable { block: BlockNumberFor<T> },
		/// No draw agenda within reach had room for the job's redraw: `advance` queues it
		/// again.
		DrawDropped { job: JobId },
		/// `advance` queued the draw of a job whose redraw was dropped, for block `at`.
		DrawQueued { job: JobId, at: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No job with this id (it may have been closed).
		JobNotFound,
		/// Only the job's consumer may do this.
		NotConsumer,
		/// The signer is not (the operator of) a worker of this job.
		NotWorker,
		/// Replicated jobs ask for 3..=max_replicas workers, attested ones for 1.
		InvalidReplicas,
		/// Fuel or memory is 0 or above the chain's limits.
		InvalidLimits,
		/// A job needs a reward (except under an agreement).
		ZeroReward,
		/// The deadline leaves less than the accept and run (and reveal) windows.
		DeadlineTooSoon,
		/// Under an agreement: attested, no reward, no candidates, no minimum score.
		InvalidAgreementJob,
		/// The agreement is not an active compute agreement.
		NotComputeAgreement,
		/// As many jobs as the agreement's vCPUs run under it already.
		AgreementAtCapacity,
		/// An amount does not fit in a balance.
		Overflow,
		/// The consumer cannot cover the reward or the record deposit.
		InsufficientFunds,
		/// The provider cannot cover the collateral.
		InsufficientCollateral,
		/// No draw agenda within reach has room; try again later.
		DrawAgendaFull,
		/// The job is not waiting for workers.
		NotAssigning,
		/// A worker accepted already: the job can no longer be cancelled.
		AlreadyAccepted,
		/// The provider has no compute offer (not registered, not taking requests, no vCPU).
		NoComputeOffer,
		/// The provider is in the draw list already.
		AlreadyOptedIn,
		/// The provider is not in the draw list.
		NotOptedIn,
		/// The draw list is full.
		TooManyWorkers,
		/// The worker runs as many jobs as it has vCPUs.
		AtCapacity,
		/// The slot is not an open offer.
		NotOffered,
		/// The offer's window is over (skip it).
		OfferExpired,
		/// The offer's window is not over yet.
		TooEarly,
		/// The job's deadline passed (advance it).
		DeadlinePassed,
		/// The job is not running.
		NotRunning,
		/// The job is not revealing.
		NotRevealing,
		/// The job is not an attested one with a posted result.
		NotPosted,
		/// The call does not fit the job's mode.
		WrongMode,
		/// The slot accepted and has not committed (or committed already).
		NotAccepted,
		/// The slot has no commitment to reveal.
		NotCommitted,
		/// The result and salt do not match the commitment.
		BadReveal,
		/// The window of this step is over (advance the job).
		WindowClosed,
		/// Nothing is due on this job yet.
		NothingDue,
		/// The job has not finished.
		NotFinished,
		/// The retention period is not over.
		RetentionNotOver,
		/// Invalid tunables.
		InvalidParams,
		/// The job cannot be disputed (not an attested one with a posted result in its window).
		NotDisputable,
		/// The job is not under dispute.
		NotDisputed,
		/// Only attested jobs may restrict their draw to candidates (a replicated job's
		/// workers are drawn by the chain, never named by the consumer).
		CandidatesOnlyForAttested,
		/// The deadline is further out than `max_deadline` blocks.
		DeadlineTooFar,
		/// The worker still has a compute offer: only its own `opt_out` removes it.
		StillEligible,
		/// One worker's share (`reward / replicas`) is below the existential deposit.
		ShareBelowMinimum,
		/// A result's size is 0 or above `MAX_RESULT_BYTES` (a result blob has at least its
		/// status byte).
		BadResultSize,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::on_block(n)
		}

		fn integrity_test() {
			assert!(T::MaxDrawsPerBlock::get() >= 1, "MaxDrawsPerBlock must be >= 1");
			assert!(T::MaxTried::get() >= MAX_REPLICAS, "MaxTried must be >= MAX_REPLICAS");
			assert!(T::MaxWorkers::get() >= 1, "MaxWorkers must be >= 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Post a job (consumer): the reward moves into the pot, the record deposit is held,
		/// the draw is queued (under an agreement the provider runs it at once).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit())]
		pub fn submit(origin: OriginFor<T>, spec: JobSpec<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(who, spec)
		}

		/// Cancel a job no worker accepted yet (consumer): everything returns.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, job)
		}

		/// Join the draw list (a provider with a compute offer).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::opt_in())]
		pub fn opt_in(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_opt_in(who)
		}

		/// Leave the draw list; accepted jobs run on.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::opt_out())]
		pub fn opt_out(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_opt_out(who)
		}

		/// Accept an offered slot (the worker or its operator): the provider's collateral moves
		/// into the pot.
		#[pallet::call_index(4)]
		// One read more when an operator signs (the benchmark signs as the worker).
		#[pallet::weight(T::WeightInfo::accept().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn accept(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(who, job)
		}

		/// Decline an offered slot (the worker or its operator): another worker is drawn.
		#[pallet::call_index(5)]
		// One read more when an operator signs (the benchmark signs as the worker).
		#[pallet::weight(T::WeightInfo::decline().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn decline(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decline(who, job)
		}

		/// Skip an offered worker whose window passed (anyone): another worker is drawn.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::skip())]
		pub fn skip(origin: OriginFor<T>, job: JobId, worker: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_skip(job, worker)
		}

		/// Commit to a result (replicated; the worker or its operator).
		#[pallet::call_index(7)]
		// One read more when an operator signs (the benchmark signs as the worker).
		#[pallet::weight(T::WeightInfo::commit().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn commit(origin: OriginFor<T>, job: JobId, hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, job, hash)
		}

		/// Reveal the committed result (replicated; the worker or its operator). The last
		/// reveal ends the job.
		#[pallet::call_index(8)]
		// One read more when an operator signs (the benchmark signs as the worker).
		#[pallet::weight(T::WeightInfo::reveal().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn reveal(
			origin: OriginFor<T>,
			job: JobId,
			result: Blob,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, job, result, salt)
		}

		/// Post the result (attested; the worker or its operator).
		#[pallet::call_index(9)]
		// One read more when an operator signs (the benchmark signs as the worker).
		#[pallet::weight(T::WeightInfo::post_result().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn post_result(origin: OriginFor<T>, job: JobId, result: Blob) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_post_result(who, job, result)
		}

		/// Accept the posted result (consumer): the worker is paid.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::accept_result())]
		pub fn accept_result(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_result(who, job)
		}

		/// Do what is due on a job whose window passed (anyone).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::advance())]
		pub fn advance(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_advance(job)
		}

		/// Remove a finished job after `retention` (anyone): the record deposit returns.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::close().saturating_add(
			<T::OnClose as agora_primitives::traits::OnJobClosed>::job_closed_weight(),
		))]
		pub fn close(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close(job)
		}

		/// Change the tunables (governance).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: JobParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}

		/// Remove a listed worker that no longer has a compute offer (unregistered, paused,
		/// suspended, no vCPU) from the draw list (anyone); its accepted jobs run on.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::kick())]
		pub fn kick(origin: OriginFor<T>, worker: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_kick(worker)
		}
	}
}
