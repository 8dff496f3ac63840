// Helpers to submit extrinsics and wait for their inclusion, as a polkadot.js user would.
//
// Every wait is counted in blocks of the chain under test, never in wall-clock time tuned to a
// block time: a condition is checked on each new best block and given up after a number of
// blocks. A stall guard (no new block for 20 slots, at least 30 s) turns a stopped chain into a
// failure instead of a hang.

import assert from 'node:assert/strict';

/** Milliseconds per block of the chain `api` is connected to (BABE's expected block time). */
export function blockTimeMs(api) {
  return api.consts.babe.expectedBlockTime.toNumber();
}

/** How long without any new block counts as a stalled chain. */
function stallMs(api) {
  return Math.max(30_000, 20 * blockTimeMs(api));
}

/**
 * Call `onBlock(header)` on every new best block until it returns true (or throws); resolves
 * with nothing then. Fails after `blocks` new blocks, or when the chain stalls.
 */
function everyBlock(api, onBlock, { blocks, what }) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    let done = false;
    let seenBlocks = 0;
    let stall = null;
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(stall);
      if (unsub) unsub();
      if (err) reject(err); else resolve();
    };
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => finish(new Error(`no new block for ${stallMs(api)} ms while waiting for ${what}`)),
        stallMs(api),
      );
      // A pending guard never keeps the test process alive on its own.
      stall.unref();
    };
    armStall();
    api.rpc.chain.subscribeNewHeads((header) => {
      if (done) return;
      armStall();
      seenBlocks += 1;
      Promise.resolve(onBlock(header)).then((satisfied) => {
        if (satisfied) finish();
        else if (seenBlocks > blocks) finish(new Error(`${what}: not within ${blocks} blocks`));
      }, finish);
    }).then((u) => { if (done) u(); else unsub = u; }, finish);
  });
}

/**
 * Sign and send `tx` with `signer`; resolve once it is in a block with
 * { blockHash, events, dispatchError, fee }. Rejects on an invalid transaction, or when it is
 * not included within `blocks` blocks.
 */
export function sendAndWait(api, tx, signer, { blocks = 20 } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    let settled = false;
    const finish = (err, value) => {
      if (settled) return;
      settled = true;
      if (unsub) unsub();
      if (err) reject(err); else resolve(value);
    };
    // Gives up after `blocks` blocks without inclusion (the watch resolves only by failing).
    everyBlock(api, () => settled, { blocks, what: 'transaction inclusion' })
      .catch((e) => finish(e));
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(new Error(`transaction ${status.type}`));
        return;
      }
      if (status.isInBlock) {
        const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
        const fee = feeEvent
          ? feeEvent.event.data[1].toBigInt() + feeEvent.event.data[2].toBigInt()
          : null;
        finish(null, { blockHash: status.asInBlock, events, dispatchError, fee });
      }
    }).then((u) => { if (settled) u(); else unsub = u; }, (e) => finish(e));
  });
}

/**
 * `sendAndWait`, then fail the test unless the call dispatched without error (the error's
 * `module.Name` in the message). Resolves with what `sendAndWait` does.
 */
export async function sendOk(api, tx, signer, options) {
  const res = await sendAndWait(api, tx, signer, options);
  assert.equal(res.dispatchError, undefined, `dispatch error ${errorName(api, res.dispatchError)}`);
  return res;
}

/** `module.Name` of a dispatch error, or `Kind.Variant` for non-module errors. */
export function errorName(api, dispatchError) {
  if (!dispatchError) return null;
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  if (dispatchError.isToken) return `Token.${dispatchError.asToken.type}`;
  if (dispatchError.isArithmetic) return `Arithmetic.${dispatchError.asArithmetic.type}`;
  return dispatchError.type;
}

/** Free balance of `who` at block `at` (or best). */
export async function freeBalance(api, who, at) {
  const q = at ? await api.at(at) : api;
  const { data } = await q.query.system.account(who);
  return data.free.toBigInt();
}

