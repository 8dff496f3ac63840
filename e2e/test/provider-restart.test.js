// A provider node killed in the middle of an upload (issue 16). One dev node that is also the
// provider node (Eve's operator key in its keystore). Ferdie uploads a 192 MiB file with
// `agora-node data upload`; as soon as the node has received part of it, the node is SIGKILLed.
// The upload command fails with a clear error; the node restarts on its base path and store (the
// chain and the partial upload survive), the same command resumes at the byte the provider
// holds, the provider verifies and confirms by itself, and then answers challenges.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { cli } from '../lib/node.js';
import { devKeys, registerEve, startDevProvider } from '../lib/provider.js';
import { findEvent, sendOk, waitFor } from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;
const SIZE = 192 * MIB + 77;

/** Write `size` random bytes to `file`, 8 MiB at a time. */
function randomFile(file, size) {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(8 * MIB);
  for (let left = size; left > 0; left -= chunk.length) {
    const n = Math.min(left, chunk.length);
    randomFillSync(chunk, 0, n);
    writeSync(fd, chunk, 0, n);
  }
  closeSync(fd);
}

describe('provider node killed mid-upload', () => {
  let node;
  let tmp;
  let basePath;
  let store;
  let k;

  before(async () => {
    await cryptoWaitReady();
    k = devKeys('//Eve', '//Eve//operator', '//Ferdie');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-restart-'));
    basePath = path.join(tmp, 'node');
    store = path.join(tmp, 'store');
    node = await startDevProvider({ basePath, store });
  });

  after(async () => {
    if (node) await node.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('the upload resumes where the provider stopped, and the data is then proven', async () => {
    const { eve, ferdie } = k;
    let { api } = node;
    await registerEve(api, k, node.httpUrl, 512);
    const resources = { storageBytes: 256 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 };
    const req = await sendOk(api, api.tx.agreements.request(eve.address, resources, 60, { installmentPeriods: 1 }, 10_000n * AGR), ferdie);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await sendOk(api, api.tx.agreements.accept(id), eve);
    await sendOk(api, api.tx.agreements.prepay(id, 40), ferdie);
    const file = path.join(tmp, 'big.bin');
    randomFile(file, SIZE);
    const upload = ['data', 'upload', '--provider', node.httpUrl, '--node', node.httpUrl,
      '--agreement', String(id), '--suri', '//Ferdie', file];

    // Start the upload; kill the node once it holds part of the data.
    const first = cli(upload);
    let status = null;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      status = await node.provider.send('agora_uploadStatus', [id]).catch(() => null);
      if (status?.received > 0) break;
      await new Promise((r) => { setTimeout(r, 5); });
    }
    assert.ok(status?.received > 0, `the upload never started: ${JSON.stringify(status)}`);
    const gone = new Promise((resolve) => { node.child.once('exit', resolve); });
    node.child.kill('SIGKILL');
    await gone;
    await node.api.disconnect().catch(() => {});
    const killedAt = status.received;
    assert.ok(killedAt < SIZE, `killed after the whole upload (${killedAt} of ${SIZE}): make the file larger`);
    const failed = await first;
    assert.notEqual(failed.code, 0, 'the interrupted upload fails');
    assert.match(failed.stderr, /provider|connect|error/i);
    console.log(`killed the provider node at ${killedAt} of ${SIZE} bytes received`);

    // Restart on the same base path, store and ports (the endpoint on chain names the port).
    node = await startDevProvider({ basePath, store, rpcPort: node.rpcPort, p2pPort: node.p2pPort });
    ({ api } = node);
    const after = await node.provider.send('agora_uploadStatus', [id]);
    assert.equal(after.state, 'receiving');
    assert.ok(after.received >= killedAt && after.received < SIZE,
      `the partial upload survived: ${after.received} (saw ${killedAt} before the kill)`);

    // The same command resumes where the provider stands, and finishes.
    const second = await cli(upload);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`resuming the upload at byte ${after.received} of ${SIZE}`));
    assert.match(second.stderr, /the commitment is already on chain/);
    assert.match(second.stdout, new RegExp(`stored ${SIZE} bytes for agreement ${id}`));
    const commitment = await node.provider.send('agora_commitment', [id]);
    assert.equal(commitment.size, SIZE);
    assert.notEqual(commitment.confirmedAt, null, 'the provider confirmed by itself');

    // ... and proves it.
    await waitFor(api, async () => (await node.provider.send('agora_commitment', [id])).passes >= 1,
      { blocks: 60, what: 'a challenge answered after the restart' });
    assert.equal((await node.provider.send('agora_commitment', [id])).faults, 0);
  });
});
