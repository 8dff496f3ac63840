// What a consumer signs to use a provider node's data methods (protocol/src/lib.rs), and
// helpers that upload and download a whole agreement's data or a job's blobs in chunks.
//
// Each signature is sr25519 over the SCALE encoding of a domain tag, the chain's genesis hash, the
// agreement (or job) id and the range, so it is good for one chain, one agreement and one chunk.
// `pair` is a keyring pair (`new Keyring({ type: 'sr25519' }).addFromUri(...)`) of the
// agreement's or job's consumer.

import {
  compactToU8a, stringToU8a, u8aConcat, u8aToHex, u8aToU8a,
} from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

/** Largest chunk of one upload or download call, in bytes (1 MiB). */
export const MAX_CHUNK = 1 << 20;
/** The furthest `validUntil` may lie past the provider's best block. */
export const MAX_DOWNLOAD_VALIDITY = 100;
/** How many blocks past the provider's best block these helpers sign downloads for. */
export const DOWNLOAD_VALIDITY = 20;

const u64 = (v) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
};
const u32 = (v) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, Number(v), true);
  return b;
};
const tag = (t) => stringToU8a(t); // a fixed-size byte array: no length prefix
const str = (s) => { const b = stringToU8a(s); return u8aConcat(compactToU8a(b.length), b); };
const genesisOf = (g) => {
  const b = u8aToU8a(typeof g === 'string' ? g : g.toHex());
  if (b.length !== 32) throw new TypeError('genesis hash must be 32 bytes');
  return b;
};

/** The bytes signed to upload `data` at `offset` of `agreement` (protocol::upload_payload). */
export function uploadPayload(genesis, agreement, offset, data) {
  return u8aConcat(tag('agora/upload/v1'), genesisOf(genesis), u64(agreement), u64(offset), blake2AsU8a(u8aToU8a(data), 256));
}

/** The bytes signed to download a range of `agreement` (protocol::download_payload). */
export function downloadPayload(genesis, agreement, offset, length, validUntil) {
  return u8aConcat(tag('agora/download/v2'), genesisOf(genesis), u64(agreement), u64(offset), u64(length), u32(validUntil));
}

/** The bytes signed to upload to a job's `blob` ('module' | 'input') (protocol::job_upload_payload). */
export function jobUploadPayload(genesis, job, blob, offset, data) {
  if (blob !== 'module' && blob !== 'input') throw new TypeError(`blob must be 'module' or 'input', got ${blob}`);
  return u8aConcat(tag('agora/job-upload/v1'), genesisOf(genesis), u64(job), str(blob), u64(offset), blake2AsU8a(u8aToU8a(data), 256));
}

/** The bytes signed to download a range of a job's result (protocol::job_download_payload). */
export function jobDownloadPayload(genesis, job, offset, length, validUntil) {
  return u8aConcat(tag('agora/job-download/v1'), genesisOf(genesis), u64(job), u64(offset), u64(length), u32(validUntil));
}

/** The argument of `api.rpc.agora.upload`: `data` at `offset`, signed by `pair`. */
export function signUpload(pair, genesis, agreement, offset, data) {
  const bytes = u8aToU8a(data);
  return {
    agreement: Number(agreement), offset: Number(offset), data: u8aToHex(bytes),
    signature: u8aToHex(pair.sign(uploadPayload(genesis, agreement, offset, bytes))),
  };
}

/** The argument of `api.rpc.agora.download`, served until the provider's best block passes `validUntil`. */
export function signDownload(pair, genesis, agreement, offset, length, validUntil) {
  return {
    agreement: Number(agreement), offset: Number(offset), length: Number(length), validUntil: Number(validUntil),
    signature: u8aToHex(pair.sign(downloadPayload(genesis, agreement, offset, length, validUntil))),
  };
}

/** The argument of `api.rpc.agora.jobUpload`. */
export function signJobUpload(pair, genesis, job, blob, offset, data) {
  const bytes = u8aToU8a(data);
  return {
    job: Number(job), blob, offset: Number(offset), data: u8aToHex(bytes),
    signature: u8aToHex(pair.sign(jobUploadPayload(genesis, job, blob, offset, bytes))),
  };
}

