//! The `ProviderRegistry` seen by the agreements pallet, and the runtime API views.

use super::*;
use agora_primitives::market::ProviderOrder;
use agora_primitives::market::{ProviderQuery, ProviderRegistry, QuoteError, Resources, GIB};
use frame_support::assert_ok;

#[test]
fn price_for_request_checks_capacity_and_prices() {
	run_test(|| {
		assert_eq!(Providers::price_for_request(&1, &small()), Err(QuoteError::ProviderNotFound));
		register(1);
		// 1 GiB at 10 + 1 vCPU at 100.
		assert_eq!(Providers::price_for_request(&1, &small()), Ok(110));
		assert_eq!(
			Providers::price_for_request(&1, &Resources::zero()),
			Err(QuoteError::NoResources)
		);
		let too_many = Resources { gpus: 2, ..Default::default() };
		assert_eq!(
			Providers::price_for_request(&1, &too_many),
			Err(QuoteError::InsufficientCapacity)
		);
	});
}

#[test]
fn reservations_never_overbook() {
	run_test(|| {
		register(1);
		let half_cpus = Resources { vcpus: 4, ..Default::default() };
		assert_ok!(Providers::reserve(&1, &half_cpus));
		assert_ok!(Providers::reserve(&1, &half_cpus));
		assert_eq!(last_event(), Event::CapacityReserved { provider: 1, resources: half_cpus });
		assert_eq!(Providers::reserve(&1, &small()), Err(QuoteError::InsufficientCapacity));
		assert_eq!(
			Providers::price_for_request(&1, &small()),
			Err(QuoteError::InsufficientCapacity)
		);
		assert_eq!(
			Providers::reserved(&1),
			Some((Resources { vcpus: 8, ..Default::default() }, 2))
		);
		Providers::release(&1, &half_cpus);
		assert_eq!(last_event(), Event::CapacityReleased { provider: 1, resources: half_cpus });
		assert_ok!(Providers::reserve(&1, &small()));
		assert_eq!(Providers::reserve(&2, &small()), Err(QuoteError::ProviderNotFound));
		Providers::release(&1, &half_cpus);
		Providers::release(&1, &small());
		assert_eq!(Providers::reserved(&1), Some((Resources::zero(), 0)));
		assert_eq!(Providers::reserved(&2), None);
	});
}

#[test]
fn find_providers_filters_and_orders_by_price() {
	run_test(|| {
		register(1);
		register(2);
		register(3);
		assert_ok!(Providers::update_prices(
			RuntimeOrigin::signed(2),
			agora_primitives::market::PriceList { vcpu: 50, ..prices() }
		));
		assert_ok!(Providers::update_attributes(RuntimeOrigin::signed(3), attrs("us")));
		assert_ok!(Providers::pause(RuntimeOrigin::signed(1)));
		register(4);
		assert_ok!(Providers::update_prices(
			RuntimeOrigin::signed(4),
			agora_primitives::market::PriceList { vcpu: 10_000, ..prices() }
		));

		let query = ProviderQuery { resources: small(), ..Default::default() };
		let found = Providers::find_providers(query.clone(), 10);
		// 1 is paused; 2 (60) < 3 (110) < 4 (10_010).
		let order: Vec<(u64, u128)> =
			found.iter().map(|m| (m.provider.account, m.price_per_period)).collect();
		assert_eq!(order, vec![(2, 60), (3, 110), (4, 10_010)]);

		let cheap = ProviderQuery { max_price_per_period: Some(110), ..query.clone() };
		assert_eq!(Providers::find_providers(cheap, 10).len(), 2);
		let eu = ProviderQuery { region: b"eu".to_vec(), ..query.clone() };
		let eu: Vec<u64> =
			Providers::find_providers(eu, 10).iter().map(|m| m.provider.account).collect();
		assert_eq!(eu, vec![2, 4]);
		assert_eq!(Providers::find_providers(query.clone(), 1).len(), 1);
		let big = ProviderQuery {
			resources: Resources { storage_bytes: 3 * 1024 * GIB as u64, ..Default::default() },
			..query
		};
		assert!(Providers::find_providers(big, 10).is_empty());
	});
}

