import type { Tool, Toolkit, ToolkitBundle } from '@toolrouter/core';
import type { Command } from 'commander';
import { pickProject, printJson, withRuntime } from './with-runtime.js';

// Catalog modules are imported inside the actions, so other commands start without them (see with-runtime.ts).

/** A toolkit as `catalog list|show` print it; `enabled` only when a project was named. */
interface Listed {
  bundle: ToolkitBundle;
  origin: 'builtin' | 'imported';
  enabled?: boolean;
}

interface SourceOptions {
  dir?: string;
  project?: string;
}

/**
 * `toolrouter catalog list|show|diff`: inspect a catalog build (the one this server ships, or any
 * directory laid out like packages/server/catalog) or a project's view of it, and compare two builds.
 */
export function registerCatalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('Inspect catalog builds and compare two of them.');
  catalog
    .command('list')
    .description('List toolkits: slug, name, tool count, auth modes, version (and whether each is on for --project).')
    .option('--dir <dir>', 'a catalog directory (default: the catalog this server ships)')
    .option('--project <id>', "the project's view: built-in plus imported toolkits, with their on/off switch")
    .option('--json', 'print JSON')
    .action((opts: SourceOptions & { json?: boolean }) =>
      withToolkits(opts, (listed) => {
        const rows = listed.map(summary);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return console.log('none');
        for (const r of rows) {
          const cells = [r.slug, r.name, `${r.tools} tools`, r.auth_modes.join(',') || '-', `v${r.version}`];
          if (r.enabled !== undefined) cells.push(r.enabled ? 'enabled' : 'disabled');
          console.log(cells.join('\t'));
        }
      }),
    );
  catalog
    .command('show <slug>')
    .description("Print a toolkit's details and its tools.")
    .option('--dir <dir>', 'a catalog directory (default: the catalog this server ships)')
    .option('--project <id>', "look in the project's view instead")
    .option('--json', 'print JSON')
    .action(async (slug: string, opts: SourceOptions & { json?: boolean }) => {
      const [{ ToolRouterError }, { closestSlug }] = await Promise.all([import('@toolrouter/core'), import('../catalog/suggest.js')]);
      await withToolkits(opts, (listed) => {
        const wanted = slug.toLowerCase();
        const entry = listed.find((l) => l.bundle.toolkit.slug === wanted);
        if (!entry) {
          const hint = closestSlug(
            wanted,
            listed.map((l) => l.bundle.toolkit.slug),
          );
          throw new ToolRouterError('TOOLKIT_NOT_FOUND', `No toolkit "${slug}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
        }
        if (opts.json) return printJson({ ...summary(entry), toolkit: entry.bundle.toolkit, tools: entry.bundle.tools });
        for (const line of describeToolkit(entry)) console.log(line);
      });
    });
  catalog
    .command('diff <before> <after>')
    .description('Compare two catalog directories: added, removed and changed toolkits and tools.')
    .option('--json', 'print JSON')
    .action(async (before: string, after: string, opts: { json?: boolean }) => {
      const [{ builtinSources, loadBuiltinCatalog }, { diffCatalogs, formatCatalogDiff }] = await Promise.all([
        import('../catalog/builtin.js'),
        import('../catalog/catalog-diff.js'),
      ]);
      const [a, b] = await Promise.all([loadBuiltinCatalog(builtinSources(before)), loadBuiltinCatalog(builtinSources(after))]);
      const diff = diffCatalogs(a, b);
      if (opts.json) printJson(diff);
      else for (const line of formatCatalogDiff(diff)) console.log(line);
    });
}

/** Loads the toolkits from a directory, or from a project's view (which needs the store). */
async function withToolkits(opts: SourceOptions, print: (listed: Listed[]) => void): Promise<void> {
  if (opts.dir && opts.project) {
    const { ToolRouterError } = await import('@toolrouter/core');
    throw new ToolRouterError('VALIDATION_FAILED', 'Give either --dir or --project: a project sees the catalog this server ships');
  }
  const bySlug = (list: Listed[]) => list.sort((x, y) => x.bundle.toolkit.slug.localeCompare(y.bundle.toolkit.slug));
  if (!opts.project) {
    const { builtinSources, loadBuiltinCatalog } = await import('../catalog/builtin.js');
    const bundles = await loadBuiltinCatalog(builtinSources(opts.dir));
    return print(bySlug(bundles.map((bundle) => ({ bundle, origin: 'builtin' }))));
  }
  await withRuntime(async (rt) => {
    const view = await rt.catalog.view((await pickProject(rt, opts.project)).id);
    const on = [...view.toolkits.values()].map((e) => ({ bundle: e, origin: e.origin, enabled: true }));
    const off = [...view.turnedOff.values()].map((e) => ({ bundle: e, origin: e.origin, enabled: false }));
    print(bySlug([...on, ...off]));
  });
}

function summary(entry: Listed) {
  const { toolkit, tools } = entry.bundle;
  return {
    slug: toolkit.slug,
    name: toolkit.name,
    tools: tools.length,
    auth_modes: toolkit.auth_schemes.map((s) => s.mode),
    version: toolkit.version,
    origin: entry.origin,
    ...(entry.enabled !== undefined ? { enabled: entry.enabled } : {}),
  };
}

function describeToolkit(entry: Listed): string[] {
  const { toolkit, tools } = entry.bundle;
  const lines = [
    `${toolkit.name} (${toolkit.slug}), version ${toolkit.version}, ${entry.origin}${entry.enabled === undefined ? '' : entry.enabled ? ', enabled' : ', disabled for the project'}`,
    ...(toolkit.description ? [toolkit.description] : []),
    `Base URL: ${toolkit.base_url ?? 'none'}`,
    `Categories: ${toolkit.categories.join(', ') || 'none'}`,
    'Auth:',
    ...authLines(toolkit),
    `Tools (${tools.length}):`,
  ];
  if (tools.length === 0) lines.push('  none');
  for (const tool of tools) lines.push(`  ${tool.slug}\t${tool.name}${toolNotes(tool)}`);
  return lines;
}

function authLines(toolkit: Toolkit): string[] {
  return toolkit.auth_schemes.map((scheme) => {
    if (scheme.mode !== 'OAUTH2') return `  ${scheme.mode}`;
    const scopes = scheme.default_scopes.length > 0 ? scheme.default_scopes.join(' ') : 'none';
    return `  OAUTH2 ${scheme.authorization_url ?? '(no authorize URL)'} -> ${scheme.token_url}; default scopes: ${scopes}`;
  });
}

function toolNotes(tool: Tool): string {
  const notes = [tool.no_auth ? 'no auth' : '', ...tool.tags.filter((t) => t.endsWith('Hint'))].filter(Boolean);
  return notes.length > 0 ? `\t[${notes.join(', ')}]` : '';
}
