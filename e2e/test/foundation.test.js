// Foundation scenarios against a real `agora-node --dev`.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.js';
import { errorName, freeBalance, sendAndWait, waitFor } from '../lib/tx.js';

const AGR = 10n ** 12n;

describe('agora-node --dev: foundation', () => {
  let node;
  let api;
  let keyring;
  let alice;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
  });

  after(async () => {
    if (node) await node.stop();
  });

  test('chain metadata and token properties are readable by polkadot.js', async () => {
    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    assert.ok(versions.some((v) => v >= 15), `metadata versions ${versions} include v15+`);
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'AGR');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
    assert.equal(api.runtimeVersion.specName.toString(), 'agora');
  });

  test('a balance transfer is included, emits its event, and moves exactly the amount', async () => {
    const dest = keyring.addFromUri('//Agora//e2e//transfer-dest');
    const amount = 10n * AGR;
    const { blockHash, events, dispatchError, fee } = await sendAndWait(
      api, api.tx.balances.transferKeepAlive(dest.address, amount), alice,
    );
    assert.equal(dispatchError, undefined, `no dispatch error, got ${errorName(api, dispatchError)}`);
    const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
    assert.ok(transfer, 'Balances.Transfer event');
    assert.equal(transfer.event.data.from.toString(), alice.address);
    assert.equal(transfer.event.data.to.toString(), dest.address);
    assert.equal(transfer.event.data.amount.toBigInt(), amount);
    assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
    assert.ok(fee > 0n, 'a fee was paid');

    const parent = (await api.rpc.chain.getHeader(blockHash)).parentHash;
    const aliceBefore = await freeBalance(api, alice.address, parent);
    const aliceAfter = await freeBalance(api, alice.address, blockHash);
    const destBefore = await freeBalance(api, dest.address, parent);
    const destAfter = await freeBalance(api, dest.address, blockHash);
    assert.equal(destAfter - destBefore, amount);
    assert.equal(aliceBefore - aliceAfter, amount + fee);
  });

  test('a transfer larger than the balance fails with a clear error and moves nothing', async () => {
    const poor = keyring.addFromUri('//Agora//e2e//poor');
    const dest = keyring.addFromUri('//Agora//e2e//poor-dest');
    await sendAndWait(api, api.tx.balances.transferKeepAlive(poor.address, 5n * AGR), alice);

    const { blockHash, dispatchError, fee, events } = await sendAndWait(
      api, api.tx.balances.transferAllowDeath(dest.address, 1000n * AGR), poor,
    );
    assert.ok(dispatchError, 'the transfer failed');
    assert.equal(errorName(api, dispatchError), 'Token.FundsUnavailable');
    assert.ok(events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)));
    assert.ok(!events.some(({ event }) => api.events.balances.Transfer.is(event)), 'no Transfer event');

    const parent = (await api.rpc.chain.getHeader(blockHash)).parentHash;
    assert.equal(await freeBalance(api, poor.address, parent) - await freeBalance(api, poor.address, blockHash), fee,
      'the sender paid only the fee');
    assert.equal(await freeBalance(api, dest.address, blockHash), 0n, 'nothing arrived');
  });

  test('blocks are finalized: the finalized head advances', async () => {
    const start = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    let now = start;
    await waitFor(api, async () => {
      now = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      return now >= start + 2;
    }, { blocks: 20, what: 'finality to advance by two blocks' });
    assert.ok(now >= start + 2);
  });

  test('agora_networkStats matches the chain', async () => {
    const finalized = await api.rpc.chain.getFinalizedHead();
    const stats = (await api.rpc.agora.networkStats(finalized)).toJSON();
    assert.equal(stats.validatorCount, 1, 'the dev chain has one validator (Alice)');
    assert.equal(stats.desiredValidatorCount, 1);
    const at = await api.at(finalized);
    assert.equal(BigInt(stats.totalIssuance), (await at.query.balances.totalIssuance()).toBigInt());
    assert.equal(stats.sessionIndex, (await at.query.session.currentIndex()).toNumber());
    assert.ok(stats.bestNumber >= stats.finalizedNumber);
    assert.match(stats.bestHash, /^0x[0-9a-f]{64}$/);

    // Without `at`: the best block.
    const best = (await api.rpc.agora.networkStats()).toJSON();
    assert.ok(best.bestNumber >= stats.bestNumber);
    // Through the runtime API as well.
    const viaCall = (await api.call.agoraApi.networkStats()).toJSON();
    assert.equal(viaCall.validatorCount, 1);
  });

  test('a new account registers session keys and sudo adds it through validators', async () => {
    const candidate = keyring.addFromUri('//Agora//e2e//validator');
    await sendAndWait(api, api.tx.balances.transferKeepAlive(candidate.address, 100n * AGR), alice);

    // Without keys, governance is refused with a typed error.
    const refused = await sendAndWait(api, api.tx.sudo.sudo(api.tx.validators.addValidator(candidate.address)), alice);
    const sudid = refused.events.find(({ event }) => api.events.sudo.Sudid.is(event));
    assert.ok(sudid.event.data.sudoResult.isErr);
    assert.equal(errorName(api, sudid.event.data.sudoResult.asErr), 'validators.NoSessionKeys');

    // author_rotateKeys makes keys in the node's keystore; the owner-bound variant also returns
    // the proof of possession that session.setKeys requires.
    const plain = await api.rpc.author.rotateKeys();
    assert.ok(plain.length > 0);
    const generated = await node.provider.send('author_rotateKeysWithOwner', [u8aToHex(candidate.publicKey)]);
    assert.ok(generated.keys && generated.proof, 'keys and proof');
    const hasKeys = await api.rpc.author.hasSessionKeys(generated.keys);
    assert.ok(hasKeys.isTrue, 'the node holds the private keys');

    const setKeys = await sendAndWait(api, api.tx.session.setKeys(generated.keys, generated.proof), candidate);
    assert.equal(setKeys.dispatchError, undefined, `setKeys: ${errorName(api, setKeys.dispatchError)}`);
    assert.ok((await api.query.session.nextKeys(candidate.address)).isSome);

    const added = await sendAndWait(api, api.tx.sudo.sudo(api.tx.validators.addValidator(candidate.address)), alice);
    const ok = added.events.find(({ event }) => api.events.sudo.Sudid.is(event));
    assert.ok(ok.event.data.sudoResult.isOk, 'sudo call succeeded');
    const ev = added.events.find(({ event }) => api.events.validators.ValidatorAdded.is(event));
    assert.equal(ev.event.data.who.toString(), candidate.address);

    const at = await api.at(added.blockHash);
    const desired = (await at.query.validators.validators()).map((a) => a.toString());
    assert.ok(desired.includes(candidate.address), 'recorded in the desired set');
    assert.ok((await at.query.validators.setChanged()).isTrue, 'handed to session at the next boundary');
    const stats = (await api.rpc.agora.networkStats(added.blockHash)).toJSON();
    assert.equal(stats.validatorCount, 1, 'the active set changes only at a session boundary');
    assert.equal(stats.desiredValidatorCount, 2);
  });

  test('malformed JSON-RPC requests get JSON-RPC errors and the node keeps serving', async () => {
    const post = async (body) => {
      const res = await fetch(node.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return res.json();
    };
    const bad = await post('{"jsonrpc":"2.0","id":1,"method":');
    assert.equal(bad.error.code, -32700, 'parse error');

    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'agora_noSuchMethod', params: [] }));
    assert.equal(unknown.error.code, -32601, 'method not found');

    const wrong = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'agora_networkStats', params: ['not-a-hash'] }));
    assert.equal(wrong.error.code, -32602, 'invalid params');

    const unknownBlock = await post(JSON.stringify({
      jsonrpc: '2.0', id: 4, method: 'agora_networkStats', params: [`0x${'11'.repeat(32)}`],
    }));
    assert.equal(unknownBlock.error.code, 2, 'unknown block');

    const health = await post(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'system_health', params: [] }));
    assert.equal(health.id, 5);
    assert.equal(typeof health.result.peers, 'number');
    const stats = await post(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'agora_networkStats', params: [] }));
    assert.equal(stats.result.validatorCount, 1);
  });
});
