// Agora dashboard: connects to a node with @agora/api and updates on every new block.
//
// What it reads, and how often (see README, "Dashboard"):
//   every new best block   agora_networkStats, agora_marketStats (if the node serves it)
//   every 5 blocks         agora_providers (pages of 100, at most MAX_PROVIDER_PAGES pages) and
//                          agora_reputation of each listed provider (8 calls at a time)
//   every 10 blocks        agora_committee, disputes.nextDisputeId and agora_dispute of the
//                          last RECENT_DISPUTES ids
//   on demand              the lookup (agreement/commitment/job by id, or an account's records)
// A refresh still running when its next turn comes is not started twice.
import './style.css';
import { connect, DEFAULT_URL } from '@agora/api';
import { createCharts, MAX_POINTS } from './charts.js';
import {
  agrText, at, bytes, enumName, enumText, esc, subjectText, FIRST_DIRECTION, num, ppb, share, short, sortRows,
} from './format.js';
import { lookup } from './lookup.js';

const PROVIDERS_EVERY = 5;
const MAX_PROVIDER_PAGES = 3;
const PAGE_SIZE = 100;
const SCORE_CONCURRENCY = 8;
const COMMITTEE_EVERY = 10;
const RECENT_DISPUTES = 10;

// How many times this tab loaded the page (a reload would make it 2): read by the browser test.
const loads = Number(sessionStorage.getItem('agora.loads') || 0) + 1;
sessionStorage.setItem('agora.loads', String(loads));
window.__loads = loads;

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const setText = (id, text, value) => {
  const el = $(id);
  el.textContent = text;
  if (value !== undefined) el.dataset.value = String(value);
};

const endpoint = (() => {
  const given = new URLSearchParams(window.location.search).get('rpc');
  return given && /^wss?:\/\//.test(given) ? given : DEFAULT_URL;
})();
$('endpoint').textContent = endpoint;
$('footer-endpoint').textContent = endpoint;
$('chart-window').textContent = String(MAX_POINTS);

function status(text, kind) {
  $('conn-status').textContent = text;
  $('conn-dot').className = `dot ${kind}`;
}

// ---------------------------------------------------------------------------------------------
// Marketplace KPIs: every value element carries the field's path (data-kpi) and its raw value
// (data-value), exactly as agora_marketStats answered (docs/market-stats.md).
// ---------------------------------------------------------------------------------------------

const mib = (v) => bytes(v * 2 ** 20);
const KPI_GROUPS = [
  {
    title: 'Providers', head: ['providers.total', num, 'registered'],
    rows: [['active', 'providers.active'], ['paused', 'providers.paused'], ['unbonding', 'providers.unbonding']],
  },
  {
    title: 'Agreements', head: ['agreements.active', num, 'active'],
    rows: [['requested', 'agreements.requested'], ['countered', 'agreements.countered'], ['disputed', 'agreements.disputed'],
      ['ever requested', 'agreements.total'], ['completed', 'agreements.completed'], ['cancelled', 'agreements.cancelled'],
      ['terminated', 'agreements.terminated'], ['failed', 'agreements.failed'], ['resolved', 'agreements.resolved']],
  },
  {
    title: 'Capacity (booked / declared)', head: [(s) => share(s.capacity.booked.storageBytes, s.capacity.declared.storageBytes), null, 'of storage booked'],
    rows: [['storage declared', 'capacity.declared.storageBytes', bytes], ['storage booked', 'capacity.booked.storageBytes', bytes],
      ['vCPU declared', 'capacity.declared.vcpus'], ['vCPU booked', 'capacity.booked.vcpus'],
      ['memory declared', 'capacity.declared.memoryMib', mib], ['memory booked', 'capacity.booked.memoryMib', mib],
      ['GPU declared', 'capacity.declared.gpus'], ['GPU booked', 'capacity.booked.gpus']],
  },
  {
    title: 'Storage proofs',
    head: [(s) => share(s.challenges.recentPassed, s.challenges.recentPassed + s.challenges.recentMissed), null, 'recent pass rate'],
    rows: [['committed', 'storage.committedBytes', bytes], ['confirmed', 'storage.confirmedBytes', bytes],
      ['challenges issued', 'challenges.issued'], ['passed', 'challenges.passed'], ['missed', 'challenges.missed'],
      ['open', 'challenges.open'], ['recent passed', 'challenges.recentPassed'], ['recent missed', 'challenges.recentMissed'],
      ['window (blocks)', 'challenges.windowBlocks']],
  },
  {
    title: 'Compute jobs', head: ['jobs.live', num, 'live'],
    rows: [['submitted', 'jobs.submitted'], ['completed', 'jobs.completed'], ['no majority', 'jobs.noMajority'],
      ['unassigned', 'jobs.unassigned'], ['timed out', 'jobs.timedOut'], ['disputed', 'jobs.disputed'],
      ['cancelled', 'jobs.cancelled'], ['wrong results', 'jobs.wrongResults'], ['missed', 'jobs.missed'],
      ['rewards paid', 'jobs.rewardsPaid', agrText], ['collateral slashed', 'jobs.collateralSlashed', agrText]],
  },
  {
    title: 'Settlement', head: ['settled', agrText, 'paid out to providers'],
    rows: [],
  },
];
const testid = (path) => `kpi-${path.replace(/\./g, '-')}`;
const kpiSpan = (path, cls = '') => `<span class="${cls}" data-kpi="${path}" data-testid="${testid(path)}" data-value="">—</span>`;

