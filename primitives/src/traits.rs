//! How the pallets talk to each other: every trait one pallet defines for another to implement.
//!
//! Each trait says who calls it and when, and who implements it. The pallets implement them
//! themselves and the runtime's `configs/` wires the implementing pallet in directly, a tuple
//! where several listen (`type OnOutcome = (Reputation, Agreements)`), with no adapter in
//! between. No pallet depends on another pallet's crate or reads another's storage.
//!
//! | trait | implemented by | called by |
//! |-------|----------------|-----------|
//! | [`ProviderRegistry`] | providers | agreements: quote, request, activation, end |
//! | [`ProviderScores`] | reputation | providers: `find_providers` (runtime API) |
//! | [`DataProofs`] | storage proofs | agreements: before payouts, on cancellation |
//! | [`StorageAgreements`] | agreements | storage proofs: commit, confirm, each challenge |
//! | [`OnChallengeOutcome`] | reputation, agreements | storage proofs: answers and misses |
//! | [`ReputationEvents`] | reputation | agreements (how each agreement ends), disputes (rulings) |
//! | [`OnAgreementClosed`] | reputation, disputes | agreements: `close` |
//! | [`CloseGate`] | reputation | agreements: `close`, before anything is removed |
//! | [`CompletedAgreements`] | agreements | reputation: `rate` |
//! | [`DisputedAgreements`] | agreements | disputes: `open`, `resolve` |
//! | [`ComputeProviders`] | providers | jobs: opt-in, each draw, `accept` |
//! | [`ComputeAgreements`] | agreements | jobs: `submit` under an agreement |
//! | [`ProviderOperators`] | storage proofs | jobs: every worker call (an operator acts for its provider) |
//! | [`DisputedJobs`] | jobs | disputes: `open_job`, `resolve` |
//!
//! A missed storage challenge, for example: the storage proofs' `on_initialize` finds the
//! challenge unanswered on its expiry agenda and calls [`OnChallengeOutcome::on_fault`] on
//! `(Reputation, Agreements)`; the reputation pallet records bad evidence for the provider, then
//! the agreements pallet refunds the running installment to the consumer and pays it part of the
//! provider's collateral. A further [`DataProofs::payouts_blocked`] check keeps unconfirmed data
//! from being paid for in the first place.

use crate::{
	disputes::{DisputeId, Ruling, RulingPayout},
	jobs::JobId,
	market::{AgreementId, QuoteError, Resources, TerminationReason},
	reputation::{DisputeOutcome, RatingInfo},
	Balance,
};
use sp_runtime::Weight;
use sp_runtime::{DispatchError, DispatchResult, Perbill};

/// The provider registry as the agreements pallet sees it: prices, capacity reservations.
///
/// Called by `pallet-agreements`: [`Self::price_for_request`] when it quotes or takes a request,
/// [`Self::reserve`] when an agreement becomes active, [`Self::release`] when it ends, and
/// [`Self::reserved`] in its invariant checks. Implemented by `pallet-providers`, so neither
/// pallet reads the other's storage.
pub trait ProviderRegistry<AccountId> {
	/// The price per period of `resources` for a *new request*: the provider must exist, take
	/// requests (not paused, suspended or unbonding) and have the resources free.
	fn price_for_request(
		provider: &AccountId,
		resources: &Resources,
	) -> Result<Balance, QuoteError>;

	/// Reserve `resources` for an agreement that becomes active. Refused when the provider is
	/// suspended, unbonding or lacks free capacity (a paused provider may still accept what it
	/// was asked before pausing).
	fn reserve(provider: &AccountId, resources: &Resources) -> Result<(), QuoteError>;

	/// Release what [`Self::reserve`] reserved, when the agreement ends.
	fn release(provider: &AccountId, resources: &Resources);

	/// Reserved resources and the number of agreements holding them (for invariant checks).
	fn reserved(provider: &AccountId) -> Option<(Resources, u32)>;

	/// Register `provider` with `capacity` and `prices`, funding its bond (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(
		provider: &AccountId,
		capacity: Resources,
		prices: crate::market::PriceList,
	);
}

