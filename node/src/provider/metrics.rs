//! Prometheus metrics of provider mode (issue 14), registered in the node's own registry, so
//! they are served with the node's other metrics on `--prometheus-port` (`/metrics`).
//!
//! With `--no-prometheus` there is no registry and nothing is registered: provider mode holds
//! an `Option<Metrics>` and every update is skipped. A registration that fails (a name taken
//! twice) is logged and provider mode runs on without metrics.
//!
//! | metric | type | updated in |
//! |--------|------|------------|
//! | `agora_provider_challenges_answered_total` | counter | [`super::responder`], an answer accepted by the pool (once per challenge) |
//! | `agora_provider_challenges_missed_total{reason}` | counter | [`super::responder`]: `unprovable` when no valid proof can be built, `expired` when a challenge leaves the open list at or after its deadline (once per challenge) |
//! | `agora_provider_answer_submit_errors_total` | counter | [`super::responder`], every answer the pool refused |
//! | `agora_provider_proof_build_seconds` | histogram | [`super::responder`], proofs of one challenge built and checked |
//! | `agora_provider_stored_bytes`, `agora_provider_agreements_held`, `agora_provider_uploads_in_progress` | gauges | [`Metrics::observe_store`], every new best block |
//! | `agora_provider_jobs_running`, `agora_provider_jobs_completed_total`, `agora_provider_jobs_failed_total` | gauge, counters | [`Metrics::observe_jobs`], every new best block |

use super::{job_worker::RunStats, Provider, LOG_TARGET};
use std::{collections::HashSet, time::Duration};
use substrate_prometheus_endpoint::{
	exponential_buckets, register, Counter, CounterVec, Gauge, Histogram, HistogramOpts, Opts,
	PrometheusError, Registry, U64,
};

/// Why a challenge counts as missed (the `reason` label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missed {
	/// The node could not build a valid proof (data lost or damaged).
	Unprovable,
	/// The challenge was still open at its deadline (not answered in time, or the answer never
	/// made it into a block).
	Expired,
}

impl Missed {
	fn label(self) -> &'static str {
		match self {
			Self::Unprovable => "unprovable",
			Self::Expired => "expired",
		}
	}
}

/// The metrics of provider mode.
#[derive(Clone)]
pub struct Metrics {
	challenges_answered: Counter<U64>,
	challenges_missed: CounterVec<U64>,
	answer_submit_errors: Counter<U64>,
	proof_build: Histogram,
	stored_bytes: Gauge<U64>,
	agreements_held: Gauge<U64>,
	uploads_in_progress: Gauge<U64>,
	jobs_running: Gauge<U64>,
	jobs_completed: Counter<U64>,
	jobs_failed: Counter<U64>,
}

