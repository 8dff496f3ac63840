// The dashboard (dashboard/, issue 14) in headless Chromium against a real `agora-node --dev`:
// three providers in two regions, an agreement whose provider confirms its data and then never
// answers a challenge (a missed challenge lowers its score), a completed agreement (raises
// another's), an elected committee and an open dispute. The page is built with Vite, served
// from dashboard/dist by a tiny HTTP server and opened with `?rpc=<node>`; the checks read the
// DOM through data-testid attributes.
//
// Needs Debian's `chromium` (scripts/setup.sh installs it). Screenshots go to
// e2e/.tmp/dashboard/; with AGORA_UPDATE_SCREENSHOT=1 the laptop one is also copied to
// docs/dashboard.png.
//
// The KPI check compares the page with agora_marketStats at the block the page shows; it runs
// only when the node serves that method (otherwise it checks the page's "unavailable" state and
// says loudly that the KPIs were not checked).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync, createReadStream, existsSync, mkdirSync, statSync,
} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { merkle } from '@agora/api';
import { chromium } from 'playwright-core';
import { electCommittee } from '../lib/committee.js';
import { freePort, startNode } from '../lib/node.js';
import { findEvent, sendAndWait, sendOk, waitFor, waitForBlock } from '../lib/tx.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const dashboardDir = path.join(repo, 'dashboard');
const dist = path.join(dashboardDir, 'dist');
const outDir = path.join(repo, 'e2e', '.tmp', 'dashboard');
const CHROMIUM = process.env.AGORA_CHROMIUM || '/usr/bin/chromium';

const AGR = 10n ** 12n;
const GIB = 2 ** 30;
const MIB = 2 ** 20;
const NEUTRAL = 500_000_000; // the score of a profile without evidence

// Browser waits are bounded by the page's own refresh cadence (providers every 5 blocks): give
// them generous time, the chain-side waits before them count blocks.
const PAGE_WAIT = 60_000;

/** An endpoint with markup in it: the page must show it as text and never run it. */
const HOSTILE_ENDPOINT = 'http://x/"><img src=x onerror="window.__xss=1">';

const offers = {
  Charlie: { region: 'eu-west', storagePerGib: AGR / 100n, vcpu: AGR / 10n }, // cheapest storage
  Eve: { region: 'us-east', storagePerGib: AGR / 20n, vcpu: AGR / 20n },
  Ferdie: { region: 'eu-west', storagePerGib: AGR / 50n, vcpu: AGR / 5n },
};

/** Serve `root` on 127.0.0.1:port (GET only, no listing, no path outside root). */
function serve(root, port) {
  const types = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.wasm': 'application/wasm',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => { server.listen(port, '127.0.0.1', () => resolve(server)); });
}

