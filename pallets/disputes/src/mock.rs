//! A mock runtime for the disputes pallet's tests: the committee, the agreements and the
//! reputation reports live in thread-locals; money is real (pallet-balances).

use crate as pallet_disputes;
use agora_primitives::{
	disputes::{DisputeId, DisputeSubject, DisputedAgreements, DisputedJobs, Ruling, RulingPayout},
	jobs::JobId,
	market::AgreementId,
	reputation::{DisputeOutcome, ReputationEvents},
	Balance,
};
use codec::Encode;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::SortedMembers};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Disputes: pallet_disputes,
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

/// A mock agreement: parties, whether it can be disputed, and whether it is frozen.
#[derive(Clone, Debug, PartialEq)]
pub struct MockAgreement {
	pub consumer: u64,
	pub provider: u64,
	pub disputable: bool,
	pub frozen: bool,
	pub executed: Option<Ruling>,
	pub dismissed: bool,
}

thread_local! {
	static COMMITTEE: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	static SUBJECTS: RefCell<BTreeMap<DisputeSubject, MockAgreement>> = const { RefCell::new(BTreeMap::new()) };
	static OUTCOMES: RefCell<Vec<(u64, u64, DisputeOutcome)>> = const { RefCell::new(Vec::new()) };
}

/// Set the committee.
pub fn set_committee(members: Vec<u64>) {
	COMMITTEE.with(|c| *c.borrow_mut() = members);
}

/// Agreement `id` between CONSUMER and PROVIDER, disputable.
pub fn agreement(id: AgreementId) {
	agreement_between(id, CONSUMER, PROVIDER);
}

/// Agreement `id` between `consumer` and `provider`, disputable.
pub fn agreement_between(id: AgreementId, consumer: u64, provider: u64) {
	subject_between(DisputeSubject::Agreement(id), consumer, provider);
}

/// Attested job `id` of CONSUMER with PROVIDER as its worker, its result posted (disputable).
pub fn job(id: JobId) {
	subject_between(DisputeSubject::Job(id), CONSUMER, PROVIDER);
}

fn subject_between(subject: DisputeSubject, consumer: u64, provider: u64) {
	SUBJECTS.with(|a| {
		a.borrow_mut().insert(
			subject,
			MockAgreement {
				consumer,
				provider,
				disputable: true,
				frozen: false,
				executed: None,
				dismissed: false,
			},
		)
	});
}

fn frozen_key(subject: DisputeSubject) -> Vec<u8> {
	(b"mock/frozen/", subject).encode()
}

fn subject_of(subject: DisputeSubject) -> Option<MockAgreement> {
	SUBJECTS.with(|a| {
		a.borrow().get(&subject).cloned().map(|mut x| {
			x.frozen = frame_support::storage::unhashed::exists(&frozen_key(subject));
			x
		})
	})
}

/// The mock agreement `id`.
pub fn agreement_of(id: AgreementId) -> Option<MockAgreement> {
	subject_of(DisputeSubject::Agreement(id))
}

/// The mock job `id`.
pub fn job_of(id: JobId) -> Option<MockAgreement> {
	subject_of(DisputeSubject::Job(id))
}

/// Make agreement `id` not disputable (e.g. cancelled).
pub fn end(id: AgreementId) {
	SUBJECTS.with(|a| {
		if let Some(x) = a.borrow_mut().get_mut(&DisputeSubject::Agreement(id)) {
			x.disputable = false;
		}
	});
}

/// The dispute outcomes reported to reputation.
pub fn outcomes() -> Vec<(u64, u64, DisputeOutcome)> {
	OUTCOMES.with(|o| o.borrow().clone())
}

/// The escrow of every mock agreement: 1,000, split as ruled; the consumer also gets 500 of
/// collateral when it wins. Escrow + collateral (1,500) is the value at stake `freeze` reports.
/// Mock jobs use the same figures (reward and worker collateral).
pub const ESCROW: Balance = 1_000;
/// Collateral paid to a winning consumer.
pub const COLLATERAL: Balance = 500;

