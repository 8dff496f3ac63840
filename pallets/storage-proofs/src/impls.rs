//! The logic of the storage-proofs pallet.

use super::*;
use agora_primitives::merkle;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Weight},
	traits::{fungible::MutateHold, tokens::Precision, Get, Randomness},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

/// How many blocks past the wanted one an agenda entry may be pushed when blocks are full.
const MAX_PUSH: u32 = 64;

impl<T: Config> Pallet<T> {
	/// Whether `p` are acceptable tunables: positive period, window and k within the bounds,
	/// and at most one challenge open per agreement (`response_window <= period - jitter`).
	pub fn params_valid(p: &ProofParams<BlockNumberFor<T>>) -> bool {
		p.jitter < p.challenge_period
			&& !p.response_window.is_zero()
			&& p.response_window <= p.challenge_period.saturating_sub(p.jitter)
			&& p.leaves_per_challenge >= 1
			&& p.leaves_per_challenge <= T::MaxLeavesPerChallenge::get()
			&& p.max_consecutive_faults >= 1
			&& !p.upload_window.is_zero()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub(crate) fn do_commit(
		who: T::AccountId,
		agreement: AgreementId,
		root: Node,
		size: u64,
	) -> DispatchResult {
		let (consumer, provider, storage) =
			T::Agreements::active_storage(agreement).ok_or(Error::<T>::NotActiveStorage)?;
		ensure!(storage > 0, Error::<T>::NotActiveStorage);
		ensure!(who == consumer, Error::<T>::NotConsumer);
		ensure!(!Commitments::<T>::contains_key(agreement), Error::<T>::AlreadyCommitted);
		ensure!(size >= 1 && size <= storage, Error::<T>::InvalidSize);
		let deposit = Params::<T>::get().commitment_deposit;
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::CommitmentDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		Commitments::<T>::insert(
			agreement,
			Commitment {
				consumer,
				provider,
				root,
				size,
				committed_at: Self::now(),
				confirmed_at: None,
				next_challenge_at: None,
				consecutive_faults: 0,
				passes: 0,
				faults: 0,
				failed: false,
				deposit,
			},
		);
		Self::deposit_event(Event::Committed { agreement, root, size });
		Ok(())
	}

	pub(crate) fn do_confirm(who: T::AccountId, agreement: AgreementId) -> DispatchResult {
		let mut c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(c.provider == who, Error::<T>::NotProvider);
		ensure!(c.confirmed_at.is_none(), Error::<T>::AlreadyConfirmed);
		ensure!(T::Agreements::active_storage(agreement).is_some(), Error::<T>::NotActiveStorage);
		let now = Self::now();
		c.confirmed_at = Some(now);
		let first = Self::schedule(agreement, now, &Params::<T>::get());
		c.next_challenge_at = first;
		Commitments::<T>::insert(agreement, c);
		match first {
			Some(first_challenge) => {
				Self::deposit_event(Event::Confirmed { agreement, first_challenge })
			},
			None => Self::deposit_event(Event::SchedulingFailed { agreement }),
		}
		Ok(())
	}

	/// A pseudo-random offset in `[0, 2 * jitter]` for `agreement` at `now`.
	fn jitter_offset(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		jitter: BlockNumberFor<T>,
	) -> u64 {
		let span: u64 =
			sp_runtime::traits::UniqueSaturatedInto::<u64>::unique_saturated_into(jitter)
				.saturating_mul(2)
				.saturating_add(1);
		let seed = Self::seed(b"agora/jitter", agreement, now, 0);
		seed % span
	}

	/// 8 bytes of randomness for `subject`, `agreement`, `now` and `j`.
	fn seed(subject: &[u8], agreement: AgreementId, now: BlockNumberFor<T>, j: u32) -> u64 {
		let (random, _) = T::Randomness::random(subject);
		let hash = sp_crypto_hashing::blake2_256(&(random, agreement, now, j).encode());
		let mut bytes = [0u8; 8];
		bytes.copy_from_slice(&hash[..8]);
		u64::from_le_bytes(bytes)
	}

	/// Put `agreement` on the challenge agenda `period ± jitter` after `now`, pushing to later
	/// blocks while full. Returns the block, or `None` if every slot in reach was full.
	fn schedule(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		p: &ProofParams<BlockNumberFor<T>>,
	) -> Option<BlockNumberFor<T>> {
		let offset = Self::jitter_offset(agreement, now, p.jitter);
		let base = now
			.saturating_add(p.challenge_period)
			.saturating_sub(p.jitter)
			.saturating_add(sp_runtime::traits::UniqueSaturatedFrom::unique_saturated_from(offset));
		// Never in the current block: its agenda was already taken.
		let mut at = base.max(now.saturating_add(1u32.into()));
		for _ in 0..MAX_PUSH {
			if ChallengeAgenda::<T>::try_mutate(at, |list| list.try_push(agreement)).is_ok() {
				return Some(at);
			}
			at = at.saturating_add(1u32.into());
		}
		None
	}

	/// The `k` leaf indices of a challenge of `agreement` at `now` over `leaves` leaves.
	pub fn challenge_indices(
		agreement: AgreementId,
		now: BlockNumberFor<T>,
		leaves: u64,
		k: u32,
	) -> BoundedVec<u64, T::MaxLeavesPerChallenge> {
		let indices = (0..k.min(T::MaxLeavesPerChallenge::get()))
			.map(|j| Self::seed(b"agora/challenge", agreement, now, j) % leaves.max(1))
			.collect::<alloc::vec::Vec<_>>();
		BoundedVec::truncate_from(indices)
	}

	/// `on_initialize`: issue the challenges of block `n`, then count the expired ones as
	/// faults. Both lists are bounded by `MaxChallengesPerBlock`.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let due = ChallengeAgenda::<T>::take(n);
		let expiring = ExpiryAgenda::<T>::take(n);
		let params = Params::<T>::get();
		let issued = due.len() as u32;
		let expired = expiring.len() as u32;
		for agreement in due {
			Self::issue(agreement, n, &params);
		}
		for challenge in expiring {
			Self::expire(challenge);
		}
		T::WeightInfo::on_initialize(issued, expired)
	}

