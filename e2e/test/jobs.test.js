// Compute jobs end to end: a dev validator (Alice) and three provider nodes (Bob, Charlie, Dave,
// each `--provider-store DIR` with its own key as `agpr`) run the example WebAssembly modules for
// a consumer (Ferdie) who uses only the `agora-node job` subcommands and polkadot.js. The test
// itself plays Mallory, a dishonest fourth provider, through polkadot.js.
//
//   1. replicated r = 3: the CLI submits wordcount, uploads to the three drawn workers, waits,
//      downloads and checks the winning result; its output equals `wc` computed here;
//   2. replicated r = 3 with Mallory drawn (Dave left the draw list): she commits and
//      reveals a wrong result, loses her collateral to Ferdie, the honest two share the reward;
//   3. attested r = 1 (sha256): the worker posts, the CLI checks and accepts, the worker is paid;
//   4. attested r = 1 with Mallory: she posts a wrong result, Ferdie disputes it, the elected
//      committee rules for Ferdie: the reward comes back with Mallory's collateral;
//   5. a job under a compute agreement with Dave: no reward, the rental pays; the output checks.
//
// Dev tunables (1 s blocks): draws 2 blocks after the request, 10 blocks to accept, 40 to run
// and commit or post, 10 to reveal, 15 to review a posted result; collateral 100 % of a share
// (at least 0.01 AGR); disputes: 8 blocks of evidence, 10 of voting; committee terms of 10.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { bnToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { electCommittee } from '../lib/committee.js';
import { cli, nodeBinary, startNode } from '../lib/node.js';
import { merkle } from '@agora/api';
import { findEvent, freeBalance, ownedBalance, recordBlocks, sendOk, waitFor } from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '..', '..', 'examples', 'jobs');
const FUEL = 200_000_000;
const PAGES = 16;

/** `wc`'s "words lines bytes\n", as examples/jobs/wordcount computes it. */
function wc(bytes) {
  const ws = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);
  let words = 0;
  let lines = 0;
  let inWord = false;
  for (const b of bytes) {
    if (b === 0x0a) lines += 1;
    if (ws.has(b)) inWord = false;
    else if (!inWord) { inWord = true; words += 1; }
  }
  return Buffer.from(`${words} ${lines} ${bytes.length}\n`);
}

/** The merkle root (hex) and size of a result blob: status byte 0 (ok), then the output. */
function okResult(output) {
  const blob = Buffer.concat([Buffer.from([0]), output]);
  return { root: u8aToHex(merkle.root(blob)), size: blob.length };
}

/** What a worker commits: blake2_256(root ++ size as u64 LE ++ salt ++ worker account). */
function commitHash(result, salt, worker) {
  return blake2AsU8a(u8aConcat(
    result.root, bnToU8a(result.size, { bitLength: 64, isLe: true }), salt, decodeAddress(worker),
  ), 256);
}

