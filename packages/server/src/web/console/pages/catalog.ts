import type { Toolkit } from '@toolrouter/core';
import { html } from 'hono/html';
import { z } from 'zod';
import type { MatchExplanation } from '../../../search/engine/explain.js';
import { type ConsoleApp, type ConsoleDeps, render, zodFieldErrors } from '../context.js';
import { field, type Html, jsonBlock, table } from '../layout.js';

const PlaygroundSchema = z.strictObject({
  q: z.string().trim().min(1, 'Describe the task to search for').max(1_000, 'At most 1000 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const PART_LABELS: Record<string, string> = {
  toolkit: 'toolkit name',
  name: 'tool name',
  description: 'description',
  paramNames: 'parameter names',
  paramText: 'parameter descriptions',
  tags: 'tags',
  learned: 'learned queries',
};

export function logo(toolkit: Toolkit): Html {
  return toolkit.logo ? html`<img class="logo" src="${toolkit.logo}" alt="${toolkit.name} logo" width="28" height="28">` : html``;
}

/** The catalog (toolkits, tools, schemas) and the search playground. */
export function catalogPages(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/catalog', async (c) => {
    const view = await deps.catalog.view(c.get('identity').project.id);
    const q = (c.req.query('q') ?? '').trim().toLowerCase().slice(0, 200);
    const entries = [...view.toolkits.values()]
      .filter((e) => !q || e.toolkit.slug.includes(q) || e.toolkit.name.toLowerCase().includes(q) || e.toolkit.description.toLowerCase().includes(q))
      .sort((a, b) => a.toolkit.name.localeCompare(b.toolkit.name));
    const rows = entries.map(
      (e) => html`<tr><td>${logo(e.toolkit)}<a href="/console/catalog/${encodeURIComponent(e.toolkit.slug)}">${e.toolkit.name}</a></td>
<td><code>${e.toolkit.slug}</code></td><td>${e.tools.length}</td><td>${e.toolkit.auth_schemes.map((s) => s.mode).join(', ')}</td><td>${e.origin}</td></tr>`,
    );
    return render(
      c,
      deps,
      'Catalog',
      html`<form method="get" action="/console/catalog" class="filters" role="search">
${field({ name: 'q', label: 'Filter toolkits', type: 'search', value: q })}<button type="submit">Filter</button></form>
${table(`Toolkits (${entries.length})`, ['Toolkit', 'Slug', 'Tools', 'Auth', 'Source'], rows, 'No toolkit matches.')}`,
    );
  });

  app.get('/catalog/:slug', async (c) => {
    const view = await deps.catalog.view(c.get('identity').project.id);
    const entry = view.requireToolkit(c.req.param('slug'));
    const tk = entry.toolkit;
    const tools = entry.tools.map(
      (t) => html`<section class="tool" aria-labelledby="tool-${t.slug}"><h3 id="tool-${t.slug}"><code>${t.slug}</code> — ${t.name}</h3>
<p>${t.description}</p>
<details><summary>Input schema of ${t.slug}</summary>${jsonBlock(t.input_parameters, `Input schema of ${t.slug}`)}</details></section>`,
    );
    return render(
      c,
      deps,
      tk.name,
      html`<p>${logo(tk)}<code>${tk.slug}</code> · version ${tk.version} · ${entry.origin}</p>
<p>${tk.description}</p>
<dl class="props"><dt>Auth schemes</dt><dd>${tk.auth_schemes.map((s) => s.mode).join(', ')}</dd>
<dt>Base URL</dt><dd>${tk.base_url ?? '—'}</dd><dt>Categories</dt><dd>${tk.categories.join(', ') || '—'}</dd></dl>
<h2>Tools (${entry.tools.length})</h2>${tools}`,
    );
  });

  app.get('/playground', async (c) => {
    const projectId = c.get('identity').project.id;
    const raw = c.req.query('q');
    const form = (q: string, error?: string) => html`<form method="get" action="/console/playground" class="card" role="search">
${field({ name: 'q', label: 'What should the agent do?', type: 'search', value: q, required: true, error, hint: 'Ranked as a session with every toolkit allowed would see it; nothing is logged.' })}
<button type="submit">Search</button></form>`;
    if (raw === undefined) return render(c, deps, 'Search playground', form(''));
    const parsed = PlaygroundSchema.safeParse({ q: raw, ...(c.req.query('limit') ? { limit: c.req.query('limit') } : {}) });
    if (!parsed.success) return render(c, deps, 'Search playground', form(raw, zodFieldErrors(parsed.error)['q']), 400);
    const { q, limit } = parsed.data;
    const hits = await deps.search.rank(projectId, q, { limit });
    const why = await deps.search.explain(
      projectId,
      q,
      hits.map((h) => h.slug),
    );
    const view = await deps.catalog.view(projectId);
    const rows = hits.map((hit, i) => {
      const tool = view.tool(hit.slug);
      return html`<tr><td>${i + 1}</td><td><code>${hit.slug}</code><br>${tool?.name ?? ''}</td><td>${hit.score.toFixed(3)}</td><td>${explanation(why.get(hit.slug))}</td></tr>`;
    });
    return render(
      c,
      deps,
      'Search playground',
      html`${form(q)}${table(`Ranking for “${q}”`, ['Rank', 'Tool', 'Score', 'Why it matched'], rows, 'No tool matches this request.')}`,
    );
  });
}

function explanation(e: MatchExplanation | undefined): Html {
  if (!e) return html``;
  const matched = e.matched.map(
    (m) =>
      html`<p class="match"><strong>${m.word}</strong> → ${m.parts.map((p) => PART_LABELS[p] ?? p).join(', ')}${m.via === 'synonym' ? ' (via a synonym)' : ''}</p>`,
  );
  const none = e.matched.length === 0 ? html`<p class="match muted">No word in common: ranked by meaning (word vectors) or embeddings.</p>` : html``;
  const missing = e.unmatched.length > 0 ? html`<p class="match muted">Not found: ${e.unmatched.join(', ')}</p>` : html``;
  return html`${matched}${none}${missing}`;
}
