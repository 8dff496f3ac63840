//! Where a provider node keeps the jobs it works on (issue 13):
//! `DIR/jobs/<id>/{module,input,result,state.json}`.
//!
//! * `module` and `input` arrive through `agora_jobUpload` by the rules of data uploads (append
//!   only, within the size the job declares: [`super::check_append`]). When the last byte is in,
//!   the blob is checked against the job's declared merkle root and size; one that does not
//!   match is deleted and the reason kept (state `rejected`, the consumer uploads it again).
//!   The worker checks both blobs once more, from the bytes it runs, right before running.
//! * `result` is the result blob of the run ([`agora_primitives::jobs::result_blob`]).
//! * `state.json` ([`JobState`]) records which blobs were verified, and the result's root, size
//!   and **salt**. It is written (and synced to disk) before the worker submits its commitment,
//!   and never overwritten once it holds a result: after a crash between commit and reveal the
//!   worker reveals with the same salt.
//!
//! Every change of a job's files happens under the job's lock ([`super::KeyedLocks`]).

use super::{
	check_append,
	store::{file_size, numbered_entries, read_file_at, remove_file_if_any, write_file_from},
	KeyedLocks, WriteError,
};
use crate::protocol::{JobBlobKind, JobBlobStatus, JobUploadStatus, UploadState};
use agora_primitives::{
	jobs::{Blob, JobId, ResultStatus},
	merkle,
};
use serde::{Deserialize, Serialize};
use sp_core::H256;
use std::{
	fs::{self, File},
	io::{self, BufReader, Write},
	path::{Path, PathBuf},
};

/// What the worker learned about one of a job's blobs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobCheck {
	/// The declared blob the stored bytes were checked against, and matched.
	pub verified: Option<Blob>,
	/// Why the last complete upload was rejected (its bytes were deleted).
	pub rejected: Option<String>,
}

/// The result of a run, with the salt the worker commits with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
	/// Merkle root and size of the result blob.
	pub result: Blob,
	/// How the run ended.
	pub status: ResultStatus,
	/// The commitment's salt (random, kept secret until the reveal).
	pub salt: H256,
	/// Fuel the run used.
	pub fuel_used: u64,
}

/// `state.json` of a job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobState {
	/// The module.
	pub module: BlobCheck,
	/// The input.
	pub input: BlobCheck,
	/// The result, once the job ran.
	pub result: Option<RunRecord>,
}

impl JobState {
	fn check(&mut self, kind: JobBlobKind) -> &mut BlobCheck {
		match kind {
			JobBlobKind::Module => &mut self.module,
			JobBlobKind::Input => &mut self.input,
		}
	}
}

/// The jobs' files under `DIR/jobs`.
pub struct JobStore {
	dir: PathBuf,
	locks: KeyedLocks<JobId>,
}

const STATE: &str = "state.json";
const RESULT: &str = "result";

impl JobStore {
	/// Open (or create) the job store under the provider store `root`.
	pub fn open(root: &Path) -> io::Result<Self> {
		let dir = root.join("jobs");
		fs::create_dir_all(&dir)?;
		Ok(Self { dir, locks: KeyedLocks::default() })
	}

	fn job_dir(&self, job: JobId) -> PathBuf {
		self.dir.join(job.to_string())
	}

	fn path(&self, job: JobId, name: &str) -> PathBuf {
		self.job_dir(job).join(name)
	}