	fn issue(agreement: AgreementId, n: BlockNumberFor<T>, p: &ProofParams<BlockNumberFor<T>>) {
		let Some(mut c) = Commitments::<T>::get(agreement) else { return };
		if c.failed || c.confirmed_at.is_none() || c.next_challenge_at != Some(n) {
			return;
		}
		if T::Agreements::active_storage(agreement).is_none() {
			// The agreement ended: stop; `remove_commitment` cleans up.
			c.next_challenge_at = None;
			Commitments::<T>::insert(agreement, c);
			return;
		}
		let indices = Self::challenge_indices(
			agreement,
			n,
			merkle::leaf_count(c.size),
			p.leaves_per_challenge,
		);
		let id = NextChallengeId::<T>::get();
		NextChallengeId::<T>::put(id.saturating_add(1));
		let mut expires_at = n.saturating_add(p.response_window);
		let mut placed = false;
		for _ in 0..MAX_PUSH {
			if ExpiryAgenda::<T>::try_mutate(expires_at, |list| list.try_push(id)).is_ok() {
				placed = true;
				break;
			}
			expires_at = expires_at.saturating_add(1u32.into());
		}
		if placed {
			Challenges::<T>::insert(
				id,
				Challenge {
					agreement,
					provider: c.provider.clone(),
					indices: indices.clone(),
					issued_at: n,
					expires_at,
				},
			);
			ChallengesOf::<T>::insert(&c.provider, id, ());
			OpenChallenge::<T>::insert(agreement, id);
			Self::deposit_event(Event::ChallengeIssued {
				challenge: id,
				agreement,
				provider: c.provider.clone(),
				indices,
				expires_at,
			});
		}
		c.next_challenge_at = Self::schedule(agreement, n, p);
		if c.next_challenge_at.is_none() {
			Self::deposit_event(Event::SchedulingFailed { agreement });
		}
		Commitments::<T>::insert(agreement, c);
	}

