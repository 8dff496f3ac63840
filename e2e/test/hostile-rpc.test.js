// Malformed and hostile JSON-RPC against one real node that also runs provider mode
// (`--dev --provider-store DIR`, so the data methods are served): broken JSON, unknown methods,
// wrong types, out-of-range numbers, oversized bodies and chunks, deep nesting, large batches,
// and floods over HTTP and WebSocket. After each, the node still answers, keeps producing and
// finalizing blocks, its memory stays bounded, and nothing was written: no transaction reached
// the pool or a block, and the provider store holds no file.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.js';
import { waitFor } from '../lib/tx.js';

const MIB = 1 << 20;

/** Resident memory of process `pid` in MiB (Linux). */
function rssMib(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) / 1024;
}

/** Every file under `dir`, recursively (relative paths). */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

describe('hostile JSON-RPC: the node keeps answering, stays bounded, writes nothing', () => {
  let node;
  let api;
  let tmp;
  let store;
  let startBlock;

  /**
   * POST `body` (a string) over HTTP; resolve { status, json } (json null when not JSON; status
   * 0 when the node closed the connection instead of answering).
   */
  async function post(body, headers = {}) {
    let res;
    try {
      res = await fetch(node.httpUrl, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body,
      });
    } catch (e) {
      return { status: 0, json: null, error: e };
    }
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json };
  }
  const rpc = (method, params, id = 1) => post(JSON.stringify({ jsonrpc: '2.0', id, method, params }));

  /** The node answers a normal request and is still producing blocks. */
  async function healthy() {
    const { json } = await rpc('chain_getHeader', []);
    assert.ok(json && json.result && json.result.number, `a header: ${JSON.stringify(json)}`);
    const n = parseInt(json.result.number, 16);
    await waitFor(api, async () => (await api.rpc.chain.getHeader()).number.toNumber() > n,
      { blocks: 10, what: 'a new block after the abuse' });
  }

  before(async () => {
    await cryptoWaitReady();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-hostile-'));
    store = path.join(tmp, 'store');
    node = await startNode({ args: ['--dev', '--provider-store', store] });
    api = node.api;
    startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  });

  after(async () => {
    if (node) await node.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('malformed requests get JSON-RPC errors, never a crash', async () => {
    const cases = [
      ['{"jsonrpc":"2.0","id":1,"method":', -32700],
      ['[]', [-32600, -32700]],
      ['{"id":1}', [-32600, -32700]],
      ['"just a string"', [-32600, -32700]],
      ['{"jsonrpc":"1.0","id":1,"method":"system_health","params":[]}', [-32600, -32700]],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_nope', params: [] }), -32601],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_agreement', params: ['x'] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_agreement', params: [-1] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_agreement', params: [2 ** 64] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_provider', params: ['not-an-address'] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_providers', params: [0, 4294967296] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_findProviders', params: [{ resources: 'lots' }] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_quote', params: [null, {}, 'two', {}] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_upload', params: [{ agreement: 1, offset: 0, data: 'zz', signature: '0x00' }] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_jobUpload', params: [{ job: 1, blob: 'output', offset: 0, data: '0x00', signature: '0x00' }] }), -32602],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_download', params: [{ agreement: 1 }] }), -32602],
      [`${'['.repeat(10_000)}${']'.repeat(10_000)}`, [-32600, -32700]],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_networkStats', params: [JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`)] }), null],
    ];
    for (const [body, code] of cases) {
      const { status, json } = await post(body);
      assert.ok(json, `${body.slice(0, 80)}: HTTP ${status} without a JSON answer`);
      const errs = Array.isArray(json) ? json : [json];
      for (const e of errs) {
        assert.ok(e.error, `${body.slice(0, 80)}: expected an error, got ${JSON.stringify(e).slice(0, 200)}`);
        // jsonrpsee answers "parse error" for JSON that is not a request object.
        const want = code === null ? null : [code].flat();
        if (want) assert.ok(want.includes(e.error.code), `${body.slice(0, 80)}: ${JSON.stringify(e.error)}`);
      }
    }
    // Extra positional params are ignored by jsonrpsee (upstream behaviour), not refused.
    const extra = await rpc('agora_agreement', [1, null, 3, 4]);
    assert.equal(extra.json.result, null, JSON.stringify(extra.json));
    // Semantically wrong but well-formed data calls: the documented codes.
    const sig = `0x${'00'.repeat(64)}`;
    const notServed = await rpc('agora_upload', [{ agreement: 424242, offset: 0, data: '0x01', signature: sig }]);
    assert.equal(notServed.json.error.code, 20, JSON.stringify(notServed.json));
    const st = await rpc('agora_uploadStatus', [2 ** 53]);
    assert.equal(st.json.error.code, 20, JSON.stringify(st.json));
    const jobSt = await rpc('agora_jobUploadStatus', [7]);
    assert.ok([20, 1].includes(jobSt.json.error.code), JSON.stringify(jobSt.json));
    await healthy();
  });

  test('oversized bodies, chunks and batches are refused, and bounded', async () => {
    // A body over the 15 MiB request limit: refused before parsing.
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'agora_upload', params: [{ agreement: 1, offset: 0, data: `0x${'ab'.repeat(8 * MIB)}`, signature: '0x00' }] });
    const big = await post(huge);
    // Refused with 413, a JSON-RPC error, or by closing the connection: never processed.
    assert.ok(big.status === 413 || big.status === 0 || (big.json && big.json.error), `16 MiB body: HTTP ${big.status}`);
    // A chunk over MAX_CHUNK (1 MiB) inside the body limit: a documented error, nothing stored.
    const chunk = await rpc('agora_upload', [{ agreement: 1, offset: 0, data: `0x${'cd'.repeat(MIB + 1)}`, signature: `0x${'00'.repeat(64)}` }]);
    assert.ok(chunk.json.error, JSON.stringify(chunk.json).slice(0, 200));
    // A batch of 5,000 calls: answered in full or refused as a whole, never a crash.
    const before = rssMib(node.child.pid);
    const batch = Array.from({ length: 5000 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'agora_networkStats', params: [] }));
    const res = await post(JSON.stringify(batch));
    if (Array.isArray(res.json)) {
      assert.equal(res.json.length, 5000);
      assert.ok(res.json.every((r) => r.result || r.error));
    } else {
      assert.ok(res.status >= 400 || (res.json && res.json.error), `batch: HTTP ${res.status}`);
    }
    const grown = rssMib(node.child.pid) - before;
    assert.ok(grown < 256, `a 5,000-call batch grew the node by ${grown.toFixed(0)} MiB`);
    await healthy();
  });

  test('a flood over HTTP and WebSocket: every request answered, memory bounded', async () => {
    const before = rssMib(node.child.pid);
    // 3,000 HTTP requests, 64 in flight, mixing chain and data methods, good and bad.
    const methods = [
      ['agora_networkStats', []], ['agora_providers', [0, 100]], ['agora_committee', []],
      ['agora_jobStats', []], ['agora_uploadStatus', [1]], ['agora_agreement', ['bad']],
      ['system_health', []], ['agora_download', [{ agreement: 1, offset: 0, length: 10, validUntil: 1, signature: '0x00' }]],
    ];
    let answered = 0;
    let next = 0;
    const total = 3000;
    const worker = async () => {
      while (next < total) {
        const i = next;
        next += 1;
        const [m, p] = methods[i % methods.length];
        const { json } = await rpc(m, p, i);
        if (json && json.id === i && (json.result !== undefined || json.error)) answered += 1;
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 64 }, worker));
    const httpSecs = (Date.now() - t0) / 1000;
    assert.equal(answered, total, `${answered} of ${total} HTTP requests answered`);

    // 50 WebSocket connections (half the default limit of 100), 100 requests each, all at once.
    const wsAnswered = await Promise.all(Array.from({ length: 50 }, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(node.rpcUrl);
      let got = 0;
      ws.on('open', () => {
        for (let i = 0; i < 100; i += 1) {
          const [m, p] = methods[i % methods.length];
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: m, params: p }));
        }
      });
      ws.on('message', () => {
        got += 1;
        if (got === 100) { ws.close(); resolve(got); }
      });
      ws.on('error', reject);
      setTimeout(() => { ws.terminate(); resolve(got); }, 60_000).unref();
    })));
    assert.deepEqual(wsAnswered, Array(50).fill(100), 'every WebSocket request answered');
    const grown = rssMib(node.child.pid) - before;
    console.log(`flood: ${total} HTTP requests in ${httpSecs.toFixed(1)} s (64 in flight), 5,000 over 50 WebSockets; RSS ${before.toFixed(0)} -> ${rssMib(node.child.pid).toFixed(0)} MiB`);
    assert.ok(grown < 256, `the flood grew the node by ${grown.toFixed(0)} MiB`);
    await healthy();
  });

  test('nothing was written: no transaction, no stored file, finality went on', async () => {
    assert.deepEqual((await api.rpc.author.pendingExtrinsics()).map(String), []);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = startBlock + 1; n <= best; n += 1) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const { block } = await api.rpc.chain.getBlock(hash);
      const signed = block.extrinsics.filter((x) => x.isSigned);
      assert.equal(signed.length, 0, `block #${n} holds a signed extrinsic`);
    }
    assert.deepEqual(filesUnder(store).filter((f) => !/^(jobs|uploads)?\/?$/.test(f) && !f.endsWith('.lock')), []);
    const fin = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    assert.ok(fin > startBlock, `finalized #${fin} after #${startBlock}`);
  });
});
