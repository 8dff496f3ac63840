// A runtime upgrade on a live chain (issue 16). One dev node that is also a provider node (Eve's
// operator key in its keystore): Ferdie stores a file with Eve, the node answers challenges, and
// Ferdie disputes a second agreement with her. Then Alice (sudo) applies a second runtime with `system.setCode`: the
// same runtime one spec_version ahead, which the build makes with AGORA_UPGRADE_WASM=1
// (runtime/build.rs, feature `upgrade-test`). The chain goes on, `state_getRuntimeVersion` shows
// the new version, every view of the agreement, commitment, dispute, provider and the market
// reads the same, and the node keeps answering challenges under the new runtime.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { nodeBinary } from '../lib/node.js';
import { electCommittee } from '../lib/committee.js';
import { devKeys, registerEve, startDevProvider } from '../lib/provider.js';
import { findEvent, sendOk, waitFor } from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;

/** The second runtime blob: $AGORA_UPGRADE_WASM_FILE, else next to the node's wasm build. */
function upgradeWasm() {
  const file = process.env.AGORA_UPGRADE_WASM_FILE || path.join(path.dirname(nodeBinary()),
    'wbuild', 'agora-runtime', 'agora_runtime_upgrade.compact.compressed.wasm');
  if (!existsSync(file)) {
    throw new Error(`no upgrade runtime at ${file}: build with AGORA_UPGRADE_WASM=1 `
      + '(scripts/env.sh sets it for scripts/test.sh and scripts/dev.sh)');
  }
  return readFileSync(file);
}

describe('runtime upgrade on a live chain', () => {
  let node;
  let api;
  let tmp;
  let k;

  const call = (method, params) => node.provider.send(method, params);
  const ok = (tx, signer) => sendOk(api, tx, signer);

  before(async () => {
    await cryptoWaitReady();
    k = devKeys('//Alice', '//Bob', '//Charlie', '//Eve', '//Eve//operator', '//Ferdie');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-upgrade-'));
    node = await startDevProvider({ basePath: path.join(tmp, 'node'), store: path.join(tmp, 'store') });
    api = node.api;
  });

  after(async () => {
    if (node) await node.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('sudo(system.setCode) keeps every record and the provider answering', async () => {
    const wasm = upgradeWasm();
    const {
      alice, bob, charlie, eve, ferdie,
    } = k;
    // The dispute committee is elected meanwhile (disputes need a panel).
    const committee = electCommittee(api, call, [alice, bob], [[charlie, [alice.address, bob.address], 100n * AGR]]);
    committee.catch(() => {});

    // A live market: a provider with an operator key, an agreement with a confirmed commitment
    // that is being challenged, and an open dispute.
    await registerEve(api, k, node.httpUrl);
    const resources = { storageBytes: 4 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 };
    const req = await ok(api.tx.agreements.request(eve.address, resources, 200, { installmentPeriods: 1 }, 1000n * AGR), ferdie);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(id), eve);
    await ok(api.tx.agreements.prepay(id, 100), ferdie);
    const file = path.join(tmp, 'data.bin');
    writeFileSync(file, randomBytes(MIB + 123));
    execFileSync(nodeBinary(), ['data', 'upload', '--provider', node.httpUrl, '--node', node.httpUrl,
      '--agreement', String(id), '--suri', '//Ferdie', file], { stdio: 'pipe' });
    await waitFor(api, async () => (await call('agora_commitment', [id]))?.passes >= 1,
      { blocks: 60, what: 'a challenge answered before the upgrade' });
    // A second agreement, in dispute before the committee; governance gives disputes long
    // phases first, so this one is still open, unchanged, when the upgrade is done.
    await committee;
    const disputeParams = (await api.query.disputes.params()).toJSON();
    await ok(api.tx.sudo.sudo(api.tx.disputes.setParams(
      { ...disputeParams, evidencePeriod: 400, votingPeriod: 400 },
    )), alice);
    const req2 = await ok(api.tx.agreements.request(eve.address, resources, 50, { installmentPeriods: 1 }, 1000n * AGR), ferdie);
    const disputed = findEvent(api, req2.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(disputed), eve);
    await ok(api.tx.agreements.prepay(disputed, 10), ferdie);
    const opened = await ok(api.tx.disputes.open(disputed, `0x${'11'.repeat(32)}`), ferdie);
    const disputeId = findEvent(api, opened.events, 'disputes', 'Opened').data.dispute.toNumber();

    const before = await api.rpc.state.getRuntimeVersion();
    const views = async () => {
      const commitment = await call('agora_commitment', [id]);
      const stats = await call('agora_marketStats', []);
      // What time alone changes (installments matured, the next due date) is left out.
      const agreement = async (n) => {
        const { maturedInstallments, nextDue, servedUntil, ...rest } = await call('agora_agreement', [n]);
        return rest;
      };
      return {
        agreement: await agreement(id),
        disputedAgreement: await agreement(disputed),
        // Challenges go on between the two reads: compare what an upgrade could break.
        commitment: { root: commitment.root, size: commitment.size, confirmedAt: commitment.confirmedAt },
        provider: await call('agora_provider', [eve.address]),
        dispute: (await api.query.disputes.disputes(disputeId)).toJSON(),
        providers: stats.providers,
        agreements: stats.agreements,
        disputes: stats.disputes,
        ferdie: (await api.query.system.account(ferdie.address)).data.reserved.toString(),
      };
    };
    const stateBefore = await views();
    const passesBefore = (await call('agora_commitment', [id])).passes;

    // The upgrade: Alice (sudo) sets the code; setCode's weight is a whole block, so it goes
    // through sudoUncheckedWeight.
    const upgraded = await ok(api.tx.sudo.sudoUncheckedWeight(
      api.tx.system.setCode(u8aToHex(wasm)), { refTime: 0, proofSize: 0 },
    ), alice);
    assert.ok(findEvent(api, upgraded.events, 'system', 'CodeUpdated'), 'the code was updated');
    const sudid = findEvent(api, upgraded.events, 'sudo', 'Sudid');
    assert.ok(sudid.data[0].isOk, `sudo: ${sudid.data[0].toString()}`);

    await waitFor(api, async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber()
      === before.specVersion.toNumber() + 1, { blocks: 10, what: 'the new runtime version' });
    const after = await api.rpc.state.getRuntimeVersion();
    assert.equal(after.specName.toString(), 'agora');
    console.log(`runtime upgraded: spec_version ${before.specVersion} -> ${after.specVersion}`);

    // Blocks go on under the new runtime, and nothing reads differently.
    const upgradedAt = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitFor(api, async () => (await api.rpc.chain.getHeader()).number.toNumber() >= upgradedAt + 3,
      { blocks: 10, what: 'blocks after the upgrade' });
    assert.deepEqual(await views(), stateBefore);

    // The provider node keeps answering challenges under the new runtime.
    await waitFor(api, async () => (await call('agora_commitment', [id])).passes > passesBefore + 1,
      { blocks: 60, what: 'challenges answered after the upgrade' });
    const commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.faults, 0);

    // A new transaction (signed for the new spec version) still works.
    await ok(api.tx.balances.transferKeepAlive(eve.address, AGR), ferdie);
  });
});
