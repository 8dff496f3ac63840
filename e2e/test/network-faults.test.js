// Faults on a network of four validators (Alice, Bob, Charlie, Dave) on 127.0.0.1, on the
// `local_testnet` preset with 1-second slots (the chain spec's `validators.timing` patched, so the
// test takes blocks, not minutes), and a dev node restarted on its base path:
//   - one validator killed (SIGKILL): finality keeps advancing (3 of 4 GRANDPA voters);
//   - restarted on its base path: it catches up and authors blocks again;
//   - two killed: blocks continue, finality stalls (2 of 4 cannot finalize); both back: the
//     blocks built meanwhile are finalized;
//   - a second node with Dave's keys makes Dave equivocate (two blocks in one slot, or two
//     GRANDPA votes in one round): the other nodes report it on their own, the offence is
//     recorded and Dave is removed from the validator set;
//   - a dev node stopped and started again on its base path keeps its best block and state.
// Every wait counts blocks of the chain, never seconds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { freePort, nodeBinary, startNode } from '../lib/node.js';
import {
  freeBalance, recordBlocks, sendAndWait, waitFor,
} from '../lib/tx.js';

const NAMES = ['alice', 'bob', 'charlie', 'dave'];
/** A fixed node key per validator (never reuse outside a local test network). */
const nodeKey = (i) => (i + 1).toString(16).padStart(64, '0');