/// Mock committee.
pub struct MockCommittee;
impl SortedMembers<u64> for MockCommittee {
	fn sorted_members() -> Vec<u64> {
		let mut m = COMMITTEE.with(|c| c.borrow().clone());
		m.sort();
		m
	}
}

fn freeze(subject: DisputeSubject, opener: &u64) -> Result<(u64, u64, Balance), DispatchError> {
	SUBJECTS.with(|a| {
		let mut a = a.borrow_mut();
		let x = a.get_mut(&subject).ok_or(DispatchError::Other("no agreement"))?;
		if *opener != x.consumer && *opener != x.provider {
			return Err(DispatchError::Other("NotParty"));
		}
		// Frozen lives in storage, so a failed call's freeze rolls back as in the runtime.
		let key = frozen_key(subject);
		if !x.disputable || frame_support::storage::unhashed::exists(&key) {
			return Err(DispatchError::Other("NotDisputable"));
		}
		frame_support::storage::unhashed::put(&key, &true);
		Ok((x.consumer, x.provider, ESCROW + COLLATERAL))
	})
}

fn execute(subject: DisputeSubject, ruling: Ruling) -> Result<RulingPayout, DispatchError> {
	SUBJECTS.with(|a| {
		let mut a = a.borrow_mut();
		let x = a.get_mut(&subject).ok_or(DispatchError::Other("no agreement"))?;
		x.executed = Some(ruling);
		frame_support::storage::unhashed::kill(&frozen_key(subject));
		x.disputable = false;
		Ok(match ruling {
			Ruling::FavourConsumer => {
				RulingPayout { to_consumer: ESCROW + COLLATERAL, to_provider: 0 }
			},
			Ruling::FavourProvider => RulingPayout { to_consumer: 0, to_provider: ESCROW },
			Ruling::Split(p) => {
				let c = p * ESCROW;
				RulingPayout { to_consumer: c, to_provider: ESCROW - c }
			},
		})
	})
}

fn dismiss(subject: DisputeSubject) -> sp_runtime::DispatchResult {
	SUBJECTS.with(|a| {
		let mut a = a.borrow_mut();
		let x = a.get_mut(&subject).ok_or(DispatchError::Other("no agreement"))?;
		frame_support::storage::unhashed::kill(&frozen_key(subject));
		x.dismissed = true;
		Ok(())
	})
}

#[cfg(feature = "runtime-benchmarks")]
fn create_for_benchmarks(make: fn(u64) -> DisputeSubject, consumer: &u64, provider: &u64) -> u64 {
	let id = SUBJECTS.with(|a| a.borrow().len() as u64 + 1_000);
	subject_between(make(id), *consumer, *provider);
	id
}

/// Mock agreements.
pub struct MockAgreements;
impl DisputedAgreements<u64> for MockAgreements {
	fn freeze(id: AgreementId, opener: &u64) -> Result<(u64, u64, Balance), DispatchError> {
		freeze(DisputeSubject::Agreement(id), opener)
	}
	fn execute(id: AgreementId, ruling: Ruling) -> Result<RulingPayout, DispatchError> {
		execute(DisputeSubject::Agreement(id), ruling)
	}
	fn dismiss(id: AgreementId) -> sp_runtime::DispatchResult {
		dismiss(DisputeSubject::Agreement(id))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &u64, provider: &u64) -> AgreementId {
		create_for_benchmarks(DisputeSubject::Agreement, consumer, provider)
	}
}

