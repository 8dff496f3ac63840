//! Benchmarks of the agreements pallet (frame-benchmarking v2), each at its worst case: every
//! hold touched, completion or termination in the same call.

use super::*;
use agora_primitives::{
	market::{AgreementStatus, PriceList, ProviderRegistry, Terms, TIB},
	Balance,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::Saturating;

const SEED: u32 = 0;
/// Periods of the benchmarked agreements.
const DURATION: u32 = 4;

fn resources() -> Resources {
	Resources { storage_bytes: TIB as u64, vcpus: 4, memory_mib: 4096, gpus: 1 }
}

fn funds() -> Balance {
	1_000_000_000_000_000_000
}

/// A registered provider and a funded consumer. (Their indexes are double maps: one entry per
/// agreement, so their length does not change any call's cost.)
fn parties<T: Config>() -> (T::AccountId, T::AccountId) {
	let provider: T::AccountId = account("provider", 0, SEED);
	let consumer: T::AccountId = account("consumer", 0, SEED);
	assert!(T::Currency::set_balance(&provider, funds()) >= funds(), "the provider is funded");
	assert!(T::Currency::set_balance(&consumer, funds()) >= funds(), "the consumer is funded");
	let capacity =
		Resources { storage_bytes: 100 * TIB as u64, vcpus: 1_000, memory_mib: 1 << 30, gpus: 100 };
	let prices = PriceList {
		storage_per_gib: 1_000_000,
		vcpu: 1_000_000,
		memory_per_gib: 1_000_000,
		gpu: 1_000_000,
	};
	T::Providers::register_for_benchmarks(&provider, capacity, prices);
	(consumer, provider)
}

/// A request (plan: one period per installment).
fn requested<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	let (consumer, provider) = parties::<T>();
	let id = NextAgreementId::<T>::get();
	let plan = PaymentPlan { installment_periods: 1 };
	Pallet::<T>::do_request(
		consumer.clone(),
		provider.clone(),
		resources(),
		DURATION,
		plan,
		Balance::MAX,
	)
	.expect("the benchmark request is made");
	(id, consumer, provider)
}

/// A counter-offer with a doubled price (so accepting it holds more deposit).
fn countered<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	let (id, consumer, provider) = requested::<T>();
	let terms = Agreements::<T>::get(id)
		.map(|a| a.terms)
		.unwrap_or(Terms { price_per_period: 1, plan: PaymentPlan { installment_periods: 1 } });
	let doubled = Terms { price_per_period: terms.price_per_period.saturating_mul(2), ..terms };
	Pallet::<T>::do_counter(provider.clone(), id, doubled).expect("the provider counters");
	(id, consumer, provider)
}

/// An active agreement with `prepaid` installments in escrow.
fn active<T: Config>(prepaid: u32) -> (AgreementId, T::AccountId, T::AccountId) {
	let (id, consumer, provider) = requested::<T>();
	Pallet::<T>::do_accept(provider.clone(), id).expect("the provider accepts");
	if prepaid > 0 {
		Pallet::<T>::do_prepay(consumer.clone(), id, prepaid).expect("the consumer prepays");
	}
	(id, consumer, provider)
}

/// Move to the block `periods` periods (plus `extra` blocks) after activation.
fn advance<T: Config>(id: AgreementId, periods: u32, extra: u32) {
	if let Some(a) = Agreements::<T>::get(id) {
		let start = a.activated_at.unwrap_or_default();
		let at = start
			.saturating_add(a.period_length.saturating_mul(periods.into()))
			.saturating_add(extra.into());
		frame_system::Pallet::<T>::set_block_number(at);
	}
}

fn status_of<T: Config>(id: AgreementId) -> Option<AgreementStatus> {
	Agreements::<T>::get(id).map(|a| a.status)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request() {
		let (consumer, provider) = parties::<T>();
		let id = NextAgreementId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(consumer),
			provider,
			resources(),
			DURATION,
			PaymentPlan { installment_periods: 1 },
			Balance::MAX,
		);
		assert_eq!(status_of::<T>(id), Some(AgreementStatus::Requested));
	}

	#[benchmark]
	fn accept() {
		let (id, _, provider) = requested::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert_eq!(status_of::<T>(id), Some(AgreementStatus::Active));
	}

	#[benchmark]
	fn counter() {
		let (id, _, provider) = requested::<T>();
		let terms = Terms { price_per_period: 1_000, plan: PaymentPlan { installment_periods: 2 } };
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, terms);
		assert_eq!(status_of::<T>(id), Some(AgreementStatus::Countered));
	}

	#[benchmark]
	fn accept_counter() {
		let (id, consumer, _) = countered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert_eq!(status_of::<T>(id), Some(AgreementStatus::Active));
	}

	#[benchmark]
	fn revoke() {
		let (id, consumer, _) = countered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Cancelled(_))));
	}

	#[benchmark]
	fn reject() {
		let (id, _, provider) = countered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Cancelled(_))));
	}

	#[benchmark]
	fn expire() {
		let (id, _, _) = countered::<T>();
		let expiry = Agreements::<T>::get(id).map(|a| a.expires_at).unwrap_or_default();
		frame_system::Pallet::<T>::set_block_number(expiry);
		let anyone: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Cancelled(_))));
	}

	#[benchmark]
	fn prepay() {
		let (id, consumer, _) = active::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id, DURATION);
		assert_eq!(Agreements::<T>::get(id).map(|a| a.paid_installments), Some(DURATION));
	}

	/// Worst case: the last installments mature and the agreement completes.
	#[benchmark]
	fn settle() {
		let (id, _, _) = active::<T>(DURATION);
		advance::<T>(id, DURATION, 0);
		let anyone: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert_eq!(status_of::<T>(id), Some(AgreementStatus::Completed));
	}

	/// Worst case: a matured installment is settled first.
	#[benchmark]
	fn terminate_nonpayment() {
		let (id, _, provider) = active::<T>(1);
		let grace = Agreements::<T>::get(id).map(|a| a.grace_period).unwrap_or_default();
		let grace: u32 = sp_runtime::traits::UniqueSaturatedInto::unique_saturated_into(grace);
		advance::<T>(id, 1, grace.saturating_add(1));
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Terminated(_))));
	}

	#[benchmark]
	fn cancel() {
		let (id, consumer, _) = active::<T>(DURATION);
		advance::<T>(id, 1, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Terminated(_))));
	}

	#[benchmark]
	fn abandon() {
		let (id, _, provider) = active::<T>(DURATION);
		advance::<T>(id, 1, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(matches!(status_of::<T>(id), Some(AgreementStatus::Terminated(_))));
	}

	/// Worst case: full indexes on both sides.
	#[benchmark]
	fn close() {
		let (id, consumer, _) = requested::<T>();
		Pallet::<T>::do_end_request(Some(consumer.clone()), id, CancelReason::Revoked)
			.expect("the consumer revokes");
		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);
		assert!(!Agreements::<T>::contains_key(id));
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params: AgreementParams<BlockNumberFor<T>> = AgreementParams {
			period_length: 10u32.into(),
			min_duration: 1,
			max_duration: 10,
			request_expiry: 10u32.into(),
			grace_period: 5u32.into(),
			collateral_percent: 100,
			fault_slash_percent: 10,
			record_deposit: 1,
			retention: 10u32.into(),
			market_fee: sp_runtime::Permill::from_percent(1),
			data_grace: 10u32.into(),
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
