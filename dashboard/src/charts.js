// The three charts over time, kept in the page since it opened: one point per block whose
// market statistics were read, at most MAX_POINTS points each (the oldest are dropped), so
// memory stays bounded however long the page stays open.
import {
  CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { GIB, pushBounded } from './format.js';

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip, Filler);

export const MAX_POINTS = 120;

Chart.defaults.color = '#8b98a8';
Chart.defaults.borderColor = '#263140';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.animation = false;

const line = (label, color, extra = {}) => ({
  label, data: [], borderColor: color, backgroundColor: `${color}33`, pointRadius: 0, borderWidth: 2, tension: 0.2, ...extra,
});

function make(canvas, datasets, { y = {}, y1 = null } = {}) {
  const scales = {
    x: { ticks: { maxTicksLimit: 6, maxRotation: 0 }, grid: { display: false } },
    y: { beginAtZero: true, ticks: { maxTicksLimit: 5 }, ...y },
  };
  if (y1) scales.y1 = { position: 'right', beginAtZero: true, grid: { display: false }, ticks: { maxTicksLimit: 5 }, ...y1 };
  return new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { boxWidth: 10, boxHeight: 10 } } },
      scales,
    },
  });
}

/** Create the charts on their canvases; returns { push(blockNumber, stats), setEmpty(text) }. */
export function createCharts(root) {
  const canvases = {
    challenges: root.querySelector('[data-testid=chart-challenges]'),
    agreements: root.querySelector('[data-testid=chart-agreements]'),
    capacity: root.querySelector('[data-testid=chart-capacity]'),
  };
  const pct = { min: 0, max: 100, ticks: { callback: (v) => `${v} %`, maxTicksLimit: 5 } };
  const charts = {
    challenges: make(canvases.challenges, [
      line('recent window', '#3fb950', { fill: true }),
      line('since genesis', '#4cc2ff'),
    ], { y: pct }),
    agreements: make(canvases.agreements, [
      line('active', '#3fb950'),
      line('requested', '#4cc2ff'),
      line('countered', '#a371f7'),
      line('disputed', '#f85149'),
    ], { y: { ticks: { precision: 0, maxTicksLimit: 5 } } }),
    capacity: make(canvases.capacity, [
      line('storage declared (GiB)', '#4cc2ff'),
      line('storage booked (GiB)', '#4cc2ff', { borderDash: [5, 4], fill: true }),
      line('vCPU declared', '#d29922', { yAxisID: 'y1' }),
      line('vCPU booked', '#d29922', { yAxisID: 'y1', borderDash: [5, 4] }),
    ], { y: { title: { display: true, text: 'GiB' } }, y1: { title: { display: true, text: 'vCPU' }, ticks: { precision: 0, maxTicksLimit: 5 } } }),
  };
  let lastBlock = null;

  const setEmpty = (text) => {
    for (const c of Object.values(canvases)) {
      const empty = c.parentElement.querySelector('.chart-empty');
      empty.textContent = text || '';
      empty.classList.toggle('hidden', !text);
      c.parentElement.classList.toggle('empty', Boolean(text));
    }
  };

  /** One point per block (a block seen twice, e.g. on a re-org, is not added again). */
  const push = (blockNumber, s) => {
    if (blockNumber === lastBlock) return;
    lastBlock = blockNumber;
    const label = `#${blockNumber}`;
    const rate = (p, m) => (p + m > 0 ? (100 * p) / (p + m) : null);
    const c = s.challenges;
    const a = s.agreements;
    const d = s.capacity.declared;
    const b = s.capacity.booked;
    const values = {
      challenges: [rate(c.recentPassed, c.recentMissed), rate(c.passed, c.missed)],
      agreements: [a.active, a.requested, a.countered, a.disputed],
      capacity: [d.storageBytes / GIB, b.storageBytes / GIB, d.vcpus, b.vcpus],
    };
    for (const [name, chart] of Object.entries(charts)) {
      pushBounded(chart.data.labels, chart.data.datasets.map((ds) => ds.data), label, values[name], MAX_POINTS);
      chart.update('none');
      canvases[name].dataset.points = String(chart.data.labels.length);
    }
    setEmpty('');
  };

  return { push, setEmpty, charts };
}
