//! Where a provider node keeps its consumers' data: one blob per agreement.
//!
//! The prover and the data RPC only see the [`BlobStore`] trait, so a provider that outgrows one
//! disk can put the blobs into S3-compatible object storage (e.g. with the `object_store` crate:
//! `write_from` staged as multipart parts, `read_at` as ranged GETs) without touching them. The
//! tree caches the prover keeps ([`super::prover`]) are small (1/256 of the data) and stay on
//! the local disk either way.

use agora_primitives::market::AgreementId;
use std::{
	fs::{self, File, OpenOptions},
	io::{self, Read, Seek, SeekFrom, Write},
	path::{Path, PathBuf},
};

/// Per-agreement blob storage.
pub trait BlobStore: Send + Sync + 'static {
	/// Size of the agreement's blob, `None` if there is none.
	fn size(&self, agreement: AgreementId) -> io::Result<Option<u64>>;
	/// Write `bytes` at `offset`, which must be at most the current size (0 creates the blob);
	/// anything after `offset` is dropped first, so a retried or resumed write never leaves
	/// stale bytes behind. Returns the new size. (The provider only ever appends, with
	/// `offset` equal to the current size: see [`super::Provider::write_checked`].)
	fn write_from(&self, agreement: AgreementId, offset: u64, bytes: &[u8]) -> io::Result<u64>;
	/// Exactly `len` bytes at `offset`; `UnexpectedEof` if the blob is shorter, `NotFound` if
	/// there is none.
	fn read_at(&self, agreement: AgreementId, offset: u64, len: usize) -> io::Result<Vec<u8>>;
	/// Delete the agreement's blob (no error if there is none).
	fn remove(&self, agreement: AgreementId) -> io::Result<()>;
	/// The agreements with a blob.
	fn list(&self) -> io::Result<Vec<AgreementId>>;
}

/// Blobs as plain files `DIR/blobs/<agreement id>`.
pub struct FsStore {
	dir: PathBuf,
}

impl FsStore {
	/// A store under `root` (created if missing).
	pub fn open(root: &Path) -> io::Result<Self> {
		let dir = root.join("blobs");
		fs::create_dir_all(&dir)?;
		Ok(Self { dir })
	}

	fn path(&self, agreement: AgreementId) -> PathBuf {
		self.dir.join(agreement.to_string())
	}
}

impl BlobStore for FsStore {
	fn size(&self, agreement: AgreementId) -> io::Result<Option<u64>> {
		file_size(&self.path(agreement))
	}

	fn write_from(&self, agreement: AgreementId, offset: u64, bytes: &[u8]) -> io::Result<u64> {
		write_file_from(&self.path(agreement), offset, bytes)
	}

	fn read_at(&self, agreement: AgreementId, offset: u64, len: usize) -> io::Result<Vec<u8>> {
		read_file_at(&self.path(agreement), offset, len)
	}

	fn remove(&self, agreement: AgreementId) -> io::Result<()> {
		remove_file_if_any(&self.path(agreement))
	}

	fn list(&self) -> io::Result<Vec<AgreementId>> {
		numbered_entries(&self.dir)
	}
}

/// The size of the file at `path`, `None` if there is none.
pub fn file_size(path: &Path) -> io::Result<Option<u64>> {
	match fs::metadata(path) {
		Ok(meta) => Ok(Some(meta.len())),
		Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
		Err(e) => Err(e),
	}
}

/// [`BlobStore::write_from`] on the file at `path`: write `bytes` at `offset` (at most the
/// current size; 0 creates the file), dropping anything after `offset` first, and sync the data
/// to disk. Returns the new size.
pub fn write_file_from(path: &Path, offset: u64, bytes: &[u8]) -> io::Result<u64> {
	let current = file_size(path)?.unwrap_or(0);
	if offset > current {
		return Err(io::Error::new(
			io::ErrorKind::InvalidInput,
			format!("offset {offset} is past the {current} bytes stored"),
		));
	}
	let mut file = OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
	file.set_len(offset)?;
	file.seek(SeekFrom::Start(offset))?;
	file.write_all(bytes)?;
	file.sync_data()?;
	Ok(offset + bytes.len() as u64)
}

/// [`BlobStore::read_at`] on the file at `path`: exactly `len` bytes at `offset`.
pub fn read_file_at(path: &Path, offset: u64, len: usize) -> io::Result<Vec<u8>> {
	let mut file = File::open(path)?;
	file.seek(SeekFrom::Start(offset))?;
	let mut buf = vec![0u8; len];
	file.read_exact(&mut buf)?;
	Ok(buf)
}

/// The entries of `dir` named by a number (agreement or job ids), in ascending order; other
/// names are skipped.
pub fn numbered_entries(dir: &Path) -> io::Result<Vec<u64>> {
	let mut out = Vec::new();
	for entry in fs::read_dir(dir)? {
		if let Some(id) = entry?.file_name().to_str().and_then(|n| n.parse().ok()) {
			out.push(id);
		}
	}
	out.sort_unstable();
	Ok(out)
}

/// Delete the file at `path` (no error if there is none).
pub fn remove_file_if_any(path: &Path) -> io::Result<()> {
	match fs::remove_file(path) {
		Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
		_ => Ok(()),
	}
}

/// A fresh, empty directory for a test.
#[cfg(test)]
pub fn temp_dir(tag: &str) -> PathBuf {
	let dir = std::env::temp_dir().join(format!("agora-{tag}-{}", std::process::id()));
	let _ = fs::remove_dir_all(&dir);
	fs::create_dir_all(&dir).unwrap();
	dir
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn writes_resume_and_truncate() {
		let dir = temp_dir("store");
		let store = FsStore::open(&dir).unwrap();
		assert_eq!(store.size(7).unwrap(), None);
		assert_eq!(store.write_from(7, 0, b"hello ").unwrap(), 6);
		assert_eq!(store.write_from(7, 6, b"world").unwrap(), 11);
		// A write past the end is refused; a retried write at an earlier offset truncates.
		assert_eq!(store.write_from(7, 12, b"x").unwrap_err().kind(), io::ErrorKind::InvalidInput);
		assert_eq!(store.write_from(7, 5, b"!").unwrap(), 6);
		assert_eq!(store.read_at(7, 0, 6).unwrap(), b"hello!");
		assert_eq!(store.read_at(7, 4, 3).unwrap_err().kind(), io::ErrorKind::UnexpectedEof);
		assert_eq!(store.read_at(8, 0, 1).unwrap_err().kind(), io::ErrorKind::NotFound);
		store.write_from(3, 0, b"x").unwrap();
		assert_eq!(store.list().unwrap(), vec![3, 7]);
		store.remove(7).unwrap();
		store.remove(7).unwrap();
		assert_eq!(store.list().unwrap(), vec![3]);
		fs::remove_dir_all(dir).unwrap();
	}
}
