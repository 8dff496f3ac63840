//! # Agreements pallet
//!
//! The contract between a consumer and a provider of the registry: the request, the answer,
//! the escrowed installments, settlement, completion and every early exit.
//!
//! ## States
//!
//! ```text
//! request ─> Requested ─accept───────────────────────────> Active ─settle (last)─> Completed
//!             │  └─counter─> Countered ─accept_counter──┘  │
//!             │               │                            │  disputes: open
//!             │               │                            ├──────────> Disputed
//!             │               │                            │            └─disputes: resolve─> Resolved
//!             │               │                            ├─terminate_nonpayment─> Terminated(NonPayment)
//!             │               │                            ├─cancel (consumer)────> Terminated(ConsumerCancelled)
//!             │               │                            ├─abandon (provider)───> Terminated(ProviderAbandoned)
//!             │               │                            └─missed challenges────> Failed
//!             └───────────────┴─revoke / reject / expire─> Cancelled(Revoked | Rejected | Expired)
//!
//! Completed | Cancelled | Terminated | Failed | Resolved ─close─> Closed (the record is removed)
//! ```
//!
//! `Failed` comes from the storage proofs ([`Pallet::on_storage_failure`]), `Disputed` and
//! `Resolved` from the disputes pallet (through
//! [`DisputedAgreements`](agora_primitives::traits::DisputedAgreements); only an `Active`
//! agreement can be disputed, so a dispute cannot stop the ratings of a completed one); closing
//! removes the record. Every call checks the state first and refuses with a typed error
//! ([`Error::NotAwaitingProvider`], [`Error::NotCountered`], [`Error::NotPending`],
//! [`Error::NotActive`], [`Error::NotFinal`]) anything the machine does not allow.
//!
//! ## Money
//!
//! Value that backs a promise moves into the pallet's **pot** ([`Pallet::pot`], derived from
//! [`Config::PalletId`]) when it is taken, by a plain transfer that respects every lock and
//! freeze on the payer's account; payouts come only from the pot. So tokens that back something
//! else (the lock of an election vote) can never back an agreement as well, and a party cannot
//! lock its own funds to block a payout. The agreement record keeps the per-agreement amounts,
//! and `try_state` checks that the pot covers them.
//!
//! * **Price**: `request` locks the provider's current price per period for the asked
//!   resources (see [`agora_primitives::market`] for the units), refused above `max_price` (the
//!   most the consumer will pay in total). A counter-offer replaces it only if the consumer
//!   accepts it.
//! * **Security deposit** (consumer, in the pot): one installment, taken at the request. It
//!   returns at completion, or goes to the provider on non-payment.
//! * **Provider collateral** (in the pot): `collateral_percent` of one installment, taken when
//!   the provider accepts or counters. It returns at completion, or goes to the consumer if the
//!   provider abandons.
//! * **Record deposit** (consumer, [`HoldReason::RecordDeposit`], a hold since it only ever
//!   returns to its owner): pays for the record's storage until the agreement is closed. Its
//!   hold also keeps the consumer's account alive for payouts below the existential deposit.
//! * **Escrow** (consumer, in the pot): [`Pallet::prepay`] takes whole installments in order.
//!   [`Pallet::settle`] (anyone) releases every matured installment (all its periods over) to
//!   the provider; after the last one the agreement completes, capacity returns to the provider
//!   and the deposit and collateral are paid back.
//!
//! ## Time
//!
//! Period `p` of an agreement activated at block `A` spans `[A + p·L, A + (p+1)·L)` with `L`
//! the period length. Installment `i` covers `installment_periods` periods; it must be prepaid
//! by the start of its first period plus the grace period, or the provider may
//! [`Pallet::terminate_nonpayment`]. Nothing runs in hooks: expiry, settlement and termination
//! are settled lazily by whoever calls.
//!
//! ## Early exits
//!
//! * [`Pallet::cancel`] (consumer): the provider keeps the installment of the running period
//!   (from the escrow if prepaid, else from the security deposit), unless a missed storage
//!   challenge already refunded it; everything else returns.
//! * [`Pallet::abandon`] (provider): the provider's collateral goes to the consumer, and the
//!   unmatured escrow and the deposit return to the consumer.
//!
//! ## Storage agreements
//!
//! [`Config::DataProofs`] (the storage-proofs pallet on a runtime) gates payouts: while the
//! consumer's committed data is not confirmed by the provider, nothing is released. Once the
//! upload window passed without confirmation, the agreement ends without penalty and without
//! blame ([`TerminationReason::UploadNotConfirmed`]: escrow and deposit back to the consumer,
//! collateral to the provider) when the consumer `cancel`s, the provider `abandon`s, or, once
//! the term is over, anyone `settle`s: an unconfirmed upload never leaves an agreement stuck. The storage
//! proofs report challenge outcomes through this pallet's
//! [`OnChallengeOutcome`](agora_primitives::traits::OnChallengeOutcome) implementation: a missed
//! challenge ([`Pallet::on_storage_fault`]) refunds the price of its period to the consumer (once
//! per period: from the escrow if prepaid, else as a credit on the installment, kept in
//! `refunded_in_running`) and pays `fault_slash_percent` of the provider's remaining collateral
//! to the consumer; the agreement runs on to its end and completes only then; too many misses
//! in a row fail the agreement ([`Pallet::on_storage_failure`]): unmatured escrow, deposit and
//! the rest of the collateral go to the consumer, capacity is released.
//!
//! ## Indexes
//!
//! [`AgreementsOf`] lists, per account, the agreements it is consumer or provider of, one entry
//! per (party, agreement) in id order; [`Pallet::close`] removes a finished agreement from storage
//! and from both lists. No count bounds it: only a provider's declared capacity limits what it
//! can accept, so pending requests and finished agreements never block anyone's new agreements.
//! Either party may close a request that ended before activation at once; otherwise the consumer
//! may close at once and anyone else after `retention`.

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
mod challenge_outcome_impl;
mod completed_agreements_impl;
mod compute_agreements_impl;
mod dispatchable_impls;
mod disputed_agreements_impl;
#[cfg(test)]
mod mock;
mod runtime_api;
mod storage_agreements_impl;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod try_state;
pub mod types;
mod utility_impls;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// What the storage proofs tell this pallet about an agreement's data (defined with the other
/// cross-pallet traits in [`agora_primitives::traits`]).
pub use agora_primitives::traits::DataProofs;