/// Providers' reputation scores, as provider searches see them.
///
/// Called by `pallet-providers` in `find_providers` (behind the `agora_findProviders` runtime
/// API, never in a dispatchable) to filter by `min_score` and to order by score. Implemented by
/// `pallet-reputation`: the score of the provider profile, decayed to the current block. `()`
/// gives everyone the score of an account without evidence, 50 %.
pub trait ProviderScores<AccountId> {
	/// `who`'s score as a provider now.
	fn provider_score(who: &AccountId) -> Perbill;
}

impl<AccountId> ProviderScores<AccountId> for () {
	fn provider_score(_: &AccountId) -> Perbill {
		Perbill::from_percent(50)
	}
}

/// What the storage proofs tell the agreements pallet about an agreement's data.
///
/// Called by `pallet-agreements`: [`Self::payouts_blocked`] before it releases installments
/// (`settle`, and the settlement of what matured before an early exit, a fault or a failure),
/// [`Self::upload_overdue`] when the consumer cancels. Implemented by `pallet-storage-proofs`.
/// `()`: no storage proofs, payouts never wait.
pub trait DataProofs {
	/// Payouts wait: the consumer committed data the provider has not confirmed yet.
	fn payouts_blocked(id: AgreementId) -> bool;
	/// The provider did not confirm the committed data within the upload window: the consumer
	/// may cancel without penalty.
	fn upload_overdue(id: AgreementId) -> bool;
}

impl DataProofs for () {
	fn payouts_blocked(_: AgreementId) -> bool {
		false
	}
	fn upload_overdue(_: AgreementId) -> bool {
		false
	}
}

/// The agreements as the storage proofs see them.
///
/// Called by `pallet-storage-proofs`: [`Self::active_storage`] (and then
/// [`Self::data_committed`]) when the consumer commits, when
/// the provider confirms, when a challenge is due (an agreement that ended is not challenged)
/// and when a commitment is removed (only once the agreement ended). Implemented by
/// `pallet-agreements`.
pub trait StorageAgreements<AccountId> {
	/// Consumer, provider and storage bytes of agreement `id`, if it is active or under dispute
	/// (a dispute does not suspend the storage obligation).
	fn active_storage(id: AgreementId) -> Option<(AccountId, AccountId, u64)>;

	/// The consumer just committed to the data of active agreement `id` (called by `commit`).
	/// The agreements remember when, so that if the upload is never confirmed, the periods
	/// served before the commitment are still paid for: a late commitment cannot void them.
	fn data_committed(_id: AgreementId) {}

	/// Make an active agreement of `storage` bytes between funded parties (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_active(
		consumer: &AccountId,
		provider: &AccountId,
		storage: u64,
	) -> Option<AgreementId>;

	/// End agreement `id` (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn end_for_benchmarks(id: AgreementId);
}

/// Where storage challenge outcomes go: reputation (evidence) and agreements (refunds,
/// slashing, failure).
///
/// Called by `pallet-storage-proofs`: [`Self::on_pass`] when the provider's valid answer is
/// included (`respond`); [`Self::on_fault`] when a challenge reaches its expiry block
/// unanswered, then [`Self::on_failed`] if that was the `max_consecutive_faults`-th miss in a
/// row (both in `on_initialize`). Implemented by `pallet-reputation` (a pass is good evidence, a
/// miss bad evidence, for the provider) and by `pallet-agreements` (a fault refunds the running
/// installment and slashes part of the provider's collateral to the consumer; a failure fails
/// the agreement). A tuple tells its members in order; `()` ignores everything.
pub trait OnChallengeOutcome<AccountId> {
	/// The provider answered a challenge of `agreement`.
	fn on_pass(agreement: AgreementId, provider: &AccountId);
	/// The provider missed a challenge of `agreement`.
	fn on_fault(agreement: AgreementId, provider: &AccountId);
	/// The provider missed `max_consecutive_faults` challenges in a row: fail the agreement.
	fn on_failed(agreement: AgreementId, provider: &AccountId);
}

impl<AccountId> OnChallengeOutcome<AccountId> for () {
	fn on_pass(_: AgreementId, _: &AccountId) {}
	fn on_fault(_: AgreementId, _: &AccountId) {}
	fn on_failed(_: AgreementId, _: &AccountId) {}
}

impl<AccountId, A: OnChallengeOutcome<AccountId>> OnChallengeOutcome<AccountId> for (A,) {
	fn on_pass(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
	}
	fn on_fault(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
	}
	fn on_failed(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
	}
}