function buildKpis() {
  $('kpis').innerHTML = KPI_GROUPS.map((g, gi) => {
    const [headPath, , headLabel] = g.head;
    const head = typeof headPath === 'string'
      ? `<div>${kpiSpan(headPath, 'kpi-head')} <span class="muted small">${headLabel}</span></div>`
      : `<div><span class="kpi-head" data-derived="${gi}">—</span> <span class="muted small">${headLabel}</span></div>`;
    const rows = g.rows.map(([label, path]) => `<div class="kpi-row"><span>${label}</span>${kpiSpan(path)}</div>`).join('');
    return `<div class="kpi-group"><h3>${g.title}</h3>${head}${rows}</div>`;
  }).join('');
  $('dispute-counts').innerHTML = [['open', 'disputes.open'], ['resolved', 'disputes.resolved'], ['dismissed', 'disputes.dismissed']]
    .map(([label, path]) => `<div class="stat"><span class="label">${label}</span>${kpiSpan(path, 'value')}</div>`).join('');
}

const formatters = new Map();
for (const g of KPI_GROUPS) {
  if (typeof g.head[0] === 'string') formatters.set(g.head[0], g.head[1]);
  for (const [, path, fmt] of g.rows) formatters.set(path, fmt || num);
}

function renderKpis(s) {
  for (const el of document.querySelectorAll('[data-kpi]')) {
    const path = el.dataset.kpi;
    const v = at(s, path);
    el.dataset.value = v === undefined ? '' : String(v);
    el.textContent = v === undefined ? '—' : (formatters.get(path) || num)(v);
  }
  for (const el of document.querySelectorAll('[data-derived]')) {
    el.textContent = KPI_GROUPS[Number(el.dataset.derived)].head[0](s);
  }
  $('market-at').textContent = `at block #${num(s.bestNumber)}`;
  $('kpis').dataset.best = String(s.bestNumber);
}

