// Marketplace scenarios against a real `agora-node --dev`: a provider registers, consumers find
// it through agora_findProviders, get quotes, request, and pay in escrowed installments.
//
// Dev tunables (runtime genesis preset `development`): periods of 4 blocks, 2 blocks of grace,
// provider bond 10 AGR + 1 AGR per TiB, provider collateral 100 % of an installment, record
// deposit 0.01 AGR.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.js';
import {
  errorName, findEvent, ownedBalance, sendAndWait, sendOk, waitForBlock,
} from '../lib/tx.js';

const AGR = 10n ** 12n;
const GIB = 2 ** 30;
const PERIOD = 4;

const capacity = { storageBytes: 100 * GIB, vcpus: 4, memoryMib: 8192, gpus: 0 };
const prices = {
  storagePerGib: (AGR / 100n).toString(), // 0.01 AGR per GiB per period
  vcpu: (AGR / 10n).toString(), // 0.1 AGR per vCPU per period
  memoryPerGib: (AGR / 20n).toString(),
  gpu: '0',
};
// 10 GiB + 1 vCPU: 0.1 + 0.1 = 0.2 AGR per period.
const wanted = { storageBytes: 10 * GIB, vcpus: 1, memoryMib: 0, gpus: 0 };
const WANTED_PRICE = AGR / 5n;