describe('network faults: four validators lose nodes and get them back; a dev node restarts', () => {
  let tmp;
  let spec;
  const v = {}; // name -> { node, basePath, p2pPort, peerId }
  let bootnodes;

  /** Start (or restart) validator `name` on its base path and p2p port. */
  async function start(name) {
    const i = NAMES.indexOf(name);
    const me = v[name];
    me.node = await startNode({
      basePath: me.basePath,
      p2pPort: me.p2pPort,
      args: ['--chain', spec, `--${name}`, '--node-key', nodeKey(i),
        '--bootnodes', ...bootnodes.filter((_, j) => j !== i)],
    });
    return me.node;
  }

  /** SIGKILL validator `name` and wait until it is gone. */
  async function kill(name) {
    const { child } = v[name].node;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    await v[name].node.api.disconnect().catch(() => {});
    v[name].node = null;
  }

  const header = async (api) => (await api.rpc.chain.getHeader()).number.toNumber();
  const finalized = async (api) => (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead()))
    .number.toNumber();

  before(async () => {
    await cryptoWaitReady();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-faults-'));
    const local = JSON.parse(execFileSync(nodeBinary(), ['build-spec', '--chain', 'local'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }));
    local.genesis.runtimeGenesis.patch.validators.timing = { slotDuration: 1000, epochLength: 60 };
    local.bootNodes = [];
    spec = path.join(tmp, 'spec.json');
    writeFileSync(spec, JSON.stringify(local));
    bootnodes = [];
    for (const [i, name] of NAMES.entries()) {
      const p2pPort = await freePort();
      const keyFile = path.join(tmp, `${name}.key`);
      writeFileSync(keyFile, nodeKey(i));
      const peerId = execFileSync(nodeBinary(), ['key', 'inspect-node-key', '--file', keyFile]).toString().trim();
      v[name] = { basePath: path.join(tmp, name), p2pPort, peerId };
      bootnodes.push(`/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`);
    }
    await Promise.all(NAMES.map(start));
    const { api } = v.alice.node;
    await waitFor(api, async () => (await finalized(api)) >= 3, { blocks: 40, what: 'first finalized blocks' });
  });

  after(async () => {
    await Promise.all(NAMES.map(async (n) => { if (v[n]?.node) await v[n].node.stop(); }));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('one validator killed: finality advances; restarted, it catches up and authors again', async () => {
    const { api } = v.alice.node;
    await kill('dave');
    const f0 = await finalized(api);
    await waitFor(api, async () => (await finalized(api)) >= f0 + 5,
      { blocks: 40, what: 'finality to advance by 5 with 3 of 4 validators' });

    const bestAtRestart = await header(api);
    const dave = await start('dave');
    await waitFor(api, async () => (await header(dave.api)) >= bestAtRestart,
      { blocks: 40, what: 'Dave to catch up' });
    // A block authored by Dave after the restart.
    const daveAccount = new Keyring({ type: 'sr25519' }).addFromUri('//Dave').address;
    let authored = null;
    await waitFor(api, async () => {
      const h = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash());
      if (h.number.toNumber() > bestAtRestart && h.author && h.author.toString() === daveAccount) authored = h.number.toNumber();
      return authored !== null;
    }, { blocks: 60, what: 'a block authored by Dave after his restart' });
    assert.ok(authored > bestAtRestart);
  });

  test('two validators killed: blocks go on, finality stalls; both back: it resumes', async () => {
    const { api } = v.alice.node;
    await Promise.all([kill('charlie'), kill('dave')]);
    const stalledAt = await header(api);
    await waitFor(api, async () => (await header(api)) >= stalledAt + 8,
      { blocks: 40, what: 'blocks from Alice and Bob alone' });
    const f = await finalized(api);
    assert.ok(f <= stalledAt, `finalized #${f}, built after the kill at #${stalledAt}: 2 of 4 voters cannot finalize`);
    const built = await header(api);
    await Promise.all([start('charlie'), start('dave')]);
    await waitFor(api, async () => (await finalized(api)) >= built,
      { blocks: 60, what: 'the blocks built during the stall to be finalized' });
  });

  test('a validator that double-signs is reported by the network and leaves the set', async () => {
    const { api } = v.alice.node;
    const daveAccount = new Keyring({ type: 'sr25519' }).addFromUri('//Dave').address;
    const recorder = await recordBlocks(api);
    // Dave's twin: the same session keys, another node: both author in Dave's slots and vote
    // for him.
    const twin = await startNode({
      basePath: path.join(tmp, 'dave-twin'),
      args: ['--chain', spec, '--dave', '--node-key', nodeKey(7), '--bootnodes', ...bootnodes],
    });
    try {
      const reported = () => recorder.blocks.flatMap((b) => b.events
        .filter(({ event }) => api.events.validators.OffenderReported.is(event))
        .map(({ event }) => ({
          block: b.number,
          who: event.data.who.toString(),
          session: event.data.session.toNumber(),
          removed: event.data.removed.isTrue,
          disabled: event.data.disabled.isTrue,
        })));
      await waitFor(api, async () => reported().length > 0,
        { blocks: 90, what: 'an equivocation report for Dave' });
      const [report] = reported();
      console.log(`equivocation reported in #${report.block}: ${JSON.stringify(report)}`);
      assert.equal(report.who, daveAccount);
      const offences = recorder.blocks.flatMap((b) => b.events
        .filter(({ event }) => api.events.offences.Offence.is(event))
        .map(({ event }) => event.data.kind.toU8a()));
      assert.ok(offences.length >= 1, 'the offence is recorded');
      const kinds = offences.map((kind) => Buffer.from(kind).toString('latin1'));
      assert.ok(kinds.every((kind) => /^(babe:equivocatio|grandpa:equivoca)/.test(kind)), kinds.join());
      assert.equal(report.removed, true);
      assert.ok(!(await api.query.validators.validators()).toJSON().includes(daveAccount),
        'Dave leaves the desired set');
    } finally {
      recorder.stop();
      await twin.stop();
    }
  });

  test('a dev node stopped and started on its base path keeps its best block and state', async () => {
    const basePath = path.join(tmp, 'dev');
    let dev = await startNode({ basePath, args: ['--dev'] });
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, ferdie] = ['//Alice', '//Ferdie'].map((s) => keyring.addFromUri(s));
    const sent = await sendAndWait(dev.api, dev.api.tx.balances.transferKeepAlive(ferdie.address, 12_345n), alice);
    await waitFor(dev.api, async () => (await finalized(dev.api)) >= (await dev.api.rpc.chain.getHeader(sent.blockHash)).number.toNumber(),
      { blocks: 20, what: 'the transfer to be finalized' });
    const best = await header(dev.api);
    const bestHash = (await dev.api.rpc.chain.getBlockHash(best)).toHex();
    const balance = await freeBalance(dev.api, ferdie.address);
    await dev.stop();
    dev = await startNode({ basePath, args: ['--dev'] });
    try {
      assert.ok((await header(dev.api)) >= best, 'the best block survived');
      assert.equal((await dev.api.rpc.chain.getBlockHash(best)).toHex(), bestHash, 'the same chain');
      assert.equal(await freeBalance(dev.api, ferdie.address, bestHash), balance, 'the same state');
      await waitFor(dev.api, async () => (await header(dev.api)) > best + 2, { blocks: 20, what: 'blocks after the restart' });
    } finally {
      await dev.stop();
    }
  });
});
