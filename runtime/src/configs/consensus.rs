//! BABE, GRANDPA, session and the validator set.

use crate::{
	AccountId, Babe, Balances, Runtime, RuntimeEvent, Session, SessionKeys, Validators, AGR,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sp_runtime::traits::ConvertInto;

/// The largest validator set; also bounds BABE and GRANDPA authorities.
pub const MAX_VALIDATORS: u32 = 100;

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
	// No equivocation reporting yet: there is no staking to slash.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	type SessionManager = Validators;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validators::Config for Runtime {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ValidatorRegistration = Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
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
}
