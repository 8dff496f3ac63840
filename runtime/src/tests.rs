//! Runtime tests: genesis presets, integrity, fees and weights, and a validator joining the
//! active set across real session boundaries (blocks driven natively with BABE pre-digests).

use crate::{
	configs::RuntimeBlockWeights,
	genesis_config_presets::{
		development_config_genesis, local_testnet_genesis, production_market_params, ENDOWMENT,
	},
	time::{DAYS, DEV_TIMING, HOURS, PRODUCTION_TIMING},
	AccountId, AllPalletsWithSystem, Babe, Balances, Executive, Header, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, Session, SessionKeys, System,
	TransactionPayment, UncheckedExtrinsic, Validators, AGR,
};
use codec::Encode;
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{IntegrityTest, OnGenesis},
};
use serde_json::Value;
use sp_consensus_babe::{digests::PreDigest, digests::SecondaryPlainPreDigest, BABE_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::Header as _, BuildStorage, Digest, DigestItem};
use std::sync::Arc;

mod attacks;
mod equivocation;
mod fuzz_calls;
mod market_stats;
mod upgrade;

/// Merge a genesis patch into the default genesis config, as the node's chain spec does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

fn storage_of(patch: Value) -> sp_runtime::Storage {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("a valid genesis");
	config.build_storage().expect("genesis builds")
}

fn dev_ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(storage_of(development_config_genesis()));
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext
}

#[test]
fn presets_build_and_fund_the_dev_accounts() {
	for (name, patch, validators) in [
		("development", development_config_genesis(), 1usize),
		("local_testnet", local_testnet_genesis(), 4),
	] {
		let mut ext = sp_io::TestExternalities::new(storage_of(patch));
		ext.execute_with(|| {
			assert_eq!(Session::validators().len(), validators, "{name}: session validators");
			assert_eq!(Validators::validators().len(), validators, "{name}: desired validators");
			assert_eq!(Babe::authorities().len(), validators, "{name}: BABE authorities");
			assert_eq!(
				pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
				validators,
				"{name}: GRANDPA authorities"
			);
			let bob = Sr25519Keyring::Bob.to_account_id();
			assert_eq!(Balances::free_balance(&bob), ENDOWMENT, "{name}: Bob is funded");
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
		});
	}
}

#[test]
fn presets_set_the_block_timing_and_babe_and_timestamp_agree() {
	use frame_support::traits::Get;
	for (name, patch, timing) in [
		("development", development_config_genesis(), DEV_TIMING),
		("local_testnet", local_testnet_genesis(), PRODUCTION_TIMING),
	] {
		sp_io::TestExternalities::new(storage_of(patch)).execute_with(|| {
			assert_eq!(pallet_validators::Timing::<Runtime>::get(), timing, "{name}");
			let expected = <Runtime as pallet_babe::Config>::ExpectedBlockTime::get();
			let minimum = <Runtime as pallet_timestamp::Config>::MinimumPeriod::get();
			assert_eq!(expected, timing.slot_duration, "{name}: BABE's expected block time");
			assert_eq!(Babe::slot_duration(), expected, "{name}: BABE slot == expected time");
			assert_eq!(2 * minimum, expected, "{name}: timestamp minimum period is half a slot");
			let config = <Runtime as sp_consensus_babe::runtime_decl_for_babe_api::BabeApiV2<
				crate::Block,
			>>::configuration();
			assert_eq!(config.slot_duration, timing.slot_duration, "{name}: BabeApi slot");
			assert_eq!(config.epoch_length, timing.epoch_length, "{name}: BabeApi epoch");
			assert_eq!(
				<Runtime as pallet_babe::Config>::EpochDuration::get(),
				timing.epoch_length,
				"{name}: BABE epoch"
			);
		});
	}
	assert_eq!(DEV_TIMING.slot_duration, 1_000, "the dev chain has 1-second blocks");
	assert_eq!(PRODUCTION_TIMING.slot_duration, 6_000, "local_testnet has 6-second blocks");
}

#[test]
fn preset_names_resolve() {
	for id in crate::genesis_config_presets::preset_names() {
		assert!(crate::genesis_config_presets::get_preset(&id).is_some());
	}
	assert!(crate::genesis_config_presets::get_preset(&"nope".into()).is_none());
}

#[test]
fn integrity_tests_pass() {
	dev_ext().execute_with(|| {
		AllPalletsWithSystem::integrity_test();
		<AllPalletsWithSystem as OnGenesis>::on_genesis();
	});
}

#[test]
fn metadata_offers_v15_or_newer() {
	let versions = Runtime::metadata_versions();
	assert!(versions.iter().any(|v| *v >= 15), "metadata versions: {versions:?}");
}