#[test]
fn find_filters_by_score_and_orders_by_it() {
	run_test(|| {
		for who in [2, 3, 4] {
			register(who);
		}
		assert_ok!(Providers::update_prices(
			RuntimeOrigin::signed(4),
			agora_primitives::market::PriceList { vcpu: 10_000, ..prices() }
		));
		// Scores: 2 -> 40 %, 3 -> 90 %, 4 -> 90 %.
		for who in [2, 3, 4] {
			set_score(who, sp_runtime::Perbill::from_percent(if who == 2 { 40 } else { 90 }));
		}
		let query = ProviderQuery { resources: small(), ..Default::default() };
		let by_price: Vec<u64> = Providers::find_providers(query.clone(), 10)
			.iter()
			.map(|m| m.provider.account)
			.collect();
		let prices_of: Vec<u128> = Providers::find_providers(query.clone(), 10)
			.iter()
			.map(|m| m.price_per_period)
			.collect();
		assert!(prices_of.windows(2).all(|w| w[0] <= w[1]), "cheapest first: {prices_of:?}");
		assert_eq!(by_price.len(), 3);
		let by_score = ProviderQuery { order_by: ProviderOrder::Score, ..query.clone() };
		let found = Providers::find_providers(by_score, 10);
		let order: Vec<u64> = found.iter().map(|m| m.provider.account).collect();
		// 3 and 4 tie on score; the cheaper comes first; 2 is last.
		let (p3, p4) = (found[0].price_per_period, found[1].price_per_period);
		assert!(p3 <= p4);
		assert_eq!(order[2], 2);
		assert_eq!(found[2].score, sp_runtime::Perbill::from_percent(40));
		let picky =
			ProviderQuery { min_score: Some(sp_runtime::Perbill::from_percent(50)), ..query };
		let good: Vec<u64> = Providers::find_providers(picky, 10)
			.iter()
			.map(|m| m.provider.account)
			.collect();
		assert_eq!(good.len(), 2);
		assert!(!good.contains(&2));
	});
}

#[test]
fn views_show_free_capacity_and_metadata() {
	run_test(|| {
		register(1);
		assert_ok!(Providers::reserve(&1, &small()));
		let v = Providers::provider(1).unwrap();
		assert_eq!(v.used, small());
		assert_eq!(v.free, capacity().checked_sub(&small()).unwrap());
		assert_eq!(v.endpoint, b"https://p.example".to_vec());
		assert_eq!(v.region, b"eu".to_vec());
		assert_eq!(v.attributes[0].key, b"tier".to_vec());
		assert_eq!(v.live_agreements, 1);
		assert!(Providers::provider(2).is_none());
		register(2);
		register(3);
		assert_eq!(Providers::providers_page(0, 2).len(), 2);
		assert_eq!(Providers::providers_page(1, 2).len(), 1);
		assert!(Providers::providers_page(5, 2).is_empty());
		Providers::release(&1, &small());
	});
}

#[test]
fn compute_offers_need_an_active_provider_with_vcpus() {
	use agora_primitives::traits::ComputeProviders;
	run_test(|| {
		assert_eq!(<Providers as ComputeProviders<u64>>::compute_offer(&1), None);
		register(1);
		// 100 per vCPU, 8 vCPUs declared.
		assert_eq!(<Providers as ComputeProviders<u64>>::compute_offer(&1), Some((100, 8)));
		assert_ok!(Providers::pause(RuntimeOrigin::signed(1)));
		assert_eq!(Providers::compute_offer(&1), None);
		assert_ok!(Providers::resume(RuntimeOrigin::signed(1)));
		assert_eq!(Providers::compute_offer(&1), Some((100, 8)));
		assert_ok!(Providers::suspend(RuntimeOrigin::root(), 1));
		assert_eq!(Providers::compute_offer(&1), None);
		assert_ok!(Providers::reinstate(RuntimeOrigin::root(), 1));
		assert_eq!(Providers::compute_offer(&1), Some((100, 8)));
		// Storage only: no compute offer.
		let storage_only = Resources { storage_bytes: GIB as u64, ..Default::default() };
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(1), storage_only));
		assert_eq!(Providers::compute_offer(&1), None);
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(1), capacity()));
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
		assert_eq!(Providers::compute_offer(&1), None);
	});
}