/// Mock jobs: the same behaviour as the agreements, except that only the consumer may open.
pub struct MockJobs;
impl DisputedJobs<u64> for MockJobs {
	fn freeze(
		id: JobId,
		opener: &u64,
		_dispute: DisputeId,
	) -> Result<(u64, u64, Balance), DispatchError> {
		if job_of(id).is_some_and(|j| j.consumer != *opener) {
			return Err(DispatchError::Other("NotConsumer"));
		}
		freeze(DisputeSubject::Job(id), opener)
	}
	fn execute(id: JobId, ruling: Ruling) -> Result<RulingPayout, DispatchError> {
		execute(DisputeSubject::Job(id), ruling)
	}
	fn dismiss(id: JobId) -> sp_runtime::DispatchResult {
		dismiss(DisputeSubject::Job(id))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(consumer: &u64, worker: &u64) -> JobId {
		create_for_benchmarks(DisputeSubject::Job, consumer, worker)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockCommittee {
	fn set_committee(members: Vec<u64>) {
		set_committee(members);
	}
}

/// Records dispute outcomes.
pub struct MockReputation;
impl ReputationEvents<u64> for MockReputation {
	fn completed(_: &u64, _: &u64, _: Balance) {}
	fn terminated(_: &u64, _: &u64, _: agora_primitives::market::TerminationReason) {}
	fn failed(_: &u64, _: &u64) {}
	fn challenge_passed(_: &u64, _: Balance) {}
	fn challenge_missed(_: &u64) {}
	fn dispute_resolved(consumer: &u64, provider: &u64, outcome: DisputeOutcome) {
		OUTCOMES.with(|o| o.borrow_mut().push((*consumer, *provider, outcome)));
	}
}

parameter_types! {
	pub const MaxPanel: u32 = 5;
	pub const MaxEvidence: u32 = 4;
}

parameter_types! {
	pub const DisputesPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/disp");
}

impl pallet_disputes::Config for Test {
	type Currency = Balances;
	type PalletId = DisputesPalletId;
	type Agreements = MockAgreements;
	type Jobs = MockJobs;
	type Committee = MockCommittee;
	type Reputation = MockReputation;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxPanel = MaxPanel;
	type MaxEvidence = MaxEvidence;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCommittee;
}

/// The consumer of the mock agreements.
pub const CONSUMER: u64 = 1;
/// The provider of the mock agreements.
pub const PROVIDER: u64 = 2;
/// Someone else.
pub const STRANGER: u64 = 3;
/// An account without money.
pub const POOR: u64 = 4;
/// Committee members.
pub const MEMBERS: [u64; 3] = [10, 11, 12];
/// Dispute bond.
pub const BOND: Balance = 100;
/// Evidence period.
pub const EVIDENCE: u64 = 5;
/// Voting period.
pub const VOTING: u64 = 5;
/// Starting balance.
pub const INITIAL: Balance = 10_000;

/// The mock's tunables.
pub fn params() -> crate::DisputeParams<u64> {
	crate::DisputeParams {
		min_bond: BOND,
		// 5 % of the mock's 1,500 at stake is 75: the minimum bond applies.
		bond_permill: sp_runtime::Permill::from_percent(5),
		dismissal_forfeit_percent: 50,
		evidence_period: EVIDENCE,
		voting_period: VOTING,
		committee_term: 10,
	}
}

/// Externalities at block 1: balances, tunables, the three-member committee, agreement 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [CONSUMER, PROVIDER, STRANGER, 10, 11, 12, 13]
			.iter()
			.map(|a| (*a, INITIAL))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_disputes::GenesisConfig::<Test> { params: params() }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_committee(MEMBERS.to_vec());
		SUBJECTS.with(|a| a.borrow_mut().clear());
		OUTCOMES.with(|o| o.borrow_mut().clear());
		agreement(1);
	});
	ext
}

/// Run `test`, then check the pallet's invariants and that no money appeared or vanished.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		assert_eq!(Balances::total_issuance(), issuance);
		crate::Pallet::<Test>::do_try_state().expect("invariants hold");
		// Nobody donates to the pot here: it holds exactly the open disputes' bonds.
		let open: agora_primitives::Balance = crate::Disputes::<Test>::iter_values()
			.filter(|d| d.status == agora_primitives::disputes::DisputeStatus::Open)
			.map(|d| d.bond)
			.sum();
		assert_eq!(Balances::free_balance(crate::Pallet::<Test>::pot()), open + 1);
	});
}