use agora_primitives::{
	market::{
		Agreement, AgreementId, CancelReason, PaymentPlan, QuoteError, Resources,
		TerminationReason, Terms,
	},
	BigEndianId,
};

/// The target of this pallet's log lines.
pub const LOG_TARGET: &str = "runtime::agreements";

#[frame_support::pallet]
// The FRAME macros expand to `expect` on their own invariants, with spans in this module; our
// code here declares and delegates (calls to `*_impls.rs`), and genesis builds may panic.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub mod pallet {
	use super::*;
	use agora_primitives::{
		traits::{OnAgreementClosed, ProviderRegistry, ReputationEvents},
		Balance,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: escrow, security deposits and collateral move into the pallet's
		/// pot; the record deposit is a hold.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The provider registry: prices and capacity.
		type Providers: ProviderRegistry<Self::AccountId>;

		/// The storage proofs: whether payouts wait for the provider's confirmation.
		type DataProofs: DataProofs;

		/// Told how every agreement ends (completion, termination, failure).
		type Reputation: ReputationEvents<Self::AccountId>;

		/// Told when an agreement's record is closed, so what is kept beside it goes too.
		type OnClose: OnAgreementClosed;

		/// Asked before a record is closed: not while a party may still rate it.
		type CloseGate: agora_primitives::traits::CloseGate;

		/// May change [`Params`] (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pallet's id: its pot account ([`Pallet::pot`]) is derived from it.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds. (Escrow, security deposits and collateral are not holds:
	/// they live in the pallet's pot, see [`Pallet::pot`]; indices 0 to 2 are retired.)
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for an agreement record's storage.
		#[codec(index = 3)]
		RecordDeposit,
	}

	/// The id the next request gets.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// Agreements that are not closed yet.
	#[pallet::storage]
	pub type Agreements<T: Config> = StorageMap<
		_,
		Twox64Concat,
		AgreementId,
		Agreement<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Per account, the unclosed agreements it is consumer or provider of: one entry per
	/// (party, agreement), walked in id order ([`BigEndianId`]). Not bounded by a count: every
	/// entry is paid for by its agreement's record deposit, and a provider's live agreements are
	/// bounded by its declared capacity, so nobody can fill another account's index to block its
	/// new agreements.
	#[pallet::storage]
	pub type AgreementsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, BigEndianId, (), OptionQuery>;

	/// The agreements' counters for `agora_marketStats`: live by status, cumulative ends, value
	/// settled. Updated at every status change; `try_state` checks them against a full scan.
	#[pallet::storage]
	pub type Counters<T: Config> =
		StorageValue<_, agora_primitives::stats::AgreementCounters, ValueQuery>;

	/// The agreements' tunables.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, AgreementParams<BlockNumberFor<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The agreements' tunables for this chain.
		pub params: AgreementParams<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use frame_support::traits::fungible::{Inspect, Mutate};
			assert!(Pallet::<T>::params_valid(&self.params), "invalid agreement params in genesis");
			Params::<T>::put(self.params.clone());
			// The pot exists from genesis on, so amounts below the existential deposit can move
			// in; payouts keep it alive.
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
		/// A consumer asked a provider; the price is locked and the deposits held.
		Requested {
			id: AgreementId,
			consumer: T::AccountId,
			provider: T::AccountId,
			resources: Resources,
			duration_periods: u32,
			terms: Terms,
			security_deposit: Balance,
			expires_at: BlockNumberFor<T>,
		},
		/// The provider offered other terms; the collateral for them is held.
		Countered { id: AgreementId, terms: Terms, expires_at: BlockNumberFor<T> },
		/// The agreement became active: capacity reserved, period 0 starts at `activated_at`.
		Activated {
			id: AgreementId,
			terms: Terms,
			activated_at: BlockNumberFor<T>,
			ends_at: BlockNumberFor<T>,
			security_deposit: Balance,
			provider_collateral: Balance,
		},
		/// The request ended before activation; deposits and collateral were released.
		Cancelled { id: AgreementId, reason: CancelReason },
		/// The consumer prepaid `installments` more installments (now `paid_installments`).
		Prepaid { id: AgreementId, installments: u32, amount: Balance, paid_installments: u32 },
		/// Matured installments were released from escrow: `amount` (less the refunds of missed
		/// periods) left the escrow, `fee` of it was burned (the market fee) and the rest went to
		/// the provider.
		Settled { id: AgreementId, installments: u32, amount: Balance, fee: Balance },
		/// Every period was served and paid; capacity, deposit and collateral were released.
		Completed { id: AgreementId },
		/// The agreement ended early. `to_provider` and `to_consumer` are the amounts that
		/// changed hands at termination (beyond releases to the owner).
		Terminated {
			id: AgreementId,
			reason: TerminationReason,
			to_provider: Balance,
			to_consumer: Balance,
		},
		/// A missed storage challenge in `period`: that period's price went back to the consumer
		/// (`refunded`: from the escrow if prepaid, else a credit on the installment; 0 if the
		/// period was refunded already) and `slashed` of the provider's collateral was paid to the
		/// consumer.
		FaultPenalized { id: AgreementId, period: u32, refunded: Balance, slashed: Balance },
		/// Too many missed storage challenges: the agreement failed; the unmatured escrow, the
		/// deposit and the rest of the provider's collateral went to the consumer.
		Failed { id: AgreementId, to_consumer: Balance },
		/// A finished agreement was removed; its record deposit returned to the consumer.
		Closed { id: AgreementId },
		/// A party opened a dispute: payouts and early exits wait until it ends; prepayments,
		/// storage challenges and termination for non-payment go on.
		Disputed { id: AgreementId },
		/// The dispute ended without a ruling: the agreement is active again.
		DisputeDismissed { id: AgreementId },
		/// A dispute's ruling was executed: `to_provider` is its share of the escrow for the
		/// periods served since the last payout; `to_consumer` the rest of the escrow (and, if it
		/// won, the provider's collateral). The agreement is resolved.
		DisputeResolved { id: AgreementId, to_consumer: Balance, to_provider: Balance },
		/// Governance changed the tunables.
		ParamsUpdated { params: AgreementParams<BlockNumberFor<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agreement with this id (it may have been closed).
		AgreementNotFound,
		/// Only the consumer of the agreement may do this.
		NotConsumer,
		/// Only the provider of the agreement may do this.
		NotProvider,
		/// The agreement is not a request awaiting the provider's answer.
		NotAwaitingProvider,
		/// The agreement has no counter-offer awaiting the consumer.
		NotCountered,
		/// The agreement is neither requested nor countered.
		NotPending,
		/// The agreement is not active.
		NotActive,
		/// The agreement is not finished.
		NotFinal,
		/// The request (or counter-offer) expired; `expire` it.
		RequestExpired,
		/// The request has not expired yet.
		NotExpired,
		/// The locked price exceeds the consumer's `max_price`.
		PriceAboveMax,
		/// A provider cannot contract with itself.
		SelfDealing,
		/// No provider is registered under this account.
		ProviderNotFound,
		/// The provider paused: it takes no new requests.
		ProviderPaused,
		/// The provider is suspended by governance.
		ProviderSuspended,
		/// The provider unregistered.
		ProviderUnbonding,
		/// The provider lacks free capacity.
		InsufficientCapacity,
		/// No resources were asked for.
		NoResources,
		/// The duration is outside the chain's bounds.
		InvalidDuration,
		/// The plan's installment length is 0 or longer than the duration.
		InvalidPlan,
		/// An amount does not fit in a balance.
		Overflow,
		/// The consumer cannot cover the deposits or the prepayment.
		InsufficientFunds,
		/// The provider cannot cover its collateral.
		InsufficientCollateral,
		/// Prepay at least one installment.
		ZeroInstallments,
		/// More installments than remain unpaid.
		TooManyInstallments,
		/// No matured installment is waiting to be released.
		NothingToSettle,
		/// The next installment is not overdue (or all are paid).
		NotOverdue,
		/// Every period is over: `settle` instead.
		AgreementEnded,
		/// Only the consumer may close before the retention period is over.
		RetentionNotOver,
		/// A party may still rate this completed agreement: it can be closed once both have
		/// rated or the rating window is over.
		RatingWindowOpen,
		/// Payouts wait for the provider to confirm the committed data.
		AwaitingConfirmation,
		/// Invalid tunables.
		InvalidParams,
		/// Only the consumer or the provider of the agreement may do this.
		NotParty,
		/// Only active agreements can be disputed (not pending, completed or otherwise ended).
		NotDisputable,
		/// The agreement is not under dispute.
		NotDisputed,
	}

	impl<T> From<QuoteError> for Error<T> {
		fn from(e: QuoteError) -> Self {
			match e {
				QuoteError::ProviderNotFound => Error::ProviderNotFound,
				QuoteError::ProviderPaused => Error::ProviderPaused,
				QuoteError::ProviderSuspended => Error::ProviderSuspended,
				QuoteError::ProviderUnbonding => Error::ProviderUnbonding,
				QuoteError::InsufficientCapacity => Error::InsufficientCapacity,
				QuoteError::NoResources => Error::NoResources,
				QuoteError::InvalidDuration => Error::InvalidDuration,
				QuoteError::InvalidPlan => Error::InvalidPlan,
				QuoteError::Overflow => Error::Overflow,
			}
		}
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
		/// Ask `provider` for `resources` during `duration_periods` periods, paid under `plan`.
		///
		/// Locks the provider's current price; refused if the total exceeds `max_price`, if the
		/// provider is paused, suspended or unbonding, or lacks free capacity. Holds the
		/// security deposit (one installment) and the record deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request())]
		pub fn request(
			origin: OriginFor<T>,
			provider: T::AccountId,
			resources: Resources,
			duration_periods: u32,
			plan: PaymentPlan,
			#[pallet::compact] max_price: Balance,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_request(consumer, provider, resources, duration_periods, plan, max_price)
		}

		/// Accept a request (provider): capacity is reserved, the collateral held, and the
		/// agreement starts now.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(who, id)
		}

		/// Answer a request with other terms (provider). The collateral for them is held; the
		/// consumer has a new request window to accept or revoke. One counter per request.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::counter())]
		pub fn counter(origin: OriginFor<T>, id: AgreementId, terms: Terms) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_counter(who, id, terms)
		}

		/// Accept the provider's counter-offer (consumer): the deposit follows the new
		/// installment, capacity is reserved and the agreement starts now.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::accept_counter())]
		pub fn accept_counter(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_counter(who, id)
		}

		/// Withdraw a request or refuse a counter-offer (consumer). Everything held returns.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_request(Some(who), id, CancelReason::Revoked)
		}

		/// Refuse a request (provider), or withdraw a counter-offer. Everything held returns.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_request(Some(who), id, CancelReason::Rejected)
		}

		/// Expire an unanswered request or counter-offer whose window is over (anyone).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::expire())]
		pub fn expire(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_end_request(None, id, CancelReason::Expired)
		}

		/// Prepay the next `installments` installments into escrow (consumer).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::prepay())]
		pub fn prepay(origin: OriginFor<T>, id: AgreementId, installments: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_prepay(who, id, installments)
		}

		/// Release every matured, prepaid installment to the provider (anyone); completes the
		/// agreement after its last installment.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::settle())]
		pub fn settle(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle(id)
		}

		/// End an agreement whose running installment was not prepaid within the grace period
		/// (provider): the security deposit goes to the provider, the unmatured escrow back to
		/// the consumer.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::terminate_nonpayment())]
		pub fn terminate_nonpayment(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_terminate_nonpayment(who, id)
		}

		/// Leave an active agreement early (consumer), forfeiting the running installment
		/// (nothing if a missed storage challenge already refunded it).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, id)
		}

		/// Leave an active agreement early (provider), forfeiting the collateral to the
		/// consumer.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::abandon())]
		pub fn abandon(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_abandon(who, id)
		}

		/// Remove a finished agreement and return its record deposit to the consumer. The
		/// consumer may close at once; anyone else once `retention` blocks passed. Nobody may
		/// close a completed agreement while a party can still rate it ([`Config::CloseGate`]).
		#[pallet::call_index(12)]
		// The benchmark measures `close` with nothing kept beside the record; the gate's three
		// reads (both ratings, the rating window's params) and what `OnClose` may remove (a
		// commitment with an open challenge, a dispute, two ratings) are added at their own
		// bounds.
		#[pallet::weight(T::WeightInfo::close()
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(<T::OnClose as OnAgreementClosed>::closed_weight()))]
		pub fn close(origin: OriginFor<T>, id: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close(who, id)
		}

		/// Change the tunables (governance). Existing agreements keep their period length and
		/// grace period.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: AgreementParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::params_valid(&params), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsUpdated { params });
			Ok(())
		}
	}
}