describe('dashboard in headless Chromium', () => {
  let node;
  let api;
  let k;
  let server;
  let browser;
  let page;
  let pageUrl;
  let marketServed = false;
  let scenario; // the chain story, running while the first checks run
  const ids = {};
  const pageErrors = [];

  const call = (method, params) => node.provider.send(method, params);
  const ok = (tx, signer) => sendOk(api, tx, signer);
  async function request(consumer, provider, resources, periods) {
    const res = await ok(api.tx.agreements.request(provider.address, resources, periods, { installmentPeriods: 1 }, 1000n * AGR), consumer);
    const id = findEvent(api, res.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(id), provider);
    await ok(api.tx.agreements.prepay(id, periods), consumer);
    return id;
  }
  const testids = (id) => `[data-testid="${id}"]`;
  const dataValue = (id) => page.$eval(testids(id), (el) => el.dataset.value);
  /** The providers table as shown: [{ account, region, price, score, free }]. */
  const tableRows = () => page.$$eval('[data-testid=providers-body] tr[data-account]', (trs) => trs.map((tr) => ({
    account: tr.dataset.account,
    region: tr.dataset.region,
    price: tr.dataset.price,
    score: tr.dataset.score === '' ? null : Number(tr.dataset.score),
    free: Number(tr.dataset.free),
  })));

  before(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Alice//stash', 'Bob//stash', 'Charlie//stash']
      .map((n) => [n.replace('//', '_').toLowerCase(), keyring.addFromUri(`//${n}`)]));
    mkdirSync(outDir, { recursive: true });
    assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: scripts/setup.sh installs Debian's chromium (or set AGORA_CHROMIUM)`);

    // The page: built once with Vite (about 2 s), while the node starts.
    const built = promisify(execFile)(path.join(repo, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: dashboardDir });
    [node] = await Promise.all([startNode(), built]);
    api = node.api;
    marketServed = (await api.rpc.rpc.methods()).methods.map(String).includes('agora_marketStats');

    // Three providers, two regions, different prices.
    await Promise.all(Object.entries(offers).map(([name, o]) => ok(api.tx.providers.register(
      { storageBytes: 64 * GIB, vcpus: 8, memoryMib: 16384, gpus: 0 },
      {
        storagePerGib: o.storagePerGib.toString(), vcpu: o.vcpu.toString(), memoryPerGib: (AGR / 100n).toString(), gpu: '0',
      },
      // Eve's endpoint carries markup: what a provider writes on chain must show as text.
      name === 'Eve' ? HOSTILE_ENDPOINT : `http://127.0.0.1:1/${name}`, { region: o.region, extra: [] },
    ), k[name.toLowerCase()])));

    server = await serve(dist, await freePort());
    pageUrl = `http://127.0.0.1:${server.address().port}/?rpc=${encodeURIComponent(node.rpcUrl)}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

    // The story, in parallel flows with distinct signers (no nonce races):
    scenario = Promise.all([
      // Dave stores data with Charlie; Charlie confirms and then never answers: a missed challenge.
      (async () => {
        const data = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
        ids.storage = await request(k.dave, k.charlie, { storageBytes: MIB, vcpus: 0, memoryMib: 0, gpus: 0 }, 40);
        await ok(api.tx.storageProofs.commit(ids.storage, u8aToHex(merkle.root(data)), data.length), k.dave);
        await ok(api.tx.storageProofs.confirm(ids.storage), k.charlie);
        await waitFor(api, async () => (await call('agora_proofStats', [k.charlie.address])).faults > 0,
          { blocks: 60, what: "Charlie's first missed challenge" });
      })(),
      // Bob rents a vCPU from Eve for one period: completed and settled.
      (async () => {
        ids.completed = await request(k.bob, k.eve, { storageBytes: 0, vcpus: 1, memoryMib: 0, gpus: 0 }, 1);
        const { endsAt } = await call('agora_agreement', [ids.completed]);
        await waitForBlock(api, endsAt);
        await waitFor(api, async () => {
          const res = await sendAndWait(api, api.tx.agreements.settle(ids.completed), k.alice);
          return !res.dispatchError;
        }, { blocks: 10, what: 'the one-period agreement to settle' });
        assert.equal((await call('agora_agreement', [ids.completed])).status, 'completed');
      })(),
      // The committee is elected, then //Alice//stash disputes its agreement with Ferdie.
      (async () => {
        ids.disputed = await request(k.alice_stash, k.ferdie, { storageBytes: MIB, vcpus: 0, memoryMib: 0, gpus: 0 }, 30);
        ids.committee = await electCommittee(api, call, [k.alice, k.bob_stash], [
          [k.charlie_stash, [k.alice.address, k.bob_stash.address], 100n * AGR],
        ]);
        const opened = await ok(api.tx.disputes.open(ids.disputed, `0x${'11'.repeat(32)}`), k.alice_stash);
        ids.dispute = findEvent(api, opened.events, 'disputes', 'Opened').data.dispute.toNumber();
      })(),
    ]);
    // A failure shows in the test that awaits it, not as an unhandled rejection.
    scenario.catch(() => {});

    await page.goto(pageUrl);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) server.close();
    await scenario?.catch(() => {});
    if (node) await node.stop();
  });

  test('the page connects and shows the network overview', async () => {
    await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.body.dataset.block, null, { timeout: PAGE_WAIT });
    assert.equal(await page.$eval(testids('conn-status'), (el) => el.textContent), 'connected');
    assert.equal(await page.$eval(testids('endpoint'), (el) => el.textContent), node.rpcUrl);
    const net = (await api.rpc.agora.networkStats()).toJSON();
    const best = Number(await dataValue('best-block'));
    assert.ok(Math.abs(best - net.bestNumber) <= 2, `page best #${best}, node #${net.bestNumber}`);
    const finalized = Number(await dataValue('finalized-block'));
    assert.ok(finalized <= best && finalized >= 0, `finalized #${finalized}`);
    assert.equal(Number(await dataValue('finality-lag')), best - finalized);
    assert.equal(Number(await dataValue('validators')), net.validatorCount);
    assert.equal(await dataValue('issuance') !== '', true);
  });

  test('a new block updates the page without a reload', async () => {
    await page.evaluate(() => { window.__marker = 'still here'; });
    const before1 = Number(await dataValue('best-block'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=best-block]').dataset.value) >= n + 2,
      before1, { timeout: PAGE_WAIT });
    assert.equal(await page.evaluate(() => window.__marker), 'still here', 'same document');
    assert.equal(await page.evaluate(() => window.__loads), 1, 'loaded once in this tab');
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  });

  test('marketplace KPIs equal agora_marketStats (docs/market-stats.md)', async (t) => {
    if (!marketServed) {
      await page.waitForSelector(`${testids('market-unavailable')}:not(.hidden)`, { timeout: PAGE_WAIT });
      assert.match(await page.$eval(testids('market-unavailable'), (el) => el.textContent), /unavailable on this node/);
      assert.equal(await page.evaluate(() => document.body.dataset.market), 'unavailable');
      const msg = 'THIS NODE DOES NOT SERVE agora_marketStats: the page shows its "unavailable" state (checked), '
        + 'but the KPI values, the health score and the charts were NOT checked. Run this file against a node that serves it.';
      console.log(`\n${'!'.repeat(100)}\n!! ${msg}\n${'!'.repeat(100)}\n`);
      t.skip(msg);
      return;
    }
    // Wait for the marketplace to be in the page (the agreements exist by now), then read every
    // KPI in one turn of the page's event loop, so they all come from one answer.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=kpi-providers-total]').dataset.value) === 3
      && Number(document.querySelector('[data-testid=kpi-agreements-total]').dataset.value) >= 3, null, { timeout: PAGE_WAIT });
    const shown = await page.evaluate(() => ({
      best: Number(document.querySelector('[data-testid=kpis]').dataset.best),
      kpis: Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map((el) => [el.dataset.kpi, el.dataset.value])),
      health: Object.fromEntries(['score', 'finality', 'validators', 'challenges', 'providers'].map((h) => [h,
        Number((h === 'score' ? document.querySelector('[data-testid=health-score]') : document.querySelector(`[data-testid=health-${h}]`)).dataset.value)])),
      points: [...document.querySelectorAll('canvas[data-testid^=chart-]')].map((c) => Number(c.dataset.points)),
    }));
    const hash = await api.rpc.chain.getBlockHash(shown.best);
    const stats = (await api.rpc.agora.marketStats(hash)).toJSON();
    const get = (p) => p.split('.').reduce((o, key) => o?.[key], stats);
    assert.ok(Object.keys(shown.kpis).length >= 40, `${Object.keys(shown.kpis).length} KPIs shown`);
    for (const [p, v] of Object.entries(shown.kpis)) {
      assert.notEqual(get(p), undefined, `${p} is in agora_marketStats`);
      assert.equal(v, String(get(p)), `${p} at block #${shown.best}`);
    }
    assert.equal(stats.providers.total, 3);
    assert.ok(stats.agreements.total >= 3);
    // The runtime's health components at that block; finality depends on when the node was asked.
    for (const h of ['validators', 'challenges', 'providers']) assert.equal(shown.health[h], stats.health[h], `health.${h}`);
    const { finality, validators, challenges, providers } = shown.health;
    assert.equal(shown.health.score, Math.floor((30 * finality + 20 * validators + 35 * challenges + 15 * providers) / 1000), 'score formula');
    // The live answer matches too (runtime counters only).
    const live = (await api.rpc.agora.marketStats()).toJSON();
    assert.equal(live.providers.total, Number(shown.kpis['providers.total']));
    // Charts: one point per block seen, never more than 120.
    for (const n of shown.points) assert.ok(n >= 1 && n <= 120, `chart points ${n}`);
  });

  test('KPIs, health and charts read the contract\'s fields (a fixture answer through an intercepted WebSocket)', async () => {
    // Whatever the node serves, a second tab whose WebSocket is intercepted: agora_marketStats
    // is listed by rpc_methods and answered with a fixture in the contract's shape
    // (docs/market-stats.md) whose every number differs, so a field read from the wrong path
    // shows. Everything else goes to the real node.
    let n = 1000;
    const next = () => { n += 7; return n; };
    const fixture = {
      bestNumber: 0,
      finalizedNumber: 0,
      finalityLag: 2,
      validators: 1,
      desiredValidators: 1,
      providers: { active: next(), paused: next(), unbonding: next(), total: next() },
      capacity: {
        declared: { storageBytes: next() * GIB, vcpus: next(), memoryMib: next(), gpus: next() },
        booked: { storageBytes: next() * MIB, vcpus: next(), memoryMib: next(), gpus: next() },
      },
      agreements: {
        total: next(), requested: next(), countered: next(), active: next(), disputed: next(), completed: next(), cancelled: next(), terminated: next(), failed: next(), resolved: next(),
      },
      storage: { committedBytes: next(), confirmedBytes: next() },
      challenges: {
        issued: next(), passed: next(), missed: next(), open: next(), recentPassed: next(), recentMissed: next(), windowBlocks: next(),
      },
      jobs: {
        live: next(), submitted: next(), completed: next(), noMajority: next(), unassigned: next(), timedOut: next(), disputed: next(), cancelled: next(), wrongResults: next(), missed: next(), rewardsPaid: `${next()}000000000`, collateralSlashed: `${next()}000000000`,
      },
      disputes: { open: next(), resolved: next(), dismissed: next() },
      settled: `${next()}000000000`,
      health: {
        score: 92, finality: 1000, validators: 1000, challenges: 900, providers: 750,
      },
    };
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    let served = 0;
    await tab.routeWebSocket(/.*/, (ws) => {
      const upstream = ws.connectToServer();
      const methodsCalls = new Set();
      ws.onMessage((message) => {
        const m = JSON.parse(message);
        if (m.method === 'agora_marketStats') {
          served += 1;
          fixture.bestNumber += 1;
          fixture.finalizedNumber = fixture.bestNumber - 2;
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: fixture }));
          return;
        }
        if (m.method === 'rpc_methods') methodsCalls.add(m.id);
        upstream.send(message);
      });
      upstream.onMessage((message) => {
        const m = JSON.parse(message);
        if (methodsCalls.has(m.id) && m.result?.methods && !m.result.methods.includes('agora_marketStats')) {
          m.result.methods.push('agora_marketStats');
          ws.send(JSON.stringify(m));
          return;
        }
        ws.send(message);
      });
    });
    try {
      await tab.goto(pageUrl);
      await tab.waitForFunction(() => document.body.dataset.market === 'available'
        && Number(document.querySelector('[data-testid=kpis]').dataset.best) >= 2, null, { timeout: PAGE_WAIT });
      const shown = await tab.evaluate(() => ({
        kpis: Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map((el) => [el.dataset.kpi, el.dataset.value])),
        unavailable: !document.querySelector('[data-testid=market-unavailable]').classList.contains('hidden'),
        health: Object.fromEntries(['finality', 'validators', 'challenges', 'providers'].map((h) => [h, Number(document.querySelector(`[data-testid=health-${h}]`).dataset.value)])),
        score: Number(document.querySelector('[data-testid=health-score]').dataset.value),
        points: [...document.querySelectorAll('canvas[data-testid^=chart-]')].map((c) => Number(c.dataset.points)),
        emptyCharts: document.querySelectorAll('.chart-box.empty').length,
        text: {
          providers: document.querySelector('[data-testid=kpi-providers-total]').textContent,
          storage: document.querySelector('[data-testid=kpi-capacity-declared-storageBytes]').textContent,
          settled: document.querySelector('[data-testid=kpi-settled]').textContent,
        },
      }));
      assert.ok(served >= 2);
      assert.equal(shown.unavailable, false);
      const get = (p) => p.split('.').reduce((o, key) => o?.[key], fixture);
      assert.ok(Object.keys(shown.kpis).length >= 40, `${Object.keys(shown.kpis).length} KPIs shown`);
      for (const [p, v] of Object.entries(shown.kpis)) {
        assert.notEqual(get(p), undefined, `${p} is a field of the contract`);
        assert.equal(v, String(get(p)), p);
      }
      // Every number of the contract but the node's own figures is shown somewhere.
      const leaves = (o, pre = '') => Object.entries(o).flatMap(([key, v]) => (v && typeof v === 'object' ? leaves(v, `${pre}${key}.`) : [`${pre}${key}`]));
      const missing = leaves(fixture).filter((p) => !(p in shown.kpis) && !p.startsWith('health.')
        && !['bestNumber', 'finalizedNumber', 'finalityLag', 'validators', 'desiredValidators'].includes(p));
      assert.deepEqual(missing, [], 'contract fields the page does not show');
      assert.deepEqual(shown.health, {
        finality: 1000, validators: 1000, challenges: 900, providers: 750,
      });
      assert.equal(shown.score, 92);
      assert.equal(shown.text.providers, fixture.providers.total.toLocaleString('en-US'));
      assert.match(shown.text.storage, /^[\d.]+ [KMGTP]?i?B$/);
      assert.match(shown.text.settled, /AGR$/);
      assert.equal(shown.emptyCharts, 0, 'charts are drawn');
      for (const p of shown.points) assert.ok(p >= 1 && p <= 120, `chart points ${p}`);
      await tab.screenshot({ path: path.join(outDir, 'dashboard-fixture-1280x900.png') });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the providers table sorts by price and by score, and filters by region', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=providers-body] tr[data-account]').length === 3,
      null, { timeout: PAGE_WAIT });
    assert.deepEqual((await tableRows()).map((r) => r.account).sort(),
      [k.charlie.address, k.eve.address, k.ferdie.address].sort());

    // Price: ascending on the first click, descending on the second.
    await page.click(testids('sort-price'));
    assert.equal(await page.$eval(testids('sort-price'), (el) => el.getAttribute('aria-sort')), 'ascending');
    assert.deepEqual((await tableRows()).map((r) => r.account), [k.charlie.address, k.ferdie.address, k.eve.address]);
    assert.deepEqual((await tableRows()).map((r) => r.price), ['Charlie', 'Ferdie', 'Eve'].map((n) => offers[n].storagePerGib.toString()));
    await page.click(testids('sort-price'));
    assert.equal(await page.$eval(testids('sort-price'), (el) => el.getAttribute('aria-sort')), 'descending');
    assert.deepEqual((await tableRows()).map((r) => r.account), [k.eve.address, k.ferdie.address, k.charlie.address]);

    // Region filter: eu-west has Charlie and Ferdie; the order still holds.
    await page.selectOption(testids('region-filter'), 'eu-west');
    let rows = await tableRows();
    assert.deepEqual(rows.map((r) => r.account), [k.ferdie.address, k.charlie.address]);
    assert.ok(rows.every((r) => r.region === 'eu-west'));
    await page.selectOption(testids('region-filter'), 'us-east');
    assert.deepEqual((await tableRows()).map((r) => r.account), [k.eve.address]);
    await page.selectOption(testids('region-filter'), '');
    assert.equal((await tableRows()).length, 3);

    // Score: wait for the chain story (Charlie missed a challenge, Eve completed an agreement),
    // then for the page's next providers refresh to show it.
    await scenario;
    const score = async (who) => (await api.rpc.agora.reputation(who.address)).toJSON().provider.score;
    const expected = { charlie: await score(k.charlie), eve: await score(k.eve), ferdie: await score(k.ferdie) };
    assert.ok(expected.charlie < NEUTRAL, `Charlie's score fell (${expected.charlie})`);
    assert.ok(expected.eve > NEUTRAL, `Eve's score rose (${expected.eve})`);
    await page.waitForFunction(([c, e]) => {
      const s = Object.fromEntries([...document.querySelectorAll('[data-testid=providers-body] tr[data-account]')]
        .map((tr) => [tr.dataset.account, Number(tr.dataset.score)]));
      return s[c] < 500_000_000 && s[e] > 500_000_000;
    }, [k.charlie.address, k.eve.address], { timeout: PAGE_WAIT });
    await page.click(testids('sort-score'));
    assert.equal(await page.$eval(testids('sort-score'), (el) => el.getAttribute('aria-sort')), 'descending');
    rows = await tableRows();
    assert.deepEqual(rows.map((r) => r.account), [k.eve.address, k.ferdie.address, k.charlie.address], 'best score first');
    for (const r of rows) {
      const who = Object.entries({ charlie: k.charlie, eve: k.eve, ferdie: k.ferdie }).find(([, p]) => p.address === r.account)[0];
      // Scores decay with blocks: the page's refresh and ours may be a few blocks apart.
      assert.ok(Math.abs(r.score - expected[who]) < 20_000_000, `${who}: page ${r.score}, chain ${expected[who]}`);
    }
    await page.click(testids('sort-score'));
    assert.deepEqual((await tableRows()).map((r) => r.account), [k.charlie.address, k.ferdie.address, k.eve.address], 'worst first');
  });

  test('lookup by agreement id and by account', async () => {
    await scenario;
    await page.fill(testids('lookup-input'), String(ids.storage));
    await page.click(testids('lookup-go'));
    await page.waitForSelector(`${testids('lookup-result')}[data-state=done]`, { timeout: PAGE_WAIT });
    const card = await page.$eval(testids('lookup-agreement'), (el) => ({ id: Number(el.dataset.id), status: el.dataset.status, text: el.textContent }));
    assert.equal(card.id, ids.storage);
    assert.equal(card.status, 'active');
    assert.match(await page.$eval(testids('lookup-commitment'), (el) => el.textContent), /[1-9]\d* missed/);

    // Clicking a provider in the table looks its account up.
    await page.click(`[data-testid=providers-body] tr[data-account="${k.charlie.address}"] a.link`);
    await page.waitForSelector(`${testids('lookup-account')}[data-account="${k.charlie.address}"]`, { timeout: PAGE_WAIT });
    await page.waitForSelector(`${testids('lookup-result')}[data-state=done]`, { timeout: PAGE_WAIT });
    const listed = await page.$$eval(`${testids('lookup-agreements')} tr[data-id]`, (trs) => trs.map((tr) => Number(tr.dataset.id)));
    assert.deepEqual(listed, [ids.storage]);
    assert.ok(Number(await dataValue('lookup-provider-score')) < NEUTRAL);

    // Strings from the chain are text, never markup: Eve's endpoint shows as written.
    await page.fill(testids('lookup-input'), k.eve.address);
    await page.click(testids('lookup-go'));
    await page.waitForSelector(`${testids('lookup-account')}[data-account="${k.eve.address}"]`, { timeout: PAGE_WAIT });
    assert.ok((await page.$eval(testids('lookup-result'), (el) => el.textContent)).includes(HOSTILE_ENDPOINT));
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'the markup did not run');
    assert.equal(await page.$$eval(`${testids('lookup-result')} img`, (imgs) => imgs.length), 0);

    // An id that never existed.
    await page.fill(testids('lookup-input'), '999999');
    await page.click(testids('lookup-go'));
    await page.waitForSelector(testids('lookup-none'), { timeout: PAGE_WAIT });
  });

  test('disputes and the committee', async () => {
    await scenario;
    const committee = await call('agora_committee', []);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=committee-members]')?.dataset.value) === n,
      committee.members.length, { timeout: PAGE_WAIT });
    const seated = await page.$$eval('[data-testid=committee-list] li', (lis) => lis.map((li) => li.dataset.account));
    assert.deepEqual(seated.sort(), committee.members.map((m) => m.account).sort());
    assert.deepEqual(seated.sort(), [k.alice.address, k.bob_stash.address].sort());
    await page.waitForSelector(`[data-testid=disputes-recent] li[data-id="${ids.dispute}"]`, { timeout: PAGE_WAIT });
    assert.match(await page.$eval(`[data-testid=disputes-recent] li[data-id="${ids.dispute}"]`, (el) => el.textContent),
      new RegExp(`agreement #${ids.disputed}[\\s\\S]*open`));
  });

  test('screenshots (laptop 1280x900 and phone 390x844), no page errors', async () => {
    // Look up an account so the lookup panel has content, then photograph the top of the page.
    await page.fill(testids('lookup-input'), k.charlie.address);
    await page.click(testids('lookup-go'));
    await page.waitForSelector(`${testids('lookup-result')}[data-state=done]`, { timeout: PAGE_WAIT });
    await page.evaluate(() => window.scrollTo(0, 0));
    const laptop = path.join(outDir, 'dashboard-1280x900.png');
    await page.screenshot({ path: laptop });
    await page.screenshot({ path: path.join(outDir, 'dashboard-full.png'), fullPage: true });
    if (process.env.AGORA_UPDATE_SCREENSHOT === '1') copyFileSync(laptop, path.join(repo, 'docs', 'dashboard.png'));

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(outDir, 'dashboard-phone.png') });
    await page.screenshot({ path: path.join(outDir, 'dashboard-phone-full.png'), fullPage: true });
    // Nothing but the providers table (which scrolls inside its box) is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    assert.deepEqual(pageErrors, []);
  });
});
