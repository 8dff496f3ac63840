// Provider mode end to end, with two real nodes on 127.0.0.1: a dev validator (Alice) and a
// provider node (`--chain dev --provider-store DIR --rpc-methods safe`, synced from the
// validator) whose keystore holds not Eve's key but her operator's (`//Eve//operator` as `agpr`,
// named by Eve with `storageProofs.setOperator`, finding 17 of issue 12): the node confirms and
// answers for Eve with a key that holds only a small float. The consumer (Ferdie) uses only polkadot.js and the `agora-node data`
// subcommands:
//   agreement -> `data upload` (encode, commit, upload, the provider confirms by itself) ->
//   challenge rounds answered by the provider node alone (also across a restart) -> installments
//   settle -> `data download` returns the original bytes -> part of the stored blob is deleted ->
//   challenges are missed: faults refund and slash with exact balances, three in a row fail the
//   agreement. The provider node runs with Prometheus: its agora_provider_* metrics follow the
//   upload, the answers, the misses and the deletion (issue 14).
//
// Dev tunables: 1 s blocks, periods of 4 blocks, audit rounds of at least 12 blocks (each
// commitment challenged once per round, at a block drawn from randomness) asking 4 leaves, 10
// blocks to answer, 3 misses in a row fail, collateral 100 % of an installment, 10 % of what is
// left slashed per miss.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import {
  bnToU8a, stringToU8a, u8aConcat, u8aToHex,
} from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { cli, nodeBinary, startNode } from '../lib/node.js';
import { merkle } from '@agora/api';
import {
  findEvent, freeBalance, ownedBalance, recordBlocks, sendOk, waitFor, waitForBlock,
} from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;