describe('compute jobs: three provider nodes, a dishonest fourth, attested, disputed, rented', () => {
  let validator;
  let api;
  let k;
  let tmp;
  const workers = []; // { pair, node }
  let recorder;

  const call = (method, params) => validator.provider.send(method, params);
  const job = (id) => call('agora_job', [id]);

  const ok = (tx, signer) => sendOk(api, tx, signer);

  /** The `jobs` events of job `id` seen so far, as [method, data]. */
  function jobEvents(id) {
    const out = [];
    for (const b of recorder.blocks) {
      for (const { event } of b.events) {
        if (event.section === 'jobs' && event.data.job?.toNumber() === id) {
          out.push([event.method, event.data]);
        }
      }
    }
    return out;
  }
  /** What `who` owns at block `hash` minus what it owned at its parent. */
  async function delta(who, hash) {
    const parent = (await api.rpc.chain.getHeader(hash)).parentHash;
    return await ownedBalance(api, who, hash) - await ownedBalance(api, who, parent);
  }
  /** The hash of the block in which job `id` finished. */
  function finishedIn(id) {
    const b = recorder.blocks.find((blk) => blk.events.some(({ event }) => event.section === 'jobs'
      && event.method === 'Finished' && event.data.job.toNumber() === id));
    assert.ok(b, `job ${id} finished in a recorded block`);
    return b.hash;
  }
  const paid = (id) => Object.fromEntries(jobEvents(id).filter(([m]) => m === 'Paid')
    .map(([, d]) => [d.worker.toString(), d.amount.toBigInt()]));

  async function waitJob(id, pred, what, blocks = 60) {
    let view;
    await waitFor(api, async () => pred(view = await job(id)), { blocks, what });
    return view;
  }

  /** The id of the next job Ferdie posts (the one after those he has). */
  async function nextJobOf(before) {
    let id;
    await waitFor(api, async () => {
      const mine = await call('agora_jobsOf', [k.ferdie.address]);
      const fresh = mine.filter((j) => !before.includes(j.id));
      if (fresh.length > 0) id = fresh[0].id;
      return id !== undefined;
    }, { blocks: 20, what: 'the job to be posted' });
    return id;
  }
  const jobIds = async () => (await call('agora_jobsOf', [k.ferdie.address])).map((j) => j.id);

  before(async () => {
    await cryptoWaitReady();
    validator = await startNode();
    api = validator.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Mallory']
      .map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-jobs-'));
    recorder = await recordBlocks(api);
    // Three provider nodes, each with its provider's own key in its keystore.
    const boot = `/ip4/127.0.0.1/tcp/${validator.p2pPort}/p2p/${validator.peerId}`;
    await Promise.all([k.bob, k.charlie, k.dave].map(async (pair, i) => {
      const base = path.join(tmp, `worker-${i}`);
      execFileSync(nodeBinary(), [
        'key', 'insert', '--chain', 'dev', '--base-path', base,
        '--key-type', 'agpr', '--scheme', 'sr25519', '--suri', `//${['Bob', 'Charlie', 'Dave'][i]}`,
      ]);
      const node = await startNode({
        basePath: base,
        args: ['--chain', 'dev', '--rpc-methods', 'safe', '--provider-store', path.join(tmp, `store-${i}`),
          '--bootnodes', boot],
      });
      workers.push({ pair, node });
    }));
    // Mallory gets money; everyone registers 2 vCPUs at 0.1 AGR per vCPU and period and opts in
    // to jobs (Mallory later), with its node's data RPC as the endpoint.
    await ok(api.tx.balances.transferKeepAlive(k.mallory.address, 1000n * AGR), k.alice);
    const register = (pair, endpoint) => ok(api.tx.providers.register(
      { storageBytes: MIB, vcpus: 2, memoryMib: 1024, gpus: 0 },
      { storagePerGib: 0, vcpu: (AGR / 10n).toString(), memoryPerGib: 0, gpu: 0 },
      endpoint, { region: 'eu', extra: [] },
    ), pair);
    await Promise.all(workers.map(({ pair, node }) => register(pair, node.httpUrl)));
    await Promise.all(workers.map(({ pair }) => ok(api.tx.jobs.optIn(), pair)));
    await register(k.mallory, 'http://127.0.0.1:1');
  });

  after(async () => {
    if (recorder) recorder.stop();
    await Promise.all(workers.map(({ node }) => node.stop()));
    if (validator) await validator.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('r = 3: the CLI runs wordcount on three drawn workers; the output is checked', async () => {
    const input = Buffer.from(`the quick brown fox\njumps over\n\tthe lazy dog ${randomBytes(8).toString('hex')}\n`);
    const inFile = path.join(tmp, 'in-1.txt');
    const outFile = path.join(tmp, 'out-1.txt');
    writeFileSync(inFile, input);
    const before = await jobIds();
    const r = await cli(['job', 'submit', '--module', path.join(EXAMPLES, 'wordcount.wasm'),
      '--input', inFile, '--replicas', '3', '--fuel', String(FUEL), '--memory-pages', String(PAGES),
      '--reward', String(3n * AGR), '--suri', '//Ferdie', '--url', validator.httpUrl, '--out', outFile]);
    assert.equal(r.code, 0, r.stderr);
    const [id] = (await jobIds()).filter((j) => !before.includes(j));
    assert.match(r.stdout, new RegExp(`job: ${id}`));
    const expected = wc(input);
    assert.deepEqual(readFileSync(outFile), expected, 'the CLI output is wc of the input');
    const result = okResult(expected);
    assert.match(r.stdout, new RegExp(`result: ${outFile} ok ${result.root}`));
    const view = await job(id);
    assert.deepEqual(view.status.finished.outcome, { completed: { result } });
    // Each of the three workers revealed the same result and was paid a third of the reward.
    assert.deepEqual(Object.keys(paid(id)).sort(), workers.map(({ pair }) => pair.address).sort());
    assert.ok(Object.values(paid(id)).every((a) => a === AGR));
    assert.equal(jobEvents(id).filter(([m]) => m === 'CollateralSlashed').length, 0);
    // `job status` prints the same view; `job result` fetches and checks the result again.
    const status = await cli(['job', 'status', String(id), '--url', validator.httpUrl]);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout).status, view.status);
    const again = path.join(tmp, 'out-1-again.txt');
    const fetched = await cli(['job', 'result', String(id), '--out', again, '--suri', '//Ferdie', '--url', validator.httpUrl]);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.deepEqual(readFileSync(again), expected);
    // Someone else's signature is not the consumer's: the workers refuse to serve it.
    const stranger = await cli(['job', 'result', String(id), '--out', `${again}.x`, '--suri', '//Eve', '--url', validator.httpUrl]);
    assert.notEqual(stranger.code, 0);
  });

  test('r = 3 with a dishonest worker: the wrong result loses its collateral, the majority is paid', async () => {
    // A replicated job cannot name its workers (a consumer could name a majority of its own);
    // with Dave out of the list and Mallory in it, the draw has exactly Bob, Charlie and Mallory.
    await Promise.all([ok(api.tx.jobs.optOut(), k.dave), ok(api.tx.jobs.optIn(), k.mallory)]);
    const input = randomBytes(10_000);
    const inFile = path.join(tmp, 'in-2.bin');
    const outFile = path.join(tmp, 'out-2.bin');
    writeFileSync(inFile, input);
    const before = await jobIds();
    const running = cli(['job', 'submit', '--module', path.join(EXAMPLES, 'wordcount.wasm'),
      '--input', inFile, '--replicas', '3', '--fuel', String(FUEL), '--memory-pages', String(PAGES),
      '--reward', String(2n * AGR), '--suri', '//Ferdie', '--url', validator.httpUrl, '--out', outFile]);
    const id = await nextJobOf(before);
    // Mallory plays along until she reveals: she accepts, then commits to a wrong result.
    const mine = (v) => v.slots.find((s) => s.worker === k.mallory.address);
    await waitJob(id, (v) => mine(v)?.state.offered, 'Mallory to be drawn');
    await ok(api.tx.jobs.accept(id), k.mallory);
    const collateral = BigInt(mine(await job(id)).collateral);
    assert.ok(collateral > 0n);
    await waitJob(id, (v) => v.status.running, 'every worker to accept');
    const wrong = okResult(Buffer.from('42 0 7\n'));
    const salt = randomBytes(32);
    await ok(api.tx.jobs.commit(id, commitHash({ root: Buffer.from(wrong.root.slice(2), 'hex'), size: wrong.size }, salt, k.mallory.address)), k.mallory);
    await waitJob(id, (v) => v.status.revealing || v.status.finished, 'the reveal phase');
    await ok(api.tx.jobs.reveal(id, wrong, salt), k.mallory);
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(outFile), wc(input));
    const view = await job(id);
    assert.deepEqual(view.status.finished.outcome, { completed: { result: okResult(wc(input)) } });
    // The honest two share the reward; Mallory's collateral goes to Ferdie.
    assert.deepEqual(paid(id), { [k.bob.address]: AGR, [k.charlie.address]: AGR });
    const slashed = jobEvents(id).filter(([m]) => m === 'CollateralSlashed').map(([, d]) => [d.worker.toString(), d.amount.toBigInt()]);
    assert.deepEqual(slashed, [[k.mallory.address, collateral]]);
    // In the block the job ended, to the unit: Ferdie's reward went to the two honest workers
    // and Mallory's collateral to him; the honest workers' collateral came back.
    const end = finishedIn(id);
    assert.equal(await delta(k.ferdie.address, end), collateral - 2n * AGR, 'Ferdie pays the reward, gains the collateral');
    // The worker whose reveal ended the job also paid its transaction's fee in that block.
    const lost = -(await delta(k.mallory.address, end));
    assert.ok(lost >= collateral && lost - collateral < AGR / 100n, `Mallory loses her collateral: ${lost}`);
    for (const honest of [k.bob, k.charlie]) {
      const gained = await delta(honest.address, end);
      assert.ok(gained <= AGR && AGR - gained < AGR / 100n, `${honest.address} gains its share: ${gained}`);
    }
    // A wrong result is bad evidence on Mallory's provider profile; the honest workers gain.
    const rep = await call('agora_reputation', [k.mallory.address]);
    assert.ok(rep.provider.bad > 0, JSON.stringify(rep.provider));
    assert.ok((await call('agora_reputation', [k.bob.address])).provider.good > 0);
  });

  test('attested r = 1: the worker posts sha256, the CLI checks and accepts it', async () => {
    const input = randomBytes(3000);
    const inFile = path.join(tmp, 'in-3.bin');
    const outFile = path.join(tmp, 'out-3.bin');
    writeFileSync(inFile, input);
    const before = await jobIds();
    const r = await cli(['job', 'submit', '--module', path.join(EXAMPLES, 'sha256.wasm'),
      '--input', inFile, '--attested', '--fuel', String(FUEL), '--memory-pages', String(PAGES),
      '--reward', String(AGR), '--candidate', k.charlie.address,
      '--suri', '//Ferdie', '--url', validator.httpUrl, '--out', outFile]);
    assert.equal(r.code, 0, r.stderr);
    const [id] = (await jobIds()).filter((j) => !before.includes(j));
    const digest = createHash('sha256').update(input).digest();
    assert.deepEqual(readFileSync(outFile), digest);
    assert.match(r.stderr, /accepted it/);
    const view = await waitJob(id, (v) => v.status.finished, 'the job to finish');
    assert.deepEqual(view.status.finished.outcome, { completed: { result: okResult(digest) } });
    assert.deepEqual(paid(id), { [k.charlie.address]: AGR });
    assert.ok(jobEvents(id).some(([m]) => m === 'ResultAccepted'));
  });

  test('attested r = 1 with a wrong result: disputed, and the committee moves the money', async () => {
    const committee = electCommittee(api, call, [k.alice, k.eve], [
      [k.eve, [k.alice.address, k.eve.address], 1000n * AGR],
    ]);
    const module = readFileSync(path.join(EXAMPLES, 'sha256.wasm'));
    const input = randomBytes(100);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const spec = {
      module: { root: merkle.root(module), size: module.length },
      input: { root: merkle.root(input), size: input.length },
      fuel: FUEL, memoryPages: PAGES, mode: 'Attested', replicas: 1, reward: 2n * AGR,
      deadline: best + 100, minScore: null, candidates: [k.mallory.address], agreement: null,
    };
    const submitted = await ok(api.tx.jobs.submit(spec), k.ferdie);
    const id = findEvent(api, submitted.events, 'jobs', 'Submitted').data.job.toNumber();
    await waitJob(id, (v) => v.slots[0]?.state.offered, 'Mallory to be drawn');
    // What a provider node polls: the jobs a provider holds a slot in.
    assert.ok((await call('agora_assignedJobs', [k.mallory.address])).some((j) => j.id === id));
    assert.ok(!(await call('agora_assignedJobs', [k.bob.address])).some((j) => j.id === id));
    await ok(api.tx.jobs.accept(id), k.mallory);
    const collateral = BigInt((await job(id)).slots[0].collateral);
    await ok(api.tx.jobs.postResult(id, okResult(Buffer.alloc(32))), k.mallory);
    await committee;
    const opened = await ok(api.tx.disputes.openJob(id, `0x${'cd'.repeat(32)}`), k.ferdie);
    const did = findEvent(api, opened.events, 'disputes', 'Opened').data.dispute.toNumber();
    assert.deepEqual((await job(id)).status, { disputed: { dispute: did } });
    const dispute = await call('agora_dispute', [did]);
    assert.deepEqual(dispute.subject, { job: id });
    assert.equal(dispute.provider, k.mallory.address);
    const bond = BigInt(dispute.bond);
    // Silence no longer accepts it: the review window passes while the panel decides.
    await waitFor(api, async () => (await api.rpc.chain.getHeader()).number.toNumber() >= dispute.evidenceEnds,
      { blocks: 30, what: 'the voting period' });
    await Promise.all([k.alice, k.eve].map((m) => ok(api.tx.disputes.vote(did, 'FavourConsumer'), m)));
    const resolved = await ok(api.tx.disputes.resolve(did), k.bob);
    const ev = findEvent(api, resolved.events, 'disputes', 'Resolved').data;
    assert.equal(ev.toConsumer.toBigInt(), 2n * AGR + collateral);
    const view = await job(id);
    assert.deepEqual(view.status.finished.outcome, { ruled: 'favourConsumer' });
    // Ferdie keeps his reward and bond (both were his, in the pots) and gains Mallory's
    // collateral; the bond is back on his account.
    assert.equal(await delta(k.ferdie.address, resolved.blockHash), collateral);
    assert.equal(await delta(k.mallory.address, resolved.blockHash), -collateral, 'Mallory loses her collateral');
    const [before, after] = await Promise.all([
      freeBalance(api, k.ferdie.address, (await api.rpc.chain.getHeader(resolved.blockHash)).parentHash),
      freeBalance(api, k.ferdie.address, resolved.blockHash)]);
    assert.equal(after - before, 2n * AGR + collateral + bond, 'reward, collateral and bond on his account');
  });

  test('a job under a compute agreement runs without a reward', async () => {
    const resources = { storageBytes: 0, vcpus: 1, memoryMib: 0, gpus: 0 };
    const req = await ok(api.tx.agreements.request(k.dave.address, resources, 50, { installmentPeriods: 1 }, 100n * AGR), k.ferdie);
    const agreement = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(agreement), k.dave);
    await ok(api.tx.agreements.prepay(agreement, 10), k.ferdie);
    const input = Buffer.from('rented compute delivers\nsomething a consumer can check\n');
    const inFile = path.join(tmp, 'in-5.txt');
    const outFile = path.join(tmp, 'out-5.txt');
    writeFileSync(inFile, input);
    const before = await jobIds();
    const r = await cli(['job', 'submit', '--module', path.join(EXAMPLES, 'wordcount.wasm'),
      '--input', inFile, '--agreement', String(agreement), '--fuel', String(FUEL),
      '--memory-pages', String(PAGES), '--suri', '//Ferdie', '--url', validator.httpUrl, '--out', outFile]);
    assert.equal(r.code, 0, r.stderr);
    const [id] = (await jobIds()).filter((j) => !before.includes(j));
    assert.deepEqual(readFileSync(outFile), wc(input));
    const view = await waitJob(id, (v) => v.status.finished, 'the job to finish');
    assert.equal(view.agreement, agreement);
    assert.equal(view.reward, '0');
    assert.equal(view.slots[0].worker, k.dave.address);
    assert.deepEqual(view.status.finished.outcome, { completed: { result: okResult(wc(input)) } });
    assert.ok(Object.values(paid(id)).every((a) => a === 0n), 'no reward moves');
  });
});
