//! What `on_initialize` does each block: count the challenges expiring now as faults, start or
//! stretch the audit round, issue the challenges drawn in the last block (with leaf indices
//! from this block's randomness), then draw the next ones.

use super::*;
use agora_primitives::merkle;
use frame_support::{pallet_prelude::Weight, traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto};

impl<T: Config> Pallet<T> {
	/// `on_initialize` of block `n`:
	/// 1. the challenges expiring at `n` are faults (before anything new is issued, so an
	///    agreement failed by its last miss gets no new challenge);
	/// 2. a new round starts if the current one is over: every commitment drawn and at least
	///    `challenge_period` blocks passed; a round still drawing when it reaches that length
	///    is stretched;
	/// 3. with this block's randomness, the challenges drawn in the last block are issued, and
	///    this block's draws are made. Without randomness neither happens: both wait.
	///
	/// Expiries, issues and draws are each at most `MaxChallengesPerBlock`.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let params = Params::<T>::get();
		let expiring = ExpiryAgenda::<T>::take(n);
		let expired = expiring.len() as u32;
		for challenge in expiring {
			Self::expire(challenge, &params);
		}

		let count = AuditCount::<T>::get();
		let round = Round::<T>::get();
		let min_end = round.started_at.saturating_add(params.challenge_period);
		if count > 0 && round.cursor >= count && n >= min_end {
			Self::start_round(round.index.saturating_add(1), n, count);
		} else if round.cursor < count && n == min_end {
			Self::deposit_event(Event::AuditRoundStretched {
				pending: count.saturating_sub(round.cursor),
			});
		}

