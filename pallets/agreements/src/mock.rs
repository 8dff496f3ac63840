//! A mock runtime for the agreements pallet's tests: the real providers pallet supplies prices
//! and capacity.

use crate as pallet_agreements;
use agora_primitives::{
	market::{AgreementId, PriceList, Resources, TerminationReason, GIB, TIB},
	Balance,
};
use frame_support::{derive_impl, parameter_types, traits::fungible::InspectHold};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
		Agreements: pallet_agreements,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const MaxEndpointLen: u32 = 64;
	pub const MaxAttributeLen: u32 = 16;
	pub const MaxAttributes: u32 = 4;
	pub const AgreementsPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/agmt");
}

impl pallet_providers::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Scores = ();
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxEndpointLen = MaxEndpointLen;
	type MaxAttributeLen = MaxAttributeLen;
	type MaxAttributes = MaxAttributes;
	type WeightInfo = ();
}

thread_local! {
	/// Agreements whose payouts wait for a data confirmation.
	static BLOCKED: core::cell::RefCell<Vec<u64>> = const { core::cell::RefCell::new(Vec::new()) };
	/// Agreements whose upload window passed unconfirmed.
	static OVERDUE: core::cell::RefCell<Vec<u64>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Mock of the storage proofs' payout gate.
pub struct MockDataProofs;
impl crate::DataProofs for MockDataProofs {
	fn payouts_blocked(id: u64) -> bool {
		BLOCKED.with(|b| b.borrow().contains(&id))
	}
	fn upload_overdue(id: u64) -> bool {
		OVERDUE.with(|b| b.borrow().contains(&id))
	}
}

/// Block (or unblock) the payouts of `id`.
pub fn set_blocked(id: u64, blocked: bool) {
	BLOCKED.with(|b| {
		let mut b = b.borrow_mut();
		b.retain(|x| *x != id);
		if blocked {
			b.push(id);
		}
	});
}

/// Mark the upload window of `id` as passed without confirmation.
pub fn set_overdue(id: u64) {
	OVERDUE.with(|b| b.borrow_mut().push(id));
}

impl pallet_agreements::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = Providers;
	type DataProofs = MockDataProofs;
	type Reputation = RecordingReputation;
	type OnClose = RecordingReputation;
	type CloseGate = MockCloseGate;
	type GovernanceOrigin = EnsureRoot<u64>;
	type PalletId = AgreementsPalletId;
	type WeightInfo = ();
}

