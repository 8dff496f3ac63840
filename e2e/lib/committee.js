// Seat the dispute committee on a dev chain the way token holders do: candidates nominate
// themselves, voters vote through `committeeVoters`, the term ends and the election seats them.
//
// Dev tunables (1 s blocks): committee terms of 10 blocks, candidacy bond 100 AGR, voting bond
// 10 AGR + 1 AGR per vote.

import assert from 'node:assert/strict';
import { sendAndWait, errorName, waitFor, waitForBlock } from './tx.js';

/**
 * `candidates` (keyring pairs) nominate themselves and `votes` ([voter pair, [candidate
 * addresses], stake]) are cast, all inside one term; resolves with the seated committee
 * (`agora_committee`) once every candidate sits on it.
 */
export async function electCommittee(api, call, candidates, votes) {
  const ok = async (tx, signer) => {
    const res = await sendAndWait(api, tx, signer);
    assert.equal(res.dispatchError, undefined, `dispatch error ${errorName(api, res.dispatchError)}`);
    return res;
  };
  // Candidacies and votes must all land inside one term: if the term is about to end, start
  // with the next one (an election with candidates but no votes would burn their bonds).
  let committee = await call('agora_committee', []);
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  if (committee.termEnds - best < 6) await waitForBlock(api, committee.termEnds + 1);
  // The witness is an upper bound of the candidates already there (it sizes the weight).
  await Promise.all(candidates.map((c) => ok(api.tx.elections.submitCandidacy(candidates.length), c)));
  committee = await call('agora_committee', []);
  assert.equal(committee.candidates.length, candidates.length);
  await Promise.all(votes.map(([voter, targets, stake]) => ok(api.tx.committeeVoters.vote(targets, stake), voter)));
  await waitForBlock(api, committee.termEnds);
  await waitFor(api, async () => {
    committee = await call('agora_committee', []);
    return candidates.every((c) => committee.members.some((m) => m.account === c.address));
  }, { blocks: 10, what: 'the committee to be seated' });
  return committee;
}
