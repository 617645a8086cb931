import { CONNECTION_STATUSES } from '@toolrouter/core';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AccountRow } from '../../../store/store.js';
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
import { actionButton, csrfField, field, type Html, pager, table, when } from '../layout.js';

const LinkFormSchema = z.strictObject({
  auth_config_id: z.string().trim().min(1, 'Choose the auth config to connect with'),
  user_id: z.string().trim().min(1, 'Enter the end user the account belongs to').max(200, 'At most 200 characters'),
});

const FilterSchema = z.object({
  user_id: z.string().trim().max(200).optional(),
  toolkit: z.string().trim().toLowerCase().max(60).optional(),
  status: z.enum(CONNECTION_STATUSES).optional().catch(undefined),
});

/** Connected accounts per user: status, refresh, disable, delete (revoke), re-link; new Connect Links. */
export function accountPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const page = async (c: ConsoleContext, o: { link?: { url: string; for: string }; errors?: Record<string, string>; values?: Record<string, string> } = {}) => {
    const identity = c.get('identity');
    const projectId = identity.project.id;
    const filter = FilterSchema.parse({
      user_id: c.req.query('user_id') || undefined,
      toolkit: c.req.query('toolkit') || undefined,
      status: c.req.query('status') || undefined,
    });
    const { offset, limit } = pageParams(c);
    const [{ items, total }, configs] = await Promise.all([
      deps.accounts.list(projectId, {
        ...(filter.user_id ? { userIds: [filter.user_id] } : {}),
        ...(filter.toolkit ? { toolkits: [filter.toolkit] } : {}),
        ...(filter.status ? { statuses: [filter.status] } : {}),
        offset,
        limit,
      }),
      deps.store.authConfigs.list(projectId, { offset: 0, limit: 200 }),
    ]);
    const row = (
      a: AccountRow,
    ) => html`<tr><td><a href="/console/accounts/${encodeURIComponent(a.id)}"><code>${a.id}</code></a>${a.alias ? html`<br>${a.alias}` : ''}</td>
<td>${a.user_id}</td><td><code>${a.toolkit_slug}</code></td><td>${statusBadge(a)}</td><td>${when(a.connected_at)}</td>
<td>${accountActions(a, identity.csrf)}</td></tr>`;
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    const v = o.values ?? {};
    return render(
      c,
      deps,
      'Connected accounts',
      html`${
        o.link
          ? html`<section class="card" aria-labelledby="link-ready"><h2 id="link-ready">Connect Link ready</h2><p>Send this link to ${o.link.for}; it works once and expires soon.</p>
<p class="secret"><a href="${o.link.url}" data-testid="connect-link">${o.link.url}</a></p></section>`
          : ''
      }
<form method="get" action="/console/accounts" class="filters" role="search">
${field({ name: 'user_id', label: 'User', value: filter.user_id, idPrefix: 'filter' })}
${field({ name: 'toolkit', label: 'Toolkit', value: filter.toolkit, idPrefix: 'filter' })}
${field({ name: 'status', label: 'Status', value: filter.status ?? '', idPrefix: 'filter', options: [['', 'Any'], ...CONNECTION_STATUSES.map((s) => [s, s.toLowerCase()] as const)] })}
<button type="submit">Filter</button></form>
${table('Accounts', ['Account', 'User', 'Toolkit', 'Status', 'Connected', 'Actions'], items.map(row), 'No connected account matches.')}
${pager(q, '/console/accounts', offset, limit, total)}
<form method="post" action="/console/accounts/link" class="card"><h2>Connect an account</h2>${csrfField(identity.csrf)}
<p class="hint">Creates a Connect Link: the user opens it and signs in to the service (OAuth) or enters their key.</p>
${o.errors?.['_form'] ? html`<p class="error" role="alert">${o.errors['_form']}</p>` : ''}
${field({ name: 'auth_config_id', label: 'Auth config', required: true, value: v['auth_config_id'], error: o.errors?.['auth_config_id'], options: [['', 'Choose an auth config'], ...configs.items.map((r) => [r.id, `${r.name} (${r.toolkit_slug}, ${r.auth_scheme})`] as const)] })}
${field({ name: 'user_id', label: 'User ID', required: true, value: v['user_id'], error: o.errors?.['user_id'], hint: 'Your identifier for the end user.' })}
<button type="submit">Create Connect Link</button></form>`,
      o.errors ? 400 : 200,
    );
  };

  app.get('/accounts', (c) => page(c));

  app.post('/accounts/link', async (c) => {
    const f = c.get('form');
    const values = { auth_config_id: f['auth_config_id'] ?? '', user_id: f['user_id'] ?? '' };
    const parsed = LinkFormSchema.safeParse(values);
    if (!parsed.success) return page(c, { errors: zodFieldErrors(parsed.error), values });
    try {
      const link = await deps.accounts.linkForUser(c.get('identity').project.id, {
        authConfigId: parsed.data.auth_config_id,
        userId: parsed.data.user_id,
        origin: originOf(c, deps.publicUrl),
      });
      return page(c, { link: { url: link.redirect_url, for: parsed.data.user_id } });
    } catch (error) {
      const errors = serviceFieldErrors(error, { auth_config: 'auth_config_id', id: 'auth_config_id' });
      if (!errors) throw error;
      return page(c, { errors, values });
    }
  });

  app.get('/accounts/:id', async (c) => {
    const projectId = c.get('identity').project.id;
    const account = await deps.accounts.get(projectId, c.req.param('id'));
    const events = await deps.accounts.events(projectId, account.id);
    const rows = events.map((e) => html`<tr><td>${when(e.created_at)}</td><td>${e.type}</td><td>${e.detail ?? ''}</td></tr>`);
    return render(
      c,
      deps,
      `Account ${account.id}`,
      html`<dl class="props"><dt>User</dt><dd>${account.user_id}</dd><dt>Toolkit</dt><dd>${account.toolkit_slug}</dd>
<dt>Status</dt><dd>${statusBadge(account)}</dd><dt>Auth config</dt><dd><code>${account.auth_config_id}</code></dd>
<dt>Alias</dt><dd>${account.alias ?? '—'}</dd><dt>Credentials expire</dt><dd>${when(account.expires_at)}</dd>
<dt>Created</dt><dd>${when(account.created_at)}</dd><dt>Updated</dt><dd>${when(account.updated_at)}</dd></dl>
<p>${accountActions(account, c.get('identity').csrf)}</p>
${table('History', ['When', 'Event', 'Detail'], rows, 'No events.')}`,
    );
  });

  app.post('/accounts/:id/refresh', async (c) => {
    const result = await deps.accounts.refreshAccount(c.get('identity').project.id, c.req.param('id'), originOf(c, deps.publicUrl));
    if (result.redirect_url) return page(c, { link: { url: result.redirect_url, for: 'the user to sign in again' } });
    return redirectWith(c, '/console/accounts', 'account_updated');
  });

  app.post('/accounts/:id/relink', async (c) => {
    const projectId = c.get('identity').project.id;
    const account = await deps.accounts.get(projectId, c.req.param('id'));
    const link = await deps.accounts.linkForUser(projectId, {
      authConfigId: account.auth_config_id,
      userId: account.user_id,
      origin: originOf(c, deps.publicUrl),
    });
    return page(c, { link: { url: link.redirect_url, for: account.user_id } });
  });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/accounts/:id/${verb}`, async (c) => {
      await deps.accounts.patch(c.get('identity').project.id, c.req.param('id'), { is_disabled: disabled });
      return redirectWith(c, '/console/accounts', 'account_updated');
    });
  }

  app.post('/accounts/:id/delete', async (c) => {
    await deps.accounts.delete(c.get('identity').project.id, c.req.param('id'));
    return redirectWith(c, '/console/accounts', 'account_deleted');
  });
}

function statusBadge(a: AccountRow): Html {
  const ok = a.status === 'ACTIVE' && !a.is_disabled;
  return html`<span class="badge ${ok ? 'ok' : a.status === 'INITIATED' ? '' : 'bad'}">${a.status.toLowerCase()}${a.is_disabled ? ', disabled' : ''}</span>${a.status_reason ? html`<br><span class="hint">${a.status_reason}</span>` : ''}`;
}

function accountActions(a: AccountRow, csrf: string): Html {
  const base = `/console/accounts/${encodeURIComponent(a.id)}`;
  return html`${actionButton(`${base}/refresh`, 'Refresh', csrf, { ariaLabel: `Refresh ${a.id}` })}
${actionButton(`${base}/relink`, 'Re-link', csrf, { ariaLabel: `Re-link ${a.id}` })}
${actionButton(`${base}/${a.is_disabled ? 'enable' : 'disable'}`, a.is_disabled ? 'Enable' : 'Disable', csrf, { ariaLabel: `${a.is_disabled ? 'Enable' : 'Disable'} ${a.id}` })}
${actionButton(`${base}/delete`, 'Delete', csrf, { danger: true, ariaLabel: `Delete ${a.id}` })}`;
}
