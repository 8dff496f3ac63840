//! The compute agreements the job market sees.

use super::*;
use agora_primitives::{market::GIB, traits::ComputeAgreements};

#[test]
fn only_active_agreements_renting_vcpus_are_compute_agreements() {
	run_test(|| {
		type C = Agreements;
		// `small()` rents 1 vCPU: not while requested.
		let id = request(3, 1);
		assert_eq!(<C as ComputeAgreements<u64>>::active_compute(id), None);
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER), id));
		assert_eq!(
			<C as ComputeAgreements<u64>>::active_compute(id),
			Some((CONSUMER, PROVIDER, 1))
		);
		// Disputed: not while the dispute runs.
		assert_ok!(<C as agora_primitives::traits::DisputedAgreements<u64>>::freeze(id, &CONSUMER));
		assert_eq!(C::active_compute(id), None);
		// Storage only: never.
		let storage_only =
			Resources { storage_bytes: GIB as u64, vcpus: 0, memory_mib: 0, gpus: 0 };
		let other = NextAgreementId::<Test>::get();
		assert_ok!(Agreements::request(
			RuntimeOrigin::signed(CONSUMER2),
			PROVIDER2,
			storage_only,
			3,
			plan(1),
			u128::MAX
		));
		assert_ok!(Agreements::accept(RuntimeOrigin::signed(PROVIDER2), other));
		assert_eq!(status(other), AgreementStatus::Active);
		assert_eq!(C::active_compute(other), None);
		// Unknown ids: none.
		assert_eq!(C::active_compute(999), None);
	});
}
