//! Merkle proofs for challenges, from the blob on disk and a cache of the tree's upper levels.
//!
//! The tree ([`agora_primitives::merkle`]) has 256-byte leaves. The cache keeps every level from
//! [`CACHE_LEVEL`] up: one node per group of 2^6 = 64 leaves (16 KiB of data) and everything
//! above. Proving leaf `i` reads the 16 KiB group that holds it, rebuilds that group's six lower
//! levels in memory, checks the group's root against the cache (so corrupted data is noticed
//! before an answer is sent), and takes the remaining siblings from the cache file.
//!
//! Costs, per TiB of stored data: the cache is 2 x 32 bytes per 16 KiB = 4 GiB on disk (0.4 %);
//! building it streams the data once and holds only a 16 KiB group and buffered writers in
//! memory; one proof reads 16 KiB of data and at most 26 cached nodes (32 bytes each).
//!
//! Because groups are aligned to 64 leaves and the tree pairs nodes from the left, a group's
//! root is exactly the level-6 node of the whole tree, also for a short last group, and the
//! proof inside the group is exactly the lower part of the whole tree's proof.

use super::store::BlobStore;
use agora_primitives::{
	market::AgreementId,
	merkle::{self, Node, LEAF_SIZE},
};
use std::{
	fs::{self, File, OpenOptions},
	io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write},
	path::{Path, PathBuf},
};

/// The lowest cached level: nodes over 2^CACHE_LEVEL leaves.
pub const CACHE_LEVEL: u32 = 6;
/// Leaves per group.
pub const GROUP_LEAVES: u64 = 1 << CACHE_LEVEL;
/// Data bytes per group.
pub const GROUP_BYTES: u64 = GROUP_LEAVES * LEAF_SIZE as u64;

const MAGIC: &[u8; 8] = b"AGTREE1\0";
const HEADER: u64 = 8 + 8 + 32;

/// Why a proof or a cache could not be made.
#[derive(Debug)]
pub enum ProverError {
	/// Reading or writing failed (a missing or shortened blob shows up here).
	Io(io::Error),
	/// The data does not hash to the committed root.
	RootMismatch { expected: Node, actual: Node },
	/// The stored data of a group no longer matches the cache: it was changed after upload.
	Corrupted { group: u64 },
	/// No cache for the agreement, or one for other data.
	NoCache,
	/// The index is past the last leaf.
	OutOfRange { index: u64, leaves: u64 },
}

impl std::fmt::Display for ProverError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Io(e) => write!(f, "{e}"),
			Self::RootMismatch { expected, actual } => write!(
				f,
				"the data's root is {} but the commitment says {}",
				crate::protocol::hex(actual),
				crate::protocol::hex(expected)
			),
			Self::Corrupted { group } => write!(
				f,
				"stored bytes {}..{} changed since upload",
				group * GROUP_BYTES,
				(group + 1) * GROUP_BYTES
			),
			Self::NoCache => write!(f, "no tree cache for this data"),
			Self::OutOfRange { index, leaves } => {
				write!(f, "leaf {index} asked, the data has {leaves} leaves")
			},
		}
	}
}

impl From<io::Error> for ProverError {
	fn from(e: io::Error) -> Self {
		Self::Io(e)
	}
}

/// Number of nodes at `level` of a tree over `leaves` leaves.
fn count_at(leaves: u64, level: u32) -> u64 {
	leaves.div_ceil(1u64 << level)
}

/// The cached levels (from [`CACHE_LEVEL`] up to the root) and where each starts in the file.
fn layout(size: u64) -> Vec<(u64, u64)> {
	let leaves = merkle::leaf_count(size);
	let mut out = Vec::new();
	let mut offset = HEADER;
	let mut level = CACHE_LEVEL;
	loop {
		let count = count_at(leaves, level);
		out.push((offset, count));
		if count <= 1 {
			break;
		}
		offset += count * 32;
		level += 1;
	}
	out
}

/// Tree caches as files `DIR/trees/<agreement id>`.
pub struct Prover {
	dir: PathBuf,
}

/// A proof for one leaf: its bytes (the last leaf may be short) and the siblings, bottom up.
pub type LeafAnswer = (Vec<u8>, Vec<Node>);

impl Prover {
	/// Caches under `root` (created if missing).
	pub fn open(root: &Path) -> io::Result<Self> {
		let dir = root.join("trees");
		fs::create_dir_all(&dir)?;
		Ok(Self { dir })
	}

	fn path(&self, agreement: AgreementId) -> PathBuf {
		self.dir.join(agreement.to_string())
	}

