//! `merkle_verify`: the storage commitment's merkle proofs (`agora_primitives::merkle`, which
//! `storageProofs.respond` and the provider node's responder call as `merkle::verify`).
//!
//! 1. An arbitrary proof against an arbitrary root, size, index and leaf: never panics.
//! 2. A real tree built from the fuzzer's bytes: the proof of a chosen leaf verifies, has the
//!    length `proof_len` gives, the streaming `RootBuilder` (fed in arbitrary chunks) finds the
//!    same root, and after a mutation (a sibling, the index, the leaf, the path's length or the
//!    size) the proof verifies only if it still is the real proof of a real leaf: same leaf hash,
//!    same siblings as the tree's own proof of that index.

#![no_main]

use agora_primitives::merkle::{self, Node, LEAF_SIZE};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// Largest tree built (bytes): 1,024 leaves, deep enough for ten levels.
const MAX_DATA: usize = 1024 * LEAF_SIZE;

#[derive(Arbitrary, Debug)]
enum Mutation {
	/// Flip bits of one sibling.
	Sibling { at: u16, byte: u8, mask: u8 },
	/// Claim another index.
	Index(u64),
	/// Change one byte of the leaf.
	LeafByte { at: u16, xor: u8 },
	/// Cut the leaf to a length (shorter, or padded with zeros / other bytes when longer).
	LeafLen { len: u16, fill: u8 },
	/// Drop the last sibling.
	Truncate,
	/// Append a sibling.
	Extend(Node),
	/// Claim another size.
	Size(u64),
	/// Swap two siblings.
	Swap(u16, u16),
}

#[derive(Arbitrary, Debug)]
struct Input {
	// Part 1: everything arbitrary.
	root: Node,
	size: u64,
	index: u64,
	leaf: Vec<u8>,
	proof: Vec<Node>,
	// Part 2: a real tree of `data` repeated `repeat` more times (then cut at MAX_DATA).
	data: Vec<u8>,
	repeat: u16,
	pick: u64,
	chunks: Vec<u16>,
	mutations: Vec<Mutation>,
}

fuzz_target!(|input: Input| {
	// 1. Never panics, and nothing verifies against a root no real tree has... except by
	// chance, which we cannot tell here; only the absence of panics is checked.
	let _ = merkle::verify(&input.root, input.size, input.index, &input.leaf, &input.proof);
	let _ = merkle::proof_len(input.index, merkle::leaf_count(input.size));
	let _ = merkle::hash_leaf(&input.leaf);

	// 2. A real tree.
	if input.data.is_empty() {
		return;
	}
	let total = input
		.data
		.len()
		.saturating_mul(usize::from(input.repeat % 256).saturating_add(1))
		.min(MAX_DATA);
	let data: Vec<u8> = input.data.iter().copied().cycle().take(total).collect();
	let size = data.len() as u64;
	let leaves = merkle::leaf_count(size);
	let levels = merkle::levels(&data);
	let root = merkle::root(&data).expect("non-empty data has a root");
	assert_eq!(levels.first().map(Vec::len), Some(leaves as usize));
	assert_eq!(levels.last().map(|top| top.as_slice()), Some(&[root][..]));

	// The streaming builder agrees, whatever the chunking.
	let mut builder = merkle::RootBuilder::new();
	let mut rest = &data[..];
	for c in input.chunks.iter().chain(core::iter::repeat(&4096)) {
		if rest.is_empty() {
			break;
		}
		let (head, tail) = rest.split_at(usize::from(*c).min(rest.len()));
		builder.update(head);
		rest = tail;
	}
	assert_eq!(builder.finish(), Some((root, size)));

	let leaf_at = |i: u64| -> &[u8] {
		let start = (i as usize) * LEAF_SIZE;
		&data[start..(start + LEAF_SIZE).min(data.len())]
	};
	let index = input.pick % leaves;
	let proof = merkle::proof_from_levels(&levels, index).expect("index in range");
	assert_eq!(Some(proof.len() as u32), merkle::proof_len(index, leaves));
	assert!(merkle::verify(&root, size, index, leaf_at(index), &proof), "a real proof fails");

	// The mutations, one after the other.
	let (mut i, mut leaf, mut path, mut claimed_size) =
		(index, leaf_at(index).to_vec(), proof, size);
	for m in input.mutations.iter().take(8) {
		match m {
			Mutation::Sibling { at, byte, mask } => {
				if !path.is_empty() {
					let k = usize::from(*at) % path.len();
					path[k][usize::from(*byte) % 32] ^= mask;
				}
			},
			Mutation::Index(j) => i = *j,
			Mutation::LeafByte { at, xor } => {
				if !leaf.is_empty() {
					let k = usize::from(*at) % leaf.len();
					leaf[k] ^= xor;
				}
			},
			Mutation::LeafLen { len, fill } => {
				leaf.resize(usize::from(*len) % (LEAF_SIZE + 2), *fill)
			},
			Mutation::Truncate => {
				path.pop();
			},
			Mutation::Extend(node) => path.push(*node),
			Mutation::Size(s) => claimed_size = *s,
			Mutation::Swap(a, b) => {
				if !path.is_empty() {
					let (a, b) = (usize::from(*a) % path.len(), usize::from(*b) % path.len());
					path.swap(a, b);
				}
			},
		}
		let accepted = merkle::verify(&root, claimed_size, i, &leaf, &path);
		if accepted && claimed_size == size {
			// Accepted for the committed size: it must be the real leaf (zero padding aside,
			// as documented) and the tree's own proof of that index.
			assert!(i < leaves, "an out-of-range index verified");
			assert!(leaf.len() <= LEAF_SIZE, "an oversized leaf verified");
			assert_eq!(
				merkle::hash_leaf(&leaf),
				merkle::hash_leaf(leaf_at(i)),
				"a leaf that is not leaf {i} verified"
			);
			assert_eq!(
				Some(&path),
				merkle::proof_from_levels(&levels, i).as_ref(),
				"a path that is not the proof of leaf {i} verified"
			);
		}
	}
});
