// The JavaScript client package (`@agora/api`, clients/js) against real nodes, as a developer
// would use it: a dev validator (Alice) and a provider node holding Bob's key.
//   - `connect()` decorates every `agora_*` method and knows the runtime's transaction
//     extensions: polkadot.js prints no "not decorated" or "unknown" warning (and does print
//     them for a bare ApiPromise, so the check can fail);
//   - every chain method answers through `api.rpc.agora.*` with its documented shape;
//   - `quoteThenRequest` makes an agreement; `merkle.root`, `uploadData` and `downloadData` store
//     and read a file through the provider node's signed data methods;
//   - an attested job takes its module and input through `uploadJobBlob` and gives back its
//     result through `downloadJobResult`.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  agr, chainMethods, connect, dataMethods, downloadData, downloadJobResult, errors, formatAgr,
  merkle, quoteThenRequest, uploadData, uploadJobBlob,
} from '@agora/api';
import { nodeBinary, startNode } from '../lib/node.js';
import { findEvent, sendOk, waitFor } from '../lib/tx.js';

const KIB = 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '..', '..', 'examples', 'jobs');

/** Run `fn` while recording what polkadot.js logs (console.log/warn/error); resolve [result, lines]. */
async function capturingLogs(fn) {
  const lines = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  for (const k of Object.keys(saved)) console[k] = (...args) => lines.push(args.map(String).join(' '));
  try {
    return [await fn(), lines];
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * Lines that complain about Agora: an `agora_*` method "not decorated", or an unknown
 * transaction extension. (polkadot.js also lists the new JSON-RPC spec's `chainHead_v1_*`,
 * `transaction_v1_*`... as not decorated on every Substrate node: those are not ours.)
 */
const complaints = (lines) => lines.filter((l) => /not decorated:.*agora_|unknown signed extension|unknown.*agora/i.test(l));

/** The keys of an object, sorted. */
const keys = (o) => Object.keys(o).sort();

describe('@agora/api: connect, every agora_* method, data and jobs through the package', () => {
  let validator;
  let worker;
  let api; // connect(validator)
  let workerApi; // connect(worker): its data methods
  let tmp;
  let k;
  let agreementId;
  let jobId;

  const ok = (tx, signer) => sendOk(api, tx, signer);

  before(async () => {
    await cryptoWaitReady();
    validator = await startNode();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-client-'));
    const base = path.join(tmp, 'worker');
    execFileSync(nodeBinary(), [
      'key', 'insert', '--chain', 'dev', '--base-path', base,
      '--key-type', 'agpr', '--scheme', 'sr25519', '--suri', '//Bob',
    ]);
    worker = await startNode({
      basePath: base,
      args: ['--chain', 'dev', '--rpc-methods', 'safe', '--provider-store', path.join(tmp, 'store'),
        '--bootnodes', `/ip4/127.0.0.1/tcp/${validator.p2pPort}/p2p/${validator.peerId}`],
    });
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    k = Object.fromEntries(['Alice', 'Bob', 'Ferdie'].map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  });

  after(async () => {
    for (const a of [api, workerApi]) if (a) await a.disconnect().catch(() => {});
    if (worker) await worker.stop();
    if (validator) await validator.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('connect() decorates agora_* and the extensions without a warning; a bare ApiPromise warns', async () => {
    const [bare, bareLines] = await capturingLogs(
      () => ApiPromise.create({ provider: new WsProvider(validator.rpcUrl), throwOnConnect: true }),
    );
    await bare.disconnect();
    const bareText = bareLines.join('\n');
    assert.match(bareText, /RPC methods not decorated: .*agora_agreement/);
    assert.equal(complaints(bareLines).length, 2, bareText);
    assert.match(bareText, /Unknown signed extensions AuthorizeCall/);

    let lines;
    [api, lines] = await capturingLogs(() => connect(validator.rpcUrl));
    assert.deepEqual(complaints(lines), [], lines.join('\n'));
    // The chain's units are the package's.
    const props = api.registry.getChainProperties();
    assert.equal(props.tokenDecimals.toJSON()[0], 12);
    assert.equal(props.tokenSymbol.toJSON()[0], 'AGR');
    // Signing with AuthorizeCall in the extensions works, and warns about nothing either.
    const [res, txLines] = await capturingLogs(
      () => ok(api.tx.balances.transferKeepAlive(k.bob.address, agr('0.5')), k.alice),
    );
    assert.ok(res.blockHash);
    assert.deepEqual(complaints(txLines), [], txLines.join('\n'));

    [workerApi, lines] = await capturingLogs(() => connect(worker.rpcUrl));
    assert.deepEqual(complaints(lines), [], lines.join('\n'));
    // The provider node serves the data methods, the validator does not.
    const served = (await workerApi.rpc.rpc.methods()).methods.map(String);
    for (const m of Object.keys(dataMethods)) assert.ok(served.includes(`agora_${m}`), `worker serves agora_${m}`);
    const validatorServes = (await api.rpc.rpc.methods()).methods.map(String);
    for (const m of Object.keys(chainMethods)) {
      assert.ok(validatorServes.includes(`agora_${m}`), `node serves agora_${m}`);
      assert.equal(typeof api.rpc.agora[m], 'function', `api.rpc.agora.${m}`);
    }
    for (const m of Object.keys(dataMethods)) assert.equal(typeof workerApi.rpc.agora[m], 'function', m);
  });

  test('quoteThenRequest, then a file stored and read back through the signed data methods', async () => {
    await ok(api.tx.providers.register(
      { storageBytes: 256 * KIB, vcpus: 2, memoryMib: 1024, gpus: 0 },
      { storagePerGib: agr('100').toString(), vcpu: agr('0.1').toString(), memoryPerGib: 0, gpu: 0 },
      worker.httpUrl, { region: 'eu', extra: [] },
    ), k.bob);
    await ok(api.tx.jobs.optIn(), k.bob);

    const data = randomBytes(5 * KIB + 17);
    const { quote, tx } = await quoteThenRequest(api, {
      provider: k.bob.address,
      resources: { storageBytes: 8 * KIB, vcpus: 0, memoryMib: 0, gpus: 0 },
      durationPeriods: 20,
      plan: { installmentPeriods: 5 },
    });
    assert.equal(quote.installments, 4);
    assert.match(formatAgr(quote.totalPrice), / AGR$/);
    const requested = await ok(tx, k.ferdie);
    agreementId = findEvent(api, requested.events, 'agreements', 'Requested').data.id.toNumber();
    // The ceiling is the quoted total: the request locked exactly that.
    const view = (await api.rpc.agora.agreement(agreementId)).toJSON();
    assert.equal(view.totalPrice, quote.totalPrice);
    await ok(api.tx.agreements.accept(agreementId), k.bob);
    await ok(api.tx.storageProofs.commit(agreementId, u8aToHex(merkle.root(data)), data.length), k.ferdie);

    // The provider node must have seen the commitment before it takes bytes.
    await waitFor(api, async () => {
      try { return (await workerApi.rpc.agora.uploadStatus(agreementId)).toJSON().size === data.length; } catch { return false; }
    }, { blocks: 30, what: 'the provider node to see the commitment' });
    const progress = [];
    const status = await uploadData(workerApi, k.ferdie, agreementId, data, {
      chunkSize: 2 * KIB, onProgress: (n) => progress.push(n),
    });
    assert.deepEqual(progress, [2 * KIB, 4 * KIB, data.length]);
    assert.ok(['verifying', 'stored'].includes(status.state), JSON.stringify(status));
    await waitFor(api, async () => Number.isInteger((await api.rpc.agora.commitment(agreementId)).toJSON()?.confirmedAt),
      { blocks: 30, what: 'the provider node to confirm the data' });
    const back = await downloadData(workerApi, k.ferdie, agreementId, data.length, { chunkSize: 3 * KIB });
    assert.deepEqual(Buffer.from(back), data);

    // Someone else's signature is refused with the documented code.
    await assert.rejects(downloadData(workerApi, k.alice, agreementId, data.length),
      (e) => e.message.includes(String(errors.BAD_SIGNATURE)));
  });

  test('an attested job: module and input uploaded with the package, result downloaded and checked', async () => {
    const module = readFileSync(path.join(EXAMPLES, 'sha256.wasm'));
    const input = randomBytes(300);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const submitted = await ok(api.tx.jobs.submit({
      module: { root: u8aToHex(merkle.root(module)), size: module.length },
      input: { root: u8aToHex(merkle.root(input)), size: input.length },
      fuel: 200_000_000, memoryPages: 16, mode: 'Attested', replicas: 1, reward: agr('1'),
      deadline: best + 60, minScore: null, candidates: [k.bob.address], agreement: null,
    }), k.ferdie);
    jobId = findEvent(api, submitted.events, 'jobs', 'Submitted').data.job.toNumber();
    const job = async () => (await api.rpc.agora.job(jobId)).toJSON();
    await waitFor(api, async () => (await job()).slots[0]?.state.offered, { blocks: 30, what: 'Bob to be drawn' });
    await waitFor(api, async () => {
      try { await workerApi.rpc.agora.jobUploadStatus(jobId); return true; } catch { return false; }
    }, { blocks: 20, what: 'the worker node to see the offer' });
    await uploadJobBlob(workerApi, k.ferdie, jobId, 'module', module, { chunkSize: 1000 });
    const status = await uploadJobBlob(workerApi, k.ferdie, jobId, 'input', input);
    assert.equal(status.module.received, module.length);
    assert.equal(status.input.received, input.length);
    const view = await (async () => {
      let v;
      await waitFor(api, async () => { v = await job(); return v.slots[0]?.state.revealed; },
        { blocks: 60, what: 'the worker to post its result' });
      return v;
    })();
    const { result } = view.slots[0].state.revealed;
    const out = await downloadJobResult(workerApi, k.ferdie, jobId, result.size);
    assert.equal(out.status, 'ok');
    assert.deepEqual(Buffer.from(out.output), createHash('sha256').update(input).digest());
  });

  test('every chain method answers through api.rpc.agora.* with its documented shape', async () => {
    const a = k.ferdie.address;
    const hash = (await api.rpc.chain.getFinalizedHead()).toHex();
    const calls = {
      networkStats: [[], ['bestNumber', 'finalizedNumber', 'validatorCount', 'desiredValidatorCount', 'sessionIndex', 'totalIssuance']],
      marketStats: [[], ['providers', 'capacity', 'agreements', 'storage', 'challenges', 'jobs', 'disputes', 'settled', 'health']],
      provider: [[k.bob.address], ['account', 'capacity', 'used', 'free', 'prices', 'endpoint', 'region', 'status', 'bond']],
      providers: [[0, 10], null],
      findProviders: [[{ resources: { storageBytes: KIB }, limit: 5 }], null],
      agreement: [[agreementId], ['id', 'consumer', 'provider', 'status', 'totalPrice', 'installments']],
      agreementsOf: [[a], null],
      quote: [[k.bob.address, { storageBytes: KIB }, 2, { installmentPeriods: 1 }], ['terms', 'totalPrice', 'installments', 'securityDeposit', 'providerCollateral']],
      commitment: [[agreementId], ['agreement', 'root', 'size', 'confirmedAt', 'passes', 'faults']],
      challengesOf: [[k.bob.address], null],
      proofStats: [[k.bob.address], ['passes', 'faults', 'open']],
      operatorOf: [[k.bob.address], 'null'],
      reputation: [[k.bob.address], ['account', 'provider', 'consumer']],
      dispute: [[999], 'null'],
      disputesOf: [[a], null],
      committee: [[], ['members', 'runnersUp', 'candidates']],
      job: [[jobId], ['id', 'consumer', 'module', 'input', 'mode', 'slots', 'status', 'reward']],
      jobsOf: [[a], null],
      assignedJobs: [[k.bob.address], null],
      jobStats: [[], ['submitted', 'completed', 'rewardsPaid']],
    };
    assert.deepEqual(keys(calls), keys(chainMethods), 'the test covers every chain method');
    for (const [name, [args, want]] of Object.entries(calls)) {
      const answer = (await api.rpc.agora[name](...args)).toJSON();
      if (want === 'null') assert.equal(answer, null, name);
      else if (want === null) assert.ok(Array.isArray(answer), `${name} answers a list: ${JSON.stringify(answer)}`);
      else for (const f of want) assert.ok(f in answer, `${name} has ${f}: ${JSON.stringify(answer)}`);
      // ... and answers at a named block (every chain method takes `at` last).
      // Lists may differ between the two blocks (a challenge issued or answered since): only
      // their type is compared; records must have the same fields.
      const padded = [...args, ...Array(chainMethods[name].params.length - 1 - args.length).fill(undefined)];
      const atHash = (await api.rpc.agora[name](...padded, hash)).toJSON();
      if (Array.isArray(answer)) assert.ok(Array.isArray(atHash), `${name} at ${hash}: ${JSON.stringify(atHash)}`);
      else assert.deepEqual(keys(atHash ?? {}), keys(answer ?? {}), `${name} at ${hash}`);
    }
    const lists = {
      providers: (x) => x.some((p) => p.account === k.bob.address),
      findProviders: (x) => x.some((m) => m.provider.account === k.bob.address && 'pricePerPeriod' in m && 'score' in m),
      agreementsOf: (x) => x.some((v) => v.id === agreementId),
      jobsOf: (x) => x.some((v) => v.id === jobId),
      disputesOf: (x) => x.length === 0,
      challengesOf: (x) => x.every((c) => c.agreement === agreementId && c.expiresAt > c.issuedAt),
    };
    for (const [name, check] of Object.entries(lists)) {
      const answer = (await api.rpc.agora[name](...calls[name][0])).toJSON();
      assert.ok(check(answer), `${name}: ${JSON.stringify(answer).slice(0, 400)}`);
    }
    const stats = (await api.rpc.agora.marketStats()).toJSON();
    assert.ok(stats.health.score >= 0 && stats.health.score <= 100);
    assert.ok(stats.agreements.total >= 1 && stats.jobs.submitted >= 1, JSON.stringify(stats));
  });
});