function renderHealth(h) {
  const gauge = $('health-score');
  if (!h) {
    gauge.dataset.value = '';
    gauge.querySelector('.gauge-value').textContent = 'n/a';
    gauge.style.setProperty('--pct', 0);
    for (const k of ['finality', 'validators', 'challenges', 'providers']) {
      const bar = $(`health-${k}`);
      bar.style.width = '0';
      bar.dataset.value = '';
      bar.parentElement.nextElementSibling.textContent = '—';
    }
    return;
  }
  gauge.dataset.value = String(h.score);
  gauge.querySelector('.gauge-value').textContent = String(h.score);
  gauge.style.setProperty('--pct', h.score);
  const color = (v, max) => (v >= 0.9 * max ? 'var(--good)' : v >= 0.6 * max ? 'var(--warn)' : 'var(--bad)');
  gauge.style.setProperty('--gauge-color', color(h.score, 100));
  for (const k of ['finality', 'validators', 'challenges', 'providers']) {
    const bar = $(`health-${k}`);
    bar.dataset.value = String(h[k]);
    bar.style.width = `${h[k] / 10}%`;
    bar.style.background = color(h[k], 1000);
    bar.parentElement.nextElementSibling.textContent = `${(h[k] / 10).toFixed(1)}%`;
  }
}

function renderNetwork(n) {
  setText('best-block', `#${num(n.bestNumber)}`, n.bestNumber);
  setText('finalized-block', `#${num(n.finalizedNumber)}`, n.finalizedNumber);
  const lag = n.bestNumber - n.finalizedNumber;
  setText('finality-lag', `${lag} block${lag === 1 ? '' : 's'}`, lag);
  setText('validators', `${n.validatorCount} / ${n.desiredValidatorCount}`, n.validatorCount);
  setText('session', num(n.sessionIndex), n.sessionIndex);
  setText('issuance', agrText(n.totalIssuance, 0), n.totalIssuance);
}

// ---------------------------------------------------------------------------------------------
// Providers table
// ---------------------------------------------------------------------------------------------

const table = { rows: [], key: null, direction: 'ascending', region: '', truncated: false };

function renderProviders() {
  const sel = $('region-filter');
  const regions = [...new Set(table.rows.map((r) => r.provider.region))].sort();
  const current = sel.value;
  sel.innerHTML = `<option value="">all regions</option>${regions.map((r) => `<option value="${esc(r)}">${esc(r || '(none)')}</option>`).join('')}`;
  sel.value = regions.includes(current) ? current : '';
  table.region = sel.value;

  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === table.key ? table.direction : 'none');
  }
  const rows = sortRows(table.rows, table);
  $('providers-count').textContent = `${rows.length} shown of ${table.rows.length}${table.truncated ? ` (first ${MAX_PROVIDER_PAGES * PAGE_SIZE} registered)` : ''}`;
  $('providers-body').innerHTML = rows.length ? rows.map(({ provider: p, score }) => {
    const st = enumName(p.status);
    return `<tr data-account="${esc(p.account)}" data-region="${esc(p.region)}" data-price="${esc(p.prices.storagePerGib)}"
        data-score="${score === null ? '' : score}" data-free="${p.free.storageBytes}">
      <td><a class="link" data-account="${esc(p.account)}" title="${esc(p.account)}">${esc(short(p.account))}</a></td>
      <td>${esc(p.region || '—')}</td>
      <td><span class="tag ${st === 'active' && !p.suspended ? 'active' : st === 'paused' ? 'paused' : 'bad'}">${esc(p.suspended ? 'suspended' : enumText(p.status))}</span></td>
      <td class="num">${esc(ppb(score))}</td>
      <td class="num">${esc(agrText(p.prices.storagePerGib))}</td>
      <td class="num">${esc(agrText(p.prices.vcpu))}</td>
      <td class="num">${esc(bytes(p.free.storageBytes))}</td>
      <td class="num">${num(p.free.vcpus)}</td>
      <td class="num">${num(p.liveAgreements)}</td>
    </tr>`;
  }).join('') : `<tr><td colspan="9" class="muted">${table.rows.length ? 'no provider in this region' : 'no provider registered'}</td></tr>`;
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

