// Types of @agora/api/merkle (src/merkle.js): the storage commitment format of
// primitives/src/merkle.rs. Also available as the `merkle` namespace of '@agora/api'.

/** Bytes per leaf. */
export declare const LEAF_SIZE: 256;
/** The hash of a leaf of at most LEAF_SIZE bytes (zero-padded). */
export declare function hashLeaf(leaf: Uint8Array): Uint8Array;
/** The hash of an inner node. */
export declare function hashInner(l: Uint8Array, r: Uint8Array): Uint8Array;
/** Leaf `i` of `data` (the last one may be short). */
export declare function leafAt(data: Uint8Array, i: number): Uint8Array;
/** Every level of the tree, leaves first, root last; empty for empty data. */
export declare function levels(data: Uint8Array): Uint8Array[][];
/** The root (what `storageProofs.commit` and a job's `Blob.root` take); undefined for empty data. */
export declare function root(data: Uint8Array): Uint8Array | undefined;
/** Siblings of leaf `index` from the bottom up, skipping promoted levels (what a provider answers a challenge with). */
export declare function proof(levels: Uint8Array[][], index: number): Uint8Array[];