#[test]
fn fees_and_weights_are_sane() {
	dev_ext().execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: AGR,
		});
		let info = transfer.get_dispatch_info();
		let max = RuntimeBlockWeights::get().max_block;
		// A transfer is small but not free: a block holds hundreds of them.
		assert!(info.total_weight().ref_time() > 10_000_000, "{info:?}");
		assert!(info.total_weight().ref_time() * 500 < max.ref_time(), "{info:?}");
		let fee = TransactionPayment::compute_fee(transfer.encode().len() as u32 + 100, &info, 0);
		// Between a micro-AGR and a hundredth of an AGR.
		assert!(fee > crate::MICRO_AGR && fee < AGR / 100, "transfer fee {fee}");

		for call in [
			RuntimeCall::Validators(pallet_validators::Call::add_validator { who: bob.clone() }),
			RuntimeCall::Validators(pallet_validators::Call::remove_validator { who: bob.clone() }),
			RuntimeCall::Validators(pallet_validators::Call::set_min_validators { min: 1 }),
		] {
			let w = call.get_dispatch_info().total_weight();
			assert!(w.ref_time() > 0 && w.all_lt(max), "{call:?}: {w:?}");
		}
	});
}

/// Build and execute block `number` at BABE slot `slot` with only the timestamp inherent.
fn produce_block(number: u32, slot: u64) {
	let parent_hash = if number > 1 { System::parent_hash() } else { System::block_hash(0) };
	let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: slot.into(),
	});
	let digest = Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] };
	let header = Header::new(number, Default::default(), Default::default(), parent_hash, digest);
	Executive::initialize_block(&header);
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
			now: slot * pallet_validators::Timing::<Runtime>::get().slot_duration,
		}));
	assert_ok!(Executive::apply_extrinsic(timestamp).expect("timestamp inherent applies"));
	Executive::finalize_block();
}

#[test]
fn an_added_validator_joins_the_active_set_after_session_boundaries() {
	dev_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		// Eve (a funded dev account, not a validator) registers generated session keys with
		// their proof of possession.
		let eve: AccountId = Sr25519Keyring::Eve.to_account_id();
		let slot0 = 1_000u64;
		let epoch = pallet_validators::Timing::<Runtime>::get().epoch_length;
		produce_block(1, slot0);
		let generated = SessionKeys::generate(&eve.encode(), None);
		let eve_babe = generated.keys.babe.clone();
		assert_ok!(Session::set_keys(
			RuntimeOrigin::signed(eve.clone()),
			generated.keys,
			generated.proof.encode()
		));
		assert_ok!(pallet_sudo::Pallet::<Runtime>::sudo(
			RuntimeOrigin::signed(alice.clone()),
			Box::new(RuntimeCall::Validators(pallet_validators::Call::add_validator {
				who: eve.clone()
			}))
		));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Validators(pallet_validators::Event::ValidatorAdded {
				who: eve.clone()
			})));
		assert_eq!(Session::current_index(), 0);
		assert!(!Session::validators().contains(&eve));

		// First boundary: the new set is planned and queued, not active yet.
		produce_block(2, slot0 + epoch);
		assert_eq!(Session::current_index(), 1);
		assert!(Session::queued_keys().iter().any(|(who, _)| *who == eve));
		assert!(!Session::validators().contains(&eve));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Validators(pallet_validators::Event::NewSetPlanned {
				session: 2,
				validators: 2
			})
		)));

		// Second boundary: Eve validates, and BABE counts her among the authorities.
		produce_block(3, slot0 + 2 * epoch);
		assert_eq!(Session::current_index(), 2);
		assert_eq!(Session::validators(), {
			let mut v = vec![alice.clone(), eve.clone()];
			v.sort();
			v
		});
		assert!(Babe::authorities().iter().any(|(id, _)| *id == eve_babe));

		// Governance removes her again; after two more boundaries Alice is alone.
		assert_ok!(pallet_sudo::Pallet::<Runtime>::sudo(
			RuntimeOrigin::signed(alice.clone()),
			Box::new(RuntimeCall::Validators(pallet_validators::Call::remove_validator {
				who: eve.clone()
			}))
		));
		produce_block(4, slot0 + 3 * epoch);
		produce_block(5, slot0 + 4 * epoch);
		assert_eq!(Session::validators(), vec![alice.clone()]);

		// And the last validator cannot be removed.
		assert_eq!(
			Validators::remove_validator(RuntimeOrigin::root(), alice),
			Err(pallet_validators::Error::<Runtime>::TooFewValidators.into())
		);
	});
}

