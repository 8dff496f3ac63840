// Unit tests of the dashboard's pure helpers (no browser, no node): `npm test` in dashboard/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agrText, at, bytes, enumText, pushBounded, sortRows,
} from '../src/format.js';

const row = (account, region, price, score, free) => ({
  provider: { account, region, prices: { storagePerGib: price }, free: { storageBytes: free } }, score,
});
const rows = [
  row('A', 'eu', '30', 500, 10), row('B', 'us', '10', 900, 30), row('C', 'eu', '20', null, 20),
];

test('providers sort by price (as big integers), score, free capacity and region, and filter by region', () => {
  const ids = (o) => sortRows(rows, o).map((r) => r.provider.account);
  assert.deepEqual(ids({ key: 'price', direction: 'ascending' }), ['B', 'C', 'A']);
  assert.deepEqual(ids({ key: 'price', direction: 'descending' }), ['A', 'C', 'B']);
  assert.deepEqual(ids({ key: 'score', direction: 'descending' }), ['B', 'A', 'C'], 'no score sorts last');
  assert.deepEqual(ids({ key: 'free', direction: 'descending' }), ['B', 'C', 'A']);
  assert.deepEqual(ids({ key: 'region', direction: 'ascending' }), ['A', 'C', 'B'], 'ties by account');
  assert.deepEqual(ids({ key: 'price', direction: 'ascending', region: 'eu' }), ['C', 'A']);
  assert.deepEqual(ids({}), ['A', 'B', 'C']);
  // Prices beyond 2^53 still compare exactly.
  const big = [row('X', 'eu', '90071992547409930', 0, 0), row('Y', 'eu', '90071992547409921', 0, 0)];
  assert.deepEqual(sortRows(big, { key: 'price' }).map((r) => r.provider.account), ['Y', 'X']);
});

test('chart series keep at most max points, dropping the oldest', () => {
  const labels = [];
  const series = [[], []];
  for (let i = 0; i < 130; i += 1) pushBounded(labels, series, `#${i}`, [i, 2 * i], 120);
  assert.equal(labels.length, 120);
  assert.equal(labels[0], '#10');
  assert.deepEqual([series[0][0], series[1][119]], [10, 258]);
});

test('formatting', () => {
  assert.equal(agrText('11999999000000000000', 0), '11,999,999 AGR');
  assert.equal(agrText('9765625'), '0.00000976 AGR', 'small amounts keep 3 significant digits');
  assert.equal(agrText('1500000000000'), '1.5 AGR');
  assert.equal(agrText('0'), '0 AGR');
  assert.equal(bytes(2 ** 30), '1.00 GiB');
  assert.equal(bytes(1536), '1.50 KiB');
  assert.equal(enumText({ cancelled: 'expired' }), 'cancelled (expired)');
  assert.equal(enumText({ unbonding: { until: 9 } }), 'unbonding (until 9)');
  assert.equal(enumText('active'), 'active');
  assert.equal(at({ a: { b: { c: 3 } } }, 'a.b.c'), 3);
  assert.equal(at({ a: null }, 'a.b'), undefined);
});
