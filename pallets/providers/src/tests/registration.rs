//! Registering and updating a provider.

use super::*;
use agora_primitives::market::{ProviderStatus, Resources, TIB};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn register_holds_the_bond_and_lists_the_provider() {
	run_test(|| {
		register(1);
		let p = crate::Providers::<Test>::get(1).unwrap();
		assert_eq!(p.capacity, capacity());
		assert_eq!(p.used, Resources::zero());
		assert_eq!(p.status, ProviderStatus::Active);
		assert_eq!(p.bond, mock_bond());
		assert_eq!(bond_held(1), mock_bond());
		assert_eq!(Balances::free_balance(1), INITIAL - mock_bond());
		assert_eq!(crate::Providers::<Test>::count(), 1);
		assert_eq!(
			last_event(),
			Event::Registered { provider: 1, capacity: capacity(), bond: mock_bond() }
		);
	});
}

#[test]
fn bond_rounds_partial_tib_up() {
	run_test(|| {
		let cap = Resources { storage_bytes: TIB as u64 + 1, ..Default::default() };
		assert_ok!(Providers::register(
			RuntimeOrigin::signed(2),
			cap,
			prices(),
			bytes("e"),
			Default::default()
		));
		// 500 * (2^40 + 1) / 2^40 = 500.00..., rounded up to 501.
		assert_eq!(bond_held(2), BOND_BASE + BOND_PER_TIB + 1);
		// Compute only: no storage, bond is the base.
		let cpu = Resources { vcpus: 4, ..Default::default() };
		assert_ok!(Providers::register(
			RuntimeOrigin::signed(3),
			cpu,
			prices(),
			bytes("e"),
			Default::default()
		));
		assert_eq!(bond_held(3), BOND_BASE);
	});
}