	/// Hash the agreement's blob (`size` bytes) into a new cache and check its root against
	/// `expected`. On a mismatch no cache is left behind.
	pub fn build(
		&self,
		store: &dyn BlobStore,
		agreement: AgreementId,
		size: u64,
		expected: &Node,
	) -> Result<(), ProverError> {
		let tmp = self.dir.join(format!("{agreement}.tmp"));
		let result = self.build_into(&tmp, store, agreement, size, expected);
		match result {
			Ok(()) => Ok(fs::rename(&tmp, self.path(agreement))?),
			Err(e) => {
				let _ = fs::remove_file(&tmp);
				Err(e)
			},
		}
	}

	fn build_into(
		&self,
		tmp: &Path,
		store: &dyn BlobStore,
		agreement: AgreementId,
		size: u64,
		expected: &Node,
	) -> Result<(), ProverError> {
		let layout = layout(size);
		let mut file = OpenOptions::new()
			.create(true)
			.truncate(true)
			.read(true)
			.write(true)
			.open(tmp)?;
		{
			let mut out = BufWriter::new(&mut file);
			out.write_all(MAGIC)?;
			out.write_all(&size.to_le_bytes())?;
			out.write_all(&[0u8; 32])?;
			// The groups' roots: level CACHE_LEVEL.
			let mut offset = 0u64;
			while offset < size {
				let len = GROUP_BYTES.min(size - offset);
				let bytes = store.read_at(agreement, offset, len as usize)?;
				let node = merkle::root(&bytes).unwrap_or_default();
				out.write_all(&node)?;
				offset += len;
			}
			out.flush()?;
		}
		// Every level above, each read back from the file as the one below was written.
		for pair in layout.windows(2) {
			let [(below_at, below_count), (_, _)] = pair else { continue };
			let mut reader = BufReader::new(File::open(tmp)?);
			reader.seek(SeekFrom::Start(*below_at))?;
			file.seek(SeekFrom::End(0))?;
			let mut out = BufWriter::new(&mut file);
			let mut read = 0u64;
			while read < *below_count {
				let mut left = [0u8; 32];
				reader.read_exact(&mut left)?;
				read += 1;
				if read < *below_count {
					let mut right = [0u8; 32];
					reader.read_exact(&mut right)?;
					read += 1;
					out.write_all(&merkle::hash_inner(&left, &right))?;
				} else {
					out.write_all(&left)?;
				}
			}
			out.flush()?;
		}
		let (root_at, _) = layout.last().copied().unwrap_or((HEADER, 1));
		let mut actual = [0u8; 32];
		file.seek(SeekFrom::Start(root_at))?;
		file.read_exact(&mut actual)?;
		if &actual != expected {
			return Err(ProverError::RootMismatch { expected: *expected, actual });
		}
		file.seek(SeekFrom::Start(16))?;
		file.write_all(&actual)?;
		file.sync_all()?;
		Ok(())
	}

	/// The root and size of the agreement's cache, if there is one.
	pub fn cached(&self, agreement: AgreementId) -> Option<(Node, u64)> {
		let mut file = File::open(self.path(agreement)).ok()?;
		let mut header = [0u8; HEADER as usize];
		file.read_exact(&mut header).ok()?;
		if header.get(..8)? != MAGIC {
			return None;
		}
		let size = u64::from_le_bytes(header.get(8..16)?.try_into().ok()?);
		let root: Node = header.get(16..48)?.try_into().ok()?;
		Some((root, size))
	}

	/// Delete the agreement's cache (no error if there is none).
	pub fn remove(&self, agreement: AgreementId) -> io::Result<()> {
		match fs::remove_file(self.path(agreement)) {
			Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
			_ => Ok(()),
		}
	}

