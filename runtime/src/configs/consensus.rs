//! BABE, GRANDPA, session and the validator set, and equivocation reporting.
//!
//! A validator that equivocates (two BABE blocks in one slot, two GRANDPA votes in one round) is
//! reported by any node that sees both: BABE's block import and GRANDPA's voter call the runtime
//! APIs `generate_key_ownership_proof` and `submit_report_equivocation_unsigned_extrinsic`
//! (`apis.rs`), which submit an unsigned `report_equivocation_unsigned`. The runtime checks the
//! equivocation proof and the key-owner proof against the validator set of that session, which
//! `pallet-session`'s historical module keeps as a trie root for the last [`HISTORY_SESSIONS`]
//! sessions; `pallet-offences` records the offence once and hands it to `pallet-validators`,
//! which removes the offender from the desired set and disables it for the session
//! ([`DisableInSession`]: `pallet-session`'s disabling strategy, at most a third of the set).

use crate::{
	AccountId, Babe, Balances, Historical, Offences, Runtime, RuntimeCall, RuntimeEvent, Session,
	SessionKeys, UncheckedExtrinsic, Validators, AGR,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, Get},
};
use frame_system::EnsureRoot;
use pallet_session::historical::NoteHistoricalRoot;
use sp_runtime::traits::ConvertInto;
use sp_staking::{offence::OffenceSeverity, SessionIndex};

/// The largest validator set; also bounds BABE and GRANDPA authorities.
pub const MAX_VALIDATORS: u32 = 100;

/// Sessions whose validator sets stay provable (their historical trie roots are kept): an
/// equivocation older than this can no longer be reported. Older roots are pruned at every
/// session change, so the storage stays bounded.
pub const HISTORY_SESSIONS: SessionIndex = 28;

/// How long, in blocks, an equivocation report stays valid in the pool: the sessions of
/// [`HISTORY_SESSIONS`], with this chain's epoch length (a genesis tunable).
pub struct ReportLongevity;
impl Get<u64> for ReportLongevity {
	fn get() -> u64 {
		pallet_validators::EpochDuration::<Runtime>::get().saturating_mul(HISTORY_SESSIONS.into())
	}
}

parameter_types! {
	pub const MaxAuthorities: u32 = MAX_VALIDATORS;
	/// Deposit held while an account has session keys registered (bytes it makes the chain
	/// store); returned by `session.purgeKeys`.
	pub const SessionKeyDeposit: crate::Balance = AGR;
}

impl pallet_babe::Config for Runtime {
	// Slot duration and epoch length are genesis tunables (`validators.timing`): short on the
	// dev chain, 6 s slots and 10-minute epochs on `local_testnet` and production.
	type EpochDuration = pallet_validators::EpochDuration<Runtime>;
	type ExpectedBlockTime = pallet_validators::SlotDuration<Runtime>;
	// Epochs change with sessions.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	// GRANDPA's set-id to session map is kept as long as the historical roots.
	type MaxSetIdSessionEntries = ConstU64<{ HISTORY_SESSIONS as u64 }>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// No stake: a validator is identified by its account alone.
	type FullIdentification = ();
	type FullIdentificationOf = UnitIdentification;
}

/// Every validator's full identification is `()`.
pub struct UnitIdentification;
impl sp_runtime::traits::Convert<AccountId, Option<()>> for UnitIdentification {
	fn convert(_: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Validators;
}

// The reporter of an unsigned equivocation report is the block author.
impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	type EventHandler = ();
}

/// The session manager: `pallet-validators`' set, with the historical root of each new session
/// noted (for key-owner proofs) and the roots older than [`HISTORY_SESSIONS`] pruned.
pub struct SessionManager;
type WithHistory = NoteHistoricalRoot<Runtime, Validators>;
impl pallet_session::SessionManager<AccountId> for SessionManager {
	fn new_session(new_index: SessionIndex) -> Option<alloc::vec::Vec<AccountId>> {
		Historical::prune_up_to(new_index.saturating_sub(HISTORY_SESSIONS));
		<WithHistory as pallet_session::SessionManager<_>>::new_session(new_index)
	}
	fn new_session_genesis(new_index: SessionIndex) -> Option<alloc::vec::Vec<AccountId>> {
		<WithHistory as pallet_session::SessionManager<_>>::new_session_genesis(new_index)
	}
	fn start_session(start_index: SessionIndex) {
		<WithHistory as pallet_session::SessionManager<_>>::start_session(start_index)
	}
	fn end_session(end_index: SessionIndex) {
		<WithHistory as pallet_session::SessionManager<_>>::end_session(end_index)
	}
}

/// Disables a reported offender for the rest of the session through `pallet-session`'s
/// disabling strategy (which refuses beyond a third of the set, so GRANDPA keeps a
/// supermajority).
pub struct DisableInSession;
impl pallet_validators::DisableOffender<AccountId> for DisableInSession {
	fn disable(who: &AccountId) -> bool {
		let Some(index) = Session::validator_id_to_index(who) else { return false };
		Session::report_offence(who.clone(), OffenceSeverity::max_severity());
		Session::disabled_validators().contains(&index)
	}
}

/// Unsigned equivocation reports are bare extrinsics.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	type SessionManager = SessionManager;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// At most a third of the set is disabled at once (GRANDPA needs two thirds).
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validators::Config for Runtime {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ValidatorRegistration = Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type OffenderDisabling = DisableInSession;
	type WeightInfo = pallet_validators::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ValidatorsBenchmarkHelper;
}

/// Registers real session keys for benchmark accounts, through `session.set_keys`.
#[cfg(feature = "runtime-benchmarks")]
pub struct ValidatorsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validators::BenchmarkHelper<AccountId> for ValidatorsBenchmarkHelper {
	fn register_session_keys(who: &AccountId) {
		use codec::Encode;
		frame_system::Pallet::<Runtime>::inc_providers(who);
		pallet_session::Pallet::<Runtime>::ensure_can_pay_key_deposit(who)
			.expect("the session key deposit is minted");
		let generated = SessionKeys::generate(&who.encode(), None);
		pallet_session::Pallet::<Runtime>::set_keys(
			frame_system::RawOrigin::Signed(who.clone()).into(),
			generated.keys,
			generated.proof.encode(),
		)
		.expect("the benchmark account's session keys are set");
	}

	fn activate(set: &[AccountId]) {
		pallet_session::Validators::<Runtime>::put(set.to_vec());
	}
}
