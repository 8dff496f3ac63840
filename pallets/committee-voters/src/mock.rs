//! A mock runtime for the committee voters pallet's tests: real balances and the real
//! `pallet-elections-phragmen`, with an election of at most 4 voters.

use crate as pallet_committee_voters;
use agora_primitives::Balance;
use frame_support::{
	derive_impl, parameter_types,
	traits::{Hooks, LockIdentifier},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Elections: pallet_elections_phragmen,
		CommitteeVoters: pallet_committee_voters,
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
}

parameter_types! {
	pub const ElectionsPalletId: LockIdentifier = *b"phrelect";
	pub const CandidacyBond: Balance = CANDIDACY_BOND;
	pub const VotingBondBase: Balance = BOND_BASE;
	pub const VotingBondFactor: Balance = BOND_FACTOR;
	pub const DesiredMembers: u32 = 2;
	pub const DesiredRunnersUp: u32 = 1;
	pub const TermDuration: u64 = TERM;
	pub const MaxCandidates: u32 = 8;
	/// The election's own bound: with more voters it aborts.
	pub const ElectionMaxVoters: u32 = VOTER_LIMIT;
	pub const MaxVotesPerVoter: u32 = 3;
	/// This pallet's bound (a static, so a test can set it above the election's).
	pub static MaxVoters: u32 = VOTER_LIMIT;
}

impl pallet_elections_phragmen::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type PalletId = ElectionsPalletId;
	type Currency = Balances;
	type ChangeMembers = ();
	type InitializeMembers = ();
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type CandidacyBond = CandidacyBond;
	type VotingBondBase = VotingBondBase;
	type VotingBondFactor = VotingBondFactor;
	type LoserCandidate = ();
	type KickedMember = ();
	type DesiredMembers = DesiredMembers;
	type DesiredRunnersUp = DesiredRunnersUp;
	type TermDuration = TermDuration;
	type MaxCandidates = MaxCandidates;
	type MaxVoters = ElectionMaxVoters;
	type MaxVotesPerVoter = MaxVotesPerVoter;
	type WeightInfo = ();
}

impl pallet_committee_voters::Config for Test {
	type Elections = Elections;
	type MaxVoters = MaxVoters;
	type WeightInfo = ();
}

/// Voters counted (here and in the election).
pub const VOTER_LIMIT: u32 = 4;
/// Blocks per term: the election runs at every multiple.
pub const TERM: u64 = 5;
/// Candidacy bond.
pub const CANDIDACY_BOND: Balance = 3;
/// Voting bond: base plus a factor per candidate voted for.
pub const BOND_BASE: Balance = 2;
/// Voting bond per candidate voted for.
pub const BOND_FACTOR: Balance = 1;
/// The candidates standing from block 1.
pub const CANDIDATES: [u64; 3] = [100, 101, 102];
/// Funded would-be voters.
pub const VOTERS: core::ops::RangeInclusive<u64> = 1..=10;
/// An account with 6 (a bond of 3 for one vote leaves 3 to lock).
pub const SMALL: u64 = 20;
/// An account without money.
pub const POOR: u64 = 21;
/// Starting balance of the candidates and voters.
pub const INITIAL: Balance = 1_000;

/// Externalities at block 1: funded voters, and the three candidates standing.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: CANDIDATES
			.into_iter()
			.chain(VOTERS)
			.map(|a| (a, INITIAL))
			.chain([(SMALL, 6)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		MaxVoters::set(VOTER_LIMIT);
		for (i, c) in CANDIDATES.into_iter().enumerate() {
			Elections::submit_candidacy(RuntimeOrigin::signed(c), i as u32).unwrap();
		}
	});
	ext
}

/// Run `test`, then check the pallet's invariants.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}

/// Jump to the end of the term: block `TERM`, where the election runs.
pub fn run_election() {
	System::set_block_number(TERM);
	Elections::on_initialize(TERM);
}
