//! The attacks of the economic-security review (issue 12), run on the dev preset: each test
//! shows the attack no longer pays.

use super::*;
use agora_primitives::market::{
	AgreementStatus, PaymentPlan, PriceList, Resources, TerminationReason, GIB,
};
use sp_core::H256;

/// Bob registers as a provider charging 1 AGR per GiB of storage per period.
fn bob_provides() -> AccountId {
	bob_provides_at(AGR)
}

/// Bob registers as a provider charging `price` per GiB of storage per period.
fn bob_provides_at(price: agora_primitives::Balance) -> AccountId {
	let bob = Sr25519Keyring::Bob.to_account_id();
	let capacity = Resources { storage_bytes: 10 * GIB as u64, vcpus: 2, memory_mib: 0, gpus: 0 };
	let prices = PriceList { storage_per_gib: price, vcpu: 0, memory_per_gib: 0, gpu: 0 };
	assert_ok!(crate::Providers::register(
		RuntimeOrigin::signed(bob.clone()),
		capacity,
		prices,
		b"http://127.0.0.1:9944".to_vec().try_into().unwrap(),
		Default::default(),
	));
	bob
}

fn total(who: &AccountId) -> agora_primitives::Balance {
	<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_balance(who)
}

/// What `who` owns: free + held, plus its share of the agreements' and disputes' pots.
fn owned(who: &AccountId) -> agora_primitives::Balance {
	let bonds: agora_primitives::Balance = pallet_disputes::Disputes::<Runtime>::iter_values()
		.filter(|d| d.opener == *who && d.status == agora_primitives::disputes::DisputeStatus::Open)
		.map(|d| d.bond)
		.sum();
	total(who) + crate::Agreements::pot_share_of(who) + bonds
}

/// Finding 1: Charlie prepays one installment for a 12-period storage agreement, commits to a
/// random root in period 8, never uploads, and cancels once the upload window is over. Before
/// the fix every period came back to him; now Bob is paid for the 8 periods served before the
/// commitment.
#[test]
fn late_commitment_cannot_void_served_periods() {
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = bob_provides();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let period = pallet_agreements::Params::<Runtime>::get().period_length;
		let plan = PaymentPlan { installment_periods: 12 };
		let wanted = Resources { storage_bytes: 2 * GIB as u64, ..Default::default() };
		let (b0, c0) = (total(&bob), total(&charlie));
		assert_ok!(crate::Agreements::request(
			RuntimeOrigin::signed(charlie.clone()),
			bob.clone(),
			wanted,
			12,
			plan,
			u128::MAX,
		));
		assert_ok!(crate::Agreements::accept(RuntimeOrigin::signed(bob.clone()), 0));
		assert_ok!(crate::Agreements::prepay(RuntimeOrigin::signed(charlie.clone()), 0, 1));
		let committed_at = 1 + 8 * period + 1;
		System::set_block_number(committed_at);
		assert_ok!(crate::StorageProofs::commit(
			RuntimeOrigin::signed(charlie.clone()),
			0,
			H256::repeat_byte(7).0,
			1,
		));
		let window = pallet_storage_proofs::Params::<Runtime>::get().upload_window;
		System::set_block_number(committed_at + window);
		assert_ok!(crate::Agreements::cancel(RuntimeOrigin::signed(charlie.clone()), 0));
		let a = pallet_agreements::Agreements::<Runtime>::get(0).unwrap();
		assert_eq!(a.status, AgreementStatus::Terminated(TerminationReason::UploadNotConfirmed));
		// 8 periods at 2 AGR went to Bob (the commitment deposit is still held from Charlie,
		// so totals compare).
		assert_eq!(total(&bob), b0 + 16 * AGR);
		assert_eq!(total(&charlie), c0 - 16 * AGR);
		crate::Agreements::do_try_state().expect("agreements invariants");
		crate::Providers::do_try_state().expect("providers invariants");
	});
}

