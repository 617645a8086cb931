import { html } from 'hono/html';
import { z } from 'zod';
import type { ExecutionStatus } from '../../../store/store.js';
import { type ConsoleApp, type ConsoleDeps, pageParams, render } from '../context.js';
import { field, jsonBlock, pager, table, when } from '../layout.js';

const STATUSES = ['success', 'error', 'denied', 'approval_required'] as const satisfies readonly ExecutionStatus[];

/** Unknown or oversized filter values are dropped rather than refused: a filter form should never dead-end. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined);
const LogFilterSchema = z.object({
  session_id: text(100),
  user_id: text(200),
  tool_slug: text(120).transform((v) => v?.toUpperCase()),
  toolkit: text(60).transform((v) => v?.toLowerCase()),
  status: z.enum(STATUSES).optional().catch(undefined),
});

/** Execution logs and search logs. Payloads were redacted and truncated before they were stored. */
export function logPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/logs', async (c) => {
    const filter = LogFilterSchema.parse(c.req.query());
    const { offset, limit } = pageParams(c);
    const { items, total } = await deps.store.executionLogs.list(c.get('identity').project.id, {
      ...(filter.session_id ? { sessionId: filter.session_id } : {}),
      ...(filter.user_id ? { userId: filter.user_id } : {}),
      ...(filter.tool_slug ? { toolSlug: filter.tool_slug } : {}),
      ...(filter.toolkit ? { toolkit: filter.toolkit } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      offset,
      limit,
    });
    const rows = items.map(
      (e) => html`<tr><td>${when(e.created_at)}</td><td><a href="/console/logs/${encodeURIComponent(e.id)}"><code>${e.tool_slug}</code></a></td>
<td><span class="badge ${e.status === 'success' ? 'ok' : e.status === 'approval_required' ? '' : 'bad'}">${e.status}</span></td><td>${e.user_id ?? '—'}</td>
<td>${e.session_id ? html`<a href="/console/sessions/${encodeURIComponent(e.session_id)}"><code>${e.session_id}</code></a>` : '—'}</td><td>${e.duration_ms} ms</td></tr>`,
    );
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return render(
      c,
      deps,
      'Execution logs',
      html`<form method="get" action="/console/logs" class="filters" role="search">
${field({ name: 'tool_slug', label: 'Tool', value: filter.tool_slug })}${field({ name: 'toolkit', label: 'Toolkit', value: filter.toolkit })}
${field({ name: 'user_id', label: 'User', value: filter.user_id })}${field({ name: 'session_id', label: 'Session', value: filter.session_id })}
${field({ name: 'status', label: 'Status', value: filter.status ?? '', options: [['', 'Any'], ...STATUSES.map((s) => [s, s.replace('_', ' ')] as const)] })}
<button type="submit">Filter</button></form>
${table('Executions, newest first', ['When', 'Tool', 'Status', 'User', 'Session', 'Duration'], rows, 'No execution matches.')}
${pager(q, '/console/logs', offset, limit, total)}`,
    );
  });

  app.get('/logs/:id', async (c) => {
    const entry = await deps.store.executionLogs.get(c.get('identity').project.id, c.req.param('id'));
    if (!entry) return render(c, deps, 'Execution not found', html`<p>No execution log with this id in the project.</p>`, 404);
    return render(
      c,
      deps,
      `Execution of ${entry.tool_slug}`,
      html`<dl class="props"><dt>Log id</dt><dd><code>${entry.id}</code></dd><dt>Status</dt><dd>${entry.status}</dd><dt>When</dt><dd>${when(entry.created_at)}</dd>
<dt>Duration</dt><dd>${entry.duration_ms} ms</dd><dt>User</dt><dd>${entry.user_id ?? '—'}</dd><dt>Session</dt><dd>${entry.session_id ?? '—'}</dd>
<dt>Account</dt><dd>${entry.connected_account_id ?? '—'}</dd><dt>Parent</dt><dd>${entry.parent_id ?? '—'}</dd><dt>Error</dt><dd>${entry.error ?? '—'}</dd></dl>
<p class="hint">Secrets were redacted and long values truncated before this was stored.</p>
<h2>Arguments</h2>${jsonBlock(entry.arguments, 'Arguments')}
<h2>Result</h2>${jsonBlock(entry.result, 'Result')}`,
    );
  });

  app.get('/search-logs', async (c) => {
    const sessionId = (c.req.query('session_id') ?? '').trim().slice(0, 100);
    const { offset, limit } = pageParams(c);
    const { items, total } = await deps.store.search.listLog(c.get('identity').project.id, { ...(sessionId ? { sessionId } : {}), offset, limit });
    const rows = items.map(
      (e) => html`<tr><td>${when(e.created_at)}</td><td>${e.query}</td><td>${e.slugs.map((s, i) => html`${i > 0 ? ', ' : ''}<code>${s}</code>`)}</td>
<td>${e.session_id ? html`<a href="/console/sessions/${encodeURIComponent(e.session_id)}"><code>${e.session_id}</code></a>` : '—'}</td><td>${e.latency_ms} ms</td></tr>`,
    );
    return render(
      c,
      deps,
      'Search logs',
      html`<form method="get" action="/console/search-logs" class="filters" role="search">${field({ name: 'session_id', label: 'Session', value: sessionId })}<button type="submit">Filter</button></form>
${table('Searches, newest first', ['When', 'Query', 'Tools returned', 'Session', 'Latency'], rows, 'No search yet.')}
${pager(new URLSearchParams(sessionId ? { session_id: sessionId } : {}), '/console/search-logs', offset, limit, total)}`,
    );
  });
}