/** Free + held (reserved) balance of `who` at block `at` (or best): what sits on its account. */
export async function totalBalance(api, who, at) {
  const q = at ? await api.at(at) : api;
  const { data } = await q.query.system.account(who);
  return data.free.toBigInt() + data.reserved.toBigInt();
}

/**
 * What `who` owns at block `at` (or best): free + reserved, plus its share of the pallets' pots
 * (escrow and security deposits of its agreements as consumer, collateral as provider, the
 * bonds of the open disputes it opened, the unpaid reward of its jobs as consumer and the
 * collateral of its job slots as worker). Value that backs a promise lives in the pots, not on the
 * account, so this is the balance that only moves when value really changes hands.
 */
export async function ownedBalance(api, who, at) {
  const q = at ? await api.at(at) : api;
  const { data } = await q.query.system.account(who);
  let owned = data.free.toBigInt() + data.reserved.toBigInt();
  const me = api.createType('AccountId', who).toString();
  for (const [, maybe] of await q.query.agreements.agreements.entries()) {
    if (maybe.isNone) continue;
    const a = maybe.unwrap();
    if (a.consumer.toString() === me) owned += a.escrow.toBigInt() + a.securityDeposit.toBigInt();
    if (a.provider.toString() === me) owned += a.providerCollateral.toBigInt();
  }
  for (const [, maybe] of await q.query.disputes.disputes.entries()) {
    if (maybe.isNone) continue;
    const d = maybe.unwrap();
    if (d.opener.toString() === me && d.status.isOpen) owned += d.bond.toBigInt();
  }
  for (const [, maybe] of await q.query.jobs.jobs.entries()) {
    if (maybe.isNone) continue;
    const j = maybe.unwrap();
    if (j.consumer.toString() === me) owned += j.escrow.toBigInt();
    for (const slot of j.slots) {
      if (slot.worker.toString() === me) owned += slot.collateral.toBigInt();
    }
  }
  return owned;
}

/** The first event of `section.method` among `events`, or undefined. */
export function findEvent(api, events, section, method) {
  const found = events.find(({ event }) => api.events[section][method].is(event));
  return found ? found.event : undefined;
}

/**
 * Wait until `predicate()` is true: checked now and again on every new best block. Fails after
 * `blocks` new blocks without it (or when the chain stalls).
 */
export async function waitFor(api, predicate, { blocks = 30, what = 'condition' } = {}) {
  if (await predicate()) return;
  await everyBlock(api, () => predicate(), { blocks, what });
}

/** Wait until the best block number is at least `n` (at most `n - best + slack` blocks). */
export async function waitForBlock(api, n, { slack = 10 } = {}) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  if (best >= n) return;
  await everyBlock(api, (header) => header.number.toNumber() >= n, {
    blocks: n - best + slack, what: `block #${n}`,
  });
}

/**
 * Record every new best block as { number, hash, events } (and `extrinsics` with
 * `{ extrinsics: true }`), in block order. Returns { blocks, stop }: `stop()` unsubscribes, and
 * a block that was still being read when the node went away is dropped quietly.
 */
export async function recordBlocks(api, { extrinsics = false } = {}) {
  const blocks = [];
  let stopping = false;
  let queue = Promise.resolve();
  const read = async (header) => {
    const at = await api.at(header.hash);
    const events = await at.query.system.events();
    const entry = { number: header.number.toNumber(), hash: header.hash, events };
    if (extrinsics) entry.extrinsics = (await api.rpc.chain.getBlock(header.hash)).block.extrinsics;
    blocks.push(entry);
  };
  const unsub = await api.rpc.chain.subscribeNewHeads((header) => {
    // One block at a time, so `blocks` stays in chain order.
    queue = queue.then(() => read(header)).catch((e) => {
      if (!stopping) console.error(`recording block #${header.number}: ${e.message}`);
    });
  });
  return {
    blocks,
    stop: () => {
      stopping = true;
      unsub();
    },
  };
}
