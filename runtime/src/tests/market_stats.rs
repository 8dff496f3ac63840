//! `agora_marketStats` (issue 14) on the dev preset: real calls drive providers, agreements,
//! storage commitments and challenges, a job and disputes through their states, and after every
//! step the runtime's O(1) counters ([`crate::market_stats`]) must equal what a full scan of
//! the pallets' storage finds (no record is closed here, so the cumulative counts can be
//! recomputed from the records too).

use super::*;
use agora_primitives::{
	disputes::{DisputeStatus, Ruling},
	jobs::{Blob, JobMode, JobOutcome, JobStatus},
	market::{AgreementStatus, PaymentPlan, PriceList, ProviderStatus, Resources, Terms, GIB},
	merkle,
	stats::{ChallengesView, MarketStats, ProvidersView, StorageView},
};
use frame_support::traits::Hooks;
use sp_core::H256;

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(k))
}

fn register(k: Sr25519Keyring, storage_gib: u64) {
	let capacity =
		Resources { storage_bytes: storage_gib * GIB as u64, vcpus: 4, memory_mib: 512, gpus: 0 };
	let prices = PriceList { storage_per_gib: AGR, vcpu: AGR, memory_per_gib: 0, gpu: 0 };
	assert_ok!(crate::Providers::register(
		signed(k),
		capacity,
		prices,
		b"http://127.0.0.1:9944".to_vec().try_into().unwrap(),
		Default::default(),
	));
}

/// `consumer` asks Bob for 1 GiB during `periods` periods; returns the agreement id.
fn request(consumer: Sr25519Keyring, periods: u32) -> u64 {
	let id = pallet_agreements::NextAgreementId::<Runtime>::get();
	let wanted = Resources { storage_bytes: GIB as u64, ..Default::default() };
	assert_ok!(crate::Agreements::request(
		signed(consumer),
		account(Sr25519Keyring::Bob),
		wanted,
		periods,
		PaymentPlan { installment_periods: 1 },
		u128::MAX,
	));
	id
}