impl<AccountId, A: OnChallengeOutcome<AccountId>, B: OnChallengeOutcome<AccountId>>
	OnChallengeOutcome<AccountId> for (A, B)
{
	fn on_pass(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
	}
	fn on_fault(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
	}
	fn on_failed(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
	}
}

impl<
		AccountId,
		A: OnChallengeOutcome<AccountId>,
		B: OnChallengeOutcome<AccountId>,
		C: OnChallengeOutcome<AccountId>,
	> OnChallengeOutcome<AccountId> for (A, B, C)
{
	fn on_pass(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
		<C as OnChallengeOutcome<AccountId>>::on_pass(agreement, provider);
	}
	fn on_fault(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
		<C as OnChallengeOutcome<AccountId>>::on_fault(agreement, provider);
	}
	fn on_failed(agreement: AgreementId, provider: &AccountId) {
		<A as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
		<B as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
		<C as OnChallengeOutcome<AccountId>>::on_failed(agreement, provider);
	}
}

/// What happens in agreements that moves reputation.
///
/// Called by `pallet-agreements` when an agreement completes, is terminated or fails, and by
/// `pallet-disputes` when a dispute is resolved. [`Self::challenge_passed`] and
/// [`Self::challenge_missed`] are what `pallet-reputation`'s own [`OnChallengeOutcome`]
/// records. Implemented by `pallet-reputation`. A tuple tells its members in order; `()`
/// ignores everything.
pub trait ReputationEvents<AccountId> {
	/// An agreement ran to completion; the consumer paid `value` to the provider (what the
	/// evidence it earns is proportional to).
	fn completed(consumer: &AccountId, provider: &AccountId, value: Balance);
	/// An agreement ended early for `reason`.
	fn terminated(consumer: &AccountId, provider: &AccountId, reason: TerminationReason);
	/// An agreement failed: the provider lost the data.
	fn failed(consumer: &AccountId, provider: &AccountId);
	/// The provider answered a storage challenge of an agreement priced `price_per_period`
	/// (what the evidence it earns is proportional to).
	fn challenge_passed(provider: &AccountId, price_per_period: Balance);
	/// The provider missed a storage challenge.
	fn challenge_missed(provider: &AccountId);
	/// A dispute between the two ended with `outcome`.
	fn dispute_resolved(consumer: &AccountId, provider: &AccountId, outcome: DisputeOutcome);
	/// A worker's result of a job was checked and paid `value` (good evidence in proportion).
	fn job_done(_worker: &AccountId, _value: Balance) {}
	/// A worker's result of a job lost: a minority result, or a ruling against it.
	fn job_wrong(_worker: &AccountId) {}
	/// A worker accepted a job and then committed, revealed or posted nothing in time.
	fn job_missed(_worker: &AccountId) {}
}

impl<AccountId> ReputationEvents<AccountId> for () {
	fn completed(_: &AccountId, _: &AccountId, _: Balance) {}
	fn terminated(_: &AccountId, _: &AccountId, _: TerminationReason) {}
	fn failed(_: &AccountId, _: &AccountId) {}
	fn challenge_passed(_: &AccountId, _: Balance) {}
	fn challenge_missed(_: &AccountId) {}
	fn dispute_resolved(_: &AccountId, _: &AccountId, _: DisputeOutcome) {}
}

impl<AccountId, A: ReputationEvents<AccountId>> ReputationEvents<AccountId> for (A,) {
	fn completed(consumer: &AccountId, provider: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::completed(consumer, provider, value);
	}
	fn terminated(consumer: &AccountId, provider: &AccountId, reason: TerminationReason) {
		<A as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
	}
	fn failed(consumer: &AccountId, provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::failed(consumer, provider);
	}
	fn challenge_passed(provider: &AccountId, price_per_period: Balance) {
		<A as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
	}
	fn challenge_missed(provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::challenge_missed(provider);
	}
	fn dispute_resolved(consumer: &AccountId, provider: &AccountId, outcome: DisputeOutcome) {
		<A as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
	}
	fn job_done(worker: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::job_done(worker, value);
	}
	fn job_wrong(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_wrong(worker);
	}
	fn job_missed(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_missed(worker);
	}
}

