//! # Disputes pallet
//!
//! Disagreements between the consumer and the provider of an agreement, decided by a panel of
//! the elected committee.
//!
//! ## Model
//!
//! * Either party [`Pallet::open`]s a dispute on an active agreement, with a statement hash and
//!   a bond paid into the pallet's pot ([`Pallet::pot`]): `max(min_bond, bond_permill × at
//!   stake)`, where the value at stake is the agreement's escrow plus the provider's collateral
//!   ([`DisputeParams`]). The agreement becomes `Disputed`: what matured is settled first, then
//!   no installment is released and no early exit works until the dispute ends. The obligations
//!   run on: prepayments, storage challenges with their refunds and penalties, failure, and
//!   termination for non-payment. A completed agreement cannot be disputed, so a dispute cannot
//!   stop the other party's rating.
//! * The **panel** is the committee at that moment (the members of the elections pallet, read
//!   through [`Config::Committee`]) minus the two parties. Later committee changes do not touch
//!   it.
//! * During the evidence period both parties [`Pallet::submit_evidence`] (hashes or CIDs of
//!   off-chain documents; at most [`Config::MaxEvidence`] per dispute).
//! * During the voting period that follows, panel members [`Pallet::vote`] a [`Ruling`]:
//!   favour the consumer, favour the provider, or split. One vote per member; a member may
//!   change it until the period ends.
//! * Anyone may [`Pallet::resolve`] as soon as more than half of the panel agrees on the same
//!   ruling: the agreements pallet executes it over the escrow **for the periods served since
//!   the last payout** (never for unserved periods, which always return to the consumer); when
//!   the consumer wins, the provider's collateral is paid to it. The opener's bond returns to
//!   it when it wins or on a split, and is paid to the other party when it loses. Both
//!   reputation profiles record the outcome; the agreement ends as `Resolved`.
//! * **Without a majority** by the end of the voting period, anyone may `resolve` to
//!   **dismiss** the dispute: the agreement goes on (active again), the opener forfeits
//!   `dismissal_forfeit_percent` of its bond to the other party and gets the rest back, and no
//!   reputation evidence is recorded. So a dispute is never a free option: without a panel's
//!   majority it costs the opener, and it never pays for service not yet given.
//! * If the agreement ended during the dispute (storage failure, non-payment), a ruling moves
//!   no escrow (it was settled then), but still decides the bond and the reputation.
//! * When the agreement's record is closed, the dispute's record is removed with it.
//! * An account may be party to any number of disputes: [`DisputesOf`] has one entry per party
//!   and dispute, each paid for by a bond on its own agreement, so no number of disputes makes
//!   an account immune to disputes or unable to open one.
//!
//! * **Jobs.** The consumer of an attested job may [`Pallet::open_job`] on the result its worker
//!   posted, before the job's review window ends (the jobs pallet checks it, through
//!   [`Config::Jobs`]). Bond, panel, evidence, votes and dismissal are the same; the value at
//!   stake is the reward plus the worker's collateral, and the jobs pallet executes the ruling:
//!   favour the consumer returns the reward and pays it the worker's collateral, favour the
//!   provider pays the worker, a split divides the reward. A dismissed job dispute lets the
//!   result stand as accepted. An agreement and a job are different subjects
//!   ([`DisputeSubject`](agora_primitives::disputes::DisputeSubject)): each can be disputed once.
//!
//! There are no hooks: deadlines are checked by the calls that depend on them.

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

/// What the benchmarks need from the runtime: a committee to draw panels from.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `members` the committee.
	fn set_committee(members: alloc::vec::Vec<AccountId>);
}

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::disputes";

