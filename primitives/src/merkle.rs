//! The data commitment format of storage agreements, shared by the runtime (which verifies) and
//! the provider node (which proves).
//!
//! * Data is split into [`LEAF_SIZE`]-byte leaves; the last one is zero-padded. The leaf count
//!   follows from the size: `ceil(size / 256)`, and a commitment covers at least one byte.
//! * Leaf hash: `blake2_256(0x00 ++ leaf)`. Inner node: `blake2_256(0x01 ++ left ++ right)`.
//!   The prefixes keep leaves and inner nodes from ever being confused.
//! * Levels are built pairwise from the left; an odd node at the end of a level is promoted to
//!   the next level unchanged.
//! * A proof for leaf `i` is the list of siblings from the bottom up, skipping the levels where
//!   the node on the path was promoted. Its length is fixed by `i` and the leaf count
//!   ([`proof_len`]), and [`verify`] refuses any other length.

use alloc::vec::Vec;
use sp_crypto_hashing::blake2_256;

/// Bytes per leaf.
pub const LEAF_SIZE: usize = 256;

/// A node of the tree.
pub type Node = [u8; 32];

const LEAF_PREFIX: u8 = 0x00;
const INNER_PREFIX: u8 = 0x01;

/// Number of leaves of `size` bytes of data (0 for no data).
pub fn leaf_count(size: u64) -> u64 {
	size.div_ceil(LEAF_SIZE as u64)
}

/// The hash of a leaf: `leaf` is zero-padded to [`LEAF_SIZE`] (longer input is refused).
pub fn hash_leaf(leaf: &[u8]) -> Option<Node> {
	if leaf.len() > LEAF_SIZE {
		return None;
	}
	let mut buf = [0u8; 1 + LEAF_SIZE];
	buf[0] = LEAF_PREFIX;
	buf.get_mut(1..=leaf.len())?.copy_from_slice(leaf);
	Some(blake2_256(&buf))
}

/// The hash of an inner node.
pub fn hash_inner(left: &Node, right: &Node) -> Node {
	let mut buf = [0u8; 65];
	buf[0] = INNER_PREFIX;
	buf[1..33].copy_from_slice(left);
	buf[33..65].copy_from_slice(right);
	blake2_256(&buf)
}

/// The next level up of `level`.
pub fn parent_level(level: &[Node]) -> Vec<Node> {
	level
		.chunks(2)
		.map(|pair| match pair {
			[l, r] => hash_inner(l, r),
			[single] => *single,
			_ => [0u8; 32],
		})
		.collect()
}

/// The leaf hashes of `data`.
pub fn leaf_hashes(data: &[u8]) -> Vec<Node> {
	data.chunks(LEAF_SIZE).filter_map(hash_leaf).collect()
}

/// Every level of the tree of `data`, leaves first, root last. Empty for empty data.
pub fn levels(data: &[u8]) -> Vec<Vec<Node>> {
	let mut levels = Vec::new();
	let mut level = leaf_hashes(data);
	if level.is_empty() {
		return levels;
	}
	while level.len() > 1 {
		let next = parent_level(&level);
		levels.push(level);
		level = next;
	}
	levels.push(level);
	levels
}

/// The root of `data`, `None` for empty data.
pub fn root(data: &[u8]) -> Option<Node> {
	levels(data).last().and_then(|top| top.first().copied())
}

/// Builds the root of a stream of data without holding it: feed bytes in any chunking with
/// [`RootBuilder::update`], then [`RootBuilder::finish`]. Memory: one pending node per tree level
/// and one partial leaf, whatever the data size. Gives the same root as [`root`].
#[derive(Clone, Debug, Default)]
pub struct RootBuilder {
	/// `pending[l]`: a left node of level `l` waiting for its right sibling.
	pending: Vec<Option<Node>>,
	/// The bytes of the current, incomplete leaf.
	partial: Vec<u8>,
	/// Bytes fed so far.
	size: u64,
}

impl RootBuilder {
	/// An empty builder.
	pub fn new() -> Self {
		Self::default()
	}

	/// Feed the next bytes of the data.
	pub fn update(&mut self, mut bytes: &[u8]) {
		self.size = self.size.saturating_add(bytes.len() as u64);
		while !bytes.is_empty() {
			let take = LEAF_SIZE.saturating_sub(self.partial.len()).min(bytes.len());
			let (head, rest) = bytes.split_at(take);
			self.partial.extend_from_slice(head);
			bytes = rest;
			if self.partial.len() == LEAF_SIZE {
				let leaf = core::mem::take(&mut self.partial);
				if let Some(node) = hash_leaf(&leaf) {
					self.push(node);
				}
			}
		}
	}

