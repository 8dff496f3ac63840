// The dispute committee and a dispute against a real `agora-node --dev`: candidates nominate,
// token holders vote, a term passes and the committee is seated; an agreement is disputed,
// both parties file evidence, the panel votes, anyone resolves; balances and both reputation
// profiles show the outcome and ratings for the agreement are refused.
//
// Dev tunables (1 s blocks): committee terms of 10 blocks, dispute bond 1 AGR, 8 blocks of evidence then 10
// of voting, candidacy bond 100 AGR, voting bond 10 AGR + 1 AGR per vote (votes go through
// `committeeVoters`, which passes them on to `elections`).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { electCommittee } from '../lib/committee.js';
import { startNode } from '../lib/node.js';
import {
  errorName, findEvent, freeBalance, ownedBalance, sendAndWait, sendOk, waitForBlock,
} from '../lib/tx.js';

const AGR = 10n ** 12n;
const MIB = 1 << 20;

describe('agora-node --dev: elected committee and disputes', () => {
  let node;
  let api;
  let k;

  const call = (method, params) => node.provider.send(method, params);

  const ok = (tx, signer) => sendOk(api, tx, signer);
  const refused = async (tx, who) => errorName(api, (await sendAndWait(api, tx, who)).dispatchError);

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']
      .map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  });

  after(async () => {
    if (node) await node.stop();
  });

  test('the committee is elected, and its panel decides a dispute', async () => {
    // Three candidates nominate themselves (100 AGR reserved each), in one block; token holders
    // vote with their stake, through committeeVoters (at most 1,024 voters count, so an
    // election always runs); voting in the elections pallet directly is refused.
    const candidates = [k.alice, k.bob, k.ferdie];
    const direct = refused(api.tx.elections.vote([k.alice.address], 10n * AGR), k.dave);
    let committee = await electCommittee(api, call, candidates, [
      [k.eve, candidates.map((c) => c.address), 1000n * AGR],
      [k.charlie, [k.alice.address, k.bob.address], 500n * AGR],
    ]);
    assert.equal(await direct, 'system.CallFiltered');
    const voters = (await api.query.committeeVoters.voters()).map(([who, stake]) => [who.toString(), stake.toBigInt()]);
    assert.deepEqual(voters, [[k.charlie.address, 500n * AGR], [k.eve.address, 1000n * AGR]]);
    assert.equal(committee.termDuration, 10);
    assert.equal(committee.members.length, 3);
    assert.ok(committee.electionRounds >= 1);
    assert.deepEqual(committee.candidates, []);
    // Phragmen spreads each voter's stake over the candidates it elected: Eve's 1,000 AGR
    // over three, Charlie's 500 over Alice and Bob; the seats' backing adds up to 1,500 AGR.
    const seated = Object.fromEntries(committee.members.map((m) => [m.account, BigInt(m.stake)]));
    assert.deepEqual(Object.keys(seated).sort(), candidates.map((c) => c.address).sort());
    const backing = Object.values(seated).reduce((a, b) => a + b, 0n);
    assert.ok(backing <= 1500n * AGR && 1500n * AGR - backing < 10n, `total backing ${backing}`);
    assert.ok(seated[k.alice.address] > seated[k.ferdie.address], 'two voters back Alice');

    // Charlie provides, Dave consumes: 1 MiB for 10 periods at 1 AGR, all prepaid.
    await ok(api.tx.providers.register(
      { storageBytes: 64 * MIB, vcpus: 0, memoryMib: 0, gpus: 0 },
      { storagePerGib: (1024n * AGR).toString(), vcpu: 0, memoryPerGib: 0, gpu: 0 },
      'http://127.0.0.1:1', { region: 'eu', extra: [] },
    ), k.charlie);
    const resources = { storageBytes: MIB, vcpus: 0, memoryMib: 0, gpus: 0 };
    const req = await ok(api.tx.agreements.request(k.charlie.address, resources, 10, { installmentPeriods: 1 }, 100n * AGR), k.dave);
    const id = findEvent(api, req.events, 'agreements', 'Requested').data.id.toNumber();
    await ok(api.tx.agreements.accept(id), k.charlie);
    await ok(api.tx.agreements.prepay(id, 10), k.dave);

    // Dave disputes: the bond is held, payouts freeze, the panel is the committee.
    const reason = `0x${'11'.repeat(32)}`;
    assert.equal(await refused(api.tx.disputes.open(id, reason), k.eve), 'agreements.NotParty');
    const opened = await ok(api.tx.disputes.open(id, reason), k.dave);
    const did = findEvent(api, opened.events, 'disputes', 'Opened').data.dispute.toNumber();
    // Evidence from both parties, not from others; votes wait for the evidence period. (Sent
    // together: they are independent, and all must land inside the evidence period.)
    const [, , strangerEvidence, earlyVote] = await Promise.all([
      ok(api.tx.disputes.submitEvidence(did, `0x${'aa'.repeat(32)}`), k.dave),
      ok(api.tx.disputes.submitEvidence(did, `0x${'bb'.repeat(32)}`), k.charlie),
      refused(api.tx.disputes.submitEvidence(did, reason), k.eve),
      refused(api.tx.disputes.vote(did, 'FavourConsumer'), k.alice),
    ]);
    assert.equal(strangerEvidence, 'disputes.NotParty');
    assert.equal(earlyVote, 'disputes.VotingNotStarted');
    assert.equal(await refused(api.tx.disputes.open(id, reason), k.charlie), 'disputes.AlreadyDisputed');
    let dispute = await call('agora_dispute', [did]);
    assert.deepEqual(dispute.subject, { agreement: id });
    // The bond: 10 % of the value at stake (escrow + collateral once what matured was settled),
    // at least 1 AGR on the dev chain.
    const frozen = await call('agora_agreement', [id, opened.blockHash]);
    const atStake = BigInt(frozen.escrow) + BigInt(frozen.providerCollateral);
    const tenth = (atStake + 9n) / 10n;
    const bond = tenth > AGR ? tenth : AGR;
    assert.equal(dispute.bond, bond.toString());
    assert.deepEqual([...dispute.panel].sort(), candidates.map((c) => c.address).sort());
    assert.deepEqual(dispute.status, 'open');
    assert.equal((await call('agora_agreement', [id])).status, 'disputed');
    assert.equal(await refused(api.tx.agreements.settle(id), k.charlie), 'agreements.NotActive');
    assert.equal(await refused(api.tx.agreements.abandon(id), k.charlie), 'agreements.NotActive');
    assert.deepEqual((await call('agora_disputesOf', [k.charlie.address])).map((d) => d.id), [did]);

    await waitForBlock(api, dispute.evidenceEnds);
    assert.equal(await refused(api.tx.disputes.submitEvidence(did, reason), k.dave), 'disputes.EvidencePeriodOver');
    assert.equal(await refused(api.tx.disputes.vote(did, 'FavourProvider'), k.eve), 'disputes.NotPanelMember');

    // The panel votes: two of three for the consumer (Bob changes his mind).
    await Promise.all([
      ok(api.tx.disputes.vote(did, 'FavourConsumer'), k.alice),
      ok(api.tx.disputes.vote(did, { Split: 500_000_000 }), k.bob),
      ok(api.tx.disputes.vote(did, 'FavourProvider'), k.ferdie),
    ]);
    assert.equal(await refused(api.tx.disputes.resolve(did), k.eve), 'disputes.NotResolvable');
    await ok(api.tx.disputes.vote(did, 'FavourConsumer'), k.bob);
    dispute = await call('agora_dispute', [did]);
    assert.equal(dispute.votes.length, 3);
    assert.equal(dispute.evidence.length, 2);

    // Anyone resolves: the escrow returns to Dave and Charlie's collateral is paid to him.
    const before = await call('agora_agreement', [id]);
    const escrow = BigInt(before.escrow);
    const collateral = BigInt(before.providerCollateral);
    assert.ok(escrow > 0n && collateral > 0n);
    const resolved = await ok(api.tx.disputes.resolve(did), k.eve);
    const ev = findEvent(api, resolved.events, 'disputes', 'Resolved').data;
    assert.equal(ev.ruling.isFavourConsumer, true);
    assert.equal(ev.toConsumer.toBigInt(), escrow + collateral);
    assert.equal(ev.toProvider.toBigInt(), 0n);
    assert.equal(ev.bondTo.toString(), k.dave.address);
    const at = resolved.blockHash;
    const prev = (await api.rpc.chain.getHeader(at)).parentHash;
    const delta = async (who, f) => await f(api, who, at) - await f(api, who, prev);
    assert.equal(await delta(k.dave.address, ownedBalance), collateral, 'Dave gains exactly the collateral');
    assert.equal(await delta(k.charlie.address, ownedBalance), -collateral, 'Charlie loses exactly the collateral');
    assert.equal(await delta(k.dave.address, freeBalance),
      escrow + collateral + BigInt(before.securityDeposit) + bond, 'escrow, collateral, deposit and bond come free');

    const after = await call('agora_agreement', [id]);
    assert.equal(after.status, 'resolved');
    assert.equal(after.escrow, '0');
    assert.equal((await call('agora_provider', [k.charlie.address])).liveAgreements, 0, 'capacity released');
    dispute = await call('agora_dispute', [did]);
    assert.deepEqual(dispute.status, { resolved: 'favourConsumer' });

    // Both profiles record the outcome; ratings for the agreement are refused.
    const dave = await call('agora_reputation', [k.dave.address]);
    const charlie = await call('agora_reputation', [k.charlie.address]);
    assert.equal(dave.consumer.counters.disputesWon, 1);
    assert.equal(charlie.provider.counters.disputesLost, 1);
    assert.ok(dave.consumer.good >= 2990, `dispute evidence for Dave ${dave.consumer.good}`);
    assert.ok(charlie.provider.bad >= 2990, `dispute evidence against Charlie ${charlie.provider.bad}`);
    const scores = { performance: 5, stability: 5, support: 5 };
    assert.equal(await refused(api.tx.reputation.rate(id, scores, reason), k.dave), 'reputation.Disputed');
    assert.equal(await refused(api.tx.reputation.rate(id, scores, reason), k.charlie), 'reputation.Disputed');

    // Closing the agreement removes the dispute's record.
    await ok(api.tx.agreements.close(id), k.dave);
    assert.equal(await call('agora_dispute', [did]), null);
    assert.deepEqual(await call('agora_disputesOf', [k.dave.address]), []);
  });
});