impl<AccountId, A: ReputationEvents<AccountId>, B: ReputationEvents<AccountId>>
	ReputationEvents<AccountId> for (A, B)
{
	fn completed(consumer: &AccountId, provider: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::completed(consumer, provider, value);
		<B as ReputationEvents<AccountId>>::completed(consumer, provider, value);
	}
	fn terminated(consumer: &AccountId, provider: &AccountId, reason: TerminationReason) {
		<A as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
		<B as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
	}
	fn failed(consumer: &AccountId, provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::failed(consumer, provider);
		<B as ReputationEvents<AccountId>>::failed(consumer, provider);
	}
	fn challenge_passed(provider: &AccountId, price_per_period: Balance) {
		<A as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
		<B as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
	}
	fn challenge_missed(provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::challenge_missed(provider);
		<B as ReputationEvents<AccountId>>::challenge_missed(provider);
	}
	fn dispute_resolved(consumer: &AccountId, provider: &AccountId, outcome: DisputeOutcome) {
		<A as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
		<B as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
	}
	fn job_done(worker: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::job_done(worker, value);
		<B as ReputationEvents<AccountId>>::job_done(worker, value);
	}
	fn job_wrong(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_wrong(worker);
		<B as ReputationEvents<AccountId>>::job_wrong(worker);
	}
	fn job_missed(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_missed(worker);
		<B as ReputationEvents<AccountId>>::job_missed(worker);
	}
}

impl<
		AccountId,
		A: ReputationEvents<AccountId>,
		B: ReputationEvents<AccountId>,
		C: ReputationEvents<AccountId>,
	> ReputationEvents<AccountId> for (A, B, C)
{
	fn completed(consumer: &AccountId, provider: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::completed(consumer, provider, value);
		<B as ReputationEvents<AccountId>>::completed(consumer, provider, value);
		<C as ReputationEvents<AccountId>>::completed(consumer, provider, value);
	}
	fn terminated(consumer: &AccountId, provider: &AccountId, reason: TerminationReason) {
		<A as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
		<B as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
		<C as ReputationEvents<AccountId>>::terminated(consumer, provider, reason);
	}
	fn failed(consumer: &AccountId, provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::failed(consumer, provider);
		<B as ReputationEvents<AccountId>>::failed(consumer, provider);
		<C as ReputationEvents<AccountId>>::failed(consumer, provider);
	}
	fn challenge_passed(provider: &AccountId, price_per_period: Balance) {
		<A as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
		<B as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
		<C as ReputationEvents<AccountId>>::challenge_passed(provider, price_per_period);
	}
	fn challenge_missed(provider: &AccountId) {
		<A as ReputationEvents<AccountId>>::challenge_missed(provider);
		<B as ReputationEvents<AccountId>>::challenge_missed(provider);
		<C as ReputationEvents<AccountId>>::challenge_missed(provider);
	}
	fn dispute_resolved(consumer: &AccountId, provider: &AccountId, outcome: DisputeOutcome) {
		<A as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
		<B as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
		<C as ReputationEvents<AccountId>>::dispute_resolved(consumer, provider, outcome);
	}
	fn job_done(worker: &AccountId, value: Balance) {
		<A as ReputationEvents<AccountId>>::job_done(worker, value);
		<B as ReputationEvents<AccountId>>::job_done(worker, value);
		<C as ReputationEvents<AccountId>>::job_done(worker, value);
	}
	fn job_wrong(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_wrong(worker);
		<B as ReputationEvents<AccountId>>::job_wrong(worker);
		<C as ReputationEvents<AccountId>>::job_wrong(worker);
	}
	fn job_missed(worker: &AccountId) {
		<A as ReputationEvents<AccountId>>::job_missed(worker);
		<B as ReputationEvents<AccountId>>::job_missed(worker);
		<C as ReputationEvents<AccountId>>::job_missed(worker);
	}
}

/// Told when an agreement's record is removed, so data kept beside it goes too.
///
/// Whether a finished agreement's record may be closed (removed) yet.
///
/// Asked by `pallet-agreements` in `close`, before anything is removed, whoever closes. Implemented
/// by `pallet-reputation`: not while a party of a completed, undisputed agreement may still rate
/// it (the rating needs the record), unless both have rated. `()` never holds a close back.
pub trait CloseGate {
	/// Whether agreement `id` may be closed now.
	fn may_close(id: AgreementId) -> bool;
}