/// The counters as a full scan of storage finds them. `recent` is the window's (passed,
/// missed); `None` while the whole history fits in it (fewer than two windows of blocks).
///
/// The cumulative counts (agreements and jobs by how they ended, disputes ruled, value
/// settled, challenges dropped) are what the stored records show: exact only while no record
/// was closed and no missed challenge refunded a settled installment, a floor otherwise (see
/// [`check_counters`]).
pub(super) fn scan(recent: Option<(u32, u32)>) -> MarketStats {
	let mut s = MarketStats {
		validators: Session::validators().len() as u32,
		desired_validators: Validators::validators().len() as u32,
		..Default::default()
	};
	let mut providers = ProvidersView::default();
	for (_, p) in pallet_providers::Providers::<Runtime>::iter() {
		match p.status {
			ProviderStatus::Active => providers.active += 1,
			ProviderStatus::Paused => providers.paused += 1,
			ProviderStatus::Unbonding { .. } => providers.unbonding += 1,
		}
		providers.total += 1;
		providers.suspended += u32::from(p.suspended);
		if !matches!(p.status, ProviderStatus::Unbonding { .. }) {
			s.capacity.declared = s.capacity.declared.checked_add(&p.capacity).unwrap();
			s.capacity.booked = s.capacity.booked.checked_add(&p.used).unwrap();
		}
	}
	s.providers = providers;

	let a = &mut s.agreements;
	for (_, ag) in pallet_agreements::Agreements::<Runtime>::iter() {
		a.total += 1;
		match ag.status {
			AgreementStatus::Requested => a.requested += 1,
			AgreementStatus::Countered => a.countered += 1,
			AgreementStatus::Active => a.active += 1,
			AgreementStatus::Disputed => a.disputed += 1,
			AgreementStatus::Completed => a.completed += 1,
			AgreementStatus::Cancelled(_) => a.cancelled += 1,
			AgreementStatus::Terminated(_) => a.terminated += 1,
			AgreementStatus::Failed => a.failed += 1,
			AgreementStatus::Resolved => a.resolved += 1,
		}
		// No missed challenge refunded any settled installment here: what settled is the
		// installments released.
		let schedule = ag.schedule().unwrap();
		a.settled += schedule
			.amount_between(ag.terms.price_per_period, 0, ag.settled_installments)
			.unwrap();
	}
	s.settled = a.settled;

	let mut storage = StorageView::default();
	for (_, c) in pallet_storage_proofs::Commitments::<Runtime>::iter() {
		storage.committed_bytes += c.size;
		if c.confirmed_at.is_some() {
			storage.confirmed_bytes += c.size;
		}
	}
	s.storage = storage;
	let (passed, missed) = pallet_storage_proofs::Stats::<Runtime>::iter_values()
		.fold((0, 0), |(p, m), st| (p + st.passes, m + st.faults));
	let open = pallet_storage_proofs::Challenges::<Runtime>::iter().count() as u32;
	let issued = pallet_storage_proofs::NextChallengeId::<Runtime>::get();
	let (recent_passed, recent_missed) = recent.unwrap_or((passed as u32, missed as u32));
	s.challenges = ChallengesView {
		issued,
		passed,
		missed,
		// No commitment is removed here: every challenge has an outcome or is open.
		dropped: 0,
		open,
		recent_passed,
		recent_missed,
		window_blocks: pallet_storage_proofs::Params::<Runtime>::get().stats_window,
	};

	let j = &mut s.jobs;
	for (_, job) in pallet_jobs::Jobs::<Runtime>::iter() {
		j.submitted += 1;
		match job.status {
			JobStatus::Finished { outcome, .. } => match outcome {
				JobOutcome::Completed { .. } => j.completed += 1,
				JobOutcome::NoMajority => j.no_majority += 1,
				JobOutcome::Unassigned => j.unassigned += 1,
				JobOutcome::TimedOut => j.timed_out += 1,
				JobOutcome::Cancelled => j.cancelled += 1,
				JobOutcome::Ruled(_) => j.ruled += 1,
			},
			JobStatus::Disputed { .. } => {
				j.disputed += 1;
				j.live += 1
			},
			_ => j.live += 1,
		}
	}

	let d = &mut s.disputes;
	for (_, dispute) in pallet_disputes::Disputes::<Runtime>::iter() {
		d.opened += 1;
		match dispute.status {
			DisputeStatus::Open => d.open += 1,
			DisputeStatus::Resolved(_) => d.resolved += 1,
			DisputeStatus::Dismissed => d.dismissed += 1,
		}
	}
	s
}

/// The runtime's counters equal the scan, and every pallet's `try_state` holds. (No record is
/// closed in this file's test, so even the cumulative counts can be recomputed.)
fn check_with(step: &str, recent: Option<(u32, u32)>) -> MarketStats {
	let got = crate::market_stats();
	let scanned = scan(recent);
	assert_eq!(scanned.agreements.total, pallet_agreements::NextAgreementId::<Runtime>::get());
	assert_eq!(scanned.jobs.submitted, pallet_jobs::NextJobId::<Runtime>::get());
	let c = &scanned.challenges;
	assert_eq!(c.issued, c.passed + c.missed + u64::from(c.open), "none dropped");
	assert_eq!(got, scanned, "counters after {step}");
	crate::Providers::do_try_state().expect("providers invariants");
	crate::Agreements::do_try_state().expect("agreements invariants");
	crate::StorageProofs::do_try_state().expect("storage-proofs invariants");
	crate::Jobs::do_try_state().expect("jobs invariants");
	crate::Disputes::do_try_state().expect("disputes invariants");
	got
}

fn check(step: &str) -> MarketStats {
	check_with(step, None)
}