async function refreshProviders(api, block) {
  const list = [];
  let truncated = false;
  for (let page = 0; page < MAX_PROVIDER_PAGES; page += 1) {
    const got = (await api.rpc.agora.providers(page, PAGE_SIZE)).toJSON();
    list.push(...got);
    if (got.length < PAGE_SIZE) break;
    if (page === MAX_PROVIDER_PAGES - 1) truncated = true;
  }
  const scores = await mapLimit(list, SCORE_CONCURRENCY, async (p) => {
    try {
      return (await api.rpc.agora.reputation(p.account)).toJSON().provider.score;
    } catch {
      return null;
    }
  });
  table.rows = list.map((provider, i) => ({ provider, score: scores[i] }));
  table.truncated = truncated;
  renderProviders();
  $('providers-table').dataset.block = String(block);
  $('providers-note').textContent = `at block #${num(block)}, refreshed every ${PROVIDERS_EVERY} blocks`;
}

// ---------------------------------------------------------------------------------------------
// Disputes and committee
// ---------------------------------------------------------------------------------------------

async function refreshGovernance(api, block) {
  const c = (await api.rpc.agora.committee()).toJSON();
  const seat = (s) => `<li data-account="${esc(s.account)}"><a class="link" data-account="${esc(s.account)}" title="${esc(s.account)}">${esc(short(s.account))}</a><span>${esc(agrText(s.stake, 2))}</span></li>`;
  $('committee').innerHTML = `
    <div class="stats">
      <div class="stat"><span class="label">Members</span><span class="value" data-testid="committee-members" data-value="${c.members.length}">${c.members.length}</span></div>
      <div class="stat"><span class="label">Runners-up</span><span class="value">${c.runnersUp.length}</span></div>
      <div class="stat"><span class="label">Candidates</span><span class="value" data-testid="committee-candidates" data-value="${c.candidates.length}">${c.candidates.length}</span></div>
      <div class="stat"><span class="label">Term ends</span><span class="value small">#${num(c.termEnds)} <span class="muted">(in ${num(Math.max(0, c.termEnds - block))})</span></span></div>
      <div class="stat"><span class="label">Elections</span><span class="value small">${num(c.electionRounds)}</span></div>
    </div>
    <h3 class="small muted">Members (backing stake)</h3>
    ${c.members.length ? `<ul class="plain" data-testid="committee-list">${c.members.map(seat).join('')}</ul>` : '<p class="muted" data-testid="committee-list">no member elected yet</p>'}
    ${c.runnersUp.length ? `<h3 class="small muted">Runners-up</h3><ul class="plain">${c.runnersUp.map(seat).join('')}</ul>` : ''}`;
  $('committee').dataset.block = String(block);

  const nextId = api.query.disputes?.nextDisputeId ? (await api.query.disputes.nextDisputeId()).toNumber() : 0;
  const ids = [];
  for (let id = nextId - 1; id >= 0 && ids.length < RECENT_DISPUTES; id -= 1) ids.push(id);
  const disputes = (await Promise.all(ids.map((id) => api.rpc.agora.dispute(id)))).map((d) => d.toJSON()).filter(Boolean);
  $('disputes-list').innerHTML = disputes.length
    ? `<h3 class="small muted">Recent disputes</h3><ul class="plain" data-testid="disputes-recent">${disputes.map((d) => `<li data-id="${d.id}">
        <span>#${d.id} · ${esc(subjectText(d.subject))}</span>
        <span><span class="tag ${enumName(d.status) === 'open' ? 'warn' : 'good'}">${esc(enumText(d.status))}</span>
        ${enumName(d.status) === 'open' ? `<span class="muted small">votes ${d.votes.length}/${d.panel.length}, until #${num(d.votingEnds)}</span>` : ''}</span></li>`).join('')}</ul>`
    : '<p class="muted" data-testid="disputes-recent">no dispute on record</p>';
}

// ---------------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------------

/** Runs `fn` unless the previous run is still going (one at a time, never queued twice). */
function single(fn) {
  let running = false;
  return async (...args) => {
    if (running) return;
    running = true;
    try {
      await fn(...args);
    } catch (e) {
      console.error(e);
    } finally {
      running = false;
    }
  };
}