	/// The proof of leaf `index` of the agreement's data, which must be the data committed to
	/// by `root` and `size` (a cache for other data is refused).
	pub fn prove(
		&self,
		store: &dyn BlobStore,
		agreement: AgreementId,
		root: &Node,
		size: u64,
		index: u64,
	) -> Result<LeafAnswer, ProverError> {
		if self.cached(agreement) != Some((*root, size)) {
			return Err(ProverError::NoCache);
		}
		let leaves = merkle::leaf_count(size);
		if index >= leaves {
			return Err(ProverError::OutOfRange { index, leaves });
		}
		let layout = layout(size);
		let mut cache = File::open(self.path(agreement))?;
		let mut node_at = |level: usize, i: u64| -> Result<Node, ProverError> {
			let (at, _) = layout.get(level).copied().ok_or(ProverError::NoCache)?;
			cache.seek(SeekFrom::Start(at + i * 32))?;
			let mut node = [0u8; 32];
			cache.read_exact(&mut node)?;
			Ok(node)
		};

		let group = index / GROUP_LEAVES;
		let group_at = group * GROUP_BYTES;
		let len = GROUP_BYTES.min(size - group_at);
		let bytes = store.read_at(agreement, group_at, len as usize)?;
		let levels = merkle::levels(&bytes);
		let group_root = levels.last().and_then(|top| top.first()).copied();
		if group_root != Some(node_at(0, group)?) {
			return Err(ProverError::Corrupted { group });
		}
		let local = index % GROUP_LEAVES;
		let mut path = merkle::proof_from_levels(&levels, local)
			.ok_or(ProverError::OutOfRange { index, leaves })?;
		let mut i = group;
		for (level, (_, count)) in layout.iter().enumerate() {
			if *count <= 1 {
				break;
			}
			let sibling = i ^ 1;
			if sibling < *count {
				path.push(node_at(level, sibling)?);
			}
			i /= 2;
		}
		let from = (local as usize) * LEAF_SIZE;
		let to = (from + LEAF_SIZE).min(bytes.len());
		let leaf = bytes.get(from..to).ok_or(ProverError::OutOfRange { index, leaves })?.to_vec();
		Ok((leaf, path))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::provider::store::{temp_dir, FsStore};

	fn data(len: usize, seed: u32) -> Vec<u8> {
		(0..len as u32)
			.map(|i| (i.wrapping_mul(2654435761).wrapping_add(seed) >> 13) as u8)
			.collect()
	}

	#[test]
	fn proves_every_leaf_of_awkward_sizes() {
		let dir = temp_dir("prover");
		let store = FsStore::open(&dir).unwrap();
		let prover = Prover::open(&dir).unwrap();
		// One byte, one leaf, one group exactly, a group + 1 leaf, 2^k groups, odd group counts
		// with a short last group, and a couple of MiB.
		let sizes = [
			1usize,
			256,
			300,
			16_384,
			16_384 + 256,
			16_384 + 1,
			65_536,
			5 * 16_384 + 777,
			7 * 16_384 - 3,
			(2 << 20) + 12_345,
		];
		for (n, size) in sizes.into_iter().enumerate() {
			let id = n as u64;
			let bytes = data(size, n as u32);
			store.write_from(id, 0, &bytes).unwrap();
			let root = merkle::root(&bytes).unwrap();
			prover.build(&store, id, size as u64, &root).unwrap();
			assert_eq!(prover.cached(id), Some((root, size as u64)));
			let leaves = merkle::leaf_count(size as u64);
			// Every leaf of the small ones, a spread of them in the large one.
			let step = if leaves > 2000 { 97 } else { 1 };
			for index in (0..leaves).step_by(step).chain([leaves - 1]) {
				let (leaf, path) = prover.prove(&store, id, &root, size as u64, index).unwrap();
				assert!(
					merkle::verify(&root, size as u64, index, &leaf, &path),
					"size {size} leaf {index}"
				);
				assert_eq!(path, merkle::proof(&bytes, index).unwrap());
			}
			assert!(matches!(
				prover.prove(&store, id, &root, size as u64, leaves),
				Err(ProverError::OutOfRange { .. })
			));
		}
		fs::remove_dir_all(dir).unwrap();
	}

	#[test]
	fn refuses_wrong_data_and_notices_damage() {
		let dir = temp_dir("prover-damage");
		let store = FsStore::open(&dir).unwrap();
		let prover = Prover::open(&dir).unwrap();
		let bytes = data(100_000, 1);
		let root = merkle::root(&bytes).unwrap();
		store.write_from(1, 0, &bytes).unwrap();

		// The wrong root: no cache is kept.
		let other = [9u8; 32];
		match prover.build(&store, 1, 100_000, &other) {
			Err(ProverError::RootMismatch { expected, actual }) => {
				assert_eq!((expected, actual), (other, root));
			},
			r => panic!("{r:?}"),
		}
		assert_eq!(prover.cached(1), None);
		assert!(matches!(prover.prove(&store, 1, &root, 100_000, 0), Err(ProverError::NoCache)));

		prover.build(&store, 1, 100_000, &root).unwrap();
		// A cache for other data is refused.
		assert!(matches!(prover.prove(&store, 1, &other, 100_000, 0), Err(ProverError::NoCache)));
		// Changed bytes in the second group: its leaves no longer prove, the first group's do.
		store.write_from(1, 20_000, &[bytes[20_000] ^ 0xff]).unwrap();
		let _ = store.write_from(1, 20_001, &bytes[20_001..]);
		assert!(matches!(
			prover.prove(&store, 1, &root, 100_000, 80),
			Err(ProverError::Corrupted { group: 1 })
		));
		assert!(prover.prove(&store, 1, &root, 100_000, 3).is_ok());
		// Truncated data: the missing part cannot be proven.
		store.write_from(1, 50_000, &[]).unwrap();
		assert!(matches!(
			prover.prove(&store, 1, &root, 100_000, 390),
			Err(ProverError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof
		));
		prover.remove(1).unwrap();
		assert_eq!(prover.cached(1), None);
		fs::remove_dir_all(dir).unwrap();
	}
}