describe('provider node: automatic confirmation and answers, faults when data is lost', () => {
  let validator;
  let providerNode;
  let api;
  let eve;
  let operator;
  let ferdie;
  let dave;
  let tmp;
  let providerBase;
  let providerArgs;
  let blocks = []; // every new best block seen by the validator: { number, hash, events, extrinsics }
  let recorder;

  const call = (method, params) => validator.provider.send(method, params);

  const ok = (tx, signer) => sendOk(api, tx, signer);

  function seen(section, method) {
    const out = [];
    for (const b of blocks) {
      for (const { event } of b.events) {
        if (api.events[section][method].is(event)) out.push({ block: b, event });
      }
    }
    return out;
  }

  async function startProvider() {
    providerNode = await startNode({
      args: providerArgs, basePath: providerBase, rpcPort: providerNode?.rpcPort,
      prometheus: true, prometheusPort: providerNode?.prometheusPort,
    });
  }

  /**
   * The provider node's agora_provider_* samples, as a Map from series (name and labels, less the
   * `chain` label the node's registry adds to every metric) to value.
   */
  async function metrics() {
    const text = await (await fetch(providerNode.prometheusUrl)).text();
    const out = new Map();
    for (const line of text.split('\n')) {
      const m = /^(agora_provider_\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) continue;
      const labels = (m[2] ?? '').split(',').filter((l) => l && !l.startsWith('chain='));
      assert.ok(m[2]?.includes('chain="agora_dev"'), `the chain label on ${line}`);
      out.set(labels.length ? `${m[1]}{${labels.join(',')}}` : m[1], Number(m[3]));
    }
    return out;
  }

  /** Wait (up to `blocks` blocks) until the metrics satisfy `check`; return them. */
  async function metricsWhen(check, what, blocks = 10) {
    let last;
    try {
      await waitFor(api, async () => check(last = await metrics()), { blocks, what });
    } catch (e) {
      console.log(`provider metrics: ${JSON.stringify([...last ?? []])}`);
      throw e;
    }
    return last;
  }

  before(async () => {
    await cryptoWaitReady();
    validator = await startNode();
    api = validator.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    eve = keyring.addFromUri('//Eve');
    operator = keyring.addFromUri('//Eve//operator');
    ferdie = keyring.addFromUri('//Ferdie');
    dave = keyring.addFromUri('//Dave');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-provider-'));
    providerBase = path.join(tmp, 'provider-node');
    // As the README tells providers: an operator key (not Eve's) goes into the provider node's
    // keystore; Eve names it from her own account and gives it a small float (a valid confirm or
    // respond is refunded, but the fee is taken up front).
    execFileSync(nodeBinary(), [
      'key', 'insert', '--chain', 'dev', '--base-path', providerBase,
      '--key-type', 'agpr', '--scheme', 'sr25519', '--suri', '//Eve//operator',
    ]);
    await ok(api.tx.storageProofs.setOperator(operator.address), eve);
    await ok(api.tx.balances.transferKeepAlive(operator.address, AGR / 10n), eve);
    assert.equal(await call('agora_operatorOf', [operator.address]), eve.address);
    assert.equal(await call('agora_operatorOf', [eve.address]), null);
    providerArgs = [
      '--chain', 'dev', '--rpc-methods', 'safe',
      '--provider-store', path.join(tmp, 'store'),
      '--bootnodes', `/ip4/127.0.0.1/tcp/${validator.p2pPort}/p2p/${validator.peerId}`,
    ];
    await startProvider();
    recorder = await recordBlocks(api, { extrinsics: true });
    await waitFor(api, async () => providerNode.logs.some(
      (l) => l.includes(`key ${operator.address} is the operator of provider ${eve.address}`),
    ), { blocks: 60, what: 'the provider node to find the provider its key operates' });
    blocks = recorder.blocks;
    // The provider node follows the chain.
    await waitFor(api, async () => {
      const h = await providerNode.provider.send('chain_getHeader', []);
      return parseInt(h.number, 16) >= 2;
    }, { blocks: 60, what: 'the provider node to sync' });
  });

  after(async () => {
    if (recorder) recorder.stop();
    if (providerNode) await providerNode.stop();
    if (validator) await validator.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('store a file, answer challenges unattended, settle, download, then lose data and fail', async () => {
    await ok(api.tx.providers.register(
      { storageBytes: 64 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 },
      { storagePerGib: (AGR * 100n).toString(), vcpu: 0, memoryPerGib: 0, gpu: 0 },
      providerNode.httpUrl, { region: 'eu', extra: [] },
    ), eve);

    // An 8 MiB storage agreement for 80 periods, installments every period, 60 prepaid (escrow
    // for the missed periods to refund at the end, however slowly the machine runs).
    const resources = { storageBytes: 8 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 };
    const req = await ok(api.tx.agreements.request(eve.address, resources, 80, { installmentPeriods: 1 }, 1000n * AGR), ferdie);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(id), eve);
    await ok(api.tx.agreements.prepay(id, 60), ferdie);

    // 3 MiB + 1000 bytes of random data: 12,292 leaves, the last one short.
    const original = randomBytes(3 * MIB + 1000);
    const file = path.join(tmp, 'photo-archive.bin');
    writeFileSync(file, original);
    const plainRoot = JSON.parse(execFileSync(nodeBinary(), ['data', 'commit', '--json', file]).toString()).root;

    // Clear errors before anything happens: someone else's agreement, an unknown one, no provider.
    const common = ['--node', validator.httpUrl];
    let r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), '--suri', '//Dave', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`agreement ${id} belongs to consumer ${ferdie.address}, not to`));
    r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', '999', '--suri', '//Ferdie', file]);
    assert.match(r.stderr, /agreement 999 does not exist/);
    r = await cli(['data', 'upload', '--provider', 'http://127.0.0.1:1', ...common, '--agreement', String(id), '--suri', '//Ferdie', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /provider \(http:\/\/127\.0\.0\.1:1\): cannot reach http:\/\/127\.0\.0\.1:1/);
    // None of these committed anything.
    assert.equal(await call('agora_commitment', [id]), null, 'nothing committed by the failed runs');
    // The validator is not in provider mode: it has no data RPC.
    await assert.rejects(call('agora_uploadStatus', [id]), /Method not found/);

    // A real secret phrase on the command line works but is warned about (shell history, ps).
    r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id),
      '--suri', 'bottom drive obey lake curtain smoke basket hold race lonely fit walk', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /warning: a secret on the command line is visible in the shell history/);
    assert.match(r.stderr, /belongs to consumer/);
    assert.doesNotMatch((await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common,
      '--agreement', '999', '--suri', '//Ferdie', file])).stderr, /warning: a secret/, 'dev accounts are no secret');

    // No secret anywhere and no terminal to ask on: a clear error, nothing done.
    r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), file],
      { AGORA_SURI: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no secret: give --suri-file PATH or set AGORA_SURI/);

    // Upload for real, the secret from a file: encode, commit, upload; the provider node verifies
    // and confirms by itself.
    const secretFile = path.join(tmp, 'ferdie.secret');
    writeFileSync(secretFile, '//Ferdie\n', { mode: 0o600 });
    r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), '--suri-file', secretFile, file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /submitted storageProofs\.commit/);
    assert.match(r.stderr, /uploading/);
    assert.match(r.stdout, new RegExp(`stored ${original.length} bytes for agreement ${id}`));
    let commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.size, original.length);
    assert.notEqual(commitment.root, plainRoot, 'the provider stores the encoded bytes, not the file');
    assert.ok(commitment.confirmedAt !== null, 'the provider node confirmed by itself');
    assert.equal(seen('storageProofs', 'Confirmed').length, 1);
    // Confirmed by the operator key, for free.
    const confirms = [];
    for (const b of blocks) {
      b.extrinsics.forEach((xt, i) => {
        if (xt.method.section !== 'storageProofs' || xt.method.method !== 'confirm') return;
        const fee = b.events.find(({ phase, event }) => phase.isApplyExtrinsic
          && phase.asApplyExtrinsic.toNumber() === i
          && api.events.transactionPayment.TransactionFeePaid.is(event));
        confirms.push([xt.signer.toString(), fee?.event.data.actualFee.toBigInt()]);
      });
    }
    assert.deepEqual(confirms, [[operator.address, 0n]], 'one free confirmation by the operator');
    const status = await providerNode.provider.send('agora_uploadStatus', [id]);
    assert.equal(status.state, 'stored');
    assert.equal(status.received, original.length);
    assert.equal(status.root, commitment.root);
    // Running the upload again, the secret from AGORA_SURI, finds everything done: nothing
    // committed or sent twice.
    r = await cli(['data', 'upload', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), file],
      { AGORA_SURI: '//Ferdie' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the commitment is already on chain/);
    assert.doesNotMatch(r.stderr, /uploading/);
    // The metrics (on the node's Prometheus endpoint) show the data held, nothing under way.
    let m = await metricsWhen((x) => x.get('agora_provider_stored_bytes') === original.length,
      'agora_provider_stored_bytes to show the upload');
    assert.equal(m.get('agora_provider_agreements_held'), 1);
    assert.equal(m.get('agora_provider_uploads_in_progress'), 0);
    assert.equal(m.get('agora_provider_jobs_running'), 0);
    assert.equal(m.get('agora_provider_jobs_completed_total'), 0);
    assert.equal(m.get('agora_provider_jobs_failed_total'), 0);

    // Challenges are answered by the provider node alone.
    await waitFor(api, async () => (await call('agora_commitment', [id])).passes >= 2,
      { blocks: 80, what: 'two challenges answered by the provider node' });
    // ... and counted, with the time their proofs took; nothing missed or refused.
    m = await metrics();
    assert.ok(m.get('agora_provider_challenges_answered_total') >= 2, 'answers counted');
    assert.ok(m.get('agora_provider_proof_build_seconds_count') >= 2, 'proof times observed');
    assert.ok(m.get('agora_provider_proof_build_seconds_sum') > 0);
    assert.equal(m.get('agora_provider_proof_build_seconds_bucket{le="+Inf"}'),
      m.get('agora_provider_proof_build_seconds_count'));
    assert.equal(m.get('agora_provider_challenges_missed_total{reason="unprovable"}'), 0);
    assert.equal(m.get('agora_provider_challenges_missed_total{reason="expired"}'), 0);
    assert.equal(m.get('agora_provider_answer_submit_errors_total'), 0);

    // Restart the provider node; a challenge issued while it is down is answered after it is back.
    // Governance gives this one challenge a 30-block window (rounds of 40 blocks), so that a
    // restart slowed by a busy machine (the node compiles the runtime again) still has time:
    // the point is that the restarted node answers, not how fast the machine starts it.
    const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
    const params = await api.query.storageProofs.params();
    const setParams = (p) => ok(api.tx.sudo.sudo(api.tx.storageProofs.setParams(p)), alice);
    const period = 40;
    await setParams({ ...params.toJSON(), challengePeriod: period, responseWindow: 30 });
    await providerNode.stop();
    // The round under way may already have drawn this agreement: it ends at most `period`
    // blocks from now, and the next round draws it in a uniformly random block of its first
    // `period` blocks (draws are spread over the round), issuing it one block later.
    let missedWhileDown = null;
    await waitFor(api, async () => {
      const open = await call('agora_challengesOf', [eve.address]);
      if (open.length > 0) [missedWhileDown] = open;
      return missedWhileDown !== null;
    }, { blocks: 2 * period + 4, what: 'a challenge while the provider node is down' });
    // Its window is fixed at issue: the usual tunables are back for the rounds that follow.
    await setParams(params);
    const restartAt = (await api.rpc.chain.getHeader()).number.toNumber();
    await startProvider();
    const upAt = (await api.rpc.chain.getHeader()).number.toNumber();
    try {
      await waitFor(api, async () => seen('storageProofs', 'ChallengePassed')
        .some(({ event }) => event.data.challenge.toNumber() === missedWhileDown.id),
      { blocks: 30, what: `challenge ${missedWhileDown.id} answered after the restart` });
    } catch (e) {
      // What the restarted node did, to tell a slow start from a responder that did not act.
      console.log(`challenge ${missedWhileDown.id} expires at #${missedWhileDown.expiresAt}; `
        + `restart began at #${restartAt}, RPC up at #${upAt}\n${providerNode.logs.slice(-80).join('\n')}`);
      throw e;
    }
    const answeredAt = seen('storageProofs', 'ChallengePassed')
      .find(({ event }) => event.data.challenge.toNumber() === missedWhileDown.id).block.number;
    console.log(`restart: challenge ${missedWhileDown.id} seen at #${restartAt} (expires #${missedWhileDown.expiresAt}), `
      + `node RPC up at #${upAt}, answered in #${answeredAt}`);
    // The restarted node counts from 0 again: the store's gauges are back at once, the answer
    // is counted.
    m = await metrics();
    assert.ok(m.get('agora_provider_challenges_answered_total') >= 1);
    assert.equal(m.get('agora_provider_stored_bytes'), original.length);

    commitment = await call('agora_commitment', [id]);
    assert.ok(commitment.passes >= 3, `passes ${commitment.passes}`);
    assert.equal(commitment.faults, 0);
    // Every answer was sent once, and paid no fee.
    const answered = [];
    for (const b of blocks) {
      for (const xt of b.extrinsics) {
        if (xt.method.section === 'storageProofs' && xt.method.method === 'respond') {
          answered.push(xt.method.args[0].toNumber());
          assert.equal(xt.signer.toString(), operator.address, 'answered by the operator key');
        }
      }
    }
    assert.equal(new Set(answered).size, answered.length, `no challenge answered twice: ${answered}`);
    assert.ok(answered.length >= 3);
    // A valid answer pays no fee: the fee event of every respond extrinsic shows 0.
    for (const b of blocks) {
      b.extrinsics.forEach((xt, i) => {
        if (xt.method.section !== 'storageProofs' || xt.method.method !== 'respond') return;
        const fee = b.events.find(({ phase, event }) => phase.isApplyExtrinsic
          && phase.asApplyExtrinsic.toNumber() === i
          && api.events.transactionPayment.TransactionFeePaid.is(event));
        assert.ok(fee, 'a fee event for the answer');
        assert.equal(fee.event.data.actualFee.toBigInt(), 0n, 'a valid answer is free');
      });
    }
    const passesEvents = seen('storageProofs', 'ChallengePassed');
    assert.equal(passesEvents.length, commitment.passes);

    // Installments settle while the proofs pass.
    const before = await ownedBalance(api, eve.address);
    const settled = await ok(api.tx.agreements.settle(id), ferdie);
    const settledEvent = findEvent(api, settled.events, 'agreements', 'Settled').data;
    const paid = settledEvent.amount.toBigInt();
    assert.ok(paid > 0n, 'matured installments were paid');
    assert.equal(settledEvent.fee.toBigInt(), paid / 100n, 'the 1 % market fee');
    assert.equal(await ownedBalance(api, eve.address, settled.blockHash) - before, paid - paid / 100n);

    // The consumer downloads the original bytes.
    const out = path.join(tmp, 'restored.bin');
    r = await cli(['data', 'download', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), '--suri', '//Ferdie', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(out).equals(original), 'download returns the original bytes');
    // Someone else cannot download it.
    r = await cli(['data', 'download', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), '--suri', '//Dave', '--out', path.join(tmp, 'x')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /belongs to consumer/);

    // The provider loses most of the blob: everything after the first 4 KiB.
    const blob = path.join(tmp, 'store', 'blobs', String(id));
    assert.equal(statSync(blob).size, original.length);
    truncateSync(blob, 4096);
    // An answer the node built from the whole data just before may still be on its way into a
    // block: let it land, then count. Every later challenge needs the lost bytes.
    await waitForBlock(api, (await api.rpc.chain.getHeader()).number.toNumber() + 3);
    const passesBefore = (await call('agora_commitment', [id])).passes;

    await waitFor(api, async () => seen('agreements', 'Failed').length > 0,
      { blocks: 150, what: 'the agreement to fail' });
    assert.ok(providerNode.logs.some((l) => /cannot answer challenge \d+ of agreement/.test(l)),
      'the provider node reports what it cannot answer');
    // The three misses are on the metrics too: unprovable (the data is lost), none expired
    // besides.
    m = await metrics();
    assert.equal(m.get('agora_provider_challenges_missed_total{reason="unprovable"}'), 3);
    assert.equal(m.get('agora_provider_challenges_missed_total{reason="expired"}'), 0);
    const misses = seen('storageProofs', 'ChallengeMissed');
    assert.deepEqual(misses.map((m) => m.event.data.consecutive.toNumber()), [1, 2, 3]);
    const penalties = seen('agreements', 'FaultPenalized');
    assert.equal(penalties.length, 3);
    for (const { block, event } of penalties) {
      const { refunded, slashed } = event.data;
      assert.ok(refunded.toBigInt() > 0n, 'the missed period is refunded');
      assert.ok(slashed.toBigInt() > 0n, 'part of the collateral is slashed');
      const prev = (await api.rpc.chain.getHeader(block.hash)).parentHash;
      const settledHere = block.events
        .filter(({ event: e }) => api.events.agreements.Settled.is(e))
        .reduce((sum, { event: e }) => sum + e.data.amount.toBigInt(), 0n);
      const feesHere = block.events
        .filter(({ event: e }) => api.events.agreements.Settled.is(e))
        .reduce((sum, { event: e }) => sum + e.data.fee.toBigInt(), 0n);
      const delta = async (who, f) => await f(api, who, block.hash) - await f(api, who, prev);
      const dConsumer = await delta(ferdie.address, ownedBalance);
      const dProvider = await delta(eve.address, ownedBalance);
      if (block.events.some(({ event: e }) => api.events.agreements.Failed.is(e))) {
        assert.equal(dConsumer + dProvider, -feesHere, 'money only moved between the two (less the market fee burned)');
        assert.ok(dConsumer > slashed.toBigInt() - settledHere);
      } else {
        assert.equal(dConsumer, slashed.toBigInt() - settledHere, 'consumer total: + slash - what matured');
        assert.equal(dProvider, settledHere - feesHere - slashed.toBigInt(), 'provider total: + what matured - slash (less the market fee)');
        assert.equal(await delta(ferdie.address, freeBalance), refunded.toBigInt() + slashed.toBigInt(),
          'consumer free: + refund + slash');
      }
    }
    const agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'failed');
    assert.equal(agreement.escrow, '0');
    assert.equal(agreement.providerCollateral, '0');
    commitment = await call('agora_commitment', [id]);
    assert.equal(commitment.failed, true);
    assert.equal(commitment.faults, 3);
    assert.equal(commitment.passes, passesBefore, 'no answer after the data was lost');
    // The provider's reputation recorded every answer, every miss and the failure.
    const rep = await call('agora_reputation', [eve.address]);
    assert.equal(rep.provider.counters.challengesPassed, passesBefore);
    assert.equal(rep.provider.counters.challengesMissed, 3);
    assert.equal(rep.provider.counters.failed, 1);
    assert.ok(rep.provider.score < 500_000_000, `a provider that lost data scores below 50 % (${rep.provider.score})`);

    // Data of a finished agreement is kept and served for the chain's dataGrace blocks after
    // the end (dev: 10), then refused and deleted: nothing is stored or served unpaid.
    const ended = await call('agora_agreement', [id]);
    assert.ok(ended.servedUntil > 0, 'the view shows the last block the data is served');
    await waitForBlock(api, ended.servedUntil + 1);
    r = await cli(['data', 'download', '--provider', providerNode.httpUrl, ...common, '--agreement', String(id), '--suri', '//Ferdie', '--out', path.join(tmp, 'late.bin')]);
    assert.equal(r.code, 1, 'a download after the grace is refused');
    assert.match(r.stderr, /served until block/);
    await waitFor(api, async () => !existsSync(blob), { blocks: 30, what: 'the provider node to delete the data' });
    m = await metricsWhen((x) => x.get('agora_provider_agreements_held') === 0,
      'the metrics to show the data deleted');
    assert.equal(m.get('agora_provider_stored_bytes'), 0);
    assert.equal(m.get('agora_provider_uploads_in_progress'), 0);
  });

  test('the data RPC refuses unsigned, out-of-range and unknown requests, and data that does not match', async () => {
    const prov = (method, params) => providerNode.provider.send(method, params);
    const genesis = api.genesisHash.toU8a();
    const u64 = (n) => bnToU8a(BigInt(n), { bitLength: 64, isLe: true });
    const u32 = (n) => bnToU8a(BigInt(n), { bitLength: 32, isLe: true });
    const uploadPayload = (id, offset, bytes) => u8aConcat(
      stringToU8a('agora/upload/v1'), genesis, u64(id), u64(offset), blake2AsU8a(bytes, 256),
    );
    // Download requests are valid up to a block (the provider's best + at most 100).
    const downloadPayload = (id, offset, length, validUntil) => u8aConcat(
      stringToU8a('agora/download/v2'), genesis, u64(id), u64(offset), u64(length), u32(validUntil),
    );
    const providerBest = async () => parseInt((await prov('chain_getHeader', [])).number, 16);
    const chunk = (signer, id, offset, bytes) => ({
      agreement: id, offset, data: u8aToHex(bytes), signature: u8aToHex(signer.sign(uploadPayload(id, offset, bytes))),
    });
    const range = async (signer, id, offset, length, validUntil) => {
      const until = validUntil ?? (await providerBest()) + 20;
      return {
        agreement: id, offset, length, validUntil: until,
        signature: u8aToHex(signer.sign(downloadPayload(id, offset, length, until))),
      };
    };

    const req = await ok(api.tx.agreements.request(eve.address, { storageBytes: MIB, vcpus: 0, memoryMib: 0, gpus: 0 }, 10, { installmentPeriods: 1 }, 1000n * AGR), ferdie);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await assert.rejects(prov('agora_uploadStatus', [9999]), /agreement 9999 does not exist/);
    await ok(api.tx.agreements.accept(id), eve);
    const committed = randomBytes(5000);
    const wrong = randomBytes(5000);
    await assert.rejects(prov('agora_upload', [chunk(ferdie, id, 0, committed)]), /has no commitment yet/);
    await ok(api.tx.storageProofs.commit(id, u8aToHex(merkle.root(committed)), committed.length), ferdie);

    // Not the consumer's signature, or a signature over other bytes: refused, nothing written.
    await assert.rejects(prov('agora_upload', [chunk(dave, id, 0, committed)]), /not signed by the agreement's consumer/);
    await assert.rejects(prov('agora_upload', [{ ...chunk(ferdie, id, 0, wrong), data: u8aToHex(committed) }]), /not signed by the agreement's consumer/);
    // Past what was received, or past the committed size.
    await assert.rejects(prov('agora_upload', [chunk(ferdie, id, 100, committed.subarray(100))]), /offset 100 is past the 0 bytes received: resume from 0/);
    await assert.rejects(prov('agora_upload', [chunk(ferdie, id, 0, randomBytes(5001))]), /go past the committed size of 5000 bytes/);
    assert.equal((await prov('agora_uploadStatus', [id])).received, 0);

    // All 5000 bytes of the wrong data: checked once complete, rejected and discarded.
    let status = await prov('agora_upload', [chunk(ferdie, id, 0, wrong.subarray(0, 3000))]);
    assert.deepEqual([status.state, status.received], ['receiving', 3000]);
    await assert.rejects(prov('agora_download', [await range(ferdie, id, 0, 100)]), /not stored in full/);
    await prov('agora_upload', [chunk(ferdie, id, 3000, wrong.subarray(3000))]);
    await waitFor(api, async () => (status = await prov('agora_uploadStatus', [id])).state === 'rejected',
      { blocks: 30, what: 'the wrong data to be rejected' });
    assert.match(status.reason, /the data's root is 0x[0-9a-f]{64} but the commitment says/);
    assert.equal(status.received, 0);

    // The committed bytes, resumed after a first chunk: stored, and confirmed on chain by the node.
    const first = chunk(ferdie, id, 0, committed.subarray(0, 1000));
    await prov('agora_upload', [first]);
    // Uploads only append: the first chunk replayed cannot cut the upload back.
    await assert.rejects(prov('agora_upload', [first]), /offset 0 is before the 1000 bytes received: uploads only append/);
    assert.equal((await prov('agora_uploadStatus', [id])).received, 1000);
    await prov('agora_upload', [chunk(ferdie, id, 1000, committed.subarray(1000))]);
    await waitFor(api, async () => (await call('agora_commitment', [id])).confirmedAt !== null,
      { blocks: 30, what: 'the provider node to confirm' });
    assert.equal((await prov('agora_uploadStatus', [id])).state, 'stored');
    await assert.rejects(prov('agora_upload', [chunk(ferdie, id, 0, committed)]), /already stored in full/);

    // Ranged downloads: only the consumer, only inside the data.
    const got = await prov('agora_download', [await range(ferdie, id, 4000, 2000)]);
    assert.equal(got, u8aToHex(committed.subarray(4000)), 'a range at the end comes back short');
    await assert.rejects(prov('agora_download', [await range(dave, id, 0, 100)]), /not signed by the agreement's consumer/);
    await assert.rejects(prov('agora_download', [await range(ferdie, id, 5000, 1)]), /ranges start before byte 5000/);
    await assert.rejects(prov('agora_download', [await range(ferdie, id, 0, 2 * MIB)]), /hold 1 to 1048576 bytes/);
    // Only for a few blocks: a request whose block has passed (a replay), or one signed to last
    // more than 100 blocks, is refused.
    const best = await providerBest();
    await assert.rejects(prov('agora_download', [await range(ferdie, id, 0, 100, best - 3)]), /was valid until block/);
    await assert.rejects(prov('agora_download', [await range(ferdie, id, 0, 100, best + 150)]), /more than 100 blocks past the provider's best block/);
    // The signature covers validUntil: moving it breaks the signature.
    const stale = await range(ferdie, id, 0, 100, best - 3);
    await assert.rejects(prov('agora_download', [{ ...stale, validUntil: best + 20 }]), /not signed by the agreement's consumer/);
  });
});