async function start() {
  buildKpis();
  renderHealth(null);
  const charts = createCharts(document);
  status('connecting…', '');
  let api;
  for (;;) {
    try {
      api = await connect(endpoint, { noInitWarn: true });
      break;
    } catch (e) {
      $('conn-error').textContent = `Cannot reach ${endpoint} (${e.message || e}); retrying every 5 s.`;
      $('conn-error').classList.remove('hidden');
      status('unreachable', 'bad');
      await new Promise((r) => { setTimeout(r, 5000); });
    }
  }
  $('conn-error').classList.add('hidden');
  status('connected', 'ok');
  api.on('disconnected', () => status('reconnecting…', 'bad'));
  api.on('connected', () => status('connected', 'ok'));

  const served = (await api.rpc.rpc.methods()).methods.map(String);
  let market = served.includes('agora_marketStats') && typeof api.rpc.agora.marketStats === 'function';
  const marketOff = (why) => {
    market = false;
    $('market-unavailable').classList.remove('hidden');
    $('kpis').classList.add('hidden');
    $('dispute-counts').classList.add('hidden');
    $('health-unavailable').classList.remove('hidden');
    $('charts-unavailable').classList.remove('hidden');
    document.querySelector('#charts .charts').classList.add('hidden');
    document.body.dataset.market = 'unavailable';
    if (why) console.warn(`agora_marketStats: ${why}`);
    charts.setEmpty('market statistics unavailable on this node');
    renderHealth(null);
  };
  if (market) document.body.dataset.market = 'available';
  else marketOff('not served by this node');

  const providers = single((block) => refreshProviders(api, block));
  const governance = single((block) => refreshGovernance(api, block));
  let lastProviders = -Infinity;
  let lastGovernance = -Infinity;

  const onBlock = async (header) => {
    const block = header.number.toNumber();
    if (block - lastProviders >= PROVIDERS_EVERY || block < lastProviders) {
      lastProviders = block;
      providers(block);
    }
    if (block - lastGovernance >= COMMITTEE_EVERY || block < lastGovernance) {
      lastGovernance = block;
      governance(block);
    }
    const [net, stats] = await Promise.all([
      api.rpc.agora.networkStats().then((x) => x.toJSON()),
      market ? api.rpc.agora.marketStats().then((x) => x.toJSON(), (e) => { marketOff(e.message); return null; }) : null,
    ]);
    renderNetwork(net);
    if (stats) {
      renderKpis(stats);
      renderHealth(stats.health);
      charts.push(stats.bestNumber, stats);
    }
    document.body.dataset.block = String(block);
  };

  // Coalesce: while one block is being rendered, only the newest head waits.
  let pending = null;
  let busy = false;
  const drain = async () => {
    busy = true;
    while (pending) {
      const h = pending;
      pending = null;
      try {
        await onBlock(h);
      } catch (e) {
        console.error(e);
      }
    }
    busy = false;
  };
  await api.rpc.chain.subscribeNewHeads((h) => {
    pending = h;
    if (!busy) drain();
  });

  // Interactions.
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.addEventListener('click', () => {
      const key = th.dataset.sort;
      if (table.key === key) table.direction = table.direction === 'ascending' ? 'descending' : 'ascending';
      else {
        table.key = key;
        table.direction = FIRST_DIRECTION[key];
      }
      renderProviders();
    });
  }
  $('region-filter').addEventListener('change', (e) => {
    table.region = e.target.value;
    renderProviders();
  });
  const result = $('lookup-result');
  const doLookup = (q) => {
    $('lookup-input').value = q;
    return lookup(api, q, result);
  };
  $('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    doLookup($('lookup-input').value);
  });
  document.body.addEventListener('click', (e) => {
    const a = e.target.closest('[data-account].link, [data-lookup]');
    if (!a) return;
    e.preventDefault();
    doLookup(a.dataset.lookup ?? a.dataset.account);
    if (!result.closest('#lookup').contains(a)) document.getElementById('lookup').scrollIntoView({ behavior: 'smooth' });
  });
  document.body.dataset.ready = 'true';
}

start();
