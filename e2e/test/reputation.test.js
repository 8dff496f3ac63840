// Reputation against a real `agora-node --dev`: an agreement completes, both sides rate each
// other, the scores show in `agora_reputation`, refused ratings, and `agora_findProviders`
// filtering and ordering by score.
//
// Dev tunables: periods of 4 blocks; evidence halves every 600 blocks; ratings within 40
// blocks of completion; a rating weighs 1 per 0.01 AGR paid, at most 10; a completion adds 1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.js';
import { errorName, findEvent, sendAndWait, sendOk, waitForBlock } from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;
const HALF_LIFE = 600;

describe('agora-node --dev: reputation', () => {
  let node;
  let api;
  let provider;
  let consumer;
  let other;

  const call = (method, params) => node.provider.send(method, params);

  const ok = (tx, signer) => sendOk(api, tx, signer);

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    provider = keyring.addFromUri('//Charlie');
    consumer = keyring.addFromUri('//Dave');
    other = keyring.addFromUri('//Eve');
    for (const p of [provider, other]) {
      await ok(api.tx.providers.register(
        { storageBytes: 64 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 },
        // 1 MiB costs 1 AGR per period at Charlie's, 0.5 AGR at Eve's.
        { storagePerGib: ((p === provider ? 1024n : 512n) * AGR).toString(), vcpu: 0, memoryPerGib: 0, gpu: 0 },
        'http://127.0.0.1:1', { region: 'eu', extra: [] },
      ), p);
    }
  });

  after(async () => {
    if (node) await node.stop();
  });

  test('both sides rate a completed agreement; scores, counters and findProviders follow', async () => {
    const fresh = await call('agora_reputation', [provider.address]);
    assert.equal(fresh.provider.score, 500_000_000, 'no evidence: 50 %');
    assert.equal(fresh.provider.confidence, 0);

    // A 1 MiB agreement for 2 periods at 1 AGR per period, prepaid, runs to completion.
    const resources = { storageBytes: MIB, vcpus: 0, memoryMib: 0, gpus: 0 };
    const req = await ok(api.tx.agreements.request(provider.address, resources, 2, { installmentPeriods: 1 }, 10n * AGR), consumer);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    const refused = async (tx, who) => errorName(api, (await sendAndWait(api, tx, who)).dispatchError);
    const fine = { performance: 3, stability: 3, support: 3 };
    const noComment = `0x${'00'.repeat(32)}`;
    assert.equal(await refused(api.tx.reputation.rate(id, fine, noComment), consumer), 'reputation.NotCompleted');
    await ok(api.tx.agreements.accept(id), provider);
    await ok(api.tx.agreements.prepay(id, 2), consumer);
    const { endsAt } = await call('agora_agreement', [id]);
    await waitForBlock(api, endsAt);
    const settled = await ok(api.tx.agreements.settle(id), consumer);
    assert.ok(findEvent(api, settled.events, 'agreements', 'Completed'));
    const completedAt = (await api.rpc.chain.getHeader(settled.blockHash)).number.toNumber();

    let rep = await call('agora_reputation', [provider.address, settled.blockHash]);
    assert.equal(rep.provider.counters.completed, 1);
    assert.equal(rep.provider.counters.value, (2n * AGR).toString());
    assert.equal(rep.provider.good, 1000, 'a completion is one piece of good evidence');
    // (1 + 1) / (1 + 0 + 2), rounded down
    assert.equal(rep.provider.score, 666_666_666);
    const dave = await call('agora_reputation', [consumer.address, settled.blockHash]);
    assert.equal(dave.consumer.counters.completed, 1);
    assert.equal(dave.consumer.good, 1000);

    // The consumer rates the provider 5/5/4: 11 of 12 good, weight 10 (2 AGR paid is over the cap).
    const comment = `0x${'ab'.repeat(32)}`;
    const rated = await ok(api.tx.reputation.rate(id, { performance: 5, stability: 5, support: 4 }, comment), consumer);
    const ev = findEvent(api, rated.events, 'reputation', 'Rated');
    assert.equal(ev.data.rated.toString(), provider.address);
    assert.equal(ev.data.side.toString(), 'Provider');
    assert.equal(ev.data.weight.toBigInt(), 10n * 10n ** 18n);
    const ratedAt = (await api.rpc.chain.getHeader(rated.blockHash)).number.toNumber();
    rep = await call('agora_reputation', [provider.address, rated.blockHash]);
    const decay = 2 ** (-(ratedAt - completedAt) / HALF_LIFE);
    const good = 1000 * decay + 10_000 * (11 / 12);
    const bad = 10_000 * (1 / 12);
    assert.ok(Math.abs(rep.provider.good - good) <= 2, `good ${rep.provider.good} vs ${good}`);
    assert.ok(Math.abs(rep.provider.bad - bad) <= 2, `bad ${rep.provider.bad} vs ${bad}`);
    assert.equal(rep.provider.confidence, rep.provider.good + rep.provider.bad);
    const expectedScore = (good / 1000 + 1) / ((good + bad) / 1000 + 2);
    assert.ok(Math.abs(rep.provider.score / 1e9 - expectedScore) < 1e-6, `score ${rep.provider.score}`);
    assert.equal(rep.provider.counters.ratings, 1);

    // The provider rates the consumer 2/2/2: 3 of 12 good.
    await ok(api.tx.reputation.rate(id, { performance: 2, stability: 2, support: 2 }, noComment), provider);
    const daveNow = await call('agora_reputation', [consumer.address]);
    assert.equal(daveNow.consumer.counters.ratings, 1);
    assert.ok(daveNow.consumer.bad > 7400 && daveNow.consumer.bad <= 7500, `bad ${daveNow.consumer.bad}`);

    // Refused: a second rating from either side, and a stranger's.
    assert.equal(await refused(api.tx.reputation.rate(id, fine, comment), consumer), 'reputation.AlreadyRated');
    assert.equal(await refused(api.tx.reputation.rate(id, fine, comment), provider), 'reputation.AlreadyRated');
    assert.equal(await refused(api.tx.reputation.rate(id, fine, comment), other), 'reputation.NotParty');

    // findProviders: Eve (no evidence, 50 %) is cheaper; Charlie scores higher.
    const query = { resources, limit: 10 };
    const byPrice = await call('agora_findProviders', [query]);
    assert.deepEqual(byPrice.map((m) => m.provider.account), [other.address, provider.address]);
    assert.equal(byPrice[0].score, 500_000_000);
    const byScore = await call('agora_findProviders', [{ ...query, orderBy: 'score' }]);
    assert.deepEqual(byScore.map((m) => m.provider.account), [provider.address, other.address]);
    const picky = await call('agora_findProviders', [{ ...query, minScore: 600_000_000 }]);
    assert.deepEqual(picky.map((m) => m.provider.account), [provider.address]);
    assert.ok(picky[0].score >= 600_000_000);

    // Closing the agreement removes its ratings; the profiles keep what they added.
    const closed = await ok(api.tx.agreements.close(id), consumer);
    assert.ok(findEvent(api, closed.events, 'reputation', 'RatingsRemoved'));
    assert.equal((await call('agora_reputation', [provider.address])).provider.counters.ratings, 1);
  });
});
