// The signed payloads byte for byte, as protocol/src/lib.rs encodes them (the e2e suite checks
// that a real node accepts the signatures: e2e/test/client.test.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import {
  uploadPayload, downloadPayload, jobUploadPayload, jobDownloadPayload, merkle, rpc, chainMethods,
} from '../src/index.js';

const genesis = `0x${'ab'.repeat(32)}`;
const hex = (s) => u8aToHex(stringToU8a(s)).slice(2);
const le = (v, bytes) => {
  let s = '';
  let x = BigInt(v);
  for (let i = 0; i < bytes; i += 1) { s += (x & 0xffn).toString(16).padStart(2, '0'); x >>= 8n; }
  return s;
};

test('upload and download payloads', () => {
  const data = new Uint8Array([1, 2, 3]);
  const h = u8aToHex(blake2AsU8a(data, 256)).slice(2);
  assert.equal(u8aToHex(uploadPayload(genesis, 7, 1024, data)),
    `0x${hex('agora/upload/v1')}${'ab'.repeat(32)}${le(7, 8)}${le(1024, 8)}${h}`);
  assert.equal(u8aToHex(downloadPayload(genesis, 7, 0, 4096, 300)),
    `0x${hex('agora/download/v2')}${'ab'.repeat(32)}${le(7, 8)}${le(0, 8)}${le(4096, 8)}${le(300, 4)}`);
});

test('job payloads name the blob as a SCALE string', () => {
  const data = new Uint8Array([9]);
  const h = u8aToHex(blake2AsU8a(data, 256)).slice(2);
  assert.equal(u8aToHex(jobUploadPayload(genesis, 3, 'input', 5, data)),
    `0x${hex('agora/job-upload/v1')}${'ab'.repeat(32)}${le(3, 8)}14${hex('input')}${le(5, 8)}${h}`);
  assert.equal(u8aToHex(jobUploadPayload(genesis, 3, 'module', 0, data)).slice(2 + 2 * (19 + 32 + 8), 2 * (19 + 32 + 8 + 7) + 2),
    `18${hex('module')}`);
  assert.throws(() => jobUploadPayload(genesis, 3, 'output', 0, data), /module' or 'input/);
  assert.equal(u8aToHex(jobDownloadPayload(genesis, 3, 1, 2, 9)),
    `0x${hex('agora/job-download/v1')}${'ab'.repeat(32)}${le(3, 8)}${le(1, 8)}${le(2, 8)}${le(9, 4)}`);
  assert.throws(() => uploadPayload('0x1234', 1, 0, data), /32 bytes/);
});

test('merkle root of one leaf and of three', () => {
  const one = new Uint8Array(10).fill(7);
  const leaf = new Uint8Array(257);
  leaf.set(one, 1);
  assert.deepEqual(merkle.root(one), blake2AsU8a(leaf, 256));
  const three = new Uint8Array(600).fill(1);
  const lv = merkle.levels(three);
  assert.deepEqual(lv.map((l) => l.length), [3, 2, 1]);
  assert.deepEqual(lv[1][1], lv[0][2]); // the odd node is promoted
});

test('every method is decorated with params and a result type', () => {
  for (const [name, def] of Object.entries(rpc.agora)) {
    assert.ok(def.description.includes('->'), `${name} names its result`);
    assert.ok(Array.isArray(def.params) && def.type, name);
  }
  assert.ok(Object.keys(chainMethods).length >= 20);
});

test('merkle of empty data: no levels and no root, as in Rust', () => {
  assert.deepEqual(merkle.levels(new Uint8Array(0)), []);
  assert.equal(merkle.root(new Uint8Array(0)), undefined);
});