	fn close_challenge(id: ChallengeId, ch: &Challenge<T>) {
		Challenges::<T>::remove(id);
		ChallengesOf::<T>::remove(&ch.provider, id);
		OpenChallenge::<T>::remove(ch.agreement);
	}

	fn expire(id: ChallengeId) {
		// Answered challenges are gone already.
		let Some(ch) = Challenges::<T>::get(id) else { return };
		Self::close_challenge(id, &ch);
		Stats::<T>::mutate(&ch.provider, |s| s.faults = s.faults.saturating_add(1));
		let max = Params::<T>::get().max_consecutive_faults;
		let mut consecutive = 0;
		let mut failed = false;
		Commitments::<T>::mutate(ch.agreement, |maybe| {
			if let Some(c) = maybe {
				c.faults = c.faults.saturating_add(1);
				c.consecutive_faults = c.consecutive_faults.saturating_add(1);
				consecutive = c.consecutive_faults;
				if c.consecutive_faults >= max && !c.failed {
					c.failed = true;
					c.next_challenge_at = None;
					failed = true;
				}
			}
		});
		Self::deposit_event(Event::ChallengeMissed {
			challenge: id,
			agreement: ch.agreement,
			consecutive,
		});
		T::OnOutcome::on_fault(ch.agreement, &ch.provider);
		if failed {
			Self::deposit_event(Event::AgreementFailed { agreement: ch.agreement });
			T::OnOutcome::on_failed(ch.agreement, &ch.provider);
		}
	}

	pub(crate) fn do_respond(
		who: T::AccountId,
		id: ChallengeId,
		proofs: BoundedVec<LeafProof<T>, T::MaxLeavesPerChallenge>,
	) -> DispatchResult {
		let ch = Challenges::<T>::get(id).ok_or(Error::<T>::ChallengeNotFound)?;
		ensure!(ch.provider == who, Error::<T>::NotChallenged);
		ensure!(Self::now() < ch.expires_at, Error::<T>::ChallengeExpired);
		ensure!(proofs.len() == ch.indices.len(), Error::<T>::WrongProofCount);
		let c = Commitments::<T>::get(ch.agreement).ok_or(Error::<T>::NoCommitment)?;
		for (index, proof) in ch.indices.iter().zip(proofs.iter()) {
			ensure!(
				merkle::verify(&c.root, c.size, *index, &proof.leaf, &proof.path),
				Error::<T>::InvalidProof
			);
		}
		Self::close_challenge(id, &ch);
		Stats::<T>::mutate(&who, |s| s.passes = s.passes.saturating_add(1));
		Commitments::<T>::mutate(ch.agreement, |maybe| {
			if let Some(c) = maybe {
				c.passes = c.passes.saturating_add(1);
				c.consecutive_faults = 0;
			}
		});
		Self::deposit_event(Event::ChallengePassed { challenge: id, agreement: ch.agreement });
		T::OnOutcome::on_pass(ch.agreement, &who);
		Ok(())
	}

	pub(crate) fn do_remove_commitment(agreement: AgreementId) -> DispatchResult {
		let c = Commitments::<T>::get(agreement).ok_or(Error::<T>::NoCommitment)?;
		ensure!(T::Agreements::active_storage(agreement).is_none(), Error::<T>::StillActive);
		T::Currency::release(
			&HoldReason::CommitmentDeposit.into(),
			&c.consumer,
			c.deposit,
			Precision::Exact,
		)?;
		if let Some(id) = OpenChallenge::<T>::get(agreement) {
			if let Some(ch) = Challenges::<T>::get(id) {
				Self::close_challenge(id, &ch);
			}
		}
		// A scheduled agenda entry stays and is skipped when its block comes.
		Commitments::<T>::remove(agreement);
		Self::deposit_event(Event::CommitmentRemoved { agreement });
		Ok(())
	}

	/// Whether payouts of `agreement` wait: its data is committed but not confirmed.
	pub fn payouts_blocked(agreement: AgreementId) -> bool {
		Commitments::<T>::get(agreement).is_some_and(|c| c.confirmed_at.is_none())
	}

