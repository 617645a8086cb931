import { html } from 'hono/html';
import { type ConsoleApp, type ConsoleDeps, render } from '../context.js';
import { table } from '../layout.js';

/**
 * The egress allowlist: private hosts outbound calls may reach. Read-only here as over the API:
 * widening it reaches internal networks, so only the operator changes it (CLI, environment).
 */
export function egressPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/egress', async (c) => {
    const settings = await deps.store.projectSettings.get(c.get('identity').project.id);
    const rows = (entries: readonly string[]) => entries.map((e) => html`<tr><td><code>${e}</code></td></tr>`);
    return render(
      c,
      deps,
      'Egress allowlist',
      html`<p>Outbound calls of tools reach public addresses only, except the hosts and networks listed here. Only the operator can change these lists (<code>toolrouter</code> CLI for the project, TOOLROUTER_EGRESS_ALLOW for the server): widening them opens internal networks to every tool of the project.</p>
<h2>This project</h2>${table('Project allowlist', ['Host or network'], rows(settings.egress_allow), 'No project entries.')}
<h2>Whole server</h2>${table('Operator allowlist', ['Host or network'], rows(deps.egressAllow), 'No server-wide entries.')}`,
    );
  });
}