/// The runtime's counters against a scan once records may have been closed (the random-call
/// test, `fuzz_calls.rs`): what is live now (providers and capacity, pending and active
/// agreements, committed bytes, open challenges, live jobs, open disputes) is exact; what ended
/// is at least what the remaining records show, and every id handed out is live or ended.
pub(super) fn check_counters(step: &str) {
	let got = crate::market_stats();
	let scanned = scan(None);
	assert_eq!(
		(got.validators, got.desired_validators),
		(scanned.validators, scanned.desired_validators),
		"validators after {step}"
	);
	assert_eq!(got.providers, scanned.providers, "providers after {step}");
	assert_eq!(got.capacity, scanned.capacity, "capacity after {step}");
	assert_eq!(got.storage, scanned.storage, "storage after {step}");
	let (a, s) = (&got.agreements, &scanned.agreements);
	assert_eq!(
		(a.requested, a.countered, a.active, a.disputed),
		(s.requested, s.countered, s.active, s.disputed),
		"live agreements after {step}"
	);
	assert!(
		a.completed >= s.completed
			&& a.cancelled >= s.cancelled
			&& a.terminated >= s.terminated
			&& a.failed >= s.failed
			&& a.resolved >= s.resolved
			&& a.total >= s.total,
		"ended agreements after {step}: {a:?} < {s:?}"
	);
	let live = u64::from(a.requested + a.countered + a.active + a.disputed);
	let ended = a.completed + a.cancelled + a.terminated + a.failed + a.resolved;
	assert_eq!(a.total, live + ended, "agreements requested after {step}");
	assert_eq!(a.total, pallet_agreements::NextAgreementId::<Runtime>::get(), "after {step}");
	let (c, sc) = (&got.challenges, &scanned.challenges);
	assert_eq!(
		(c.issued, c.passed, c.missed, c.open),
		(sc.issued, sc.passed, sc.missed, sc.open),
		"challenges after {step}"
	);
	assert_eq!(c.issued, c.passed + c.missed + c.dropped + u64::from(c.open), "after {step}");
	assert!(c.recent_passed as u64 <= c.passed && c.recent_missed as u64 <= c.missed);
	let (j, sj) = (&got.jobs, &scanned.jobs);
	assert_eq!(j.live, sj.live, "live jobs after {step}");
	assert!(
		j.disputed >= sj.disputed
			&& j.completed >= sj.completed
			&& j.no_majority >= sj.no_majority
			&& j.unassigned >= sj.unassigned
			&& j.timed_out >= sj.timed_out
			&& j.cancelled >= sj.cancelled
			&& j.ruled >= sj.ruled,
		"ended jobs after {step}: {j:?} < {sj:?}"
	);
	let ended = j.completed + j.no_majority + j.unassigned + j.timed_out + j.cancelled + j.ruled;
	assert_eq!(j.submitted, j.live + ended, "jobs submitted after {step}");
	assert_eq!(j.submitted, pallet_jobs::NextJobId::<Runtime>::get(), "after {step}");
	let (d, sd) = (&got.disputes, &scanned.disputes);
	assert_eq!(d.open, sd.open, "open disputes after {step}");
	assert!(d.resolved >= sd.resolved && d.dismissed >= sd.dismissed, "after {step}");
	assert_eq!(d.opened, u64::from(d.open) + d.resolved + d.dismissed + d.dropped, "after {step}");
	assert_eq!(got.settled, got.agreements.settled, "settled after {step}");
}

/// The data Charlie stores with Bob in agreement 0: 1,000 bytes, four leaves.
fn data() -> Vec<u8> {
	(0..1_000u32).map(|i| (i % 251) as u8).collect()
}

/// Answer the open challenge of `agreement` (Bob holds `data()`), if any.
fn answer(agreement: u64) -> bool {
	let Some(id) = pallet_storage_proofs::OpenChallenge::<Runtime>::get(agreement) else {
		return false;
	};
	let ch = pallet_storage_proofs::Challenges::<Runtime>::get(id).unwrap();
	let data = data();
	let proofs: Vec<pallet_storage_proofs::LeafProof<Runtime>> = ch
		.indices
		.iter()
		.map(|&i| {
			let start = (i as usize) * merkle::LEAF_SIZE;
			let end = (start + merkle::LEAF_SIZE).min(data.len());
			pallet_storage_proofs::LeafProof {
				leaf: data[start..end].to_vec().try_into().unwrap(),
				path: merkle::proof(&data, i).unwrap().try_into().unwrap(),
			}
		})
		.collect();
	assert_ok!(crate::StorageProofs::respond(
		signed(Sr25519Keyring::Bob),
		id,
		proofs.try_into().unwrap()
	));
	true
}