/// Finding 4: Eve has 111 AGR and votes for Dave with 100 AGR (locked; the voting bond of 11 AGR
/// is reserved). Escrow, deposits and collateral were holds, which may be placed on locked funds
/// and were paid out with `Fortitude::Force`, so she could put her locked tokens into an
/// agreement, lose them to Bob, and keep a 100 AGR stake backed by nothing. Now they move into
/// the agreements' pot by a transfer that respects the lock: the request is refused.
#[test]
fn vote_locked_funds_cannot_back_an_agreement() {
	use frame_support::traits::fungible::Mutate;
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = bob_provides_at(50 * AGR);
		let dave = Sr25519Keyring::Dave.to_account_id();
		let eve = Sr25519Keyring::Eve.to_account_id();
		assert_ok!(crate::Elections::submit_candidacy(
			RuntimeOrigin::signed(dave.clone()),
			pallet_elections_phragmen::Candidates::<Runtime>::decode_len().unwrap_or(0) as u32,
		));
		Balances::set_balance(&eve, 111 * AGR);
		assert_ok!(crate::CommitteeVoters::vote(
			RuntimeOrigin::signed(eve.clone()),
			vec![dave],
			100 * AGR
		));
		let stake = pallet_elections_phragmen::Voting::<Runtime>::get(&eve).stake;
		assert_eq!(stake, 100 * AGR);
		// One GiB for one period: a 50 AGR security deposit, more than Eve's unlocked funds.
		let wanted = Resources { storage_bytes: GIB as u64, ..Default::default() };
		frame_support::assert_noop!(
			crate::Agreements::request(
				RuntimeOrigin::signed(eve.clone()),
				bob,
				wanted,
				1,
				PaymentPlan { installment_periods: 1 },
				u128::MAX,
			),
			pallet_agreements::Error::<Runtime>::InsufficientFunds
		);
		assert!(Balances::free_balance(&eve) >= stake, "the vote's stake stays backed");
		crate::Agreements::do_try_state().expect("agreements invariants");
	});
}

/// Finding 5: Charlie prepays 30 periods at 2 AGR; Bob opens a dispute in period 0; nobody
/// votes. Before the fix the deadline split the whole escrow in half (Bob gained 30 AGR for
/// periods he never served) and returned his bond. Now the dispute is dismissed: the agreement
/// goes on, and Bob forfeits half of his bond (10 % of the 62 AGR at stake) to Charlie.
#[test]
fn a_dispute_without_majority_is_not_a_free_option() {
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = bob_provides();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		pallet_elections_phragmen::Members::<Runtime>::put(vec![
			pallet_elections_phragmen::SeatHolder { who: ferdie, stake: AGR, deposit: 0 },
		]);
		let wanted = Resources { storage_bytes: 2 * GIB as u64, ..Default::default() };
		let (b0, c0) = (owned(&bob), owned(&charlie));
		assert_ok!(crate::Agreements::request(
			RuntimeOrigin::signed(charlie.clone()),
			bob.clone(),
			wanted,
			30,
			PaymentPlan { installment_periods: 1 },
			u128::MAX,
		));
		assert_ok!(crate::Agreements::accept(RuntimeOrigin::signed(bob.clone()), 0));
		assert_ok!(crate::Agreements::prepay(RuntimeOrigin::signed(charlie.clone()), 0, 30));
		assert_ok!(crate::Disputes::open(RuntimeOrigin::signed(bob.clone()), 0, H256::zero()));
		let d = pallet_disputes::Disputes::<Runtime>::get(0).unwrap();
		// 10 % of 60 AGR of escrow + 2 AGR of collateral.
		assert_eq!(d.bond, 62 * AGR / 10);
		System::set_block_number(d.voting_ends);
		assert_ok!(crate::Disputes::resolve(RuntimeOrigin::signed(charlie.clone()), 0));
		assert_eq!(
			pallet_disputes::Disputes::<Runtime>::get(0).unwrap().status,
			agora_primitives::disputes::DisputeStatus::Dismissed
		);
		let a = pallet_agreements::Agreements::<Runtime>::get(0).unwrap();
		assert_eq!(a.status, AgreementStatus::Active);
		// The agreement goes on: what was served is paid, nothing more.
		let period = pallet_agreements::Params::<Runtime>::get().period_length;
		let served = (d.voting_ends - 1) / period;
		assert_ok!(crate::Agreements::settle(RuntimeOrigin::signed(bob.clone()), 0));
		let paid = 2 * AGR * served as u128;
		// Bob receives what was served less the 1 % market fee.
		assert_eq!(owned(&bob), b0 + paid - paid / 100 - 31 * AGR / 10);
		assert_eq!(owned(&charlie), c0 - paid + 31 * AGR / 10);
		crate::Agreements::do_try_state().expect("agreements invariants");
		crate::Disputes::do_try_state().expect("disputes invariants");
	});
}