#[test]
fn register_errors() {
	run_test(|| {
		assert_noop!(
			Providers::register(
				RuntimeOrigin::root(),
				capacity(),
				prices(),
				bytes("e"),
				Default::default()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Providers::register(
				RuntimeOrigin::signed(1),
				Resources::zero(),
				prices(),
				bytes("e"),
				Default::default()
			),
			Error::<Test>::NoResources
		);
		assert_noop!(
			Providers::register(
				RuntimeOrigin::signed(POOR),
				capacity(),
				prices(),
				bytes("e"),
				Default::default()
			),
			Error::<Test>::InsufficientBond
		);
		let absurd = Resources { storage_bytes: u64::MAX, ..Default::default() };
		Params::<Test>::mutate(|p| p.bond_per_tib = u128::MAX);
		assert_noop!(
			Providers::register(
				RuntimeOrigin::signed(1),
				absurd,
				prices(),
				bytes("e"),
				Default::default()
			),
			Error::<Test>::Overflow
		);
		Params::<Test>::mutate(|p| p.bond_per_tib = BOND_PER_TIB);
		register(1);
		assert_noop!(
			Providers::register(
				RuntimeOrigin::signed(1),
				capacity(),
				prices(),
				bytes("e"),
				Default::default()
			),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn update_resources_resizes_the_bond_both_ways() {
	run_test(|| {
		register(1);
		let bigger = Resources { storage_bytes: 4 * TIB as u64, ..capacity() };
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(1), bigger));
		assert_eq!(bond_held(1), BOND_BASE + 4 * BOND_PER_TIB);
		assert_eq!(
			last_event(),
			Event::ResourcesUpdated {
				provider: 1,
				capacity: bigger,
				bond: BOND_BASE + 4 * BOND_PER_TIB
			}
		);
		let smaller = Resources { storage_bytes: TIB as u64, ..capacity() };
		assert_ok!(Providers::update_resources(RuntimeOrigin::signed(1), smaller));
		assert_eq!(bond_held(1), BOND_BASE + BOND_PER_TIB);
		assert_eq!(Balances::free_balance(1), INITIAL - BOND_BASE - BOND_PER_TIB);
		assert_eq!(crate::Providers::<Test>::get(1).unwrap().capacity, smaller);
	});
}

#[test]
fn update_resources_errors() {
	run_test(|| {
		assert_noop!(
			Providers::update_resources(RuntimeOrigin::signed(1), capacity()),
			Error::<Test>::NotRegistered
		);
		register(1);
		assert_noop!(
			Providers::update_resources(RuntimeOrigin::signed(1), Resources::zero()),
			Error::<Test>::NoResources
		);
		// Reserve 1 GiB + 1 vCPU, then try to drop all vCPUs.
		assert_ok!(<Providers as agora_primitives::market::ProviderRegistry<u64>>::reserve(
			&1,
			&small()
		));
		let no_cpu = Resources { vcpus: 0, ..capacity() };
		assert_noop!(
			Providers::update_resources(RuntimeOrigin::signed(1), no_cpu),
			Error::<Test>::CapacityInUse
		);
		// Growing beyond the free balance.
		let huge = Resources { storage_bytes: 10_000 * TIB as u64, ..capacity() };
		assert_noop!(
			Providers::update_resources(RuntimeOrigin::signed(1), huge),
			Error::<Test>::InsufficientBond
		);
		<Providers as agora_primitives::market::ProviderRegistry<u64>>::release(&1, &small());
	});
}

#[test]
fn prices_endpoint_and_attributes_update() {
	run_test(|| {
		register(1);
		let new_prices = agora_primitives::market::PriceList { vcpu: 1, ..prices() };
		assert_ok!(Providers::update_prices(RuntimeOrigin::signed(1), new_prices));
		assert_eq!(last_event(), Event::PricesUpdated { provider: 1, prices: new_prices });
		assert_ok!(Providers::update_endpoint(RuntimeOrigin::signed(1), bytes("wss://new")));
		assert_eq!(last_event(), Event::EndpointUpdated { provider: 1 });
		assert_ok!(Providers::update_attributes(RuntimeOrigin::signed(1), attrs("us")));
		assert_eq!(last_event(), Event::AttributesUpdated { provider: 1 });
		let p = crate::Providers::<Test>::get(1).unwrap();
		assert_eq!(p.prices, new_prices);
		assert_eq!(&p.endpoint[..], b"wss://new");
		assert_eq!(&p.attributes.region[..], b"us");
	});
}

#[test]
fn updates_need_a_listed_provider() {
	run_test(|| {
		assert_noop!(
			Providers::update_prices(RuntimeOrigin::signed(1), prices()),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			Providers::update_endpoint(RuntimeOrigin::signed(1), bytes("x")),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			Providers::update_attributes(RuntimeOrigin::signed(1), attrs("x")),
			Error::<Test>::NotRegistered
		);
		register(1);
		assert_ok!(Providers::unregister(RuntimeOrigin::signed(1)));
		assert_noop!(
			Providers::update_prices(RuntimeOrigin::signed(1), prices()),
			Error::<Test>::Unbonding
		);
		assert_noop!(
			Providers::update_endpoint(RuntimeOrigin::signed(1), bytes("x")),
			Error::<Test>::Unbonding
		);
		assert_noop!(
			Providers::update_attributes(RuntimeOrigin::signed(1), attrs("x")),
			Error::<Test>::Unbonding
		);
		assert_noop!(
			Providers::update_resources(RuntimeOrigin::signed(1), capacity()),
			Error::<Test>::Unbonding
		);
	});
}

#[test]
fn oversized_metadata_does_not_decode() {
	use codec::Decode;
	// The bounds are enforced at decoding: a too-long endpoint is not a valid call.
	let long = vec![b'x'; MaxEndpointLen::get() as usize + 1];
	let encoded = codec::Encode::encode(&long);
	assert!(Endpoint::<Test>::decode(&mut &encoded[..]).is_err());
}
