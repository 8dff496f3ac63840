// Helpers to submit extrinsics and wait for their inclusion, as a polkadot.js user would.

/**
 * Sign and send `tx` with `signer`; resolve once it is in a block with
 * { blockHash, events, dispatchError, fee }. Rejects on an invalid transaction or timeout.
 */
export function sendAndWait(api, tx, signer, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    const timer = setTimeout(() => {
      if (unsub) unsub();
      reject(new Error(`transaction not included within ${timeoutMs} ms`));
    }, timeoutMs);
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        if (unsub) unsub();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (status.isInBlock) {
        clearTimeout(timer);
        if (unsub) unsub();
        const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
        const fee = feeEvent
          ? feeEvent.event.data[1].toBigInt() + feeEvent.event.data[2].toBigInt()
          : null;
        resolve({ blockHash: status.asInBlock, events, dispatchError, fee });
      }
    }).then((u) => { unsub = u; }, (e) => { clearTimeout(timer); reject(e); });
  });
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

/** Wait until `predicate()` is true, polling every `everyMs`. */
export async function waitFor(predicate, { timeoutMs = 60_000, everyMs = 500, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Free + held balance of `who` at block `at` (or best). */
export async function totalBalance(api, who, at) {
  const q = at ? await api.at(at) : api;
  const { data } = await q.query.system.account(who);
  return data.free.toBigInt() + data.reserved.toBigInt();
}

/** The first event of `section.method` among `events`, or undefined. */
export function findEvent(api, events, section, method) {
  const found = events.find(({ event }) => api.events[section][method].is(event));
  return found ? found.event : undefined;
}

/** Wait until the best block number is at least `n`. */
export async function waitForBlock(api, n, { timeoutMs = 180_000 } = {}) {
  await waitFor(async () => (await api.rpc.chain.getHeader()).number.toNumber() >= n, {
    timeoutMs, everyMs: 1000, what: `block #${n}`,
  });
}