/** The argument of `api.rpc.agora.jobDownload`. */
export function signJobDownload(pair, genesis, job, offset, length, validUntil) {
  return {
    job: Number(job), offset: Number(offset), length: Number(length), validUntil: Number(validUntil),
    signature: u8aToHex(pair.sign(jobDownloadPayload(genesis, job, offset, length, validUntil))),
  };
}

/** Upload `data` from where the node stands (resumes after an interruption); resolves with the last UploadStatus. */
export async function uploadData(provider, pair, agreement, data, { chunkSize = MAX_CHUNK, onProgress } = {}) {
  const bytes = u8aToU8a(data);
  const genesis = provider.genesisHash;
  let status = (await provider.rpc.agora.uploadStatus(agreement)).toJSON();
  if (status.state === 'rejected') status.received = 0;
  let offset = status.received;
  while (offset < bytes.length) {
    const chunk = bytes.subarray(offset, Math.min(offset + chunkSize, bytes.length));
    status = (await provider.rpc.agora.upload(signUpload(pair, genesis, agreement, offset, chunk))).toJSON();
    offset = status.received;
    if (onProgress) onProgress(offset, bytes.length);
  }
  return status;
}

/** Upload a job's module or input (`blob`), resuming; resolves with the last JobUploadStatus. */
export async function uploadJobBlob(worker, pair, job, blob, data, { chunkSize = MAX_CHUNK } = {}) {
  const bytes = u8aToU8a(data);
  const genesis = worker.genesisHash;
  let status = (await worker.rpc.agora.jobUploadStatus(job)).toJSON();
  let offset = status[blob].state === 'rejected' ? 0 : status[blob].received;
  while (offset < bytes.length) {
    const chunk = bytes.subarray(offset, Math.min(offset + chunkSize, bytes.length));
    status = (await worker.rpc.agora.jobUpload(signJobUpload(pair, genesis, job, blob, offset, chunk))).toJSON();
    offset = status[blob].received;
  }
  return status;
}

async function readAll(node, size, chunkSize, fetchRange) {
  const out = new Uint8Array(size);
  let offset = 0;
  while (offset < size) {
    const best = (await node.rpc.chain.getHeader()).number.toNumber();
    const length = Math.min(chunkSize, size - offset);
    const got = (await fetchRange(offset, length, best + DOWNLOAD_VALIDITY)).toU8a(true);
    if (got.length === 0) throw new Error(`download: the node returned no bytes at offset ${offset} of ${size}`);
    out.set(got, offset);
    offset += got.length;
  }
  return out;
}

/** Download an agreement's stored data (`size` bytes, e.g. `uploadStatus(...).size`). */
export function downloadData(provider, pair, agreement, size, { chunkSize = MAX_CHUNK } = {}) {
  const genesis = provider.genesisHash;
  return readAll(provider, size, chunkSize, (offset, length, validUntil) => provider.rpc.agora
    .download(signDownload(pair, genesis, agreement, offset, length, validUntil)));
}

/**
 * Download a job's result blob from a worker: resolves { status, output } where `status` is the
 * result's first byte by name ('ok', 'trap', 'outOfFuel', 'memoryLimit', 'invalid',
 * 'outputLimit') and `output` the bytes after it (empty unless 'ok'). `size` is the result's
 * size from the job's slot (`JobView.slots[i].state.revealed.result.size`, or
 * `status.finished.outcome.completed.result.size` once the job is finished).
 */
export async function downloadJobResult(worker, pair, job, size, { chunkSize = MAX_CHUNK } = {}) {
  const genesis = worker.genesisHash;
  const blob = await readAll(worker, size, chunkSize, (offset, length, validUntil) => worker.rpc.agora
    .jobDownload(signJobDownload(pair, genesis, job, offset, length, validUntil)));
  return { status: RESULT_STATUS[blob[0]] ?? `unknown(${blob[0]})`, output: blob.subarray(1) };
}

/** The result blob's status byte (agora_primitives::jobs::ResultStatus), by value. */
export const RESULT_STATUS = ['ok', 'trap', 'outOfFuel', 'memoryLimit', 'invalid', 'outputLimit'];
