import { html } from 'hono/html';
import { z } from 'zod';
import type { ApiKeyRow } from '../../../store/store.js';
import { type ConsoleApp, type ConsoleContext, type ConsoleDeps, redirectWith, render, zodFieldErrors } from '../context.js';
import { actionButton, csrfField, field, table, when } from '../layout.js';

const KeyNameSchema = z.strictObject({ name: z.string().trim().min(1, 'Give the key a name').max(100, 'At most 100 characters') });

/** The project's API keys: create (shown once), revoke. Revoking the key in use signs this console out. */
export function keyPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const page = async (c: ConsoleContext, o: { created?: string; errors?: Record<string, string>; name?: string } = {}) => {
    const identity = c.get('identity');
    const keys = await deps.store.apiKeys.list(identity.project.id);
    const row = (k: ApiKeyRow) => html`<tr>
<td>${k.name}${k.id === identity.apiKeyId ? html` <span class="badge">this session</span>` : ''}</td>
<td><code>${k.prefix}…</code></td><td>${when(k.created_at)}</td><td>${when(k.last_used_at)}</td>
<td>${k.revoked_at ? html`<span class="badge bad">revoked ${when(k.revoked_at)}</span>` : html`<span class="badge ok">active</span>`}</td>
<td>${k.revoked_at ? '' : actionButton(`/console/keys/${encodeURIComponent(k.id)}/revoke`, 'Revoke', identity.csrf, { danger: true, ariaLabel: `Revoke key ${k.name}` })}</td></tr>`;
    const status = o.errors ? 400 : 200;
    return render(
      c,
      deps,
      'API keys',
      html`${
        o.created
          ? html`<section class="card" aria-labelledby="new-key"><h2 id="new-key">New key</h2><p>Copy it now: it is shown only once and cannot be recovered.</p>
<p class="secret" data-testid="new-key">${o.created}</p></section>`
          : ''
      }
${table('Keys of this project', ['Name', 'Prefix', 'Created', 'Last used', 'Status', 'Actions'], keys.map(row))}
<form method="post" action="/console/keys" class="card"><h2>Create a key</h2>${csrfField(identity.csrf)}
${field({ name: 'name', label: 'Key name', required: true, value: o.name, error: o.errors?.['name'], hint: 'For telling keys apart, e.g. "staging agent".' })}
<button type="submit">Create key</button></form>`,
      status,
    );
  };

  app.get('/keys', (c) => page(c));

  app.post('/keys', async (c) => {
    const parsed = KeyNameSchema.safeParse({ name: c.get('form')['name'] ?? '' });
    if (!parsed.success) return page(c, { errors: zodFieldErrors(parsed.error), name: c.get('form')['name'] });
    const issued = await deps.projects.issueKey(c.get('identity').project.id, parsed.data.name);
    return page(c, { created: issued.key });
  });

  app.post('/keys/:id/revoke', async (c) => {
    const identity = c.get('identity');
    const id = c.req.param('id');
    // Only this project's keys: the id comes from the page, but the page is not trusted.
    const key = (await deps.store.apiKeys.list(identity.project.id)).find((k) => k.id === id);
    if (!key) return redirectWith(c, '/console/keys');
    await deps.projects.revokeKey(key.id);
    // The session hangs off its key: after revoking it, the next page is the sign-in page.
    return redirectWith(c, '/console/keys', 'key_revoked');
  });
}