/// Finding 7: Bob (provider) and Charlie (consumer) are one owner. With every price at 0, a
/// completed agreement used to add a whole piece of good evidence to both; now evidence is
/// bought only with value paid through the market.
#[test]
fn zero_price_self_dealing_earns_no_reputation() {
	use agora_primitives::reputation::Side;
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = bob_provides_at(0);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let wanted = Resources { storage_bytes: GIB as u64, ..Default::default() };
		assert_ok!(crate::Agreements::request(
			RuntimeOrigin::signed(charlie.clone()),
			bob.clone(),
			wanted,
			1,
			PaymentPlan { installment_periods: 1 },
			0,
		));
		assert_ok!(crate::Agreements::accept(RuntimeOrigin::signed(bob.clone()), 0));
		assert_ok!(crate::Agreements::prepay(RuntimeOrigin::signed(charlie.clone()), 0, 1));
		let period = pallet_agreements::Params::<Runtime>::get().period_length;
		System::set_block_number(1 + period);
		assert_ok!(crate::Agreements::settle(RuntimeOrigin::signed(bob.clone()), 0));
		let a = pallet_agreements::Agreements::<Runtime>::get(0).unwrap();
		assert_eq!(a.status, AgreementStatus::Completed);
		let profile = pallet_reputation::Profiles::<Runtime>::get(&bob, Side::Provider);
		assert_eq!(profile.counters.completed, 1, "counted");
		assert_eq!(profile.good, Default::default(), "but no evidence");
	});
}

/// Finding 7: value sent in a circle between two accounts of one owner used to cost nothing.
/// Now 1 % of every installment released is burned: a 200 AGR agreement costs the pair 2 AGR.
#[test]
fn circular_payments_pay_the_market_fee() {
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = bob_provides_at(100 * AGR);
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let wanted = Resources { storage_bytes: 2 * GIB as u64, ..Default::default() };
		let before = owned(&bob) + owned(&charlie);
		let issuance = Balances::total_issuance();
		assert_ok!(crate::Agreements::request(
			RuntimeOrigin::signed(charlie.clone()),
			bob.clone(),
			wanted,
			1,
			PaymentPlan { installment_periods: 1 },
			u128::MAX,
		));
		assert_ok!(crate::Agreements::accept(RuntimeOrigin::signed(bob.clone()), 0));
		assert_ok!(crate::Agreements::prepay(RuntimeOrigin::signed(charlie.clone()), 0, 1));
		let period = pallet_agreements::Params::<Runtime>::get().period_length;
		System::set_block_number(1 + period);
		assert_ok!(crate::Agreements::settle(RuntimeOrigin::signed(bob.clone()), 0));
		assert_eq!(owned(&bob) + owned(&charlie), before - 2 * AGR);
		assert_eq!(Balances::total_issuance(), issuance - 2 * AGR);
		crate::Agreements::do_try_state().expect("agreements invariants");
	});
}

/// An account of its own for voter `i` of the tests below.
fn voter(i: u32) -> AccountId {
	let mut raw = [0x5a; 32];
	raw[..4].copy_from_slice(&i.to_le_bytes());
	AccountId::from(raw)
}

/// Dave stands; `MaxVoters + 1` accounts get 12 AGR each (13 AGR for the last) and vote for
/// him with `vote(who, value)`: 1 AGR each, the last one 2 AGR. (A bond of 11 AGR leaves 1 AGR
/// of free balance to lock, 2 AGR for the last one.) Then the dev term ends and the election
/// runs (only the elections pallet's hook: the other hooks need real blocks). Answers Dave.
fn one_voter_too_many_then_the_term_ends(
	vote: impl Fn(AccountId, AccountId, crate::Balance),
) -> AccountId {
	use frame_support::traits::{Get, Hooks};
	System::set_block_number(1);
	let dave = Sr25519Keyring::Dave.to_account_id();
	assert_ok!(crate::Elections::submit_candidacy(RuntimeOrigin::signed(dave.clone()), 0));
	let max = <Runtime as pallet_elections_phragmen::Config>::MaxVoters::get();
	assert_eq!(max, 1_024);
	for i in 0..=max {
		let last = i == max;
		let who = voter(i);
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			who.clone().into(),
			if last { 13 * AGR } else { 12 * AGR }
		));
		vote(who, dave.clone(), if last { 2 * AGR } else { AGR });
	}
	let term = crate::configs::CommitteeTerm::get();
	assert_eq!(term, 10, "the dev term");
	System::set_block_number(term);
	crate::Elections::on_initialize(term);
	dave
}

fn election_error() -> bool {
	System::events().iter().any(|r| {
		r.event == RuntimeEvent::Elections(pallet_elections_phragmen::Event::ElectionError)
	})
}