	fn push(&mut self, mut node: Node) {
		let mut level = 0;
		loop {
			if self.pending.len() <= level {
				self.pending.push(None);
			}
			match self.pending.get_mut(level).and_then(Option::take) {
				Some(left) => {
					node = hash_inner(&left, &node);
					level = level.saturating_add(1);
				},
				None => {
					if let Some(slot) = self.pending.get_mut(level) {
						*slot = Some(node);
					}
					return;
				},
			}
		}
	}

	/// The root and size of everything fed, `None` if nothing was.
	pub fn finish(mut self) -> Option<(Node, u64)> {
		if !self.partial.is_empty() {
			let leaf = core::mem::take(&mut self.partial);
			if let Some(node) = hash_leaf(&leaf) {
				self.push(node);
			}
		}
		// Close the levels bottom-up: a pending left node takes the carried node from below as
		// its right sibling; with nothing carried it is promoted.
		let mut carry: Option<Node> = None;
		for pending in self.pending.into_iter() {
			carry = match (pending, carry) {
				(Some(left), Some(right)) => Some(hash_inner(&left, &right)),
				(Some(left), None) => Some(left),
				(None, carried) => carried,
			};
		}
		carry.map(|root| (root, self.size))
	}
}

/// Number of siblings in the proof of leaf `index` among `leaves` leaves, `None` if the index
/// is out of range.
pub fn proof_len(index: u64, leaves: u64) -> Option<u32> {
	if index >= leaves {
		return None;
	}
	let (mut i, mut n, mut len) = (index, leaves, 0u32);
	while n > 1 {
		// n > 1 here, so the last index is n - 1.
		let promoted = i.saturating_add(1) == n && n % 2 == 1;
		if !promoted {
			len = len.saturating_add(1);
		}
		i /= 2;
		n = n.div_ceil(2);
	}
	Some(len)
}

/// The proof of leaf `index` from the tree's `levels` (as [`levels`] returns them).
pub fn proof_from_levels(levels: &[Vec<Node>], index: u64) -> Option<Vec<Node>> {
	let leaves = levels.first()?.len() as u64;
	if index >= leaves {
		return None;
	}
	let mut proof = Vec::new();
	let mut i = index as usize;
	for level in levels.iter().take(levels.len().saturating_sub(1)) {
		let sibling = i ^ 1;
		if let Some(node) = level.get(sibling) {
			proof.push(*node);
		}
		i /= 2;
	}
	Some(proof)
}

/// The proof of leaf `index` of `data`.
pub fn proof(data: &[u8], index: u64) -> Option<Vec<Node>> {
	proof_from_levels(&levels(data), index)
}

/// Whether `leaf` (the leaf's bytes, unpadded or padded) is leaf `index` of the data of `size`
/// bytes committed to by `root`, with `proof` as its path.
pub fn verify(root: &Node, size: u64, index: u64, leaf: &[u8], proof: &[Node]) -> bool {
	let leaves = leaf_count(size);
	let Some(expected_len) = proof_len(index, leaves) else { return false };
	if proof.len() != expected_len as usize {
		return false;
	}
	let Some(mut node) = hash_leaf(leaf) else { return false };
	let (mut i, mut n) = (index, leaves);
	let mut siblings = proof.iter();
	while n > 1 {
		let promoted = i.saturating_add(1) == n && n % 2 == 1;
		if !promoted {
			let Some(sibling) = siblings.next() else { return false };
			node = if i % 2 == 0 { hash_inner(&node, sibling) } else { hash_inner(sibling, &node) };
		}
		i /= 2;
		n = n.div_ceil(2);
	}
	&node == root
}

#[cfg(test)]
mod tests {
	use super::*;

	/// xorshift64*: deterministic pseudo-random numbers for the property tests.
	struct Rng(u64);
	impl Rng {
		fn next(&mut self) -> u64 {
			self.0 ^= self.0 >> 12;
			self.0 ^= self.0 << 25;
			self.0 ^= self.0 >> 27;
			self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
		}
		fn bytes(&mut self, n: usize) -> Vec<u8> {
			(0..n).map(|_| self.next() as u8).collect()
		}
	}

	fn leaf_of(data: &[u8], i: u64) -> &[u8] {
		let start = i as usize * LEAF_SIZE;
		&data[start..(start + LEAF_SIZE).min(data.len())]
	}

	fn check_every_leaf(data: &[u8]) {
		let root = root(data).unwrap();
		let size = data.len() as u64;
		let lv = levels(data);
		for i in 0..leaf_count(size) {
			let p = proof_from_levels(&lv, i).unwrap();
			assert_eq!(p.len() as u32, proof_len(i, leaf_count(size)).unwrap());
			assert!(verify(&root, size, i, leaf_of(data, i), &p), "size {size} leaf {i}");
		}
	}

