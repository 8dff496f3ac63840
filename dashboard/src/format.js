// Pure helpers: formatting and the providers table's order. No DOM, no chain (unit-testable).
import { formatAgr } from '@agora/api';

export const GIB = 2 ** 30;

/** HTML-escape a value for interpolation into markup. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

/** A count with thousands separators (`1,234`); '—' for null/undefined. */
export function num(v) {
  if (v === null || v === undefined) return '—';
  return Number(v).toLocaleString('en-US');
}

/** Bytes in the largest binary unit that keeps at least 1 (`1.5 GiB`). */
export function bytes(v) {
  if (v === null || v === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = Number(v);
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i += 1;
  }
  return `${i === 0 ? x : x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)} ${units[i]}`;
}

/**
 * Plancks (decimal string) as AGR, with thousands separators: at most `decimals` decimals, but
 * an amount below 1 AGR keeps 3 significant digits (`0.00000977 AGR`) so it never reads 0.
 */
export function agrText(plancks, decimals = 4) {
  if (plancks === null || plancks === undefined) return '—';
  const full = formatAgr(plancks, { symbol: false });
  const [whole, frac = ''] = full.split('.');
  let keep = decimals;
  if (whole === '0' && frac) {
    const lead = frac.length - frac.replace(/^0+/, '').length;
    keep = Math.max(decimals, lead + 3);
  }
  const f = frac.slice(0, keep).replace(/0+$/, '');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f}` : ''} AGR`;
}

/** Parts per billion as a percentage (`87.5 %`). */
export function ppb(v) {
  if (v === null || v === undefined) return '—';
  return `${(Number(v) / 1e7).toFixed(1)} %`;
}

/** An account shortened for tables: `5GrwvaEF…oHGKutQY`. */
export function short(account) {
  const s = String(account ?? '');
  return s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-6)}` : s;
}

/**
 * An externally tagged enum as text: `"active"` stays, `{ cancelled: "expired" }` becomes
 * `cancelled (expired)`, `{ unbonding: { until: 9 } }` becomes `unbonding (until 9)`.
 */
export function enumText(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'object') return String(v);
  const [k, inner] = Object.entries(v)[0] || ['?', null];
  if (inner === null || inner === undefined) return k;
  if (typeof inner !== 'object') return `${k} (${inner})`;
  const parts = Object.entries(inner).map(([ik, iv]) => (typeof iv === 'object' ? `${ik}: ${enumText(iv)}` : `${ik} ${iv}`));
  return `${k} (${parts.join(', ')})`;
}

/** What a dispute is about: `{ agreement: 7 }` → `agreement #7`. */
export function subjectText(subject) {
  const [kind, id] = Object.entries(subject || {})[0] || ['?', '?'];
  return `${kind} #${id}`;
}

/** The name of an enum value (`{ unbonding: ... }` → `unbonding`). */
export function enumName(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? Object.keys(v)[0] : String(v);
}

/** `part / whole` as a percentage with one decimal, or '—' when whole is 0. */
export function share(part, whole) {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}

/** A value at a dotted path (`challenges.recentPassed`) of an object. */
export function at(obj, path) {
  return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

/** The sort keys of a provider row (`row` = { provider: ProviderView, score: Perbill | null }). */
export const SORT_KEYS = {
  score: (r) => (r.score === null ? -1 : r.score),
  price: (r) => BigInt(r.provider.prices.storagePerGib),
  free: (r) => r.provider.free.storageBytes,
  region: (r) => r.provider.region,
};

/** The first click on a header sorts in this direction. */
export const FIRST_DIRECTION = {
  score: 'descending', price: 'ascending', free: 'descending', region: 'ascending',
};

/** Rows filtered by region ('' = all) and sorted by `key` in `direction` (stable; ties by account). */
export function sortRows(rows, { key = null, direction = 'ascending', region = '' } = {}) {
  const out = rows.filter((r) => !region || r.provider.region === region);
  if (!key) return out.sort((a, b) => a.provider.account.localeCompare(b.provider.account));
  const get = SORT_KEYS[key];
  const sign = direction === 'descending' ? -1 : 1;
  return out.sort((a, b) => {
    const x = get(a);
    const y = get(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c * sign || a.provider.account.localeCompare(b.provider.account);
  });
}

/** Keep at most `max` points: push `[label, ...values]` onto a chart's data, dropping the oldest. */
export function pushBounded(labels, series, label, values, max) {
  labels.push(label);
  series.forEach((s, i) => s.push(values[i]));
  while (labels.length > max) {
    labels.shift();
    series.forEach((s) => s.shift());
  }
}
