import { AuthConfigCreateSchema, SUPPORTED_AUTH_SCHEMES } from '@toolrouter/core';
import { html } from 'hono/html';
import { type ConsoleApp, type ConsoleContext, type ConsoleDeps, redirectWith, render, serviceFieldErrors, zodFieldErrors } from '../context.js';
import { actionButton, csrfField, field, table, when } from '../layout.js';

/** Form field ← last segment of a schema or service error path. */
const RENAME = { slug: 'toolkit', authScheme: 'auth_scheme', credentials: 'client_id', auth_config: 'type' };

/** Auth configs: how the project connects each toolkit (an OAuth app of its own, an API key form, ...). */
export function authConfigPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const page = async (c: ConsoleContext, o: { errors?: Record<string, string>; values?: Record<string, string> } = {}) => {
    const identity = c.get('identity');
    const projectId = identity.project.id;
    const [{ items }, view] = await Promise.all([
      deps.store.authConfigs.list(projectId, { showDisabled: true, offset: 0, limit: 200 }),
      deps.catalog.view(projectId),
    ]);
    const counts = await deps.store.authConfigs.accountCounts(
      projectId,
      items.map((r) => r.id),
    );
    const rows = items.map(
      (r) => html`<tr><td>${r.name}<br><code>${r.id}</code></td><td><code>${r.toolkit_slug}</code></td><td>${r.auth_scheme}</td>
<td>${r.is_managed ? 'managed' : 'custom'}${r.is_default ? html` <span class="badge">default</span>` : ''}</td>
<td><span class="badge ${r.status === 'ENABLED' ? 'ok' : 'bad'}">${r.status.toLowerCase()}</span></td><td>${counts.get(r.id) ?? 0}</td><td>${when(r.created_at)}</td>
<td>${actionButton(`/console/auth-configs/${encodeURIComponent(r.id)}/${r.status === 'ENABLED' ? 'disable' : 'enable'}`, r.status === 'ENABLED' ? 'Disable' : 'Enable', identity.csrf, { ariaLabel: `${r.status === 'ENABLED' ? 'Disable' : 'Enable'} ${r.name}` })}</td></tr>`,
    );
    const connectable = [...view.toolkits.values()]
      .filter((e) => e.toolkit.auth_schemes.some((s) => s.mode !== 'NO_AUTH'))
      .sort((a, b) => a.toolkit.name.localeCompare(b.toolkit.name));
    const v = o.values ?? {};
    const e = o.errors ?? {};
    return render(
      c,
      deps,
      'Auth configs',
      html`${table('Auth configs', ['Name', 'Toolkit', 'Scheme', 'Kind', 'Status', 'Accounts', 'Created', 'Actions'], rows, 'No auth config yet: create one below, or let sessions create managed ones.')}
<form method="post" action="/console/auth-configs" class="card" novalidate><h2>Create an auth config</h2>${csrfField(identity.csrf)}
${e['_form'] ? html`<p class="error" role="alert">${e['_form']}</p>` : ''}
${field({ name: 'toolkit', label: 'Toolkit', required: true, value: v['toolkit'], error: e['toolkit'], options: [['', 'Choose a toolkit'], ...connectable.map((t) => [t.toolkit.slug, `${t.toolkit.name} (${t.toolkit.auth_schemes.map((s) => s.mode).join(', ')})`] as const)] })}
${field({
  name: 'type',
  label: 'Whose credentials',
  required: true,
  value: v['type'] ?? 'use_custom_auth',
  error: e['type'],
  options: [
    ['use_custom_auth', 'Our own (OAuth app or key form)'],
    ['use_composio_managed_auth', "The server's managed app"],
  ],
})}
${field({ name: 'auth_scheme', label: 'Auth scheme', value: v['auth_scheme'], error: e['auth_scheme'], hint: 'For our own credentials: the scheme the toolkit supports that connections use.', options: [['', "The toolkit's first scheme"], ...SUPPORTED_AUTH_SCHEMES.map((s) => [s, s] as const)] })}
${field({ name: 'name', label: 'Name', value: v['name'], error: e['name'] })}
${field({ name: 'client_id', label: 'OAuth client ID', value: v['client_id'], error: e['client_id'], hint: 'OAuth 2 only.' })}
${field({ name: 'client_secret', label: 'OAuth client secret', type: 'password', error: e['client_secret'], hint: 'OAuth 2 only. Stored encrypted, never shown again.' })}
${field({ name: 'scopes', label: 'Scopes', value: v['scopes'], error: e['scopes'], hint: 'Space- or comma-separated.' })}
<button type="submit">Create auth config</button></form>`,
      o.errors ? 400 : 200,
    );
  };

  app.get('/auth-configs', (c) => page(c));

  app.post('/auth-configs', async (c) => {
    const f = c.get('form');
    const values = {
      toolkit: f['toolkit'] ?? '',
      type: f['type'] ?? '',
      auth_scheme: f['auth_scheme'] ?? '',
      name: f['name'] ?? '',
      client_id: f['client_id'] ?? '',
      scopes: f['scopes'] ?? '',
    };
    const credentials = {
      ...(values.client_id ? { client_id: values.client_id.trim() } : {}),
      ...(f['client_secret'] ? { client_secret: f['client_secret'] } : {}),
      ...(values.scopes.trim() ? { scopes: values.scopes } : {}),
    };
    // Without a chosen scheme, a custom config takes the toolkit's first one.
    const view = await deps.catalog.view(c.get('identity').project.id);
    const firstScheme = view.toolkit(values.toolkit.trim().toLowerCase())?.toolkit.auth_schemes[0]?.mode ?? '';
    const body = {
      toolkit: { slug: values.toolkit.trim().toLowerCase() },
      auth_config: {
        type: values.type,
        ...(values.type === 'use_custom_auth' ? { authScheme: values.auth_scheme || firstScheme } : {}),
        ...(values.name.trim() ? { name: values.name.trim() } : {}),
        ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
      },
    };
    if (!values.toolkit) return page(c, { errors: { toolkit: 'Choose the toolkit to connect' }, values });
    const parsed = AuthConfigCreateSchema.safeParse(body);
    if (!parsed.success) return page(c, { errors: zodFieldErrors(parsed.error, RENAME), values });
    try {
      await deps.authConfigs.create(c.get('identity').project.id, parsed.data);
    } catch (error) {
      const errors = serviceFieldErrors(error, RENAME);
      if (!errors) throw error;
      return page(c, { errors, values });
    }
    return redirectWith(c, '/console/auth-configs', 'auth_config_created');
  });

  for (const [verb, status] of [
    ['enable', 'ENABLED'],
    ['disable', 'DISABLED'],
  ] as const) {
    app.post(`/auth-configs/:id/${verb}`, async (c) => {
      await deps.authConfigs.setStatus(c.get('identity').project.id, c.req.param('id'), status);
      return redirectWith(c, '/console/auth-configs', 'auth_config_updated');
    });
  }
}