describe('agora-node --dev: marketplace', () => {
  let node;
  let api;
  let rpc;
  let provider; // Charlie
  let alice;

  /** Raw JSON-RPC, exactly as any client would call it. */
  const call = (method, params) => node.provider.send(method, params);

  /** Submit and assert success; returns the inclusion result. */
  const ok = (tx, signer) => sendOk(api, tx, signer);

  /** Submit and assert it fails with `expected` (e.g. 'agreements.NotProvider'). */
  async function fails(tx, signer, expected) {
    const res = await sendAndWait(api, tx, signer);
    assert.equal(errorName(api, res.dispatchError), expected);
    assert.ok(findEvent(api, res.events, 'system', 'ExtrinsicFailed'), 'ExtrinsicFailed');
    return res;
  }

  async function requestFrom(consumer, resources, duration, plan, maxPrice) {
    const res = await ok(
      api.tx.agreements.request(provider.address, resources, duration, plan, maxPrice), consumer,
    );
    const ev = findEvent(api, res.events, 'agreements', 'Requested');
    assert.ok(ev, 'Requested event');
    return { id: ev.data.id.toNumber(), res };
  }

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    rpc = api.rpc.agora;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    provider = keyring.addFromUri('//Charlie');
    alice = keyring.addFromUri('//Alice');

    const res = await ok(
      api.tx.providers.register(
        capacity, prices, 'http://127.0.0.1:30333',
        { region: 'eu-west', extra: [{ key: 'tier', value: 'ssd' }] },
      ),
      provider,
    );
    const ev = findEvent(api, res.events, 'providers', 'Registered');
    assert.ok(ev, 'Registered event');
    // 10 AGR + 100 GiB at 1 AGR per TiB = 10 + 100/1024 AGR.
    assert.equal(ev.data.bond.toBigInt(), 10n * AGR + (100n * AGR) / 1024n);
  });

  after(async () => {
    if (node) await node.stop();
  });

  test('a provider is found, quoted, countered, paid in installments and settled', async () => {
    const consumer = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');

    // Find it: enough free capacity, at most 0.5 AGR per period.
    const found = await call('agora_findProviders', [{
      resources: wanted, maxPricePerPeriod: (AGR / 2n).toString(),
    }]);
    assert.ok(found.length >= 1, 'at least one provider found');
    assert.equal(found[0].provider.account, provider.address);
    assert.equal(found[0].pricePerPeriod, WANTED_PRICE.toString());
    assert.equal(found[0].provider.region, 'eu-west');
    assert.deepEqual(found[0].provider.attributes, [{ key: 'tier', value: 'ssd' }]);
    // Too cheap a bound finds nothing.
    const none = await call('agora_findProviders', [{
      resources: wanted, maxPricePerPeriod: (WANTED_PRICE - 1n).toString(),
    }]);
    assert.equal(none.length, 0);

    // Quote: exactly what the request locks.
    const plan = { installmentPeriods: 1 };
    const quote = await call('agora_quote', [provider.address, wanted, 2, plan]);
    assert.equal(quote.terms.pricePerPeriod, WANTED_PRICE.toString());
    assert.equal(quote.totalPrice, (2n * WANTED_PRICE).toString());
    assert.equal(quote.installments, 2);
    assert.equal(quote.securityDeposit, WANTED_PRICE.toString());
    assert.equal(quote.periodLength, PERIOD);

    const consumerStart = await ownedBalance(api, consumer.address);
    let consumerFees = 0n;
    const { id, res: reqRes } = await requestFrom(consumer, wanted, 2, plan, BigInt(quote.totalPrice));
    consumerFees += reqRes.fee;
    let agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'requested');
    assert.equal(agreement.terms.pricePerPeriod, quote.terms.pricePerPeriod);
    assert.equal(agreement.securityDeposit, quote.securityDeposit);
    assert.equal(agreement.consumer, consumer.address);

    // The provider counters: 0.15 AGR per period, both periods in one installment.
    const counterTerms = { pricePerPeriod: (3n * AGR / 20n).toString(), plan: { installmentPeriods: 2 } };
    const counterRes = await ok(api.tx.agreements.counter(id, counterTerms), provider);
    assert.ok(findEvent(api, counterRes.events, 'agreements', 'Countered'));
    agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'countered');
    assert.equal(agreement.counter.pricePerPeriod, counterTerms.pricePerPeriod);

    // The consumer accepts the counter: active, capacity reserved.
    const acc = await ok(api.tx.agreements.acceptCounter(id), consumer);
    consumerFees += acc.fee;
    const activated = findEvent(api, acc.events, 'agreements', 'Activated');
    assert.ok(activated, 'Activated event');
    const endsAt = activated.data.endsAt.toNumber();
    assert.equal(endsAt, activated.data.activatedAt.toNumber() + 2 * PERIOD);
    let view = await rpc.provider(provider.address);
    assert.equal(view.toJSON().used.vcpus, 1);
    assert.equal(view.toJSON().liveAgreements, 1);

    // Prepay the single installment: 0.3 AGR into escrow.
    const installment = 3n * AGR / 10n;
    const pre = await ok(api.tx.agreements.prepay(id, 1), consumer);
    consumerFees += pre.fee;
    const prepaid = findEvent(api, pre.events, 'agreements', 'Prepaid');
    assert.equal(prepaid.data.amount.toBigInt(), installment);
    agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.escrow, installment.toString());
    assert.equal(agreement.nextDue, null);

    // Nothing matured yet: settle is refused (and changes nothing).
    const early = await sendAndWait(api, api.tx.agreements.settle(id), alice);
    assert.ok((await api.rpc.chain.getHeader(early.blockHash)).number.toNumber() < endsAt);
    assert.equal(errorName(api, early.dispatchError), 'agreements.NothingToSettle');

    // Let both periods pass, then anyone settles.
    await waitForBlock(api, endsAt);
    agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'active');
    assert.equal(agreement.maturedInstallments, 1);
    const providerBefore = await ownedBalance(api, provider.address);
    const settle = await ok(api.tx.agreements.settle(id), alice);
    const settled = findEvent(api, settle.events, 'agreements', 'Settled');
    assert.equal(settled.data.amount.toBigInt(), installment, 'exactly the matured installment');
    const fee = settled.data.fee.toBigInt();
    assert.equal(fee, installment / 100n, 'the 1 % market fee is burned');
    assert.ok(findEvent(api, settle.events, 'agreements', 'Completed'), 'Completed event');
    const parent = (await api.rpc.chain.getHeader(settle.blockHash)).parentHash;
    const providerAtParent = await ownedBalance(api, provider.address, parent);
    const providerAfter = await ownedBalance(api, provider.address, settle.blockHash);
    assert.equal(providerAfter - providerAtParent, installment - fee, 'the provider got the installment less the fee');
    assert.equal(providerAtParent, providerBefore);
    agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'completed');
    assert.equal(agreement.paidToProvider, installment.toString());
    assert.equal(agreement.escrow, '0');
    assert.equal(agreement.securityDeposit, '0');
    assert.equal(agreement.providerCollateral, '0');

    // Capacity is back.
    view = (await rpc.provider(provider.address)).toJSON();
    assert.equal(view.used.vcpus, 0);
    assert.equal(view.liveAgreements, 0);
    assert.equal(view.free.storageBytes, capacity.storageBytes);

    // Money to the unit: the consumer paid the installment and fees; its record deposit is
    // still held (free + held counts it).
    const consumerEnd = await ownedBalance(api, consumer.address);
    assert.equal(consumerStart - consumerEnd, installment + consumerFees);

    // The consumer lists it. Closing at once is refused while the provider may still rate the
    // consumer (a rating needs the record); once both have rated, the consumer closes it and
    // gets the record deposit back.
    const mine = await call('agora_agreementsOf', [consumer.address]);
    assert.ok(mine.some((a) => a.id === id));
    await fails(api.tx.agreements.close(id), consumer, 'agreements.RatingWindowOpen');
    const fine = { performance: 4, stability: 4, support: 4 };
    const noComment = `0x${'00'.repeat(32)}`;
    await Promise.all([
      ok(api.tx.reputation.rate(id, fine, noComment), consumer),
      ok(api.tx.reputation.rate(id, fine, noComment), provider),
    ]);
    await ok(api.tx.agreements.close(id), consumer);
    assert.equal(await call('agora_agreement', [id]), null);
  });

  test('non-payment: the provider terminates after the grace window and keeps the deposit', async () => {
    const consumer = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
    const plan = { installmentPeriods: 1 };
    const consumerStart = await ownedBalance(api, consumer.address);
    const { id, res } = await requestFrom(consumer, wanted, 3, plan, 3n * WANTED_PRICE);
    const consumerFees = res.fee;
    await ok(api.tx.agreements.accept(id), provider);

    let agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'active');
    const due = agreement.nextDue;
    assert.equal(due.installment, 0);
    assert.equal(due.amount, WANTED_PRICE.toString());
    assert.equal(due.deadline, due.periodStartsAt + 2);

    // Too early: refused.
    const early = await sendAndWait(api, api.tx.agreements.terminateNonpayment(id), provider);
    const earlyAt = (await api.rpc.chain.getHeader(early.blockHash)).number.toNumber();
    assert.ok(earlyAt <= due.deadline, `the early attempt landed at #${earlyAt}, deadline #${due.deadline}`);
    assert.equal(errorName(api, early.dispatchError), 'agreements.NotOverdue');
    await waitForBlock(api, due.deadline + 1);
    agreement = await call('agora_agreement', [id]);
    assert.equal(agreement.status, 'active');
    const term = await ok(api.tx.agreements.terminateNonpayment(id), provider);
    const ev = findEvent(api, term.events, 'agreements', 'Terminated');
    assert.equal(ev.data.reason.toString(), 'NonPayment');
    assert.equal(ev.data.toProvider.toBigInt(), WANTED_PRICE);
    assert.equal(ev.data.toConsumer.toBigInt(), 0n);
    const parent = (await api.rpc.chain.getHeader(term.blockHash)).parentHash;
    const providerBefore = await ownedBalance(api, provider.address, parent);
    const providerAfter = await ownedBalance(api, provider.address, term.blockHash);
    assert.equal(providerAfter - providerBefore, WANTED_PRICE - term.fee);
    agreement = await call('agora_agreement', [id]);
    assert.deepEqual(agreement.status, { terminated: 'nonPayment' });
    assert.equal(agreement.paidToProvider, WANTED_PRICE.toString());
    const consumerEnd = await ownedBalance(api, consumer.address);
    assert.equal(consumerStart - consumerEnd, WANTED_PRICE + consumerFees);
    const view = (await rpc.provider(provider.address)).toJSON();
    assert.equal(view.liveAgreements, 0);
  });

  test('bad input gets the right module errors and changes nothing', async () => {
    const consumer = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
    const plan = { installmentPeriods: 1 };
    const idBefore = (await api.query.agreements.nextAgreementId()).toNumber();

    // Over capacity: the quote says why, the request fails the same way.
    const tooBig = { ...wanted, vcpus: 100 };
    await assert.rejects(call('agora_quote', [provider.address, tooBig, 2, plan]), /InsufficientCapacity/);
    await fails(
      api.tx.agreements.request(provider.address, tooBig, 2, plan, 10n * AGR), consumer,
      'agreements.InsufficientCapacity',
    );
    // Price above max.
    await fails(
      api.tx.agreements.request(provider.address, wanted, 2, plan, 2n * WANTED_PRICE - 1n), consumer,
      'agreements.PriceAboveMax',
    );
    // Unknown provider and a duration outside the bounds.
    await fails(
      api.tx.agreements.request(consumer.address, wanted, 2, plan, 10n * AGR), alice,
      'agreements.ProviderNotFound',
    );
    await fails(
      api.tx.agreements.request(provider.address, wanted, 0, plan, 10n * AGR), consumer,
      'agreements.InvalidDuration',
    );
    assert.equal((await api.query.agreements.nextAgreementId()).toNumber(), idBefore, 'no agreement made');
    const held = (await api.query.balances.holds(consumer.address)).length;
    assert.equal(held, 0, 'nothing held from the consumer');

    // A valid request, then callers that have no business with it.
    const { id } = await requestFrom(consumer, wanted, 2, plan, 2n * WANTED_PRICE);
    const before = await call('agora_agreement', [id]);
    await fails(api.tx.agreements.accept(id), consumer, 'agreements.NotProvider');
    await fails(api.tx.agreements.revoke(id), alice, 'agreements.NotConsumer');
    await fails(api.tx.agreements.prepay(id, 1), consumer, 'agreements.NotActive');
    const after1 = await call('agora_agreement', [id]);
    assert.deepEqual(after1, before, 'the agreement is unchanged');

    // Double accept.
    await ok(api.tx.agreements.accept(id), provider);
    const active = await call('agora_agreement', [id]);
    await fails(api.tx.agreements.accept(id), provider, 'agreements.NotAwaitingProvider');
    const after2 = await call('agora_agreement', [id]);
    assert.deepEqual(
      { ...after2, maturedInstallments: 0, nextDue: null },
      { ...active, maturedInstallments: 0, nextDue: null },
      'the second accept changed nothing',
    );

    // Clean exit for the next scenarios: the consumer cancels.
    await ok(api.tx.agreements.cancel(id), consumer);
  });
});
