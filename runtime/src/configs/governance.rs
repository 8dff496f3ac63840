//! Governance: sudo for chain administration, and the dispute committee elected by token
//! holders (FRAME `pallet-elections-phragmen`, voted through `pallet-committee-voters`) with the
//! disputes pallet it serves.

use crate::{
	AccountId, Agreements, Balances, BlockNumber, Elections, Reputation, Runtime, RuntimeCall,
	RuntimeEvent, AGR,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Get, LockIdentifier},
};
use frame_system::EnsureRoot;

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The disputes' pot (the bonds of open disputes).
	pub const DisputesPalletId: frame_support::PalletId = frame_support::PalletId(*b"agr/disp");
	pub const ElectionsPalletId: LockIdentifier = *b"agr/elec";
	/// Reserved from a candidate; lost (burned) if it is not elected, kept reserved while it
	/// serves, returned when it leaves in good standing.
	pub const CandidacyBond: u128 = 100 * AGR;
	/// Reserved from a voter while its vote stands: 10 AGR plus 1 AGR per candidate voted for.
	pub const VotingBondBase: u128 = 10 * AGR;
	pub const VotingBondFactor: u128 = AGR;
	/// Committee seats, and runners-up who step in when a member leaves.
	pub const DesiredMembers: u32 = 7;
	pub const DesiredRunnersUp: u32 = 3;
	/// Bounds of one election, so its weight fits in a block.
	pub const MaxCandidates: u32 = 64;
	/// At most 1,024 voters count. The elections pallet does not stop more from voting, but an
	/// election that finds more aborts (`ElectionError`, the committee stays as it is), so votes
	/// go through `CommitteeVoters`, which keeps the 1,024 with the largest stakes: a newcomer
	/// must lock more than the smallest voter, who is removed with its bond returned. An
	/// election always runs. Both pallets use this bound.
	pub const MaxVoters: u32 = 1_024;
	pub const MaxVotesPerVoter: u32 = 16;
}

/// The committee's term, a genesis tunable of the disputes pallet (`committeeTerm`), so dev and
/// production chains differ without a second runtime build.
pub struct CommitteeTerm;
impl Get<BlockNumber> for CommitteeTerm {
	fn get() -> BlockNumber {
		pallet_disputes::Params::<Runtime>::get().committee_term
	}
}

impl pallet_elections_phragmen::Config for Runtime {
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
	type TermDuration = CommitteeTerm;
	type MaxCandidates = MaxCandidates;
	type MaxVoters = MaxVoters;
	type MaxVotesPerVoter = MaxVotesPerVoter;
	type WeightInfo = pallet_elections_phragmen::weights::SubstrateWeight<Runtime>;
}

impl pallet_committee_voters::Config for Runtime {
	type Elections = Elections;
	type MaxVoters = MaxVoters;
	type WeightInfo = pallet_committee_voters::weights::SubstrateWeight<Runtime>;
}

impl pallet_disputes::Config for Runtime {
	type Currency = Balances;
	/// Open disputes' bonds live in this pallet's pot.
	type PalletId = DisputesPalletId;
	type Agreements = Agreements;
	type Jobs = crate::Jobs;
	type Committee = Elections;
	type Reputation = Reputation;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxPanel = ConstU32<16>;
	type MaxEvidence = ConstU32<16>;
	type WeightInfo = pallet_disputes::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CommitteeForBenchmarks;
}

/// Seats a committee directly (benchmarks only).
#[cfg(feature = "runtime-benchmarks")]
pub struct CommitteeForBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_disputes::BenchmarkHelper<AccountId> for CommitteeForBenchmarks {
	fn set_committee(mut members: alloc::vec::Vec<AccountId>) {
		members.sort();
		let seats: alloc::vec::Vec<_> = members
			.into_iter()
			.map(|who| pallet_elections_phragmen::SeatHolder { who, stake: AGR, deposit: 0 })
			.collect();
		pallet_elections_phragmen::Members::<Runtime>::put(seats);
	}
}
