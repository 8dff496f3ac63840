// @agora/api: use the Agora chain from JavaScript with @polkadot/api.
//
//   import { connect, agr } from '@agora/api';
//   const api = await connect('ws://127.0.0.1:9944');
//   console.log(await api.rpc.agora.marketStats());
//
// Everything here is plain ESM with JSDoc; `index.d.ts` types it for TypeScript.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { rpc, signedExtensions } from './rpc.js';

export {
  rpc, chainMethods, dataMethods, signedExtensions, errors,
} from './rpc.js';
export {
  agr, formatAgr, DECIMALS, SYMBOL, PLANCKS_PER_AGR,
} from './units.js';
export {
  MAX_CHUNK, MAX_DOWNLOAD_VALIDITY, DOWNLOAD_VALIDITY, RESULT_STATUS,
  uploadPayload, downloadPayload, jobUploadPayload, jobDownloadPayload,
  signUpload, signDownload, signJobUpload, signJobDownload,
  uploadData, uploadJobBlob, downloadData, downloadJobResult,
} from './data.js';
export { quoteThenRequest } from './market.js';
export * as merkle from './merkle.js';

/** The default endpoint: a dev node on this machine (`scripts/dev.sh`). */
export const DEFAULT_URL = 'ws://127.0.0.1:9944';

/**
 * The options for `ApiPromise.create` that make polkadot.js know Agora: the `agora_*` RPC
 * definitions and the runtime's transaction extensions. Add your own `provider` (or use
 * `connect`). Extra `options` are merged in (their `rpc` and `signedExtensions` extend ours).
 */
export function apiOptions(options = {}) {
  return {
    ...options,
    rpc: { ...(options.rpc || {}), agora: { ...rpc.agora, ...((options.rpc || {}).agora || {}) } },
    signedExtensions: { ...signedExtensions, ...(options.signedExtensions || {}) },
  };
}

/**
 * Connect to an Agora node and resolve a ready `ApiPromise` with `api.rpc.agora.*` decorated.
 * `url` defaults to ws://127.0.0.1:9944. Rejects (instead of retrying forever) when the first
 * connection fails; later drops reconnect every `retryMs` (default 1 s). Other options go to
 * `ApiPromise.create` (see `apiOptions`).
 */
export async function connect(url = DEFAULT_URL, { retryMs = 1000, timeoutMs = 30_000, ...options } = {}) {
  const provider = new WsProvider(url, retryMs, {}, timeoutMs);
  try {
    return await ApiPromise.create({ ...apiOptions(options), provider, throwOnConnect: true });
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw e;
  }
}
