// The agreement / job lookup: a number shows the agreement, its storage commitment and the job
// with that id; an account shows its provider record, reputation, agreements, jobs and disputes.
import {
  agrText, bytes, enumName, enumText, esc, num, ppb, short, subjectText,
} from './format.js';

const dl = (pairs) => `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
const acct = (a) => `<a class="link" data-account="${esc(a)}" title="${esc(a)}">${esc(short(a))}</a>`;
const resources = (r) => [
  r.storageBytes ? bytes(r.storageBytes) : null,
  r.vcpus ? `${r.vcpus} vCPU` : null,
  r.memoryMib ? `${bytes(r.memoryMib * 2 ** 20)} memory` : null,
  r.gpus ? `${r.gpus} GPU` : null,
].filter(Boolean).join(', ') || 'nothing';
const tagClass = (status) => {
  const n = enumName(status);
  if (['active', 'completed', 'resolved'].includes(n) || n === 'finished') return 'good';
  if (['failed', 'terminated', 'disputed', 'cancelled'].includes(n)) return 'bad';
  return 'warn';
};
const tag = (status) => `<span class="tag ${tagClass(status)}">${esc(enumText(status))}</span>`;

function agreementCard(a) {
  return `<div class="card" data-testid="lookup-agreement" data-id="${a.id}" data-status="${esc(enumName(a.status))}">
    <h3>Agreement #${a.id} ${tag(a.status)}</h3>
    ${dl([
    ['consumer', acct(a.consumer)],
    ['provider', acct(a.provider)],
    ['resources', esc(resources(a.resources))],
    ['price / period', esc(agrText(a.terms.pricePerPeriod))],
    ['duration', `${num(a.durationPeriods)} periods of ${num(a.periodLength)} blocks`],
    ['total price', esc(agrText(a.totalPrice))],
    ['installments', `${num(a.paidInstallments)} paid, ${num(a.settledInstallments)} settled of ${num(a.installments)}`],
    ['escrow', esc(agrText(a.escrow))],
    ['paid to provider', esc(agrText(a.paidToProvider))],
    ['requested at', `#${num(a.requestedAt)}`],
    ['active', a.activatedAt === null ? '—' : `#${num(a.activatedAt)} → #${num(a.endsAt)}`],
    ['next due', a.nextDue ? `${esc(agrText(a.nextDue.amount))} by #${num(a.nextDue.deadline)}` : '—'],
    ['ended at', a.endedAt === null ? '—' : `#${num(a.endedAt)}`],
  ])}</div>`;
}

function commitmentCard(c) {
  return `<div class="card" data-testid="lookup-commitment">
    <h3>Storage commitment of #${c.agreement} ${c.failed ? '<span class="tag bad">failed</span>' : ''}</h3>
    ${dl([
    ['size', esc(bytes(c.size))],
    ['root', `<code>${esc(short(c.root))}</code>`],
    ['committed at', `#${num(c.committedAt)}`],
    ['confirmed at', c.confirmedAt === null ? `not yet (deadline #${num(c.uploadDeadline)})` : `#${num(c.confirmedAt)}`],
    ['challenges', `${num(c.passes)} passed, ${num(c.faults)} missed (${num(c.consecutiveFaults)} in a row)`],
    ['last challenged', c.lastChallengedAt === null ? '—' : `#${num(c.lastChallengedAt)}`],
  ])}</div>`;
}

function jobCard(j) {
  return `<div class="card" data-testid="lookup-job" data-id="${j.id}">
    <h3>Job #${j.id} ${tag(j.status)}</h3>
    ${dl([
    ['consumer', acct(j.consumer)],
    ['mode', esc(j.mode)],
    ['replicas', num(j.replicas)],
    ['reward', esc(agrText(j.reward))],
    ['module / input', `${esc(bytes(j.module.size))} / ${esc(bytes(j.input.size))}`],
    ['submitted at', `#${num(j.submittedAt)}`],
    ['deadline', `#${num(j.deadline)}`],
    ['workers', j.slots.length ? j.slots.map((s) => `${acct(s.worker)} ${esc(enumText(s.state))}`).join('<br>') : '—'],
  ])}</div>`;
}

function profile(p) {
  const c = p.counters;
  return `${esc(ppb(p.score))} <span class="muted">(${num(c.completed)} completed, ${num(c.challengesPassed)}/${num(c.challengesPassed + c.challengesMissed)} challenges)</span>`;
}

function accountCards(account, { provider, reputation, agreements, jobs, disputes }) {
  const out = [];
  out.push(`<div class="card" data-testid="lookup-account" data-account="${esc(account)}">
    <h3>Account <code>${esc(short(account))}</code></h3>
    ${dl([
    ['address', `<code>${esc(account)}</code>`],
    ['as provider', `<span data-testid="lookup-provider-score" data-value="${reputation.provider.score}">${profile(reputation.provider)}</span>`],
    ['as consumer', profile(reputation.consumer)],
    ...(provider ? [
      ['provider', `${tag(provider.status)} ${esc(provider.region)}${provider.suspended ? ' <span class="tag bad">suspended</span>' : ''}`],
      ['capacity', esc(resources(provider.capacity))],
      ['free', esc(resources(provider.free))],
      ['endpoint', `<code>${esc(provider.endpoint)}</code>`],
      ['bond', esc(agrText(provider.bond))],
    ] : [['provider', '<span class="muted">not registered</span>']]),
  ])}</div>`);
  const rows = agreements.map((a) => `<tr data-id="${a.id}"><td><a class="link" data-lookup="${a.id}">#${a.id}</a></td><td>${tag(a.status)}</td>
    <td>${a.consumer === account ? 'consumer' : 'provider'}</td><td>${esc(resources(a.resources))}</td>
    <td class="num">${esc(agrText(a.terms.pricePerPeriod))}</td></tr>`).join('');
  out.push(`<div class="card full" data-testid="lookup-agreements" data-count="${agreements.length}">
    <h3>Agreements (${agreements.length}${agreements.length === 100 ? '+, first 100' : ''})</h3>
    ${agreements.length ? `<div class="table-wrap"><table><thead><tr><th>id</th><th>status</th><th>as</th><th>resources</th><th class="num">price / period</th></tr></thead><tbody>${rows}</tbody></table></div>` : '<p class="muted">none</p>'}
  </div>`);
  if (jobs.length) {
    out.push(`<div class="card" data-testid="lookup-jobs"><h3>Jobs (${jobs.length})</h3><ul class="plain">${jobs.map((j) => `<li><a class="link" data-lookup="${j.id}">#${j.id}</a> ${tag(j.status)}</li>`).join('')}</ul></div>`);
  }
  if (disputes.length) {
    out.push(`<div class="card" data-testid="lookup-disputes"><h3>Disputes (${disputes.length})</h3><ul class="plain">${disputes.map((d) => `<li><span>#${d.id} on ${esc(subjectText(d.subject))}</span> ${tag(d.status)}</li>`).join('')}</ul></div>`);
  }
  return out.join('');
}

/** Look `query` up on `api` and render the result into `el`. */
export async function lookup(api, query, el) {
  const q = query.trim();
  const rpc = api.rpc.agora;
  el.dataset.state = 'loading';
  el.innerHTML = '<p class="muted">looking up…</p>';
  try {
    if (/^\d+$/.test(q)) {
      const id = Number(q);
      const [a, c, j] = await Promise.all([rpc.agreement(id), rpc.commitment(id), rpc.job(id)]).then((r) => r.map((x) => x.toJSON()));
      const cards = [a && agreementCard(a), c && commitmentCard(c), j && jobCard(j)].filter(Boolean);
      el.innerHTML = cards.length ? cards.join('') : `<p class="muted" data-testid="lookup-none">No agreement or job #${id} (never created, or closed and removed).</p>`;
    } else {
      let account;
      try {
        account = api.createType('AccountId', q).toString();
      } catch {
        el.innerHTML = '<p class="muted" data-testid="lookup-none">Not an id or an account (SS58).</p>';
        el.dataset.state = 'done';
        return;
      }
      const [provider, reputation, agreements, jobs, disputes] = await Promise.all([
        rpc.provider(account), rpc.reputation(account), rpc.agreementsOf(account, 0, 100),
        rpc.jobsOf(account, 0, 100), rpc.disputesOf(account),
      ]).then((r) => r.map((x) => x.toJSON()));
      el.innerHTML = accountCards(account, {
        provider, reputation, agreements, jobs, disputes,
      });
    }
  } catch (e) {
    el.innerHTML = `<p class="muted" data-testid="lookup-none">Lookup failed: ${esc(e.message)}</p>`;
  }
  el.dataset.state = 'done';
}
