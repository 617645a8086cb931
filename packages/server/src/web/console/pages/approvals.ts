import { html } from 'hono/html';
import { z } from 'zod';
import type { ApprovalStatus } from '../../../store/store.js';
import { type ConsoleApp, type ConsoleDeps, pageParams, redirectWith, render } from '../context.js';
import { actionButton, field, jsonBlock, pager, table, when } from '../layout.js';

const STATUSES = ['pending', 'approved', 'denied', 'used', 'expired'] as const satisfies readonly ApprovalStatus[];
const StatusSchema = z.enum(STATUSES).catch('pending');

/** Calls waiting for a person: approve or deny. */
export function approvalPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/approvals', async (c) => {
    const identity = c.get('identity');
    const status = StatusSchema.parse(c.req.query('status') ?? 'pending');
    const { offset, limit } = pageParams(c);
    const { items, total } = await deps.approvals.list(identity.project.id, { status, offset, limit });
    const rows = items.map(
      (a) => html`<tr><td>${when(a.created_at)}</td><td><code>${a.tool_slug}</code></td>
<td><a href="/console/sessions/${encodeURIComponent(a.session_id)}"><code>${a.session_id}</code></a></td>
<td>${a.account_key === '__none__' ? '—' : html`<code>${a.account_key}</code>`}</td><td>${a.rule.replace('_', ' ')}</td>
<td><details><summary>Arguments</summary>${jsonBlock(a.arguments, `Arguments of ${a.id}`)}</details></td><td>${when(a.expires_at)}</td>
<td>${
        a.status === 'pending'
          ? html`${actionButton(`/console/approvals/${encodeURIComponent(a.id)}/approve`, 'Approve', identity.csrf, { ariaLabel: `Approve ${a.tool_slug} (${a.id})` })}
${actionButton(`/console/approvals/${encodeURIComponent(a.id)}/deny`, 'Deny', identity.csrf, { danger: true, ariaLabel: `Deny ${a.tool_slug} (${a.id})` })}`
          : a.status
      }</td></tr>`,
    );
    return render(
      c,
      deps,
      'Approvals',
      html`<form method="get" action="/console/approvals" class="filters">
${field({ name: 'status', label: 'Status', value: status, options: STATUSES.map((s) => [s, s] as const) })}<button type="submit">Show</button></form>
${table(`Approval requests (${status})`, ['Requested', 'Tool', 'Session', 'Account', 'Rule', 'Arguments', 'Expires', 'Decision'], rows, `No ${status} request.`)}
${pager(new URLSearchParams({ status }), '/console/approvals', offset, limit, total)}`,
    );
  });

  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    app.post(`/approvals/:id/${verb}`, async (c) => {
      await deps.approvals.decide(c.get('identity').project.id, c.req.param('id'), decision);
      return redirectWith(c, '/console/approvals', decision);
    });
  }
}
