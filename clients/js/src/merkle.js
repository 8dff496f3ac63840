// The storage commitment format of primitives/src/merkle.rs, in JavaScript: 256-byte leaves
// (last zero-padded), leaf = blake2_256(0x00 ++ leaf), inner = blake2_256(0x01 ++ l ++ r), odd
// nodes promoted. `root(data)` is what `storageProofs.commit` and a job's `Blob.root` take;
// `levels` and `proof` build what a provider answers a challenge with.

import { blake2AsU8a } from '@polkadot/util-crypto';

export const LEAF_SIZE = 256;

export function hashLeaf(leaf) {
  const buf = new Uint8Array(1 + LEAF_SIZE);
  buf[0] = 0;
  buf.set(leaf, 1);
  return blake2AsU8a(buf, 256);
}

export function hashInner(l, r) {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(l, 1);
  buf.set(r, 33);
  return blake2AsU8a(buf, 256);
}

export function leafAt(data, i) {
  return data.subarray(i * LEAF_SIZE, Math.min((i + 1) * LEAF_SIZE, data.length));
}

/** Every level of the tree, leaves first, root last; empty for empty data (as in Rust). */
export function levels(data) {
  if (data.length === 0) return [];
  let level = [];
  for (let i = 0; i * LEAF_SIZE < data.length; i += 1) level.push(hashLeaf(leafAt(data, i)));
  const all = [level];
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? hashInner(level[i], level[i + 1]) : level[i]);
    }
    all.push(next);
    level = next;
  }
  return all;
}

/** The root of `data`; undefined for empty data (Rust: `None`). */
export function root(data) {
  const lv = levels(data);
  return lv.length ? lv[lv.length - 1][0] : undefined;
}

/** Siblings of leaf `index` from the bottom up, skipping promoted levels. */
export function proof(lv, index) {
  const path = [];
  let i = index;
  for (let l = 0; l < lv.length - 1; l += 1) {
    const sibling = i ^ 1;
    if (sibling < lv[l].length) path.push(lv[l][sibling]);
    i = Math.floor(i / 2);
  }
  return path;
}
