//! Units and prices: resource bundles, the byte units, price lists and the pro-rata price of a
//! bundle for one period (see the [module docs](crate::market) for the units).

use crate::Balance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Bytes in a GiB: the storage and memory price unit.
pub const GIB: u128 = 1 << 30;
/// Bytes in a TiB: the unit of the provider bond.
pub const TIB: u128 = 1 << 40;
/// MiB in a GiB.
pub const MIB_PER_GIB: u128 = 1024;

/// A bundle of resources: what a provider offers, has free, or what an agreement uses.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", default))]
pub struct Resources {
	/// Storage, in bytes.
	pub storage_bytes: u64,
	/// Virtual CPUs.
	pub vcpus: u32,
	/// Memory, in MiB.
	pub memory_mib: u64,
	/// GPUs.
	pub gpus: u32,
}

impl Resources {
	/// No resources at all.
	pub const fn zero() -> Self {
		Self { storage_bytes: 0, vcpus: 0, memory_mib: 0, gpus: 0 }
	}

	/// Whether every part is zero.
	pub fn is_zero(&self) -> bool {
		*self == Self::zero()
	}

	/// Part-wise sum, `None` on overflow.
	pub fn checked_add(&self, other: &Self) -> Option<Self> {
		Some(Self {
			storage_bytes: self.storage_bytes.checked_add(other.storage_bytes)?,
			vcpus: self.vcpus.checked_add(other.vcpus)?,
			memory_mib: self.memory_mib.checked_add(other.memory_mib)?,
			gpus: self.gpus.checked_add(other.gpus)?,
		})
	}

	/// Part-wise sum, each part saturating at its maximum.
	pub fn saturating_add(&self, other: &Self) -> Self {
		Self {
			storage_bytes: self.storage_bytes.saturating_add(other.storage_bytes),
			vcpus: self.vcpus.saturating_add(other.vcpus),
			memory_mib: self.memory_mib.saturating_add(other.memory_mib),
			gpus: self.gpus.saturating_add(other.gpus),
		}
	}

	/// Part-wise difference, each part saturating at zero.
	pub fn saturating_sub(&self, other: &Self) -> Self {
		Self {
			storage_bytes: self.storage_bytes.saturating_sub(other.storage_bytes),
			vcpus: self.vcpus.saturating_sub(other.vcpus),
			memory_mib: self.memory_mib.saturating_sub(other.memory_mib),
			gpus: self.gpus.saturating_sub(other.gpus),
		}
	}

	/// Part-wise difference, `None` if any part of `other` is larger.
	pub fn checked_sub(&self, other: &Self) -> Option<Self> {
		Some(Self {
			storage_bytes: self.storage_bytes.checked_sub(other.storage_bytes)?,
			vcpus: self.vcpus.checked_sub(other.vcpus)?,
			memory_mib: self.memory_mib.checked_sub(other.memory_mib)?,
			gpus: self.gpus.checked_sub(other.gpus)?,
		})
	}

	/// Whether every part of `self` is at most the same part of `capacity`.
	pub fn fits_in(&self, capacity: &Self) -> bool {
		capacity.checked_sub(self).is_some()
	}
}

/// A provider's prices, each per unit per period (see the module docs for the units).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", default))]
pub struct PriceList {
	/// Price of one GiB of storage for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub storage_per_gib: Balance,
	/// Price of one vCPU for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub vcpu: Balance,
	/// Price of one GiB of memory for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub memory_per_gib: Balance,
	/// Price of one GPU for one period.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub gpu: Balance,
}

/// `ceil(amount * price / unit)`, `None` on overflow.
fn pro_rata(amount: u128, price: Balance, unit: u128) -> Option<Balance> {
	let total = amount.checked_mul(price)?;
	let whole = total.checked_div(unit)?;
	if total.checked_rem(unit)? == 0 {
		Some(whole)
	} else {
		whole.checked_add(1)
	}
}

impl PriceList {
	/// The price of `resources` for one period, `None` on overflow.
	pub fn price_per_period(&self, resources: &Resources) -> Option<Balance> {
		let storage = pro_rata(resources.storage_bytes.into(), self.storage_per_gib, GIB)?;
		let memory = pro_rata(resources.memory_mib.into(), self.memory_per_gib, MIB_PER_GIB)?;
		let vcpu = self.vcpu.checked_mul(resources.vcpus.into())?;
		let gpu = self.gpu.checked_mul(resources.gpus.into())?;
		storage.checked_add(memory)?.checked_add(vcpu)?.checked_add(gpu)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn price_is_pro_rata_and_rounds_up() {
		let prices = PriceList { storage_per_gib: 1_000, vcpu: 7, memory_per_gib: 1_024, gpu: 100 };
		let r =
			Resources { storage_bytes: (GIB as u64) / 2 + 1, vcpus: 2, memory_mib: 512, gpus: 1 };
		// storage: ceil((2^29 + 1) * 1000 / 2^30) = 501; memory 512 MiB * 1024 / 1024 = 512.
		assert_eq!(prices.price_per_period(&r), Some(501 + 14 + 512 + 100));
		assert_eq!(prices.price_per_period(&Resources::zero()), Some(0));
		let huge = PriceList { storage_per_gib: u128::MAX, ..prices };
		assert_eq!(huge.price_per_period(&r), None);
	}

	#[test]
	fn resources_arithmetic() {
		let a = Resources { storage_bytes: 10, vcpus: 2, memory_mib: 3, gpus: 1 };
		let b = Resources { storage_bytes: 4, vcpus: 2, memory_mib: 0, gpus: 0 };
		assert!(b.fits_in(&a));
		assert!(!a.fits_in(&b));
		assert_eq!(
			a.checked_sub(&b),
			Some(Resources { storage_bytes: 6, vcpus: 0, memory_mib: 3, gpus: 1 })
		);
		assert_eq!(b.checked_sub(&a), None);
		assert_eq!(b.checked_add(&b).unwrap().vcpus, 4);
	}
}