/// Most disputes [`Pallet::disputes_of`] lists for one account (the oldest). [`DisputesOf`]
/// walks in id order, so the view reads at most this many entries however many an account has.
pub const MAX_LISTED_DISPUTES: usize = 1_024;

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::{
		disputes::{DisputeId, DisputeSubject, Ruling},
		jobs::JobId,
		market::AgreementId,
		traits::{DisputedAgreements, DisputedJobs, ReputationEvents},
		Balance, BigEndianId,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig, SortedMembers},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: bonds move into the pallet's pot ([`Pallet::pot`]).
		type Currency: fungible::Mutate<Self::AccountId, Balance = Balance>;

		/// The pallet's id: its pot account, which keeps the open disputes' bonds, is derived
		/// from it.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// The agreements: freezing and executing rulings.
		type Agreements: DisputedAgreements<Self::AccountId>;

		/// The attested jobs: freezing and executing rulings on posted results.
		type Jobs: DisputedJobs<Self::AccountId>;

		/// The elected committee panels are drawn from.
		type Committee: SortedMembers<Self::AccountId>;

		/// Told how disputes end.
		type Reputation: ReputationEvents<Self::AccountId>;

		/// May change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Largest panel (members beyond it, in account order, are left out).
		#[pallet::constant]
		type MaxPanel: Get<u32>;

		/// Most evidence items per dispute.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// The disputes.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, Dispute<T>, OptionQuery>;

	/// The dispute of an agreement or a job (at most one; each can only be disputed once).
	#[pallet::storage]
	pub type DisputeOf<T: Config> =
		StorageMap<_, Twox64Concat, DisputeSubject, DisputeId, OptionQuery>;

	/// The disputes an account is party to, one entry per (party, dispute), until their
	/// agreements are closed. Not bounded by a count: every entry needs its own agreement and
	/// bond, so nobody can fill another account's index to make it immune to disputes or
	/// unable to open one.
	#[pallet::storage]
	pub type DisputesOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, BigEndianId, (), OptionQuery>;

	/// The id of the next dispute.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The disputes' counters for `agora_marketStats`: open now, resolved, dismissed, opened,
	/// dropped. Updated at every change; `try_state` checks them against a full scan.
	#[pallet::storage]
	pub type Counters<T: Config> =
		StorageValue<_, agora_primitives::stats::DisputeCounters, ValueQuery>;

	/// The tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, DisputeParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The tunables at genesis.
		pub params: DisputeParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use frame_support::traits::fungible::{Inspect, Mutate};
			assert!(Pallet::<T>::params_valid(&self.params), "invalid dispute params in genesis");
			Params::<T>::put(self.params.clone());
			// The pot exists from genesis on; paying bonds out keeps it alive.
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
		/// A dispute was opened; the agreement's payouts (or the job's result) are frozen.
		Opened {
			dispute: DisputeId,
			subject: DisputeSubject,
			opener: T::AccountId,
			bond: Balance,
			panel: BoundedVec<T::AccountId, T::MaxPanel>,
			evidence_ends: BlockNumberFor<T>,
			voting_ends: BlockNumberFor<T>,
		},
		/// A party filed evidence.
		EvidenceSubmitted { dispute: DisputeId, who: T::AccountId, evidence_hash: H256 },
		/// A panel member voted (or changed its vote).
		Voted { dispute: DisputeId, member: T::AccountId, ruling: Ruling },
		/// A majority of the panel ruled and the ruling was executed.
		Resolved {
			dispute: DisputeId,
			subject: DisputeSubject,
			ruling: Ruling,
			to_consumer: Balance,
			to_provider: Balance,
			bond_to: T::AccountId,
		},
		/// No majority by the end of the voting period: the agreement went on (the job's result
		/// stands as accepted), and the opener forfeited `forfeited` of its bond to the other
		/// party, `to` (the rest came back).
		Dismissed {
			dispute: DisputeId,
			subject: DisputeSubject,
			forfeited: Balance,
			to: T::AccountId,
		},
		/// The record of a dispute whose agreement or job was closed was removed; a dispute still
		/// open had its bond refunded to the opener (`refunded`, 0 otherwise).
		Removed { dispute: DisputeId, refunded: Balance },
		/// The tunables changed.
		ParamsUpdated { params: DisputeParams<BlockNumberFor<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The agreement has been disputed before.
		AlreadyDisputed,
		/// No committee member is left to judge once the parties are excluded.
		NoPanel,
		/// Not enough free funds for the bond.
		InsufficientBond,
		/// No such dispute.
		DisputeNotFound,
		/// The dispute is resolved.
		NotOpen,
		/// Only the consumer and the provider file evidence.
		NotParty,
		/// The evidence period is over.
		EvidencePeriodOver,
		/// The dispute holds as much evidence as it can.
		TooMuchEvidence,
		/// Only panel members vote.
		NotPanelMember,
		/// Votes start when the evidence period ends.
		VotingNotStarted,
		/// The voting period is over.
		VotingOver,
		/// Neither a majority nor the end of the voting period yet.
		NotResolvable,
		/// The tunables are inconsistent (a period of 0).
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPanel::get() >= 1, "MaxPanel must be >= 1");
			assert!(T::MaxEvidence::get() >= 2, "MaxEvidence must leave room for both parties");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open a dispute on an active agreement you are party to, with the hash of your
		/// statement. Holds the dispute bond and freezes the agreement's payouts.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open(T::MaxPanel::get()))]
		pub fn open(
			origin: OriginFor<T>,
			agreement: AgreementId,
			reason_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open(who, DisputeSubject::Agreement(agreement), reason_hash)
		}

		/// File evidence (a hash or CID of an off-chain document) during the evidence period.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_evidence())]
		pub fn submit_evidence(
			origin: OriginFor<T>,
			dispute: DisputeId,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_evidence(who, dispute, evidence_hash)
		}

		/// Vote a ruling as a panel member during the voting period (again to change it).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, dispute: DisputeId, ruling: Ruling) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, dispute, ruling)
		}

		/// Execute the ruling (anyone): once a majority of the panel agrees, or after the
		/// voting period (no majority: `Split(50 %)`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resolve())]
		pub fn resolve(origin: OriginFor<T>, dispute: DisputeId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_resolve(dispute)
		}

		/// Dispute the result a worker posted for your attested job, with the hash of your
		/// statement, before its review window ends. Holds the dispute bond; the job waits for
		/// the ruling.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::open_job(T::MaxPanel::get()))]
		pub fn open_job(origin: OriginFor<T>, job: JobId, reason_hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open(who, DisputeSubject::Job(job), reason_hash)
		}

		/// Change the tunables (governance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: DisputeParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsUpdated { params });
			Ok(())
		}
	}
}