	/// The job's `state.json` (empty if there is none yet).
	pub fn state(&self, job: JobId) -> io::Result<JobState> {
		match fs::read(self.path(job, STATE)) {
			Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
				io::Error::new(io::ErrorKind::InvalidData, format!("job {job}: bad {STATE}: {e}"))
			}),
			Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(JobState::default()),
			Err(e) => Err(e),
		}
	}

	/// Write `state.json` durably: a synced temporary file renamed over the old one, then the
	/// directory synced.
	fn save_state(&self, job: JobId, state: &JobState) -> io::Result<()> {
		let bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
		self.write_durably(job, STATE, &bytes)
	}

	fn write_durably(&self, job: JobId, name: &str, bytes: &[u8]) -> io::Result<()> {
		let dir = self.job_dir(job);
		fs::create_dir_all(&dir)?;
		let tmp = dir.join(format!("{name}.tmp"));
		let mut file = File::create(&tmp)?;
		file.write_all(bytes)?;
		file.sync_all()?;
		fs::rename(&tmp, dir.join(name))?;
		File::open(&dir)?.sync_all()
	}

	/// Bytes of the job's `kind` blob held so far.
	pub fn received(&self, job: JobId, kind: JobBlobKind) -> io::Result<u64> {
		Ok(file_size(&self.path(job, kind.name()))?.unwrap_or(0))
	}

	/// Where the job's `kind` blob stands against the job's `declared` blob.
	pub fn blob_status(
		&self,
		job: JobId,
		kind: JobBlobKind,
		declared: &Blob,
	) -> io::Result<JobBlobStatus> {
		let mut state = self.state(job)?;
		let received = self.received(job, kind)?;
		let check = state.check(kind);
		let upload = if check.verified.as_ref() == Some(declared) && received == declared.size {
			UploadState::Stored
		} else if check.rejected.is_some() && received == 0 {
			UploadState::Rejected
		} else if received == declared.size {
			UploadState::Verifying
		} else {
			UploadState::Receiving
		};
		Ok(JobBlobStatus {
			size: declared.size,
			root: declared.root,
			received,
			state: upload,
			reason: check.rejected.clone().filter(|_| upload == UploadState::Rejected),
		})
	}

	/// Both blobs' status.
	pub fn upload_status(
		&self,
		job: JobId,
		module: &Blob,
		input: &Blob,
	) -> io::Result<JobUploadStatus> {
		Ok(JobUploadStatus {
			job,
			module: self.blob_status(job, JobBlobKind::Module, module)?,
			input: self.blob_status(job, JobBlobKind::Input, input)?,
		})
	}

	/// Append a chunk to the job's `kind` blob, declared on chain as `declared`; returns the
	/// bytes held. The caller checked the consumer's signature and that this node works on the
	/// job. When the last byte arrives the blob is verified at once.
	pub fn write_checked(
		&self,
		job: JobId,
		kind: JobBlobKind,
		offset: u64,
		bytes: &[u8],
		declared: &Blob,
	) -> Result<u64, WriteError> {
		self.locks.with(job, || {
			let mut state = self.state(job)?;
			if state.check(kind).verified.as_ref() == Some(declared) {
				return Err(WriteError::Complete(format!(
					"job {job}'s {} is already stored in full and verified",
					kind.name()
				)));
			}
			let received = self.received(job, kind)?;
			check_append(offset, bytes.len() as u64, received, declared.size)?;
			if state.check(kind).rejected.take().is_some() {
				self.save_state(job, &state)?;
			}
			fs::create_dir_all(self.job_dir(job))?;
			let held = write_file_from(&self.path(job, kind.name()), offset, bytes)?;
			if held == declared.size {
				self.verify_locked(job, kind, declared)?;
			}
			Ok(held)
		})
	}

	/// Check the job's complete `kind` blob against `declared` (merkle root and size), under
	/// the job's lock: on a match it counts as verified; otherwise its bytes are deleted and
	/// the reason kept. Returns whether it matched.
	fn verify_locked(&self, job: JobId, kind: JobBlobKind, declared: &Blob) -> io::Result<bool> {
		let path = self.path(job, kind.name());
		let file = File::open(&path)?;
		let found = crate::data::commitment_of(BufReader::new(file))?;
		self.settle(job, kind, declared, found.map(|(root, size)| Blob { root: H256(root), size }))
	}

	/// Record the outcome of checking the bytes of `kind`, whose blob is `found`.
	fn settle(
		&self,
		job: JobId,
		kind: JobBlobKind,
		declared: &Blob,
		found: Option<Blob>,
	) -> io::Result<bool> {
		let mut state = self.state(job)?;
		let matched = found.as_ref() == Some(declared);
		let check = state.check(kind);
		if matched {
			check.verified = Some(*declared);
			check.rejected = None;
		} else {
			let reason = match found {
				Some(found) => format!(
					"the {} received has merkle root {:?} and {} bytes, but the job declares \
					 root {:?} and {} bytes",
					kind.name(),
					found.root,
					found.size,
					declared.root,
					declared.size
				),
				None => format!("the {} received is empty", kind.name()),
			};
			log::warn!(target: super::LOG_TARGET, "job {job}: {reason}; discarded");
			check.verified = None;
			check.rejected = Some(reason);
			remove_file_if_any(&self.path(job, kind.name()))?;
		}
		self.save_state(job, &state)?;
		Ok(matched)
	}

	/// The bytes of the job's `kind` blob, checked against `declared` right here (size and
	/// merkle root of exactly the bytes returned): what the worker runs. A blob that does not
	/// match is discarded.
	pub fn load_verified(
		&self,
		job: JobId,
		kind: JobBlobKind,
		declared: &Blob,
	) -> Result<Vec<u8>, String> {
		self.locks.with(job, || {
			let bytes = fs::read(self.path(job, kind.name()))
				.map_err(|e| format!("cannot read the {}: {e}", kind.name()))?;
			if bytes.len() as u64 != declared.size {
				return Err(format!(
					"the {} holds {} of {} bytes",
					kind.name(),
					bytes.len(),
					declared.size
				));
			}
			let found =
				merkle::root(&bytes).map(|root| Blob { root: H256(root), size: declared.size });
			match self.settle(job, kind, declared, found) {
				Ok(true) => Ok(bytes),
				Ok(false) => Err(format!("the {} does not match the job's blob", kind.name())),
				Err(e) => Err(format!("cannot record the check of the {}: {e}", kind.name())),
			}
		})
	}

	/// Store the result blob of a run and its record (with the salt), durably, the blob first.
	/// A job that already has a result keeps it: the salt a commitment may already use never
	/// changes. Returns the record in force.
	pub fn save_result(&self, job: JobId, blob: &[u8], record: RunRecord) -> io::Result<RunRecord> {
		self.locks.with(job, || {
			let mut state = self.state(job)?;
			if let Some(existing) = state.result.clone() {
				return Ok(existing);
			}
			self.write_durably(job, RESULT, blob)?;
			state.result = Some(record.clone());
			self.save_state(job, &state)?;
			Ok(record)
		})
	}

	/// Bytes `offset..offset + len` of the job's result blob, if it is there in full as
	/// recorded.
	pub fn read_result(&self, job: JobId, offset: u64, len: usize) -> io::Result<Vec<u8>> {
		let path = self.path(job, RESULT);
		let expected = self.state(job)?.result.map(|r| r.result.size);
		if expected.is_none() || file_size(&path)? != expected {
			return Err(io::Error::new(io::ErrorKind::NotFound, "no result stored"));
		}
		read_file_at(&path, offset, len)
	}

	/// Delete everything of a job.
	pub fn remove(&self, job: JobId) -> io::Result<()> {
		self.locks.with(job, || match fs::remove_dir_all(self.job_dir(job)) {
			Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
			_ => Ok(()),
		})
	}

	/// The jobs with files here.
	pub fn list(&self) -> io::Result<Vec<JobId>> {
		numbered_entries(&self.dir)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{protocol::MAX_CHUNK, provider::store::temp_dir};

	fn blob_of(bytes: &[u8]) -> Blob {
		Blob { root: H256(merkle::root(bytes).unwrap()), size: bytes.len() as u64 }
	}

	#[test]
	fn blobs_append_verify_on_the_last_byte_and_reject_a_wrong_root() {
		let dir = temp_dir("job-store");
		let store = JobStore::open(&dir).unwrap();
		let module: Vec<u8> = (0..40_000u32).map(|i| (i * 7 % 251) as u8).collect();
		let declared = blob_of(&module);
		let status =
			|store: &JobStore| store.blob_status(5, JobBlobKind::Module, &declared).unwrap();
		assert_eq!((status(&store).state, status(&store).received), (UploadState::Receiving, 0));

		assert_eq!(
			store
				.write_checked(5, JobBlobKind::Module, 0, &module[..10_000], &declared)
				.unwrap(),
			10_000
		);
		// The upload rules of data: append only, within the declared size, 1..=MAX_CHUNK.
		let too_long = vec![0u8; MAX_CHUNK as usize + 1];
		for (offset, bytes) in [
			(0u64, &module[..100]),
			(10_001, &module[10_001..10_100]),
			(10_000, &module[..0]),
			(10_000, &too_long[..]),
		] {
			let refused = store
				.write_checked(5, JobBlobKind::Module, offset, bytes, &declared)
				.unwrap_err();
			assert!(
				matches!(
					refused,
					WriteError::NotAppend { .. }
						| WriteError::BadLength(_)
						| WriteError::PastSize { .. }
				),
				"{refused}"
			);
		}
		let past = vec![1u8; 30_001];
		assert!(matches!(
			store.write_checked(5, JobBlobKind::Module, 10_000, &past, &declared),
			Err(WriteError::PastSize { .. })
		));
		assert_eq!(status(&store).received, 10_000, "refusals write nothing");
		// The last byte in: verified at once.
		store
			.write_checked(5, JobBlobKind::Module, 10_000, &module[10_000..], &declared)
			.unwrap();
		assert_eq!(status(&store).state, UploadState::Stored);
		assert!(matches!(
			store.write_checked(5, JobBlobKind::Module, 40_000, &[1], &declared),
			Err(WriteError::Complete(_))
		));
		assert_eq!(store.load_verified(5, JobBlobKind::Module, &declared).unwrap(), module);

		// An input whose bytes do not match the declared root: rejected, deleted, with reason.
		let input = b"the quick brown fox".to_vec();
		let wrong = Blob { root: H256::repeat_byte(9), size: input.len() as u64 };
		store.write_checked(5, JobBlobKind::Input, 0, &input, &wrong).unwrap();
		let st = store.blob_status(5, JobBlobKind::Input, &wrong).unwrap();
		assert_eq!((st.state, st.received), (UploadState::Rejected, 0));
		assert!(st.reason.unwrap().contains("but the job declares root 0x0909"));
		assert!(store.load_verified(5, JobBlobKind::Input, &wrong).is_err());
		// A new upload starts over from 0.
		store.write_checked(5, JobBlobKind::Input, 0, &input[..3], &wrong).unwrap();
		assert_eq!(
			store.blob_status(5, JobBlobKind::Input, &wrong).unwrap().state,
			UploadState::Receiving
		);

		// Bytes changed on disk after verification: the worker's own check refuses them.
		let path = dir.join("jobs/5/module");
		let mut tampered = module.clone();
		tampered[0] ^= 1;
		fs::write(&path, &tampered).unwrap();
		let refused = store.load_verified(5, JobBlobKind::Module, &declared).unwrap_err();
		assert!(refused.contains("does not match"), "{refused}");
		assert_eq!(status(&store).state, UploadState::Rejected);
		fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn a_result_and_its_salt_are_durable_and_never_replaced() {
		let dir = temp_dir("job-result");
		let store = JobStore::open(&dir).unwrap();
		let blob = vec![0u8, 1, 2, 3];
		let record = RunRecord {
			result: blob_of(&blob),
			status: ResultStatus::Ok,
			salt: H256::repeat_byte(4),
			fuel_used: 99,
		};
		assert_eq!(store.save_result(7, &blob, record.clone()).unwrap(), record);
		// A second run (e.g. a retry racing the first) cannot change the salt or the result.
		let other = RunRecord { salt: H256::repeat_byte(5), ..record.clone() };
		assert_eq!(store.save_result(7, &[1], other).unwrap(), record);
		drop(store);
		let store = JobStore::open(&dir).unwrap();
		assert_eq!(store.state(7).unwrap().result, Some(record));
		assert_eq!(store.read_result(7, 1, 3).unwrap(), vec![1, 2, 3]);
		assert!(store.read_result(8, 0, 1).is_err());
		assert_eq!(store.list().unwrap(), vec![7]);
		store.remove(7).unwrap();
		assert_eq!(store.list().unwrap(), Vec::<JobId>::new());
		fs::remove_dir_all(dir).unwrap();
	}
}