	/// Whether the provider let the upload window of `agreement` pass without confirming.
	pub fn upload_overdue(agreement: AgreementId) -> bool {
		let window = Params::<T>::get().upload_window;
		Commitments::<T>::get(agreement).is_some_and(|c| {
			c.confirmed_at.is_none() && Self::now() >= c.committed_at.saturating_add(window)
		})
	}

	/// Open challenges of `provider` (for its node and the RPC).
	pub fn challenges_of(provider: &T::AccountId) -> alloc::vec::Vec<(ChallengeId, Challenge<T>)> {
		let mut open: alloc::vec::Vec<_> = ChallengesOf::<T>::iter_key_prefix(provider)
			.filter_map(|id| Challenges::<T>::get(id).map(|c| (id, c)))
			.collect();
		open.sort_by_key(|(id, _)| *id);
		open
	}

	/// The runtime API's view of the open challenges of `provider`, oldest first.
	pub fn challenge_views(
		provider: &T::AccountId,
	) -> alloc::vec::Vec<agora_primitives::proofs::ChallengeView<BlockNumberFor<T>>> {
		Self::challenges_of(provider)
			.into_iter()
			.map(|(id, c)| agora_primitives::proofs::ChallengeView {
				id,
				agreement: c.agreement,
				indices: c.indices.into_inner(),
				issued_at: c.issued_at,
				expires_at: c.expires_at,
			})
			.collect()
	}

	/// The runtime API's view of the commitment of `agreement`.
	pub fn commitment_view(
		agreement: AgreementId,
	) -> Option<agora_primitives::proofs::CommitmentView<T::AccountId, BlockNumberFor<T>>> {
		let window = Params::<T>::get().upload_window;
		Commitments::<T>::get(agreement).map(|c| agora_primitives::proofs::CommitmentView {
			agreement,
			upload_deadline: c.committed_at.saturating_add(window).saturating_sub(1u32.into()),
			consumer: c.consumer,
			provider: c.provider,
			root: c.root.into(),
			size: c.size,
			committed_at: c.committed_at,
			confirmed_at: c.confirmed_at,
			next_challenge_at: c.next_challenge_at,
			passes: c.passes,
			faults: c.faults,
			consecutive_faults: c.consecutive_faults,
			failed: c.failed,
			deposit: c.deposit,
		})
	}

	/// The runtime API's view of a provider's record.
	pub fn stats_view(provider: &T::AccountId) -> agora_primitives::proofs::ProofStatsView {
		let s = Stats::<T>::get(provider);
		agora_primitives::proofs::ProofStatsView {
			passes: s.passes,
			faults: s.faults,
			open: ChallengesOf::<T>::iter_key_prefix(provider).count() as u32,
		}
	}

	/// Invariants: held deposits equal the commitments' records; every open challenge is
	/// indexed for its provider and agreement, belongs to a commitment, and is on the expiry
	/// agenda; at most one open challenge per agreement.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut deposits: BTreeMap<T::AccountId, agora_primitives::Balance> = BTreeMap::new();
		for (_, c) in Commitments::<T>::iter() {
			let d = deposits.entry(c.consumer.clone()).or_default();
			*d = d.saturating_add(c.deposit);
		}
		for (who, sum) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who) == sum,
				"held commitment deposits differ from the records"
			);
		}
		let mut open = 0u32;
		for (id, ch) in Challenges::<T>::iter() {
			open = open.saturating_add(1);
			ensure!(Commitments::<T>::contains_key(ch.agreement), "challenge without commitment");
			ensure!(ChallengesOf::<T>::contains_key(&ch.provider, id), "challenge not indexed");
			ensure!(OpenChallenge::<T>::get(ch.agreement) == Some(id), "open challenge mismatch");
			ensure!(
				ExpiryAgenda::<T>::get(ch.expires_at).contains(&id),
				"challenge missing from the expiry agenda"
			);
		}
		ensure!(ChallengesOf::<T>::iter().count() as u32 == open, "stale provider index");
		ensure!(OpenChallenge::<T>::iter().count() as u32 == open, "stale agreement index");
		Ok(())
	}
}
