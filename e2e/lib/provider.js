// A dev node that is also a provider node: Eve's operator key (`//Eve//operator`, key type
// `agpr`) goes into its keystore before it starts, so the node confirms uploads and answers
// challenges for Eve by itself. Used by the files that need one node playing both parts.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { nodeBinary, startNode } from './node.js';
import { sendOk } from './tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;

/** Keyring pairs by name: `//Eve//operator` is `eve_operator`. */
export function devKeys(...uris) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return Object.fromEntries(uris.map((uri) => [
    uri.split('//').filter(Boolean).join('_').toLowerCase(), keyring.addFromUri(uri),
  ]));
}

/**
 * Start (or restart, with the same `basePath` and `store`) a `--dev` node in provider mode whose
 * keystore holds Eve's operator key. Options go to `startNode`.
 */
export async function startDevProvider({ basePath, store, ...options }) {
  execFileSync(nodeBinary(), [
    'key', 'insert', '--chain', 'dev', '--base-path', basePath,
    '--key-type', 'agpr', '--scheme', 'sr25519', '--suri', '//Eve//operator',
  ]);
  return startNode({ args: ['--dev', '--provider-store', store], basePath, ...options });
}

/**
 * Eve names her operator, gives it a float for fees, and registers as a storage provider with
 * `storageMib` MiB at 100 AGR per GiB and period, at `endpoint`.
 */
export async function registerEve(api, { eve, eve_operator: operator }, endpoint, storageMib = 64) {
  await sendOk(api, api.tx.storageProofs.setOperator(operator.address), eve);
  await sendOk(api, api.tx.balances.transferKeepAlive(operator.address, AGR / 10n), eve);
  await sendOk(api, api.tx.providers.register(
    { storageBytes: storageMib * MIB, vcpus: 0, memoryMib: 0, gpus: 0 },
    { storagePerGib: (AGR * 100n).toString(), vcpu: 0, memoryPerGib: 0, gpu: 0 },
    endpoint, { region: 'eu', extra: [] },
  ), eve);
}