/// Run blocks up to `to`: the storage-proofs hook with fresh BABE randomness each block, and
/// Bob answers every challenge of agreement 0 (and none of agreement 1). Checks the counters
/// after every block.
fn run_to(to: u32) {
	let from = System::block_number();
	for n in from + 1..=to {
		System::set_block_number(n);
		pallet_babe::AuthorVrfRandomness::<Runtime>::put(Some([n as u8; 32]));
		crate::StorageProofs::on_initialize(n);
		check(&format!("block {n}'s hook"));
		if answer(0) {
			check(&format!("an answer in block {n}"));
		}
	}
}

#[test]
fn market_stats_counters_match_a_full_scan_after_every_step() {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let empty = check("genesis");
		assert_eq!(empty.providers.total, 0);
		assert_eq!(empty.challenges.window_blocks, 50, "the dev preset's window");
		assert_eq!((empty.validators, empty.desired_validators), (1, 1));

		// Providers: Bob active, Eve paused, Ferdie unbonding, Dave suspended then reinstated.
		register(Bob, 100);
		check("Bob registers");
		register(Eve, 10);
		assert_ok!(crate::Providers::pause(signed(Eve)));
		check("Eve pauses");
		register(Ferdie, 10);
		assert_ok!(crate::Providers::update_resources(
			signed(Ferdie),
			Resources { storage_bytes: 20 * GIB as u64, vcpus: 1, memory_mib: 0, gpus: 0 }
		));
		check("Ferdie resizes");
		assert_ok!(crate::Providers::unregister(signed(Ferdie)));
		check("Ferdie unregisters");
		register(Dave, 1);
		assert_ok!(crate::Providers::suspend(RuntimeOrigin::root(), account(Dave)));
		assert_eq!(check("Dave is suspended").providers.suspended, 1);
		assert_ok!(crate::Providers::reinstate(RuntimeOrigin::root(), account(Dave)));
		let s = check("Dave is reinstated");
		assert_eq!(
			(s.providers.active, s.providers.paused, s.providers.unbonding, s.providers.total),
			(2, 1, 1, 4)
		);
		assert_eq!(s.capacity.declared.storage_bytes, 111 * GIB as u64, "Ferdie left the sums");

		// Agreement 0: Charlie stores data() with Bob; answered challenges, installments settle.
		let a0 = request(Charlie, 30);
		check("request 0");
		assert_ok!(crate::Agreements::accept(signed(Bob), a0));
		assert_eq!(check("accept 0").capacity.booked.storage_bytes, GIB as u64);
		assert_ok!(crate::Agreements::prepay(signed(Charlie), a0, 30));
		let data = data();
		assert_ok!(crate::StorageProofs::commit(
			signed(Charlie),
			a0,
			merkle::root(&data).unwrap(),
			data.len() as u64
		));
		assert_eq!(
			check("commit 0").storage,
			StorageView { committed_bytes: 1_000, confirmed_bytes: 0 }
		);
		assert_ok!(crate::StorageProofs::confirm(signed(Bob), a0));
		assert_eq!(check("confirm 0").storage.confirmed_bytes, 1_000);

		// Agreement 1: Dave stores with Bob, Bob never answers: misses, then failure.
		let a1 = request(Dave, 30);
		assert_ok!(crate::Agreements::accept(signed(Bob), a1));
		assert_ok!(crate::StorageProofs::commit(signed(Dave), a1, H256::repeat_byte(3).0, 600));
		assert_ok!(crate::StorageProofs::confirm(signed(Bob), a1));
		check("commit and confirm 1");

		// Agreements 2..=4: countered, revoked (cancelled), still requested.
		let a2 = request(Charlie, 5);
		assert_ok!(crate::Agreements::counter(
			signed(Bob),
			a2,
			Terms { price_per_period: 2 * AGR, plan: PaymentPlan { installment_periods: 1 } }
		));
		check("counter 2");
		let a3 = request(Charlie, 5);
		assert_ok!(crate::Agreements::revoke(signed(Charlie), a3));
		check("revoke 3");
		request(Eve, 5);
		// Agreement 5: accepted, then the consumer cancels (terminated).
		let a5 = request(Eve, 5);
		assert_ok!(crate::Agreements::accept(signed(Bob), a5));
		assert_ok!(crate::Agreements::cancel(signed(Eve), a5));
		let s = check("cancel 5");
		assert_eq!(
			(s.agreements.requested, s.agreements.countered, s.agreements.active),
			(1, 1, 2)
		);
		assert_eq!((s.agreements.cancelled, s.agreements.terminated), (1, 1));

		// A job that nobody accepts, cancelled; another that stays live.
		let spec = |reward| pallet_jobs::JobSpec::<Runtime> {
			module: Blob { root: H256::repeat_byte(1), size: 10 },
			input: Blob { root: H256::repeat_byte(2), size: 10 },
			fuel: 1_000,
			memory_pages: 1,
			mode: JobMode::Attested,
			replicas: 1,
			reward,
			deadline: System::block_number() + 150,
			min_score: None,
			candidates: Default::default(),
			agreement: None,
		};
		assert_ok!(crate::Jobs::submit(signed(Charlie), spec(AGR)));
		assert_eq!(check("submit job 0").jobs.live, 1);
		assert_ok!(crate::Jobs::cancel(signed(Charlie), 0));
		assert_ok!(crate::Jobs::submit(signed(Charlie), spec(AGR)));
		let s = check("cancel job 0, submit job 1");
		assert_eq!((s.jobs.live, s.jobs.submitted, s.jobs.cancelled), (1, 2, 1));

		// Blocks run: agreement 0's challenges are answered, agreement 1's missed until it
		// fails (3 misses in a row); installments of agreement 0 settle on the way.
		run_to(30);
		assert_ok!(crate::Agreements::settle(signed(Bob), a0));
		assert!(check("settle 0").settled > 0);
		run_to(80);
		let s = check("80 blocks");
		assert!(s.challenges.passed >= 2, "{:?}", s.challenges);
		assert!(s.challenges.missed >= 3, "{:?}", s.challenges);
		assert_eq!(s.agreements.failed, 1, "agreement 1 failed");
		assert_eq!(
			pallet_agreements::Agreements::<Runtime>::get(a1).unwrap().status,
			AgreementStatus::Failed
		);
		assert_eq!(s.capacity.booked.storage_bytes, GIB as u64, "only agreement 0 books");
		assert_ok!(crate::Agreements::settle(signed(Bob), a0));
		check("settle 0 again");

		// Disputes: agreement 6 is ruled (resolved), agreement 7 stays disputed.
		pallet_elections_phragmen::Members::<Runtime>::put(vec![
			pallet_elections_phragmen::SeatHolder { who: account(Alice), stake: AGR, deposit: 0 },
		]);
		let a6 = request(Eve, 30);
		assert_ok!(crate::Agreements::accept(signed(Bob), a6));
		assert_ok!(crate::Agreements::prepay(signed(Eve), a6, 2));
		assert_ok!(crate::Disputes::open(signed(Eve), a6, H256::zero()));
		let s = check("open dispute 0");
		assert_eq!((s.disputes.open, s.agreements.disputed), (1, 1));
		let a7 = request(Charlie, 30);
		assert_ok!(crate::Agreements::accept(signed(Bob), a7));
		assert_ok!(crate::Disputes::open(signed(Charlie), a7, H256::zero()));
		check("open dispute 1");
		let d0 = pallet_disputes::Disputes::<Runtime>::get(0).unwrap();
		run_to(d0.evidence_ends);
		assert_ok!(crate::Disputes::vote(signed(Alice), 0, Ruling::FavourConsumer));
		assert_ok!(crate::Disputes::resolve(signed(Charlie), 0));
		let s = check("dispute 0 resolved");
		assert_eq!(
			(s.disputes.open, s.disputes.resolved, s.agreements.resolved, s.agreements.disputed),
			(1, 1, 1, 1)
		);

		// The recent window: dev buckets of 50 blocks, so far the whole history (under 100
		// blocks) is in it; two buckets later it is empty, the cumulative counts stay.
		let before = check("before the window rolls");
		assert!(before.challenges.recent_passed > 0);
		// End the storage obligation so no new challenge comes: Bob abandons agreement 0.
		assert_ok!(crate::Agreements::abandon(signed(Bob), a0));
		check("abandon 0");
		let now = System::block_number();
		System::set_block_number((now / 50 + 2) * 50);
		let rolled = check_with("two windows later", Some((0, 0)));
		assert_eq!(rolled.challenges.passed, before.challenges.passed, "cumulative stays");
	});
}
