//! The jobs pallet's invariants (`try_state`), also checked after every unit test.

use super::*;
use agora_primitives::{
	jobs::{JobStatus, SlotState},
	Balance,
};
use frame_support::ensure;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// * the pot holds at least its existential deposit plus every live job's unpaid reward and
	///   its workers' collateral; finished jobs hold nothing there;
	/// * each account's deposit hold equals the deposits of its jobs;
	/// * every job is in its consumer's index, and every unfinished job's slots in their
	///   workers' indexes; every index entry points at such a job;
	/// * each worker's running count equals its accepted slots of unfinished jobs outside
	///   agreements; the draw list is dense and agrees with [`Workers`];
	/// * the jobs under each agreement are counted;
	/// * a job is on the draw agenda exactly where it says, and only while assigning; an
	///   assigning job before its deadline with slots to draw has a draw queued, or its redraw
	///   was dropped (`advance` queues it), or nobody is left to try;
	/// * every slot's worker (outside agreements) is among the job's tried workers, so it is
	///   never drawn twice;
	/// * slots never exceed replicas, and collateral is held exactly by accepted slots.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::{Inspect, InspectHold};

		let mut held: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let mut in_pot: Balance = 0;
		let mut running: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut under: BTreeMap<AgreementId, u32> = BTreeMap::new();
		let mut jobs = 0u32;
		let mut slots_live = 0u32;
		let now = Self::now();
		for (id, job) in Jobs::<T>::iter() {
			jobs = jobs.saturating_add(1);
			ensure!(id < NextJobId::<T>::get(), "job id not handed out yet");
			ensure!(
				JobsOf::<T>::contains_key(&job.consumer, BigEndianId::from(id)),
				"job missing from its consumer's index"
			);
			ensure!(job.slots.len() as u32 <= job.replicas, "more slots than replicas");
			let h = held.entry(job.consumer.clone()).or_default();
			*h = h.saturating_add(job.deposit);
			in_pot = in_pot.saturating_add(job.escrow);
			for slot in job.slots.iter() {
				in_pot = in_pot.saturating_add(slot.collateral);
			}
			if let Some(at) = job.draw_at {
				ensure!(job.status == JobStatus::Assigning, "queued but not assigning");
				ensure!(DrawAgenda::<T>::get(at).contains(&id), "queued job not on its agenda");
			}
			if job.is_finished() {
				ensure!(job.escrow.is_zero(), "finished job holds its reward");
				ensure!(
					job.slots.iter().all(|s| s.collateral.is_zero()),
					"finished job holds collateral"
				);
				continue;
			}
			ensure!(job.escrow == job.reward, "unfinished job paid out part of its reward");
			if job.draw_dropped {
				ensure!(job.draw_at.is_none(), "a queued job marked dropped");
			}
			if job.status == JobStatus::Assigning && now < job.deadline && job.undrawn() > 0 {
				ensure!(
					job.draw_at.is_some() || job.draw_dropped || Self::exhausted(&job),
					"an assigning job's draw is lost"
				);
			}
			if job.agreement.is_none() {
				ensure!(
					job.slots.iter().all(|s| job.tried.contains(&s.worker)),
					"a slot's worker is not among the tried"
				);
			}
			if let Some(agreement) = job.agreement {
				let n = under.entry(agreement).or_default();
				*n = n.saturating_add(1);
			}
			for slot in job.slots.iter() {
				slots_live = slots_live.saturating_add(1);
				ensure!(
					JobsOfWorker::<T>::contains_key(&slot.worker, BigEndianId::from(id)),
					"slot missing from its worker's index"
				);
				let is_accepted = accepted(&slot.state);
				let expected =
					if is_accepted && job.agreement.is_none() { job.collateral } else { 0 };
				ensure!(slot.collateral == expected, "slot collateral differs from the job's");
				if is_accepted && job.agreement.is_none() {
					let r = running.entry(slot.worker.clone()).or_default();
					*r = r.saturating_add(1);
				}
				if matches!(slot.state, SlotState::Offered { .. }) {
					ensure!(job.status == JobStatus::Assigning, "an offer outside assigning");
				}
			}
		}
		let mut consumer_entries = 0u32;
		for (who, key, ()) in JobsOf::<T>::iter() {
			let job = Jobs::<T>::get(u64::from(key)).ok_or("consumer index names a missing job")?;
			ensure!(job.consumer == who, "consumer index names another's job");
			consumer_entries = consumer_entries.saturating_add(1);
			held.entry(who).or_default();
		}
		ensure!(consumer_entries == jobs, "consumer indexes and jobs disagree");
		let stats = Stats::<T>::get();
		let unfinished = Jobs::<T>::iter_values().filter(|j| !j.is_finished()).count() as u64;
		ensure!(stats.live == unfinished, "live jobs differ from a scan");
		let ended = stats
			.completed
			.saturating_add(stats.no_majority)
			.saturating_add(stats.unassigned)
			.saturating_add(stats.timed_out)
			.saturating_add(stats.cancelled)
			.saturating_add(stats.ruled);
		ensure!(
			stats.submitted == stats.live.saturating_add(ended),
			"jobs submitted are not live or ended"
		);
		ensure!(stats.submitted == NextJobId::<T>::get(), "jobs submitted differ from the ids");
		let mut worker_entries = 0u32;
		for (who, key, ()) in JobsOfWorker::<T>::iter() {
			let job = Jobs::<T>::get(u64::from(key)).ok_or("worker index names a missing job")?;
			ensure!(!job.is_finished(), "worker index names a finished job");
			ensure!(job.slots.iter().any(|s| s.worker == who), "worker index names a stranger");
			worker_entries = worker_entries.saturating_add(1);
		}
		ensure!(worker_entries == slots_live, "worker indexes and slots disagree");
		let reason = HoldReason::JobDeposit.into();
		for (who, sum) in held {
			ensure!(
				T::Currency::balance_on_hold(&reason, &who) == sum,
				"held deposits differ from the jobs' records"
			);
		}
		ensure!(
			T::Currency::balance(&Self::pot())
				>= in_pot.saturating_add(T::Currency::minimum_balance()),
			"the pot does not cover the jobs' rewards and collateral"
		);
		let count = WorkerCount::<T>::get();
		let mut listed = 0u32;
		for (who, info) in Workers::<T>::iter() {
			ensure!(
				info.running == running.get(&who).copied().unwrap_or(0),
				"running count differs from the accepted slots"
			);
			match info.index {
				Some(i) => {
					ensure!(WorkerAt::<T>::get(i).as_ref() == Some(&who), "draw list disagrees");
					listed = listed.saturating_add(1);
				},
				None => ensure!(info.running > 0, "an opted-out worker kept without jobs"),
			}
		}
		for (who, r) in running {
			ensure!(
				Workers::<T>::get(&who).map(|w| w.running) == Some(r),
				"a running worker is not recorded"
			);
		}
		ensure!(listed == count, "draw list size differs");
		for i in 0..count {
			ensure!(WorkerAt::<T>::contains_key(i), "draw list not dense");
		}
		ensure!(WorkerAt::<T>::iter_keys().count() as u32 == count, "draw list beyond its size");
		for (agreement, n) in ActiveUnderAgreement::<T>::iter() {
			ensure!(under.remove(&agreement) == Some(n), "jobs under an agreement miscounted");
		}
		ensure!(under.is_empty(), "jobs under an agreement not counted");
		for (at, list) in DrawAgenda::<T>::iter() {
			for id in list {
				let job = Jobs::<T>::get(id).ok_or("agenda names a missing job")?;
				ensure!(job.draw_at == Some(at), "agenda entry the job does not know");
			}
		}
		Ok(())
	}
}