/// Finding 3: more than `MaxVoters` (1,024) voters made every election abort (`ElectionError`),
/// so the committee stayed as it was, or empty: no dispute could be opened. Votes now go through
/// `CommitteeVoters`, which counts at most 1,024; the 1,025th, with a larger stake, evicts the
/// smallest voter, and the election runs.
#[test]
fn more_than_max_voters_never_abort_an_election() {
	dev_ext().execute_with(|| {
		let dave = one_voter_too_many_then_the_term_ends(|who, dave, value| {
			assert_ok!(crate::CommitteeVoters::vote(RuntimeOrigin::signed(who), vec![dave], value));
		});
		assert!(!election_error(), "the election ran");
		let members: Vec<AccountId> = pallet_elections_phragmen::Members::<Runtime>::get()
			.into_iter()
			.map(|m| m.who)
			.collect();
		assert_eq!(members, vec![dave.clone()]);
		// One voter made room for the last one, and got its bond back.
		let evicted: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::CommitteeVoters(pallet_committee_voters::Event::VoterEvicted {
					who,
					stake,
				}) => Some((who, stake)),
				_ => None,
			})
			.collect();
		assert_eq!(evicted, vec![(voter(1_023), AGR)], "the latest of the smallest stakes");
		assert_eq!(Balances::reserved_balance(voter(1_023)), 0);
		assert_eq!(pallet_committee_voters::Voters::<Runtime>::get().len(), 1_024);
		// A dispute between two others now has a panel.
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		assert_eq!(crate::Disputes::panel_for(&alice, &bob).into_inner(), vec![dave]);
		crate::CommitteeVoters::do_try_state().expect("committee voters invariants");
	});
}

/// The attack as it was: the same 1,025 votes straight to the elections pallet (its function
/// called directly, as the runtime's call filter no longer lets a transaction do) abort the
/// election, and no committee is seated.
#[test]
fn more_than_max_voters_straight_to_the_elections_pallet_abort_the_election() {
	dev_ext().execute_with(|| {
		let dave = one_voter_too_many_then_the_term_ends(|who, dave, value| {
			assert_ok!(crate::Elections::vote(RuntimeOrigin::signed(who), vec![dave], value));
		});
		assert!(election_error());
		assert!(pallet_elections_phragmen::Members::<Runtime>::get().is_empty());
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert!(crate::Disputes::panel_for(&alice, &dave).is_empty());
	});
}

/// Finding 3: nobody votes around the gate.
#[test]
fn votes_go_through_committee_voters_and_direct_election_votes_are_filtered() {
	use sp_runtime::traits::Dispatchable;
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let dave = Sr25519Keyring::Dave.to_account_id();
		let eve = Sr25519Keyring::Eve.to_account_id();
		let filtered: sp_runtime::DispatchError =
			frame_system::Error::<Runtime>::CallFiltered.into();
		// Standing is not filtered.
		assert_ok!(RuntimeCall::Elections(pallet_elections_phragmen::Call::submit_candidacy {
			candidate_count: 0
		})
		.dispatch(RuntimeOrigin::signed(dave.clone())));
		let direct_vote = RuntimeCall::Elections(pallet_elections_phragmen::Call::vote {
			votes: vec![dave.clone()],
			value: AGR,
		});
		let direct_remove =
			RuntimeCall::Elections(pallet_elections_phragmen::Call::remove_voter {});
		for call in [direct_vote.clone(), direct_remove.clone()] {
			let err = call.dispatch(RuntimeOrigin::signed(eve.clone())).unwrap_err();
			assert_eq!(err.error, filtered);
		}
		// Nor inside a batch.
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![direct_vote] });
		assert_eq!(batch.dispatch(RuntimeOrigin::signed(eve.clone())).unwrap_err().error, filtered);
		assert!(!pallet_elections_phragmen::Voting::<Runtime>::contains_key(&eve));

		// Through the gate, with Eve's own bond and lock.
		assert_ok!(RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::vote {
			votes: vec![dave.clone()],
			value: 5 * AGR,
		})
		.dispatch(RuntimeOrigin::signed(eve.clone())));
		assert_eq!(pallet_elections_phragmen::Voting::<Runtime>::get(&eve).stake, 5 * AGR);
		assert_eq!(Balances::reserved_balance(&eve), 11 * AGR);
		assert_eq!(
			pallet_committee_voters::Voters::<Runtime>::get().into_inner(),
			vec![(eve.clone(), 5 * AGR)]
		);
		assert_ok!(RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::remove_voter {})
			.dispatch(RuntimeOrigin::signed(eve.clone())));
		assert!(!pallet_elections_phragmen::Voting::<Runtime>::contains_key(&eve));
		assert_eq!(Balances::reserved_balance(&eve), 0);

		// The gate's weights, a full list included, stay well within a block.
		let max = RuntimeBlockWeights::get().max_block;
		for call in [
			RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::vote {
				votes: vec![dave.clone(); 16],
				value: AGR,
			}),
			RuntimeCall::CommitteeVoters(pallet_committee_voters::Call::remove_voter {}),
		] {
			let w = call.get_dispatch_info().total_weight();
			assert!(
				w.ref_time() > 1_000_000 && w.ref_time() * 50 < max.ref_time(),
				"{call:?}: {w:?}"
			);
		}
	});
}