impl CloseGate for () {
	fn may_close(_: AgreementId) -> bool {
		true
	}
}

/// Called by `pallet-agreements` in `close`, once the record is gone. Implemented by
/// `pallet-reputation` (the agreement's ratings), `pallet-disputes` (its dispute record) and
/// `pallet-storage-proofs` (its commitment, deposit and open challenge). A tuple tells its
/// members in order; `()` ignores it.
pub trait OnAgreementClosed {
	/// Agreement `id` is gone.
	fn closed(id: AgreementId);

	/// The most [`Self::closed`] may cost, added to the weight of `close`.
	fn closed_weight() -> Weight {
		Weight::zero()
	}
}

impl OnAgreementClosed for () {
	fn closed(_: AgreementId) {}
}

impl<A: OnAgreementClosed> OnAgreementClosed for (A,) {
	fn closed(id: AgreementId) {
		A::closed(id);
	}
	fn closed_weight() -> Weight {
		A::closed_weight()
	}
}

impl<A: OnAgreementClosed, B: OnAgreementClosed> OnAgreementClosed for (A, B) {
	fn closed(id: AgreementId) {
		A::closed(id);
		B::closed(id);
	}
	fn closed_weight() -> Weight {
		A::closed_weight().saturating_add(B::closed_weight())
	}
}

impl<A: OnAgreementClosed, B: OnAgreementClosed, C: OnAgreementClosed> OnAgreementClosed
	for (A, B, C)
{
	fn closed(id: AgreementId) {
		A::closed(id);
		B::closed(id);
		C::closed(id);
	}
	fn closed_weight() -> Weight {
		A::closed_weight()
			.saturating_add(B::closed_weight())
			.saturating_add(C::closed_weight())
	}
}

/// Completed agreements, as the reputation pallet sees them: who may rate whom, and what was
/// paid.
///
/// Called by `pallet-reputation` when a party rates (`rate`) and in its invariant checks.
/// Implemented by `pallet-agreements`.
pub trait CompletedAgreements<AccountId, BlockNumber> {
	/// The agreement if it exists and completed; `None` otherwise.
	fn completed(id: AgreementId) -> Option<RatingInfo<AccountId, BlockNumber>>;

	/// The price per period of agreement `id`, if it exists (what a storage challenge answered
	/// for it is worth as evidence).
	fn price_per_period(id: AgreementId) -> Option<Balance>;

	/// A completed, undisputed agreement between `consumer` and `provider` that paid `value`
	/// (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn complete_for_benchmarks(
		consumer: &AccountId,
		provider: &AccountId,
		value: Balance,
	) -> AgreementId;
}

/// The agreements as the disputes pallet sees them.
///
/// Called by `pallet-disputes`: [`Self::freeze`] when a party opens a dispute (`open`),
/// [`Self::execute`] when a majority of the panel ruled (`resolve`), [`Self::dismiss`] when the
/// voting period ended without one. Implemented by `pallet-agreements`.
pub trait DisputedAgreements<AccountId> {
	/// Freeze agreement `id` for a dispute opened by `opener`: it must be a party, and the
	/// agreement active (a completed one cannot be disputed, so a dispute never blocks its
	/// ratings). What matured is settled first; from then on no payout or early exit happens
	/// until the dispute ends, but the obligations run on (prepayments, storage challenges and
	/// their penalties, termination for non-payment).
	/// Returns (consumer, provider, value at stake: the escrow plus the provider's collateral),
	/// the last for scaling the bond.
	fn freeze(
		id: AgreementId,
		opener: &AccountId,
	) -> Result<(AccountId, AccountId, Balance), DispatchError>;
	/// Apply `ruling` to the frozen agreement `id` and end it as resolved. A ruling divides only
	/// the value served since the last payout (the rest of the escrow returns to the consumer).
	/// If the agreement already ended during the dispute, it moves nothing.
	fn execute(id: AgreementId, ruling: Ruling) -> Result<RulingPayout, DispatchError>;
	/// The dispute ended without a ruling: the agreement goes on as it was (active again), if
	/// it did not end during the dispute.
	fn dismiss(id: AgreementId) -> DispatchResult;
	/// An active agreement with prepaid escrow between the two, funded (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &AccountId, provider: &AccountId) -> AgreementId;
}