#[test]
fn market_calls_have_bounded_weights() {
	dev_ext().execute_with(|| {
		let max = RuntimeBlockWeights::get().max_block;
		let bob = Sr25519Keyring::Bob.to_account_id();
		let calls = [
			RuntimeCall::Providers(pallet_providers::Call::pause {}),
			RuntimeCall::Providers(pallet_providers::Call::withdraw_bond {}),
			RuntimeCall::Agreements(pallet_agreements::Call::settle { id: 0 }),
			RuntimeCall::Agreements(pallet_agreements::Call::close { id: 0 }),
			RuntimeCall::Agreements(pallet_agreements::Call::request {
				provider: bob,
				resources: Default::default(),
				duration_periods: 1,
				plan: agora_primitives::market::PaymentPlan { installment_periods: 1 },
				max_price: 0,
			}),
			RuntimeCall::Reputation(pallet_reputation::Call::rate {
				agreement: 0,
				scores: pallet_reputation::Scores { performance: 5, stability: 5, support: 5 },
				comment_hash: Default::default(),
			}),
			RuntimeCall::Disputes(pallet_disputes::Call::open {
				agreement: 0,
				reason_hash: Default::default(),
			}),
			RuntimeCall::Disputes(pallet_disputes::Call::vote {
				dispute: 0,
				ruling: agora_primitives::disputes::Ruling::FavourConsumer,
			}),
			RuntimeCall::Disputes(pallet_disputes::Call::resolve { dispute: 0 }),
		];
		for call in calls {
			let w = call.get_dispatch_info().total_weight();
			// Real weights: more than nothing, far less than a block.
			assert!(
				w.ref_time() > 1_000_000 && w.ref_time() * 50 < max.ref_time(),
				"{call:?}: {w:?}"
			);
		}
	});
}

#[test]
fn job_calls_and_the_worst_draw_have_bounded_weights() {
	dev_ext().execute_with(|| {
		let max = RuntimeBlockWeights::get().max_block;
		let bob = Sr25519Keyring::Bob.to_account_id();
		let calls = [
			RuntimeCall::Jobs(pallet_jobs::Call::accept { job: 0 }),
			RuntimeCall::Jobs(pallet_jobs::Call::advance { job: 0 }),
			RuntimeCall::Jobs(pallet_jobs::Call::close { job: 0 }),
			RuntimeCall::Jobs(pallet_jobs::Call::kick { worker: bob }),
			RuntimeCall::Disputes(pallet_disputes::Call::open_job {
				job: 0,
				reason_hash: Default::default(),
			}),
		];
		for call in calls {
			let w = call.get_dispatch_info().total_weight();
			assert!(
				w.ref_time() > 1_000_000 && w.ref_time() * 50 < max.ref_time(),
				"{call:?}: {w:?}"
			);
		}
		// A full draw agenda where every pick fails, with the most attempts the params allow:
		// measured work plus fresh reads of every picked worker fits in a tenth of a block.
		let worst = pallet_jobs::Pallet::<Runtime>::draw_weight(
			<Runtime as pallet_jobs::Config>::MaxDrawsPerBlock::get(),
			pallet_jobs::MAX_DRAW_ATTEMPTS,
		);
		assert!(worst.ref_time() * 10 < max.ref_time(), "worst draw {worst:?} of {max:?}");
		assert!(
			worst.ref_time() >
				<pallet_jobs::weights::SubstrateWeight<Runtime> as pallet_jobs::WeightInfo>::on_initialize(32)
					.ref_time(),
			"the reads of distinct workers are counted on top of the benchmark"
		);
	});
}