impl Metrics {
	/// Register the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let counter = |name: &str, help: &str| register(Counter::new(name, help)?, registry);
		let gauge = |name: &str, help: &str| register(Gauge::new(name, help)?, registry);
		let challenges_missed = register(
			CounterVec::new(
				Opts::new(
					"agora_provider_challenges_missed_total",
					"Storage challenges this node missed, once per challenge: `unprovable` (no \
					 valid proof could be built from the data held) or `expired` (still open at \
					 its deadline)",
				),
				&["reason"],
			)?,
			registry,
		)?;
		// Both series exist from the start, at 0, so rate() and alerts see them.
		for reason in [Missed::Unprovable, Missed::Expired] {
			challenges_missed.with_label_values(&[reason.label()]);
		}
		Ok(Self {
			challenges_answered: counter(
				"agora_provider_challenges_answered_total",
				"Storage challenges this node answered (an answer accepted by the transaction \
				 pool, once per challenge)",
			)?,
			challenges_missed,
			answer_submit_errors: counter(
				"agora_provider_answer_submit_errors_total",
				"Answers to storage challenges the transaction pool refused (each attempt; the \
				 node tries again on the next block)",
			)?,
			proof_build: register(
				Histogram::with_opts(
					HistogramOpts::new(
						"agora_provider_proof_build_seconds",
						"Time to build and check the proofs of one storage challenge",
					)
					// 100 µs (a few leaves from the page cache) to 6.5 s (slow disks, object
					// storage).
					.buckets(exponential_buckets(0.000_1, 4.0, 9)?),
				)?,
				registry,
			)?,
			stored_bytes: gauge(
				"agora_provider_stored_bytes",
				"Bytes of consumers' data stored and verified against their commitments",
			)?,
			agreements_held: gauge(
				"agora_provider_agreements_held",
				"Agreements whose data is stored and verified",
			)?,
			uploads_in_progress: gauge(
				"agora_provider_uploads_in_progress",
				"Agreements with data received but not (yet) verified and stored: uploads \
				 receiving or being verified",
			)?,
			jobs_running: gauge(
				"agora_provider_jobs_running",
				"Compute jobs this node is running now",
			)?,
			jobs_completed: counter(
				"agora_provider_jobs_completed_total",
				"Compute job runs that produced a result (whatever its status byte)",
			)?,
			jobs_failed: counter(
				"agora_provider_jobs_failed_total",
				"Compute job runs that failed on this node (a machine fault or a blob that did \
				 not match); tried again later",
			)?,
		})
	}

	/// The metrics in `registry`, or `None` without a registry (`--no-prometheus`) or if they
	/// cannot be registered (logged; provider mode runs on without them).
	pub fn register_or_warn(registry: Option<&Registry>) -> Option<Self> {
		match Self::register(registry?) {
			Ok(metrics) => Some(metrics),
			Err(e) => {
				log::warn!(
					target: LOG_TARGET,
					"cannot register the provider metrics: {e}; running without them"
				);
				None
			},
		}
	}

	/// An answer to a challenge went into the pool for the first time.
	pub fn challenge_answered(&self) {
		self.challenges_answered.inc();
	}

	/// A challenge counts as missed, for `reason`.
	pub fn challenge_missed(&self, reason: Missed) {
		self.challenges_missed.with_label_values(&[reason.label()]).inc();
	}

	/// The pool refused an answer.
	pub fn answer_submit_error(&self) {
		self.answer_submit_errors.inc();
	}

	/// The proofs of one challenge took `took` to build and check.
	pub fn proof_built(&self, took: Duration) {
		self.proof_build.observe(took.as_secs_f64());
	}

	/// Set the store's gauges from `provider`: bytes and agreements stored and verified, and
	/// uploads under way (agreements with a blob that is not stored yet).
	pub fn observe_store(&self, provider: &Provider) {
		let stored = provider.stored();
		let bytes: u64 = stored
			.iter()
			.filter_map(|id| provider.store.size(*id).ok().flatten())
			.fold(0, u64::saturating_add);
		self.stored_bytes.set(bytes);
		self.agreements_held.set(stored.len() as u64);
		if let Ok(blobs) = provider.store.list() {
			let stored: HashSet<_> = stored.into_iter().collect();
			self.uploads_in_progress
				.set(blobs.iter().filter(|id| !stored.contains(id)).count() as u64);
		}
	}

	/// Set the jobs' metrics: `running` runs going, and the counters moved on by what `stats`
	/// gained since `last` (the worker's totals when last observed).
	pub fn observe_jobs(&self, running: usize, stats: RunStats, last: RunStats) {
		self.jobs_running.set(running as u64);
		self.jobs_completed.inc_by(stats.runs.saturating_sub(last.runs));
		self.jobs_failed.inc_by(stats.failed.saturating_sub(last.failed));
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::protocol::UploadState;
	use agora_primitives::merkle;
	use std::{sync::Arc, time::Instant};
	use substrate_prometheus_endpoint::prometheus::{Encoder, TextEncoder};

	/// The registry in the text format `/metrics` serves.
	fn text(registry: &Registry) -> String {
		let mut out = Vec::new();
		TextEncoder::new().encode(&registry.gather(), &mut out).unwrap();
		String::from_utf8(out).unwrap()
	}

	/// The value of the sample `series` (name and labels, as printed) in `text`.
	fn value(text: &str, series: &str) -> Option<f64> {
		text.lines().find_map(|line| {
			let rest = line.strip_prefix(series)?.strip_prefix(' ')?;
			rest.parse().ok()
		})
	}

	#[test]
	fn metrics_are_registered_once_and_counted() {
		let registry = Registry::new();
		let metrics = Metrics::register_or_warn(Some(&registry)).expect("registered");
		let out = text(&registry);
		for series in [
			"agora_provider_challenges_answered_total",
			"agora_provider_challenges_missed_total{reason=\"unprovable\"}",
			"agora_provider_challenges_missed_total{reason=\"expired\"}",
			"agora_provider_answer_submit_errors_total",
			"agora_provider_proof_build_seconds_count",
			"agora_provider_stored_bytes",
			"agora_provider_agreements_held",
			"agora_provider_uploads_in_progress",
			"agora_provider_jobs_running",
			"agora_provider_jobs_completed_total",
			"agora_provider_jobs_failed_total",
		] {
			assert_eq!(value(&out, series), Some(0.0), "{series} at 0 in\n{out}");
		}

		metrics.challenge_answered();
		metrics.challenge_answered();
		metrics.challenge_missed(Missed::Unprovable);
		metrics.answer_submit_error();
		metrics.proof_built(Duration::from_millis(3));
		let stats = |runs, failed| RunStats { runs, failed, fuel_used: 0 };
		metrics.observe_jobs(2, stats(3, 1), RunStats::default());
		metrics.observe_jobs(1, stats(4, 1), stats(3, 1));
		let out = text(&registry);
		for (series, expected) in [
			("agora_provider_challenges_answered_total", 2.0),
			("agora_provider_challenges_missed_total{reason=\"unprovable\"}", 1.0),
			("agora_provider_challenges_missed_total{reason=\"expired\"}", 0.0),
			("agora_provider_answer_submit_errors_total", 1.0),
			("agora_provider_proof_build_seconds_count", 1.0),
			("agora_provider_proof_build_seconds_bucket{le=\"0.0064\"}", 1.0),
			("agora_provider_proof_build_seconds_bucket{le=\"0.0016\"}", 0.0),
			("agora_provider_jobs_running", 1.0),
			("agora_provider_jobs_completed_total", 4.0),
			("agora_provider_jobs_failed_total", 1.0),
		] {
			assert_eq!(value(&out, series), Some(expected), "{series} in\n{out}");
		}

		// A second registration in the same registry fails (the names are taken): a warning,
		// no metrics, no panic. Without a registry (`--no-prometheus`) there are none either.
		assert!(Metrics::register(&registry).is_err());
		assert!(Metrics::register_or_warn(Some(&registry)).is_none());
		assert!(Metrics::register_or_warn(None).is_none());
	}

	#[test]
	fn the_store_gauges_follow_uploads() {
		let dir = super::super::store::temp_dir("provider-metrics");
		let registry = Registry::new();
		let metrics = Metrics::register(&registry).unwrap();
		let provider = Provider::open(&dir).unwrap();
		let data: Vec<u8> = (0..30_000u32).map(|i| (i * 7 % 251) as u8).collect();
		let (root, size) = (merkle::root(&data).unwrap(), data.len() as u64);
		let gauges = |provider: &Arc<Provider>| {
			metrics.observe_store(provider);
			let out = text(&registry);
			[
				"agora_provider_stored_bytes",
				"agora_provider_agreements_held",
				"agora_provider_uploads_in_progress",
			]
			.map(|series| value(&out, series).unwrap())
		};
		assert_eq!(gauges(&provider), [0.0, 0.0, 0.0]);

		// Part of agreement 1 and part of agreement 2: two uploads under way, nothing stored.
		provider.write_checked(1, 0, &data[..10_000], root, size).unwrap();
		provider.write_checked(2, 0, &data[..500], root, size).unwrap();
		assert_eq!(gauges(&provider), [0.0, 0.0, 2.0]);

		// Agreement 1 complete and verified: stored, its bytes counted.
		provider.write_checked(1, 10_000, &data[10_000..], root, size).unwrap();
		let start = Instant::now();
		while provider.status(1, root, size, None).unwrap().state != UploadState::Stored {
			assert!(start.elapsed() < Duration::from_secs(20), "not verified");
			std::thread::sleep(Duration::from_millis(10));
		}
		assert_eq!(gauges(&provider), [size as f64, 1.0, 1.0]);

		// Agreement 1 closed: gone from the gauges.
		provider.remove(1).unwrap();
		assert_eq!(gauges(&provider), [0.0, 0.0, 1.0]);
		std::fs::remove_dir_all(dir).unwrap();
	}
}
