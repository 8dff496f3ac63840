//! The logic of the disputes pallet.

use crate::{pallet::*, types::*, MAX_LISTED_DISPUTES};
use agora_primitives::{
	disputes::{DisputeId, DisputeStatus, DisputeSubject, DisputeView, Ruling, RulingPayout},
	jobs::JobId,
	market::AgreementId,
	reputation::DisputeOutcome,
	traits::{DisputedAgreements, DisputedJobs, OnAgreementClosed, OnJobClosed, ReputationEvents},
	Balance, BigEndianId,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::Mutate, tokens::Preservation, Get, SortedMembers},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{traits::Saturating, Perbill};

impl<T: Config> Pallet<T> {
	/// The pallet's pot: the bonds of open disputes, plus the existential deposit minted at
	/// genesis.
	pub fn pot() -> T::AccountId {
		sp_runtime::traits::AccountIdConversion::into_account_truncating(&T::PalletId::get())
	}

	pub(crate) fn params_valid(params: &DisputeParams<BlockNumberFor<T>>) -> bool {
		let zero: BlockNumberFor<T> = 0u32.into();
		params.evidence_period > zero
			&& params.voting_period > zero
			&& params.committee_term > zero
			&& params.dismissal_forfeit_percent <= 100
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn get(id: DisputeId) -> Result<Dispute<T>, Error<T>> {
		Disputes::<T>::get(id).ok_or(Error::<T>::DisputeNotFound)
	}

	/// The committee at this moment minus the two parties, in account order, at most
	/// `MaxPanel` of them.
	pub fn panel_for(
		consumer: &T::AccountId,
		provider: &T::AccountId,
	) -> BoundedVec<T::AccountId, T::MaxPanel> {
		let mut members: Vec<T::AccountId> = T::Committee::sorted_members()
			.into_iter()
			.filter(|m| m != consumer && m != provider)
			.collect();
		members.sort();
		members.dedup();
		BoundedVec::truncate_from(members)
	}

	pub(crate) fn do_open(
		who: T::AccountId,
		subject: DisputeSubject,
		reason_hash: H256,
	) -> DispatchResult {
		ensure!(!DisputeOf::<T>::contains_key(subject), Error::<T>::AlreadyDisputed);
		let id = NextDisputeId::<T>::get();
		let (consumer, provider, at_stake) = match subject {
			DisputeSubject::Agreement(agreement) => T::Agreements::freeze(agreement, &who)?,
			DisputeSubject::Job(job) => T::Jobs::freeze(job, &who, id)?,
		};
		let panel = Self::panel_for(&consumer, &provider);
		ensure!(!panel.is_empty(), Error::<T>::NoPanel);
		let params = Params::<T>::get();
		// The bond grows with what the dispute is about, so disputing a large agreement is not
		// a cheap option.
		let bond = params.min_bond.max(params.bond_permill.mul_ceil(at_stake));
		// Into the pot by a plain transfer, which respects locks and freezes: tokens that back
		// an election vote cannot back a bond as well.
		T::Currency::transfer(&who, &Self::pot(), bond, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBond)?;

		for party in [&consumer, &provider] {
			DisputesOf::<T>::insert(party, BigEndianId::from(id), ());
		}
		NextDisputeId::<T>::put(id.saturating_add(1));
		let now = Self::now();
		let evidence_ends = now.saturating_add(params.evidence_period);
		let voting_ends = evidence_ends.saturating_add(params.voting_period);
		Disputes::<T>::insert(
			id,
			Dispute {
				subject,
				consumer,
				provider,
				opener: who.clone(),
				bond,
				reason_hash,
				opened_at: now,
				evidence_ends,
				voting_ends,
				panel: panel.clone(),
				votes: BoundedVec::new(),
				evidence: BoundedVec::new(),
				status: DisputeStatus::Open,
				resolved_at: None,
			},
		);
		DisputeOf::<T>::insert(subject, id);
		Self::count(|c| {
			c.opened = c.opened.saturating_add(1);
			c.open = c.open.saturating_add(1);
		});
		Self::deposit_event(Event::Opened {
			dispute: id,
			subject,
			opener: who,
			bond,
			panel,
			evidence_ends,
			voting_ends,
		});
		Ok(())
	}

	pub(crate) fn do_submit_evidence(
		who: T::AccountId,
		id: DisputeId,
		evidence_hash: H256,
	) -> DispatchResult {
		let mut d = Self::get(id)?;
		ensure!(d.status == DisputeStatus::Open, Error::<T>::NotOpen);
		ensure!(who == d.consumer || who == d.provider, Error::<T>::NotParty);
		ensure!(Self::now() < d.evidence_ends, Error::<T>::EvidencePeriodOver);
		// Each party gets half of the room, so neither can crowd the other out.
		let filed = d.evidence.iter().filter(|(by, _)| *by == who).count() as u32;
		ensure!(filed < T::MaxEvidence::get() / 2, Error::<T>::TooMuchEvidence);
		d.evidence
			.try_push((who.clone(), evidence_hash))
			.map_err(|_| Error::<T>::TooMuchEvidence)?;
		Disputes::<T>::insert(id, d);
		Self::deposit_event(Event::EvidenceSubmitted { dispute: id, who, evidence_hash });
		Ok(())
	}

	pub(crate) fn do_vote(who: T::AccountId, id: DisputeId, ruling: Ruling) -> DispatchResult {
		let mut d = Self::get(id)?;
		ensure!(d.status == DisputeStatus::Open, Error::<T>::NotOpen);
		ensure!(d.panel.binary_search(&who).is_ok(), Error::<T>::NotPanelMember);
		let now = Self::now();
		ensure!(now >= d.evidence_ends, Error::<T>::VotingNotStarted);
		ensure!(now < d.voting_ends, Error::<T>::VotingOver);
		match d.votes.binary_search_by(|(m, _)| m.cmp(&who)) {
			Ok(i) => {
				if let Some(vote) = d.votes.get_mut(i) {
					vote.1 = ruling;
				}
			},
			Err(i) => d
				.votes
				.try_insert(i, (who.clone(), ruling))
				.map_err(|_| Error::<T>::NotPanelMember)?,
		}
		Disputes::<T>::insert(id, d);
		Self::deposit_event(Event::Voted { dispute: id, member: who, ruling });
		Ok(())
	}

	/// The ruling more than half of the panel voted for, if any.
	pub fn majority(d: &Dispute<T>) -> Option<Ruling> {
		let panel = d.panel.len();
		d.votes.iter().map(|(_, r)| *r).find(|candidate| {
			let count = d.votes.iter().filter(|(_, r)| r == candidate).count();
			count.saturating_mul(2) > panel
		})
	}

	pub(crate) fn do_resolve(id: DisputeId) -> DispatchResult {
		let d = Self::get(id)?;
		ensure!(d.status == DisputeStatus::Open, Error::<T>::NotOpen);
		match Self::majority(&d) {
			Some(ruling) => Self::rule(id, d, ruling),
			None => {
				ensure!(Self::now() >= d.voting_ends, Error::<T>::NotResolvable);
				Self::dismiss(id, d)
			},
		}
	}

	/// Execute the panel's majority `ruling`: the agreement divides the value served since the
	/// last payout, the bond goes to the winner (back to the opener on a split), and the
	/// reputation follows the ruling.
	fn rule(id: DisputeId, mut d: Dispute<T>, ruling: Ruling) -> DispatchResult {
		let payout: RulingPayout = match d.subject {
			DisputeSubject::Agreement(agreement) => T::Agreements::execute(agreement, ruling)?,
			DisputeSubject::Job(job) => T::Jobs::execute(job, ruling)?,
		};
		let (winner, outcome) = match ruling {
			Ruling::FavourConsumer => (Some(&d.consumer), DisputeOutcome::ConsumerWon),
			Ruling::FavourProvider => (Some(&d.provider), DisputeOutcome::ProviderWon),
			Ruling::Split(_) => (None, DisputeOutcome::Split),
		};
		let bond_to = match winner {
			Some(winner) if *winner != d.opener => winner.clone(),
			_ => d.opener.clone(),
		};
		// Both parties' accounts exist (a record deposit, a provider bond), so any amount can
		// be received; the pot keeps its existential deposit.
		T::Currency::transfer(&Self::pot(), &bond_to, d.bond, Preservation::Preserve)?;
		T::Reputation::dispute_resolved(&d.consumer, &d.provider, outcome);
		d.status = DisputeStatus::Resolved(ruling);
		Self::count(|c| {
			c.open = c.open.saturating_sub(1);
			c.resolved = c.resolved.saturating_add(1);
		});
		d.resolved_at = Some(Self::now());
		let subject = d.subject;
		Disputes::<T>::insert(id, d);
		Self::deposit_event(Event::Resolved {
			dispute: id,
			subject,
			ruling,
			to_consumer: payout.to_consumer,
			to_provider: payout.to_provider,
			bond_to,
		});
		Ok(())
	}

	/// No majority by the end of the voting period: the dispute was not worth the panel's
	/// agreement, so it is no ruling at all. The agreement goes on as it was, the opener
	/// forfeits `dismissal_forfeit_percent` of its bond to the other party (opening a dispute
	/// is never a free option), and no reputation evidence is recorded.
	fn dismiss(id: DisputeId, mut d: Dispute<T>) -> DispatchResult {
		match d.subject {
			DisputeSubject::Agreement(agreement) => T::Agreements::dismiss(agreement)?,
			DisputeSubject::Job(job) => T::Jobs::dismiss(job)?,
		}
		let other = if d.opener == d.consumer { &d.provider } else { &d.consumer };
		let percent = Params::<T>::get().dismissal_forfeit_percent.min(100);
		let forfeited = Perbill::from_percent(percent).mul_floor(d.bond);
		let pot = Self::pot();
		T::Currency::transfer(&pot, other, forfeited, Preservation::Preserve)?;
		T::Currency::transfer(
			&pot,
			&d.opener,
			d.bond.saturating_sub(forfeited),
			Preservation::Preserve,
		)?;
		T::Reputation::dispute_resolved(&d.consumer, &d.provider, DisputeOutcome::Dismissed);
		d.status = DisputeStatus::Dismissed;
		Self::count(|c| {
			c.open = c.open.saturating_sub(1);
			c.dismissed = c.dismissed.saturating_add(1);
		});
		d.resolved_at = Some(Self::now());
		let subject = d.subject;
		let to = other.clone();
		Disputes::<T>::insert(id, d);
		Self::deposit_event(Event::Dismissed { dispute: id, subject, forfeited, to });
		Ok(())
	}

	// ---- views ----

	/// The runtime API's view of a dispute.
	pub fn dispute(id: DisputeId) -> Option<DisputeView<T::AccountId, BlockNumberFor<T>>> {
		let d = Disputes::<T>::get(id)?;
		Some(DisputeView {
			id,
			subject: d.subject,
			consumer: d.consumer,
			provider: d.provider,
			opener: d.opener,
			bond: d.bond,
			reason_hash: d.reason_hash,
			opened_at: d.opened_at,
			evidence_ends: d.evidence_ends,
			voting_ends: d.voting_ends,
			panel: d.panel.into_inner(),
			votes: d.votes.into_inner(),
			evidence: d.evidence.into_inner(),
			status: d.status,
			resolved_at: d.resolved_at,
		})
	}

	/// The disputes `who` is party to, oldest first (until their agreements are closed), at
	/// most [`MAX_LISTED_DISPUTES`] of them.
	pub fn disputes_of(who: &T::AccountId) -> Vec<DisputeView<T::AccountId, BlockNumberFor<T>>> {
		// The index walks in id order (big-endian keys): the first entries are the oldest.
		DisputesOf::<T>::iter_key_prefix(who)
			.take(MAX_LISTED_DISPUTES)
			.filter_map(|key| Self::dispute(key.into()))
			.collect()
	}

	/// Invariants: the pot holds at least its existential deposit plus every open dispute's
	/// bond; the agreement index and the party indexes match the disputes; panels and votes
	/// are sorted and votes come from the panel.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::Inspect;
		let mut bonds: BTreeMap<T::AccountId, agora_primitives::Balance> = BTreeMap::new();
		let (mut open, mut resolved, mut dismissed) = (0u32, 0u64, 0u64);
		for (id, d) in Disputes::<T>::iter() {
			match d.status {
				DisputeStatus::Open => open = open.saturating_add(1),
				DisputeStatus::Resolved(_) => resolved = resolved.saturating_add(1),
				DisputeStatus::Dismissed => dismissed = dismissed.saturating_add(1),
			}
			ensure!(DisputeOf::<T>::get(d.subject) == Some(id), "dispute missing from its index");
			ensure!(id < NextDisputeId::<T>::get(), "dispute id from the future");
			for party in [&d.consumer, &d.provider] {
				ensure!(
					DisputesOf::<T>::contains_key(party, BigEndianId::from(id)),
					"dispute missing from a party's index"
				);
				ensure!(d.panel.binary_search(party).is_err(), "a party sits on its own panel");
			}
			ensure!(d.panel.windows(2).all(|w| matches!(w, [a, b] if a < b)), "panel not sorted");
			ensure!(
				d.votes.windows(2).all(|w| matches!(w, [(a, _), (b, _)] if a < b)),
				"votes not sorted"
			);
			for (member, _) in d.votes.iter() {
				ensure!(d.panel.binary_search(member).is_ok(), "a vote from outside the panel");
			}
			if d.status == DisputeStatus::Open {
				let b = bonds.entry(d.opener.clone()).or_default();
				*b = b.saturating_add(d.bond);
			}
		}
		let c = Counters::<T>::get();
		ensure!(c.open == open, "open disputes differ from a scan");
		ensure!(
			c.resolved >= resolved && c.dismissed >= dismissed,
			"fewer ended disputes counted than are stored"
		);
		ensure!(
			c.opened
				== u64::from(c.open)
					.saturating_add(c.resolved)
					.saturating_add(c.dismissed)
					.saturating_add(c.dropped),
			"disputes opened are not open, resolved, dismissed or dropped"
		);
		ensure!(c.opened == NextDisputeId::<T>::get(), "disputes opened differ from the ids");
		for (subject, id) in DisputeOf::<T>::iter() {
			ensure!(
				Disputes::<T>::get(id).is_some_and(|d| d.subject == subject),
				"index points at a missing dispute"
			);
		}
		for (who, key, ()) in DisputesOf::<T>::iter() {
			let id = DisputeId::from(key);
			ensure!(
				Disputes::<T>::get(id).is_some_and(|d| d.consumer == who || d.provider == who),
				"a party's index names a stranger's or a missing dispute"
			);
		}
		let bonds: agora_primitives::Balance =
			bonds.values().fold(0, |sum, bond| sum.saturating_add(*bond));
		// Anyone may send tokens to the pot, so it may hold more, never less.
		ensure!(
			T::Currency::balance(&Self::pot())
				>= bonds.saturating_add(T::Currency::minimum_balance()),
			"the pot does not cover the open disputes' bonds"
		);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// Remove the dispute of `subject`, whose record was closed, with its index entries.
	fn remove_dispute_of(subject: DisputeSubject) {
		let Some(id) = DisputeOf::<T>::take(subject) else { return };
		let mut refunded: Balance = 0;
		if let Some(d) = Disputes::<T>::take(id) {
			for party in [&d.consumer, &d.provider] {
				DisputesOf::<T>::remove(party, BigEndianId::from(id));
			}
			if d.status == DisputeStatus::Open {
				// Its subject ended before a ruling (an agreement that failed while disputed, then
				// was closed): nobody won, so the bond goes back to the opener rather than
				// staying in the pot for good. The pot holds every open bond (`try_state`), so
				// the transfer only fails if the pot was robbed; then the bond stays there.
				if T::Currency::transfer(&Self::pot(), &d.opener, d.bond, Preservation::Preserve)
					.is_ok()
				{
					refunded = d.bond;
				}
				Self::count(|c| {
					c.open = c.open.saturating_sub(1);
					c.dropped = c.dropped.saturating_add(1);
				});
			}
		}
		Self::deposit_event(Event::Removed { dispute: id, refunded });
	}

	/// What [`Self::remove_dispute_of`] costs at most: the index, the dispute, both parties'
	/// index entries, the counters, and the bond's transfer from the pot to the opener (both
	/// accounts).
	fn remove_dispute_weight() -> frame_support::weights::Weight {
		T::DbWeight::get().reads_writes(5, 7)
	}

	/// Change the disputes' counters.
	fn count(f: impl FnOnce(&mut agora_primitives::stats::DisputeCounters)) {
		Counters::<T>::mutate(f);
	}
}

impl<T: Config> OnAgreementClosed for Pallet<T> {
	fn closed(agreement: AgreementId) {
		Self::remove_dispute_of(DisputeSubject::Agreement(agreement));
	}

	fn closed_weight() -> frame_support::weights::Weight {
		Self::remove_dispute_weight()
	}
}

impl<T: Config> OnJobClosed for Pallet<T> {
	fn job_closed(job: JobId) {
		Self::remove_dispute_of(DisputeSubject::Job(job));
	}

	fn job_closed_weight() -> frame_support::weights::Weight {
		Self::remove_dispute_weight()
	}
}
