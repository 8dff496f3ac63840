import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agr, formatAgr, PLANCKS_PER_AGR } from '../src/index.js';

test('agr turns AGR amounts into plancks', () => {
  assert.equal(agr('1.5'), 1_500_000_000_000n);
  assert.equal(agr('0.000000000001'), 1n);
  assert.equal(agr('1_000'), 1000n * PLANCKS_PER_AGR);
  assert.equal(agr('2.'), 2n * PLANCKS_PER_AGR);
  assert.equal(agr(' 7 '), 7n * PLANCKS_PER_AGR);
  assert.equal(agr(3), 3n * PLANCKS_PER_AGR);
  assert.equal(agr(4n), 4n * PLANCKS_PER_AGR);
  assert.equal(agr('0'), 0n);
});

test('agr refuses what is not an amount', () => {
  assert.throws(() => agr('1.0000000000001'), /more than 12 decimals/);
  assert.throws(() => agr('-1'), /not a non-negative decimal/);
  assert.throws(() => agr(-1n), /negative/);
  assert.throws(() => agr('1e3'), /not a non-negative decimal/);
  assert.throws(() => agr(''), /not a non-negative decimal/);
  assert.throws(() => agr('.5'), /not a non-negative decimal/);
  assert.throws(() => agr(1.5), /as a string/);
  assert.throws(() => agr(null), /expected a string/);
});

test('formatAgr writes plancks as AGR', () => {
  assert.equal(formatAgr(1_500_000_000_000n), '1.5 AGR');
  assert.equal(formatAgr('1500000000000'), '1.5 AGR');
  assert.equal(formatAgr(1n), '0.000000000001 AGR');
  assert.equal(formatAgr(0n), '0 AGR');
  assert.equal(formatAgr(-2_250_000_000_000n), '-2.25 AGR');
  assert.equal(formatAgr(1_999_999_999_999n, { decimals: 2 }), '1.99 AGR');
  assert.equal(formatAgr(10n ** 30n, { symbol: false }), '1000000000000000000');
  for (const [s, want] of [['0', '0'], ['1', '1'], ['0.10', '0.1'], ['123.456789012345', '123.456789012345'], ['1000000', '1000000']]) {
    assert.equal(formatAgr(agr(s), { symbol: false }), want);
  }
});