std::thread_local! {
	/// What was reported to the reputation pallet, in order.
	static REPORTS: core::cell::RefCell<Vec<String>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The reports to reputation so far.
pub fn reports() -> Vec<String> {
	REPORTS.with(|r| r.borrow().clone())
}

fn report(line: String) {
	REPORTS.with(|r| r.borrow_mut().push(line));
}

std::thread_local! {
	/// Agreements the close gate holds back (as reputation does while a party may rate).
	static HELD_OPEN: core::cell::RefCell<Vec<AgreementId>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Make the close gate hold agreement `id` back (`true`) or let it go.
pub fn hold_open(id: AgreementId, held: bool) {
	HELD_OPEN.with(|h| {
		let mut h = h.borrow_mut();
		h.retain(|x| *x != id);
		if held {
			h.push(id);
		}
	});
}

/// The close gate: lets everything go except what `hold_open` holds back.
pub struct MockCloseGate;
impl agora_primitives::traits::CloseGate for MockCloseGate {
	fn may_close(id: AgreementId) -> bool {
		HELD_OPEN.with(|h| !h.borrow().contains(&id))
	}
}

/// Records what agreements report to reputation.
pub struct RecordingReputation;
impl agora_primitives::reputation::ReputationEvents<u64> for RecordingReputation {
	fn completed(consumer: &u64, provider: &u64, value: Balance) {
		report(format!("completed {consumer} {provider} {value}"));
	}
	fn terminated(consumer: &u64, provider: &u64, reason: TerminationReason) {
		report(format!("terminated {consumer} {provider} {reason:?}"));
	}
	fn failed(consumer: &u64, provider: &u64) {
		report(format!("failed {consumer} {provider}"));
	}
	fn challenge_passed(provider: &u64, price_per_period: Balance) {
		report(format!("passed {provider} {price_per_period}"));
	}
	fn challenge_missed(provider: &u64) {
		report(format!("missed {provider}"));
	}
	fn dispute_resolved(
		consumer: &u64,
		provider: &u64,
		outcome: agora_primitives::reputation::DisputeOutcome,
	) {
		report(format!("dispute {consumer} {provider} {outcome:?}"));
	}
}
impl agora_primitives::reputation::OnAgreementClosed for RecordingReputation {
	fn closed(id: AgreementId) {
		report(format!("closed {id}"));
	}
}

/// A consumer.
pub const CONSUMER: u64 = 1;
/// Another consumer.
pub const CONSUMER2: u64 = 2;
/// A registered provider.
pub const PROVIDER: u64 = 10;
/// Another registered provider.
pub const PROVIDER2: u64 = 11;
/// Someone else.
pub const STRANGER: u64 = 5;
/// An account with only a little money.
pub const POOR: u64 = 50;
/// What accounts start with.
pub const INITIAL: Balance = 1_000_000;
/// What `POOR` starts with.
pub const POOR_INITIAL: Balance = 150;

/// Blocks per period.
pub const PERIOD: u64 = 10;
/// Grace period.
pub const GRACE: u64 = 3;
/// Request window.
pub const EXPIRY: u64 = 5;
/// Record deposit.
pub const RECORD: Balance = 7;
/// Collateral, percent of an installment.
pub const COLLATERAL_PERCENT: u32 = 50;
/// Part of the collateral slashed per missed challenge.
pub const FAULT_SLASH_PERCENT: u32 = 20;
/// Retention of finished agreements.
pub const RETENTION: u64 = 20;

/// The mock's tunables.
pub fn params() -> crate::AgreementParams<u64> {
	crate::AgreementParams {
		period_length: PERIOD,
		min_duration: 1,
		max_duration: 12,
		request_expiry: EXPIRY,
		grace_period: GRACE,
		collateral_percent: COLLATERAL_PERCENT,
		fault_slash_percent: FAULT_SLASH_PERCENT,
		record_deposit: RECORD,
		retention: RETENTION,
		data_grace: 5,
		// No fee by default, so amounts compare to the unit; fee tests set one.
		market_fee: sp_runtime::Permill::zero(),
	}
}

/// Providers' capacity: 1 TiB, 4 vCPUs, 8 GiB of memory, no GPU.
pub fn capacity() -> Resources {
	Resources { storage_bytes: TIB as u64, vcpus: 4, memory_mib: 8 * 1024, gpus: 0 }
}

/// 10 per GiB of storage, 100 per vCPU, 20 per GiB of memory.
pub fn prices() -> PriceList {
	PriceList { storage_per_gib: 10, vcpu: 100, memory_per_gib: 20, gpu: 1_000 }
}

/// 1 GiB and 1 vCPU: 110 per period at `prices()`.
pub fn small() -> Resources {
	Resources { storage_bytes: GIB as u64, vcpus: 1, memory_mib: 0, gpus: 0 }
}

/// Price per period of `small()` at `prices()`.
pub const SMALL_PRICE: Balance = 110;

/// What the agreements keep for an account, by purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
	/// Prepaid installments (consumer, in the pot).
	Escrow,
	/// Security deposits (consumer, in the pot).
	SecurityDeposit,
	/// Provider collateral (provider, in the pot).
	ProviderCollateral,
	/// Record deposits (consumer, a hold on its account).
	RecordDeposit,
}

/// What the agreements keep for `who` under `purpose`: the record deposit held on its account,
/// or its share of the pot as the agreement records say (`try_state` checks the pot covers them
/// and `run_test` that it holds exactly that).
pub fn held(purpose: Held, who: u64) -> Balance {
	let sum = |of: fn(&crate::AgreementOf<Test>) -> (u64, Balance)| -> Balance {
		crate::Agreements::<Test>::iter_values()
			.map(|a| of(&a))
			.filter(|(owner, _)| *owner == who)
			.map(|(_, amount)| amount)
			.sum()
	};
	match purpose {
		Held::RecordDeposit => {
			Balances::balance_on_hold(&crate::HoldReason::RecordDeposit.into(), &who)
		},
		Held::Escrow => sum(|a| (a.consumer, a.escrow)),
		Held::SecurityDeposit => sum(|a| (a.consumer, a.security_deposit)),
		Held::ProviderCollateral => sum(|a| (a.provider, a.provider_collateral)),
	}
}

/// What `who` owns: free + held on its account + its share of the agreements' pot.
pub fn total(who: u64) -> Balance {
	<Balances as frame_support::traits::fungible::Inspect<u64>>::total_balance(&who)
		+ crate::Pallet::<Test>::pot_share_of(&who)
}

/// The pot's balance above its existential deposit.
pub fn pot_balance() -> Balance {
	Balances::free_balance(crate::Pallet::<Test>::pot()) - 1
}

/// Genesis: funded accounts, providers 10 and 11 registered, the mock's tunables.
pub fn new_test_ext() -> sp_io::TestExternalities {
	BLOCKED.with(|b| b.borrow_mut().clear());
	OVERDUE.with(|b| b.borrow_mut().clear());
	HELD_OPEN.with(|h| h.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(u64, Balance)> =
		[1, 2, 3, 4, 5, 10, 11, 12].iter().map(|a| (*a, INITIAL)).collect();
	balances.push((POOR, POOR_INITIAL));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut t)
		.unwrap();
	pallet_providers::GenesisConfig::<Test> {
		params: pallet_providers::ProviderParams {
			bond_base: 1_000,
			bond_per_tib: 100,
			unbonding_period: 10,
		},
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_agreements::GenesisConfig::<Test> { params: params() }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		for p in [PROVIDER, PROVIDER2] {
			pallet_providers::Pallet::<Test>::register(
				RuntimeOrigin::signed(p),
				capacity(),
				prices(),
				Default::default(),
				Default::default(),
			)
			.unwrap();
		}
	});
	ext
}

/// Run `test` on a fresh mock chain, then check both pallets' invariants and that no money
/// appeared or vanished.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		// Only the market fee is destroyed.
		let burned: Balance = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Agreements(crate::Event::Settled { fee, .. }) => Some(fee),
				_ => None,
			})
			.sum();
		assert_eq!(Balances::total_issuance() + burned, issuance, "money created or destroyed");
		Agreements::do_try_state().expect("agreements invariants hold after the test");
		// Nobody donates to the pot here: it holds exactly what the agreements record.
		let recorded: Balance = crate::Agreements::<Test>::iter_values()
			.map(|a| a.escrow + a.security_deposit + a.provider_collateral)
			.sum();
		assert_eq!(pot_balance(), recorded, "the pot holds exactly the agreements' funds");
		Providers::do_try_state().expect("providers invariants hold after the test");
	});
}