		let round = Round::<T>::get();
		if PendingIndices::<T>::decode_len().unwrap_or(0) == 0 && round.cursor >= count {
			return T::WeightInfo::on_initialize(0, expired);
		}
		let Some(random) = Self::randomness() else {
			if !RandomnessMissing::<T>::get() {
				RandomnessMissing::<T>::put(true);
				Self::deposit_event(Event::RandomnessUnavailable { block: n });
			}
			return T::WeightInfo::on_initialize(0, expired);
		};
		if RandomnessMissing::<T>::get() {
			RandomnessMissing::<T>::kill();
		}
		let issued = Self::issue_pending(&random, n, &params);
		let drawn = Self::draw(&random, n, &params);
		T::WeightInfo::on_initialize(issued.max(drawn), expired)
	}

	/// Stage two: issue the challenges of the agreements drawn in the last block, with leaf
	/// indices from this block's `random`ness, expiring exactly `response_window` blocks from
	/// now. Returns how many agreements it handled.
	fn issue_pending(
		random: &T::Hash,
		n: BlockNumberFor<T>,
		p: &ProofParams<BlockNumberFor<T>>,
	) -> u32 {
		let queue = PendingIndices::<T>::take();
		let handled = queue.len() as u32;
		let expires_at = n.saturating_add(p.response_window);
		let mut deferred = BoundedVec::<AgreementId, T::MaxChallengesPerBlock>::new();
		for agreement in queue {
			let Some(mut c) = Commitments::<T>::get(agreement) else { continue };
			if c.slot.is_none() || OpenChallenge::<T>::contains_key(agreement) {
				continue;
			}
			if T::Agreements::active_storage(agreement).is_none() {
				Self::end_audit(agreement, c);
				continue;
			}
			let id = NextChallengeId::<T>::get();
			// Each block issues at most `MaxChallengesPerBlock`, all expiring in one block, so
			// this fits unless governance just changed `response_window`: then the challenge
			// waits a block (its indices are drawn then).
			if ExpiryAgenda::<T>::try_mutate(expires_at, |list| list.try_push(id)).is_err() {
				if deferred.try_push(agreement).is_err() {
					log::error!(target: LOG_TARGET, "agreement {agreement}: no room to defer");
				}
				continue;
			}
			NextChallengeId::<T>::put(id.saturating_add(1));
			let indices = Self::challenge_indices(
				random,
				n,
				agreement,
				merkle::leaf_count(c.size),
				p.leaves_per_challenge,
			);
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
			Self::count(|n| {
				n.issued = n.issued.saturating_add(1);
				n.open = n.open.saturating_add(1);
			});
			c.last_challenged_at = Some(n);
			let provider = c.provider.clone();
			Commitments::<T>::insert(agreement, c);
			Self::deposit_event(Event::ChallengeIssued {
				challenge: id,
				agreement,
				provider,
				indices,
				expires_at,
			});
		}
		if !deferred.is_empty() {
			PendingIndices::<T>::put(deferred);
		}
		handled
	}

	/// Stage one: draw this block's share of the round's pending commitments with `random`
	/// and queue them in [`PendingIndices`] for the next block. Returns how many it drew.
	fn draw(random: &T::Hash, n: BlockNumberFor<T>, p: &ProofParams<BlockNumberFor<T>>) -> u32 {
		let mut round = Round::<T>::get();
		let mut count = AuditCount::<T>::get();
		let pending = count.saturating_sub(round.cursor);
		if pending == 0 {
			return 0;
		}
		// Blocks left in the round's shortest length, this one included.
		let left: u32 = round
			.started_at
			.saturating_add(p.challenge_period)
			.saturating_sub(n)
			.unique_saturated_into();
		let left = left.max(1);
		// floor(pending / left) draws, plus one with probability (pending mod left) / left:
		// every pending commitment has the same chance in each remaining block, and there are
		// never more than ceil(pending / left) draws.
		let whole = pending.checked_div(left).unwrap_or(pending);
		let rest = u64::from(pending.checked_rem(left).unwrap_or(0));
		let roll = Self::seed(random, b"agora/audit/share", n, 0, 0)
			.checked_rem(u64::from(left))
			.unwrap_or(0);
		let wanted = if roll < rest { whole.saturating_add(1) } else { whole };
		let mut queue = PendingIndices::<T>::get();
		let room = T::MaxChallengesPerBlock::get().saturating_sub(queue.len() as u32);
		let m = wanted.min(room);
		let mut drawn = 0u32;
		for i in 0..m {
			let pending = count.saturating_sub(round.cursor);
			if pending == 0 {
				break;
			}
			drawn = drawn.saturating_add(1);
			let offset = Self::seed(random, b"agora/audit/draw", n, 0, i)
				.checked_rem(u64::from(pending))
				.unwrap_or(0);
			let j = round.cursor.saturating_add(offset.unique_saturated_into());
			Self::swap_entries(round.cursor, j);
			let Some(agreement) = Audited::<T>::get(round.cursor) else {
				log::error!(target: LOG_TARGET, "no audit set entry at the cursor {}", round.cursor);
				break;
			};
			if T::Agreements::active_storage(agreement).is_none() {
				// The obligation is gone: leave the set; this draw does not count.
				queue.retain(|a| *a != agreement);
				Self::remove_slot(round.cursor, &mut round, &mut count);
				Commitments::<T>::mutate(agreement, |maybe| {
					if let Some(c) = maybe {
						c.slot = None;
					}
				});
				Self::deposit_event(Event::AuditEnded { agreement });
				continue;
			}
			// Its last challenge (of the previous round) is still open or not issued yet: it
			// stays to draw, so it never has two open and still gets its own challenge in this
			// round once that one is answered or expired.
			if OpenChallenge::<T>::contains_key(agreement) || queue.contains(&agreement) {
				continue;
			}
			round.cursor = round.cursor.saturating_add(1);
			if queue.try_push(agreement).is_err() {
				log::error!(target: LOG_TARGET, "agreement {agreement}: no room to queue");
			}
		}
		Round::<T>::put(round);
		AuditCount::<T>::put(count);
		PendingIndices::<T>::put(queue);
		drawn
	}

	/// `agreement` is no longer an active storage agreement: take it out of the audit set (its
	/// commitment `c` stays until it is removed).
	fn end_audit(agreement: AgreementId, mut c: Commitment<T::AccountId, BlockNumberFor<T>>) {
		Self::leave_audit(agreement, &mut c);
		Commitments::<T>::insert(agreement, c);
		Self::deposit_event(Event::AuditEnded { agreement });
	}

	fn expire(id: ChallengeId, p: &ProofParams<BlockNumberFor<T>>) {
		// Answered challenges are gone already.
		let Some(ch) = Challenges::<T>::get(id) else { return };
		Self::close_challenge(id, &ch);
		Self::count_outcome(false, p);
		Stats::<T>::mutate(&ch.provider, |s| s.faults = s.faults.saturating_add(1));
		let mut consecutive = 0;
		let mut failed = false;
		if let Some(mut c) = Commitments::<T>::get(ch.agreement) {
			c.faults = c.faults.saturating_add(1);
			c.consecutive_faults = c.consecutive_faults.saturating_add(1);
			consecutive = c.consecutive_faults;
			if c.consecutive_faults >= p.max_consecutive_faults && !c.failed {
				c.failed = true;
				Self::leave_audit(ch.agreement, &mut c);
				failed = true;
			}
			Commitments::<T>::insert(ch.agreement, c);
		}
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
}
