// AGR amounts: the chain counts in plancks, 10^12 of them to one AGR
// (agora_primitives::TOKEN_DECIMALS; the chain spec's `tokenDecimals`).

export const DECIMALS = 12;
export const SYMBOL = 'AGR';
export const PLANCKS_PER_AGR = 10n ** BigInt(DECIMALS);

/**
 * Plancks of an AGR amount: `agr('1.5')` is 1_500_000_000_000n. Takes a decimal string, a bigint
 * (whole AGR) or a safe integer number (whole AGR). Throws on anything else, on a negative
 * amount, and on more than 12 decimals (which would be a fraction of a planck).
 */
export function agr(amount) {
  if (typeof amount === 'bigint') {
    if (amount < 0n) throw new RangeError(`agr: negative amount ${amount}`);
    return amount * PLANCKS_PER_AGR;
  }
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) {
      throw new TypeError(`agr: give fractional amounts as a string ('1.5'), not the number ${amount}`);
    }
    return agr(BigInt(amount));
  }
  if (typeof amount !== 'string') throw new TypeError(`agr: expected a string, bigint or number, got ${typeof amount}`);
  const m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(amount.replace(/_/g, ''));
  if (!m) throw new TypeError(`agr: not a non-negative decimal amount: '${amount}'`);
  const [, whole, frac = ''] = m;
  if (frac.length > DECIMALS) {
    throw new RangeError(`agr: '${amount}' has more than ${DECIMALS} decimals (less than one planck)`);
  }
  return BigInt(whole) * PLANCKS_PER_AGR + BigInt(frac.padEnd(DECIMALS, '0') || '0');
}

/**
 * An amount of plancks (bigint, decimal string as the `agora_*` methods answer, or a polkadot.js
 * number) as AGR: `formatAgr(1_500_000_000_000n)` is '1.5 AGR'. Trailing zeros are dropped;
 * `{ decimals: n }` rounds down to n decimals, `{ symbol: false }` leaves out ' AGR'.
 */
export function formatAgr(plancks, { decimals = DECIMALS, symbol = true } = {}) {
  let v = typeof plancks === 'bigint' ? plancks : BigInt(plancks.toString());
  const negative = v < 0n;
  if (negative) v = -v;
  const whole = v / PLANCKS_PER_AGR;
  let frac = (v % PLANCKS_PER_AGR).toString().padStart(DECIMALS, '0').slice(0, Math.max(0, decimals));
  frac = frac.replace(/0+$/, '');
  const text = `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
  return symbol ? `${text} ${SYMBOL}` : text;
}