#[test]
fn a_market_agreement_runs_to_completion_with_the_dev_tunables() {
	use agora_primitives::market::{AgreementStatus, PaymentPlan, PriceList, Resources, GIB};
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let params = pallet_agreements::Params::<Runtime>::get();
		assert_eq!(params.period_length, 4, "dev preset periods are short");
		let capacity =
			Resources { storage_bytes: 10 * GIB as u64, vcpus: 2, memory_mib: 0, gpus: 0 };
		let prices = PriceList { storage_per_gib: AGR, vcpu: 0, memory_per_gib: 0, gpu: 0 };
		assert_ok!(crate::Providers::register(
			RuntimeOrigin::signed(bob.clone()),
			capacity,
			prices,
			b"http://127.0.0.1:9944".to_vec().try_into().unwrap(),
			Default::default(),
		));
		let wanted = Resources { storage_bytes: 2 * GIB as u64, ..Default::default() };
		let quote =
			crate::Agreements::quote(&bob, &wanted, 2, PaymentPlan { installment_periods: 1 })
				.expect("a quote");
		assert_eq!(quote.total_price, 4 * AGR);
		let before = Balances::free_balance(&charlie);
		assert_ok!(crate::Agreements::request(
			RuntimeOrigin::signed(charlie.clone()),
			bob.clone(),
			wanted,
			2,
			PaymentPlan { installment_periods: 1 },
			quote.total_price,
		));
		assert_ok!(crate::Agreements::accept(RuntimeOrigin::signed(bob.clone()), 0));
		assert_ok!(crate::Agreements::prepay(RuntimeOrigin::signed(charlie.clone()), 0, 2));
		System::set_block_number(1 + 2 * params.period_length);
		assert_ok!(crate::Agreements::settle(RuntimeOrigin::signed(bob.clone()), 0));
		assert_eq!(
			pallet_agreements::Agreements::<Runtime>::get(0).unwrap().status,
			AgreementStatus::Completed
		);
		// Closing at once would take the provider's rating away (it needs the record): refused
		// until both have rated (or the rating window is over), for the consumer too.
		frame_support::assert_noop!(
			crate::Agreements::close(RuntimeOrigin::signed(charlie.clone()), 0),
			pallet_agreements::Error::<Runtime>::RatingWindowOpen
		);
		let scores = |s| pallet_reputation::Scores { performance: s, stability: s, support: s };
		assert_ok!(crate::Reputation::rate(
			RuntimeOrigin::signed(charlie.clone()),
			0,
			scores(1),
			Default::default()
		));
		frame_support::assert_noop!(
			crate::Agreements::close(RuntimeOrigin::signed(charlie.clone()), 0),
			pallet_agreements::Error::<Runtime>::RatingWindowOpen
		);
		assert_ok!(crate::Reputation::rate(
			RuntimeOrigin::signed(bob.clone()),
			0,
			scores(5),
			Default::default()
		));
		assert_ok!(crate::Agreements::close(RuntimeOrigin::signed(charlie.clone()), 0));
		assert_eq!(Balances::free_balance(&charlie), before - 4 * AGR);
		crate::Agreements::do_try_state().expect("agreements invariants");
		crate::Providers::do_try_state().expect("providers invariants");
	});
}

#[test]
fn the_committee_term_and_trust_tunables_come_from_the_preset() {
	use frame_support::traits::Get;
	for (name, patch, term) in [
		("development", development_config_genesis(), 10u32),
		("local_testnet", local_testnet_genesis(), 14 * DAYS),
	] {
		sp_io::TestExternalities::new(storage_of(patch)).execute_with(|| {
			assert_eq!(crate::configs::CommitteeTerm::get(), term, "{name}: committee term");
			assert_eq!(pallet_disputes::Params::<Runtime>::get().committee_term, term);
			assert!(pallet_reputation::Params::<Runtime>::get().rating_window > 0, "{name}");
			// No committee at genesis: it is elected.
			assert!(pallet_elections_phragmen::Members::<Runtime>::get().is_empty());
		});
	}
}

#[test]
fn production_presets_match_the_pallet_defaults() {
	let production = production_market_params();
	assert_eq!(production.providers, pallet_providers::ProviderParams::default());
	assert_eq!(production.agreements, pallet_agreements::AgreementParams::default());
	assert_eq!(production.proofs, pallet_storage_proofs::ProofParams::default());
	assert_eq!(production.reputation, pallet_reputation::ReputationParams::default());
	assert_eq!(production.disputes, pallet_disputes::DisputeParams::default());
	assert_eq!(production.jobs, pallet_jobs::JobParams::default());
}

#[test]
fn job_tunables_come_from_the_preset_and_fit_the_block_time() {
	for (name, patch, run_window) in [
		("development", development_config_genesis(), 40u32),
		("local_testnet", local_testnet_genesis(), HOURS),
	] {
		sp_io::TestExternalities::new(storage_of(patch)).execute_with(|| {
			let p = pallet_jobs::Params::<Runtime>::get();
			assert!(crate::Jobs::params_valid(&p), "{name}: valid job params");
			assert_eq!(p.run_window, run_window, "{name}: run window");
			// The pot exists from genesis on.
			assert!(Balances::free_balance(crate::Jobs::pot()) >= 1, "{name}: jobs pot");
		});
	}
	// A dev job's whole replicated life (draw, accept, run, reveal) fits in about a minute of
	// 1-second blocks.
	let dev = crate::genesis_config_presets::dev_market_params().jobs;
	assert!(2 + dev.accept_window + dev.run_window + dev.reveal_window <= 70);
	// A dev job's deadline is at most 200 blocks out, room for about three such lives; a
	// production one at most a day.
	assert_eq!(dev.max_deadline, 200);
	assert_eq!(production_market_params().jobs.max_deadline, DAYS);
}
