// Storage proofs against a real `agora-node --dev`: a consumer commits to data, the provider
// confirms, the chain issues challenges, valid answers pass for free, and missed ones are
// faults that refund and slash, until the agreement fails. The provider side is played by this
// script (the provider node's own responder is separate work), computing proofs with
// the client package's merkle module (clients/js/src/merkle.js), whose roots are checked against `agora-node data commit`.
//
// Dev tunables: audit rounds of at least 12 blocks, each commitment challenged once per round at
// a block drawn from randomness, 4 leaves, 10 blocks to answer, 3 misses in a row fail; provider
// collateral 100 % of an installment, 10 % slashed per miss.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { nodeBinary, startNode } from '../lib/node.js';
import { merkle } from '@agora/api';
import {
  errorName, findEvent, ownedBalance, recordBlocks, sendAndWait, sendOk, waitFor,
} from '../lib/tx.js';

const AGR = 10n ** 12n;
const GIB = 2 ** 30;

describe('agora-node --dev: storage proofs', () => {
  let node;
  let api;
  let provider;
  let consumer;
  let tmp;
  let blocks = []; // { number, hash, events } of every new best block, in order
  let recorder;

  const call = (method, params) => node.provider.send(method, params);
  /** `agora_marketStats` through polkadot.js (at `at`, or the best block). */
  const marketStats = async (at) => (await (at ? api.rpc.agora.marketStats(at) : api.rpc.agora.marketStats())).toJSON();

  const ok = (tx, signer) => sendOk(api, tx, signer);

  /** Pallet events of `section.method` seen in new blocks so far. */
  function seen(section, method) {
    const out = [];
    for (const b of blocks) {
      for (const { event } of b.events) {
        if (api.events[section][method].is(event)) out.push({ block: b, event });
      }
    }
    return out;
  }

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    provider = keyring.addFromUri('//Charlie');
    consumer = keyring.addFromUri('//Dave');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-proofs-'));
    recorder = await recordBlocks(api);
    blocks = recorder.blocks;
    await ok(api.tx.providers.register(
      { storageBytes: GIB, vcpus: 0, memoryMib: 0, gpus: 0 },
      { storagePerGib: (AGR * 1000n).toString(), vcpu: 0, memoryPerGib: 0, gpu: 0 },
      'http://127.0.0.1:1', { region: 'eu', extra: [] },
    ), provider);
  });

  after(async () => {
    if (recorder) recorder.stop();
    if (node) await node.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('challenges pass with valid proofs, and missed ones refund, slash and fail the agreement', async () => {
    // 40,000 bytes of data: 157 leaves, the last one short.
    const data = new Uint8Array(40_000);
    for (let i = 0; i < data.length; i += 1) data[i] = (i * 31 + (i >> 8)) & 0xff;
    const file = path.join(tmp, 'data.bin');
    writeFileSync(file, data);
    const cli = JSON.parse(execFileSync(nodeBinary(), ['data', 'commit', '--json', file]).toString());
    const root = u8aToHex(merkle.root(data));
    assert.equal(cli.root, root, 'the CLI and the JS tree agree');
    assert.equal(cli.size, data.length);

    // A 1 MiB storage agreement for 20 periods, prepaid in full.
    const resources = { storageBytes: 1 << 20, vcpus: 0, memoryMib: 0, gpus: 0 };
    const plan = { installmentPeriods: 1 };
    const req = await ok(api.tx.agreements.request(provider.address, resources, 20, plan, 1000n * AGR), consumer);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(id), provider);
    await ok(api.tx.agreements.prepay(id, 20), consumer);

    // Commit; payouts wait for the provider's confirmation.
    await ok(api.tx.storageProofs.commit(id, root, data.length), consumer);
    let commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.root, root);
    assert.equal(commitment.size, data.length);
    assert.equal(commitment.confirmedAt, null);
    const blocked = await sendAndWait(api, api.tx.agreements.settle(id), provider);
    assert.equal(errorName(api, blocked.dispatchError), 'agreements.AwaitingConfirmation');

    const conf = await ok(api.tx.storageProofs.confirm(id), provider);
    assert.ok(findEvent(api, conf.events, 'storageProofs', 'Confirmed'));
    // The market stats at the confirmation block: one provider, one active agreement booking
    // 1 MiB, the data committed and confirmed, no challenge yet.
    let market = await marketStats(conf.blockHash);
    assert.deepEqual(market.providers, { active: 1, paused: 0, unbonding: 0, total: 1, suspended: 0 });
    assert.deepEqual(market.capacity, {
      declared: { storageBytes: GIB, vcpus: 0, memoryMib: 0, gpus: 0 },
      booked: { storageBytes: 1 << 20, vcpus: 0, memoryMib: 0, gpus: 0 },
    });
    assert.equal(market.agreements.total, 1);
    assert.equal(market.agreements.active, 1);
    assert.equal(market.agreements.requested, 0);
    assert.deepEqual(market.storage, { committedBytes: data.length, confirmedBytes: data.length });
    assert.equal(market.challenges.issued, 0);
    assert.equal(market.challenges.windowBlocks, 50, 'the dev preset window');
    // Audited from now on: no schedule is published, only the current round's earliest end.
    commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.lastChallengedAt, null);
    assert.ok(commitment.roundEndsAt !== null, 'in an audit round');
    assert.equal(commitment.nextChallengeAt, undefined, 'no next challenge block is published');

    // Answer the first challenge with valid proofs: it passes, and costs nothing.
    const lv = merkle.levels(data);
    const answer = (challenge) => challenge.indices.map((i) => ({
      leaf: u8aToHex(merkle.leafAt(data, i)),
      path: merkle.proof(lv, i).map((n) => u8aToHex(n)),
    }));
    let open = [];
    await waitFor(api, async () => {
      open = await call('agora_challengesOf', [provider.address]);
      return open.length > 0;
    }, { blocks: 40, what: 'a challenge' });
    assert.equal(open[0].agreement, id);
    assert.equal(open[0].indices.length, 4);
    assert.ok(open[0].indices.every((i) => i < Math.ceil(data.length / 256)));
    const resp = await ok(api.tx.storageProofs.respond(open[0].id, answer(open[0])), provider);
    assert.ok(findEvent(api, resp.events, 'storageProofs', 'ChallengePassed'), 'ChallengePassed');
    assert.ok(resp.fee === null || resp.fee === 0n, `a valid answer pays no fee (${resp.fee})`);
    const parent = (await api.rpc.chain.getHeader(resp.blockHash)).parentHash;
    assert.equal(await ownedBalance(api, provider.address, resp.blockHash),
      await ownedBalance(api, provider.address, parent), 'no fee left the provider');

    // A wrong answer to the next challenge is refused (and paid for).
    await waitFor(api, async () => {
      open = await call('agora_challengesOf', [provider.address]);
      return open.length > 0;
    }, { blocks: 40, what: 'a second challenge' });
    const bad = answer(open[0]);
    bad[0].leaf = u8aToHex(new Uint8Array(256).fill(0xab));
    const refused = await sendAndWait(api, api.tx.storageProofs.respond(open[0].id, bad), provider);
    assert.equal(errorName(api, refused.dispatchError), 'storageProofs.InvalidProof');
    assert.ok(refused.fee > 0n, 'an invalid answer pays its fee');

    // Now the provider stops answering: three misses in a row fail the agreement.
    await waitFor(api, async () => seen('agreements', 'Failed').length > 0,
      { blocks: 120, what: 'the agreement to fail' });
    const misses = seen('storageProofs', 'ChallengeMissed');
    assert.equal(misses.length, 3);
    assert.deepEqual(misses.map((m) => m.event.data.consecutive.toNumber()), [1, 2, 3]);
    // Every miss is penalized in its block: the slash goes from the provider to the consumer.
    for (const miss of seen('agreements', 'FaultPenalized')) {
      const { refunded, slashed } = miss.event.data;
      assert.ok(slashed.toBigInt() > 0n, 'part of the collateral was slashed');
      const at = miss.block.hash;
      const prev = (await api.rpc.chain.getHeader(at)).parentHash;
      const settledHere = miss.block.events
        .filter(({ event }) => api.events.agreements.Settled.is(event))
        .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);
      const feesHere = miss.block.events
        .filter(({ event }) => api.events.agreements.Settled.is(event))
        .reduce((sum, { event }) => sum + event.data.fee.toBigInt(), 0n);
      const dConsumer = await ownedBalance(api, consumer.address, at) - await ownedBalance(api, consumer.address, prev);
      const dProvider = await ownedBalance(api, provider.address, at) - await ownedBalance(api, provider.address, prev);
      assert.ok(refunded.toBigInt() >= 0n);
      if (miss.block.events.some(({ event }) => api.events.agreements.Failed.is(event))) {
        // The failing block also pays the rest of the collateral to the consumer.
        assert.equal(dConsumer + dProvider, -feesHere, 'money only moved between the two (less the market fee burned)');
        assert.ok(dConsumer > slashed.toBigInt() - settledHere);
      } else {
        assert.equal(dConsumer, slashed.toBigInt() - settledHere, 'consumer: + slash - what matured');
        assert.equal(dProvider, settledHere - feesHere - slashed.toBigInt(), 'provider: + what matured - slash (less the market fee)');
      }
    }
    const failed = seen('agreements', 'Failed')[0];
    assert.equal(failed.event.data.id.toNumber(), id);

    const agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'failed');
    assert.equal(agreement.escrow, '0');
    assert.equal(agreement.providerCollateral, '0');
    commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.failed, true);
    assert.equal(commitment.faults, 3);
    assert.equal(commitment.roundEndsAt, null, 'a failed commitment is no longer audited');
    assert.ok(commitment.lastChallengedAt !== null);
    assert.ok(commitment.passes >= 1);
    const stats = await call('agora_proofStats', [provider.address]);
    assert.equal(stats.faults, 3);
    assert.equal(stats.passes, commitment.passes);
    assert.equal(stats.open, 0);
    const view = await call('agora_provider', [provider.address]);
    assert.equal(view.liveAgreements, 0, 'capacity released');

    // The market stats after the failure: everything this test did, counted.
    const failedAt = failed.block.hash;
    market = await marketStats(failedAt);
    assert.deepEqual(market.agreements, {
      total: 1, requested: 0, countered: 0, active: 0, disputed: 0,
      completed: 0, cancelled: 0, terminated: 0, failed: 1, resolved: 0,
      settled: market.settled,
    });
    const settled = seen('agreements', 'Settled').filter((s) => s.block.number <= failed.block.number)
      .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);
    assert.equal(market.settled, settled.toString(), 'settled = the installments released (Settled events)');
    assert.ok(settled > 0n, 'installments were released before the failure');
    assert.deepEqual(market.capacity.booked, { storageBytes: 0, vcpus: 0, memoryMib: 0, gpus: 0 }, 'capacity released');
    assert.deepEqual(market.storage, { committedBytes: data.length, confirmedBytes: data.length }, 'the commitment stays until removed');
    const issued = seen('storageProofs', 'ChallengeIssued').filter((s) => s.block.number <= failed.block.number).length;
    const passed = seen('storageProofs', 'ChallengePassed').filter((s) => s.block.number <= failed.block.number).length;
    assert.equal(market.challenges.issued, issued);
    assert.equal(market.challenges.passed, passed);
    assert.equal(market.challenges.passed, commitment.passes);
    assert.equal(market.challenges.missed, 3);
    assert.equal(market.challenges.open, 0);
    assert.equal(market.challenges.issued, passed + 3, 'every challenge passed or was missed');
    assert.ok(market.challenges.recentMissed >= 1 && market.challenges.recentMissed <= 3, 'the last miss is recent');
    assert.ok(market.challenges.recentPassed <= passed);
    assert.equal(market.jobs.live, 0);
    assert.equal(market.jobs.submitted, 0);
    assert.equal(market.jobs.rewardsPaid, '0');
    assert.deepEqual(market.disputes, { open: 0, resolved: 0, dismissed: 0, opened: 0, dropped: 0 });

    // The commitment can be removed now; its deposit returns.
    await ok(api.tx.storageProofs.removeCommitment(id), consumer);
    assert.equal(await call('agora_commitment', [id]), null);
    market = await marketStats();
    assert.deepEqual(market.storage, { committedBytes: 0, confirmedBytes: 0 });
    assert.equal(market.challenges.dropped, 0, 'the failed commitment had no open challenge');
  });

  test('agora_marketStats: block numbers, finality lag and a health score from the documented formula', async () => {
    const stats = await marketStats();
    assert.equal(stats.finalityLag, stats.bestNumber - stats.finalizedNumber);
    assert.ok(stats.bestNumber >= stats.finalizedNumber);
    assert.equal(stats.validators, 1);
    assert.equal(stats.desiredValidators, 1);
    // docs/market-stats.md, in integers.
    const perMill = (part, whole) => (whole === 0 ? 1000 : Math.floor((1000 * part) / whole));
    const lag = stats.finalityLag;
    const finality = lag <= 3 ? 1000 : lag >= 23 ? 0 : Math.floor((1000 * (23 - lag)) / 20);
    const validators = perMill(Math.min(stats.validators, stats.desiredValidators), stats.desiredValidators);
    const { recentPassed, recentMissed } = stats.challenges;
    const challenges = perMill(recentPassed, recentPassed + recentMissed);
    const providers = perMill(stats.providers.active, stats.providers.active + stats.providers.paused);
    const score = Math.floor((30 * finality + 20 * validators + 35 * challenges + 15 * providers) / 1000);
    assert.deepEqual(stats.health, { score, finality, validators, challenges, providers });
    assert.equal(stats.providers.total, 1);
    assert.equal(stats.agreements.failed, 1);
    assert.equal(stats.challenges.missed, 3);
    // The raw method answers the same shape.
    const raw = await call('agora_marketStats', []);
    assert.deepEqual(Object.keys(raw).sort(), Object.keys(stats).sort());
  });
});
