//! [`ProviderOperators`] for the job market: the provider an operator key acts for.

use super::*;
use agora_primitives::traits::ProviderOperators;

impl<T: Config> ProviderOperators<T::AccountId> for Pallet<T> {
	fn provider_of(operator: &T::AccountId) -> Option<T::AccountId> {
		OperatorOf::<T>::get(operator)
	}
}
