import { McpTokenCreateSchema } from '@toolrouter/core';
import { html } from 'hono/html';
import {
  type ConsoleApp,
  type ConsoleContext,
  type ConsoleDeps,
  originOf,
  pageParams,
  redirectWith,
  render,
  serviceFieldErrors,
  zodFieldErrors,
} from '../context.js';
import { actionButton, csrfField, field, jsonBlock, pager, table, when } from '../layout.js';

/** Sessions: list, config and its history, MCP URL and the URL tokens of MCP clients. */
export function sessionPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/sessions', async (c) => {
    const projectId = c.get('identity').project.id;
    const userId = (c.req.query('user_id') ?? '').trim().slice(0, 200);
    const { offset, limit } = pageParams(c);
    const { items, total } = await deps.store.sessions.list(projectId, { ...(userId ? { userId } : {}), offset, limit });
    const rows = items.map(
      (s) => html`<tr><td><a href="/console/sessions/${encodeURIComponent(s.id)}"><code>${s.id}</code></a></td><td>${s.user_id}</td>
<td>${s.config.toolkits ? 'limited' : 'all'}</td><td>${s.config_version}</td><td>${when(s.created_at)}</td><td>${when(s.updated_at)}</td></tr>`,
    );
    return render(
      c,
      deps,
      'Sessions',
      html`<form method="get" action="/console/sessions" class="filters" role="search">${field({ name: 'user_id', label: 'User', value: userId })}<button type="submit">Filter</button></form>
${table('Sessions', ['Session', 'User', 'Toolkits', 'Config version', 'Created', 'Updated'], rows, 'No session yet.')}
${pager(new URLSearchParams(userId ? { user_id: userId } : {}), '/console/sessions', offset, limit, total)}`,
    );
  });

  const detail = async (c: ConsoleContext, o: { issued?: string; errors?: Record<string, string> } = {}) => {
    const identity = c.get('identity');
    const projectId = identity.project.id;
    const { row } = await deps.sessions.load(projectId, c.req.param('id')!);
    const [history, tokens] = await Promise.all([deps.sessions.history(projectId, row.id, { offset: 0, limit: 50 }), deps.mcpTokens.list(projectId, row.id)]);
    const base = `/console/sessions/${encodeURIComponent(row.id)}`;
    const tokenRows = tokens.map(
      (t) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${when(t.created_at)}</td><td>${when(t.expires_at)}</td>
<td>${t.revoked_at ? html`<span class="badge bad">revoked</span>` : html`<span class="badge ok">active</span>`}</td>
<td>${t.revoked_at ? '' : actionButton(`${base}/mcp-tokens/${encodeURIComponent(t.id)}/revoke`, 'Revoke', identity.csrf, { danger: true, ariaLabel: `Revoke token ${t.name}` })}</td></tr>`,
    );
    const versions = history.items.map(
      (h) => html`<details><summary>Version ${h.version}, ${when(h.created_at)}</summary>${jsonBlock(h.config, `Config version ${h.version}`)}</details>`,
    );
    return render(
      c,
      deps,
      `Session ${row.id}`,
      html`<dl class="props"><dt>User</dt><dd>${row.user_id}</dd><dt>Config version</dt><dd>${row.config_version}</dd>
<dt>MCP URL</dt><dd><code>${originOf(c, deps.publicUrl)}/tool_router/${row.id}/mcp</code></dd><dt>Created</dt><dd>${when(row.created_at)}</dd></dl>
<h2>Current config</h2>${jsonBlock(row.config, 'Current config')}
<h2>History (${history.total})</h2>${versions}
<h2>MCP URL tokens</h2>
${o.issued ? html`<section class="card"><p>The URL with its token, shown once:</p><p class="secret">${o.issued}</p></section>` : ''}
${table('MCP URL tokens', ['Name', 'Prefix', 'Created', 'Expires', 'Status', 'Actions'], tokenRows, 'No token: MCP clients send an API key header instead.')}
<form method="post" action="${base}/mcp-tokens" class="card"><h3>Issue a token</h3>${csrfField(identity.csrf)}
${o.errors?.['_form'] ? html`<p class="error" role="alert">${o.errors['_form']}</p>` : ''}
${field({ name: 'name', label: 'Token name', value: '', error: o.errors?.['name'] })}
${field({ name: 'expires_in', label: 'Lifetime in seconds', type: 'number', error: o.errors?.['expires_in'], hint: 'Empty: the server default.' })}
<button type="submit">Issue token</button></form>`,
      o.errors ? 400 : 200,
    );
  };

  app.get('/sessions/:id', (c) => detail(c));

  app.post('/sessions/:id/mcp-tokens', async (c) => {
    const f = c.get('form');
    const parsed = McpTokenCreateSchema.safeParse({
      ...(f['name']?.trim() ? { name: f['name'].trim() } : {}),
      ...(f['expires_in']?.trim() ? { expires_in: Number(f['expires_in']) } : {}),
    });
    if (!parsed.success) return detail(c, { errors: zodFieldErrors(parsed.error) });
    const identity = c.get('identity');
    const id = c.req.param('id');
    try {
      const { token } = await deps.mcpTokens.issue(identity.project.id, id, {
        apiKeyId: identity.apiKeyId,
        name: parsed.data.name,
        expiresIn: parsed.data.expires_in,
      });
      return detail(c, { issued: `${originOf(c, deps.publicUrl)}/tool_router/${id}/mcp?token=${encodeURIComponent(token)}` });
    } catch (error) {
      const errors = serviceFieldErrors(error);
      if (!errors) throw error;
      return detail(c, { errors });
    }
  });

  app.post('/sessions/:id/mcp-tokens/:tokenId/revoke', async (c) => {
    const id = c.req.param('id');
    await deps.mcpTokens.revoke(c.get('identity').project.id, id, c.req.param('tokenId'));
    return redirectWith(c, `/console/sessions/${encodeURIComponent(id)}`, 'token_revoked');
  });
}
