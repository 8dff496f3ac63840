//! An agreement as stored on chain: its id, its states and why it ended early.

use super::{Resources, Schedule, Terms};
use crate::Balance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifies an agreement. Ids are never reused.
pub type AgreementId = u64;

/// Why a request ended before the agreement became active.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum CancelReason {
	/// The consumer withdrew the request (or refused the counter-offer).
	Revoked,
	/// The provider rejected the request.
	Rejected,
	/// Nobody answered within the request window.
	Expired,
}

/// Why an active agreement ended before its last period.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum TerminationReason {
	/// The consumer did not prepay a running period within the grace window; the provider
	/// terminated.
	NonPayment,
	/// The consumer cancelled early.
	ConsumerCancelled,
	/// The provider abandoned the agreement.
	ProviderAbandoned,
	/// The consumer committed to data that the provider did not confirm within the upload
	/// window: either party (or anyone once the term is over) ended the agreement without
	/// penalty. The chain cannot tell which side failed the upload, so nobody is blamed.
	UploadNotConfirmed,
}

/// Where an agreement is in its life.
///
/// `Requested -> (Countered) -> Active -> Completed`, then closed (removed from storage). Side
/// exits: `Cancelled` (before activation), `Terminated` (early end), `Failed` (storage-proof
/// faults) and `Disputed` (under dispute) -> `Resolved` (ruling executed).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum AgreementStatus {
	/// The consumer asked; the provider has not answered.
	Requested,
	/// The provider answered with other terms; the consumer has not answered.
	Countered,
	/// Running: capacity reserved, installments due.
	Active,
	/// Every period was served and paid.
	Completed,
	/// Ended before activation.
	Cancelled(CancelReason),
	/// Ended early.
	Terminated(TerminationReason),
	/// Failed by storage-proof faults.
	Failed,
	/// Under dispute; payouts frozen. (Disputed while active: capacity, escrow and collateral
	/// stay held; disputed after completion: `ended_at` is set and nothing is held.)
	Disputed,
	/// A dispute was resolved and its ruling executed.
	Resolved,
}

impl AgreementStatus {
	/// Whether the agreement is over and may be closed.
	pub fn is_final(&self) -> bool {
		matches!(
			self,
			Self::Completed
				| Self::Cancelled(_)
				| Self::Terminated(_)
				| Self::Failed
				| Self::Resolved
		)
	}

	/// Whether the agreement holds reserved capacity.
	pub fn reserves_capacity(&self) -> bool {
		matches!(self, Self::Active | Self::Disputed)
	}
}

/// An agreement as stored on chain.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Agreement<AccountId, BlockNumber> {
	/// Who pays.
	pub consumer: AccountId,
	/// Who serves.
	pub provider: AccountId,
	/// What is served.
	pub resources: Resources,
	/// Length of the agreement, in periods.
	pub duration_periods: u32,
	/// Blocks per period (fixed at request time).
	pub period_length: BlockNumber,
	/// Blocks after a period's start within which its installment may still be prepaid (fixed
	/// at request time).
	pub grace_period: BlockNumber,
	/// The terms in force: locked from the provider's price list at request time, or the
	/// accepted counter-offer.
	pub terms: Terms,
	/// The most the consumer agreed to pay in total when requesting.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub max_price: Balance,
	/// The provider's counter-offer, while `Countered`.
	pub counter: Option<Terms>,
	/// Where the agreement is in its life.
	pub status: AgreementStatus,
	/// Block of the request.
	pub requested_at: BlockNumber,
	/// While `Requested`/`Countered`: the block from which the request may be expired.
	pub expires_at: BlockNumber,
	/// Block of activation (period 0 starts here).
	pub activated_at: Option<BlockNumber>,
	/// Block at which it became final.
	pub ended_at: Option<BlockNumber>,
	/// Installments prepaid so far (they are paid in order).
	pub paid_installments: u32,
	/// Installments released to the provider so far.
	pub settled_installments: u32,
	/// Prepaid, not yet released: held from the consumer.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub escrow: Balance,
	/// The consumer's security deposit (one installment), held from the consumer.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub security_deposit: Balance,
	/// The provider's collateral, held from the provider once it accepted or countered.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub provider_collateral: Balance,
	/// Deposit for this record, held from the consumer until the agreement is closed.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub record_deposit: Balance,
	/// Total paid for the provider's service so far: installments released (the market fee
	/// burned out of them included) and forfeits. What a completion's reputation evidence is
	/// weighted by.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub paid_to_provider: Balance,
	/// The part of installment `settled_installments` no longer owed to the provider: the
	/// periods of it refunded for missed storage challenges. Taken out of the escrow if that
	/// installment is prepaid, otherwise deducted when it is prepaid.
	#[cfg_attr(feature = "std", serde(with = "crate::balance_string"))]
	pub refunded_in_running: Balance,
	/// The last period refunded for a missed storage challenge (each period is refunded once).
	pub last_faulted_period: Option<u32>,
	/// When the consumer committed to the agreement's data (storage proofs), if it did. Should
	/// the provider never confirm it, the periods before this block are still paid for.
	pub data_committed_at: Option<BlockNumber>,
}

impl<AccountId, BlockNumber> Agreement<AccountId, BlockNumber> {
	/// The schedule of the terms in force.
	pub fn schedule(&self) -> Option<Schedule> {
		Schedule::new(self.duration_periods, self.terms.plan)
	}

	/// Whether the agreement holds reserved capacity, escrow and collateral: it is active, or
	/// under a dispute opened while it was active (not after it ended).
	pub fn is_live(&self) -> bool {
		self.status.reserves_capacity() && self.ended_at.is_none()
	}
}