/// The registry as the job market sees it: who may work on jobs, at what price.
///
/// Called by `pallet-jobs` when a provider opts in to jobs, for each candidate of a draw and
/// when a worker accepts. Implemented by `pallet-providers`.
pub trait ComputeProviders<AccountId> {
	/// `who`'s price of one vCPU for one period and its declared vCPUs, if it is registered,
	/// takes requests (not paused, suspended or unbonding) and declares at least one vCPU.
	fn compute_offer(who: &AccountId) -> Option<(Balance, u32)>;

	/// Register `who` with `vcpus` vCPUs at `price` per vCPU and period, funding its bond
	/// (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_compute_for_benchmarks(who: &AccountId, vcpus: u32, price: Balance);
}

/// Compute agreements as the job market sees them: jobs under an agreement are paid by its
/// rental.
///
/// Called by `pallet-jobs` in `submit` when the job names an agreement. Implemented by
/// `pallet-agreements`.
pub trait ComputeAgreements<AccountId> {
	/// Consumer, provider and reserved vCPUs of agreement `id`, if it is active and reserves at
	/// least one vCPU.
	fn active_compute(id: AgreementId) -> Option<(AccountId, AccountId, u32)>;

	/// An active agreement reserving `vcpus` vCPUs between funded parties (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_compute_for_benchmarks(
		consumer: &AccountId,
		provider: &AccountId,
		vcpus: u32,
	) -> AgreementId;
}

/// Operator keys: a provider's node signs with an operator key, not the provider's own.
///
/// Called by `pallet-jobs` on every worker call, to find the provider an operator acts for.
/// Implemented by `pallet-storage-proofs` (`set_operator`). `()` knows no operators.
pub trait ProviderOperators<AccountId> {
	/// The provider `operator` acts for, if any.
	fn provider_of(operator: &AccountId) -> Option<AccountId>;
}

impl<AccountId> ProviderOperators<AccountId> for () {
	fn provider_of(_: &AccountId) -> Option<AccountId> {
		None
	}
}

/// Attested jobs as the disputes pallet sees them.
///
/// Called by `pallet-disputes`: [`Self::freeze`] when the consumer opens a dispute on a posted
/// result (`open_job`), [`Self::execute`] when a majority of the panel ruled (`resolve`),
/// [`Self::dismiss`] when the voting period ended without one. Implemented by `pallet-jobs`.
/// `()` has no jobs and refuses every dispute.
pub trait DisputedJobs<AccountId> {
	/// Freeze job `id` for dispute `dispute` opened by `opener`: it must be the job's consumer,
	/// and the job an attested one whose result is posted and whose acceptance window is open.
	/// The job records `dispute` in its status. Returns (consumer, worker, value at stake: the
	/// reward plus the worker's collateral).
	fn freeze(
		id: JobId,
		opener: &AccountId,
		dispute: DisputeId,
	) -> Result<(AccountId, AccountId, Balance), DispatchError>;
	/// Apply `ruling` to the frozen job: `FavourConsumer` returns the reward and pays the
	/// worker's collateral to the consumer; `FavourProvider` pays the reward to the worker and
	/// returns its collateral; `Split(p)` returns `p` of the reward to the consumer, pays the
	/// rest to the worker and returns its collateral.
	fn execute(id: JobId, ruling: Ruling) -> Result<RulingPayout, DispatchError>;
	/// The dispute ended without a ruling: the result stands as accepted (the worker is paid).
	fn dismiss(id: JobId) -> DispatchResult;
	/// An attested job of `consumer` whose result `worker` posted, funded (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &AccountId, worker: &AccountId) -> JobId;
}

impl<AccountId> DisputedJobs<AccountId> for () {
	fn freeze(
		_: JobId,
		_: &AccountId,
		_: DisputeId,
	) -> Result<(AccountId, AccountId, Balance), DispatchError> {
		Err(DispatchError::Other("no jobs"))
	}
	fn execute(_: JobId, _: Ruling) -> Result<RulingPayout, DispatchError> {
		Err(DispatchError::Other("no jobs"))
	}
	fn dismiss(_: JobId) -> DispatchResult {
		Err(DispatchError::Other("no jobs"))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(_: &AccountId, _: &AccountId) -> JobId {
		0
	}
}