	#[test]
	fn small_trees_by_hand() {
		let a = [1u8; 256];
		let b = [2u8; 10];
		let mut data = a.to_vec();
		data.extend_from_slice(&b);
		let la = hash_leaf(&a).unwrap();
		let lb = hash_leaf(&b).unwrap();
		let mut padded = [0u8; 256];
		padded[..10].copy_from_slice(&b);
		assert_eq!(lb, hash_leaf(&padded).unwrap(), "short leaves are zero-padded");
		assert_eq!(root(&data), Some(hash_inner(&la, &lb)));
		// Three leaves: the third is promoted.
		data.extend_from_slice(&[3u8; 256 - 10]);
		data.extend_from_slice(&[4u8; 1]);
		let l1 = hash_leaf(leaf_of(&data, 1)).unwrap();
		let l2 = hash_leaf(leaf_of(&data, 2)).unwrap();
		assert_eq!(root(&data), Some(hash_inner(&hash_inner(&la, &l1), &l2)));
		assert_eq!(proof_len(2, 3), Some(1));
		assert_eq!(proof_len(0, 3), Some(2));
		assert_eq!(proof_len(0, 1), Some(0));
		assert_eq!(proof_len(3, 3), None);
		assert_eq!(root(&[]), None);
		assert_eq!(leaf_count(0), 0);
		assert_eq!(leaf_count(256), 1);
		assert_eq!(leaf_count(257), 2);
	}

	#[test]
	fn every_leaf_of_random_sizes_proves() {
		let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
		let mut sizes: Vec<usize> = vec![1, 255, 256, 257, 511, 512, 513, 768, 1024, 4096, 65_536];
		for _ in 0..40 {
			sizes.push(1 + (rng.next() % 300_000) as usize);
		}
		for size in sizes {
			check_every_leaf(&rng.bytes(size));
		}
	}

	#[test]
	fn every_leaf_of_mebibyte_sizes_proves() {
		let mut rng = Rng(42);
		// Exact powers of two (4096 and 16384 leaves) and odd sizes around them.
		for size in [1 << 20, (1 << 22), (1 << 22) + 1, 3 * (1 << 20) - 7] {
			check_every_leaf(&rng.bytes(size));
		}
	}

	#[test]
	fn tampering_fails() {
		let mut rng = Rng(7);
		for size in [1usize, 700, 4096, 10_000, 123_457] {
			let data = rng.bytes(size);
			let root = root(&data).unwrap();
			let n = leaf_count(size as u64);
			for _ in 0..20 {
				let i = rng.next() % n;
				let leaf = leaf_of(&data, i).to_vec();
				let p = proof(&data, i).unwrap();
				assert!(verify(&root, size as u64, i, &leaf, &p));
				// A flipped bit in the leaf.
				let mut bad = leaf.clone();
				let bit = (rng.next() % (bad.len() as u64 * 8)) as usize;
				bad[bit / 8] ^= 1 << (bit % 8);
				assert!(!verify(&root, size as u64, i, &bad, &p));
				// A flipped bit in a sibling.
				if !p.is_empty() {
					let mut q = p.clone();
					let k = (rng.next() % q.len() as u64) as usize;
					q[k][(rng.next() % 32) as usize] ^= 1;
					assert!(!verify(&root, size as u64, i, &leaf, &q));
					// A path one shorter.
					assert!(!verify(&root, size as u64, i, &leaf, &p[..p.len() - 1]));
				}
				// A path one longer.
				let mut longer = p.clone();
				longer.push([0u8; 32]);
				assert!(!verify(&root, size as u64, i, &leaf, &longer));
				// Another index (unless the leaves happen to be equal, which random data rules
				// out), and an index out of range.
				if n > 1 {
					let j = (i + 1) % n;
					assert!(!verify(&root, size as u64, j, &leaf, &p));
				}
				assert!(!verify(&root, size as u64, n, &leaf, &p));
			}
		}
	}

	#[test]
	fn the_streaming_builder_gives_the_same_root() {
		let mut rng = Rng(99);
		for size in [1usize, 255, 256, 257, 512, 768, 1024, 1280, 1536, 4096, 4097, 99_999, 1 << 20]
		{
			let data = rng.bytes(size);
			let mut b = RootBuilder::new();
			// Feed in odd-sized chunks.
			let mut rest = &data[..];
			while !rest.is_empty() {
				let n = (1 + rng.next() % 1000) as usize;
				let (head, tail) = rest.split_at(n.min(rest.len()));
				b.update(head);
				rest = tail;
			}
			assert_eq!(b.finish(), Some((root(&data).unwrap(), size as u64)), "size {size}");
		}
		assert_eq!(RootBuilder::new().finish(), None);
	}

	#[test]
	fn an_oversized_leaf_is_refused() {
		assert!(hash_leaf(&[0u8; LEAF_SIZE + 1]).is_none());
		let data = [5u8; 300];
		let root = root(&data).unwrap();
		let p = proof(&data, 0).unwrap();
		assert!(!verify(&root, 300, 0, &[5u8; LEAF_SIZE + 1], &p));
	}
}
