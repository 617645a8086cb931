import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { pickProject, printJson, printLines, withRuntime } from './with-runtime.js';

// Modules beyond the runtime are imported inside the actions, so other commands start without them (see with-runtime.ts).

export function registerCatalogCommands(program: Command): void {
  const toolkits = program.command('toolkits').description('List, import and delete toolkits.');
  toolkits
    .command('list')
    .description('List the toolkits the project can see, with their tool counts and where they come from.')
    .option('--project <id>', 'project (default: the only project)')
    .option('--json', 'print JSON')
    .action((opts: { project?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const [{ toolkitItem }, { DEFAULT_ORIGIN }] = await Promise.all([import('../catalog/toolkit-item.js'), import('../connections/link-origin.js')]);
        const view = await rt.catalog.view((await pickProject(rt, opts.project)).id);
        // Logo paths on the server's default origin: the CLI answers no request whose origin it could use.
        const items = [...view.toolkits.values()].map((entry) => toolkitItem(entry, rt.config.publicUrl ?? DEFAULT_ORIGIN));
        if (opts.json) printJson(items);
        else printLines(items.map((t) => `${t.slug}\t${t.meta.tools_count} tools\t${t.origin}\t${t.name}`));
      }),
    );
  toolkits
    .command('import <fileOrUrl>')
    .description('Import an OpenAPI 3.x or Swagger 2 document (JSON or YAML, file or URL) as a toolkit.')
    .requiredOption('--slug <slug>', 'toolkit slug, lower-case (tool slugs are prefixed with it)')
    .option('--name <name>', 'display name (default: the spec title)')
    .option('--base-url <url>', 'API base URL (default: the first server in the spec)')
    .option('--project <id>', 'project (default: the only project)')
    .option('--json', 'print JSON')
    .action((source: string, opts: { slug: string; name?: string; baseUrl?: string; project?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const project = await pickProject(rt, opts.project);
        const [{ ToolkitImportSchema }, { parse: parseYaml }, { check }] = await Promise.all([
          import('@toolrouter/core'),
          import('yaml'),
          import('../http/validate.js'),
        ]);
        const isUrl = /^https?:\/\//i.test(source);
        console.error(isUrl ? `Fetching ${source} …` : `Reading ${source} …`);
        const body = check(ToolkitImportSchema, {
          slug: opts.slug,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.baseUrl ? { base_url: opts.baseUrl } : {}),
          ...(isUrl ? { spec_url: source } : { spec: parseYaml(await readFile(source, 'utf8'), { maxAliasCount: 1_000 }) }),
        });
        console.error('Converting operations to tools …');
        const stored = await rt.importer.importOpenApi(project.id, body);
        if (opts.json) printJson({ toolkit: stored.toolkit, tool_count: stored.tool_count });
        else console.log(`Imported ${stored.toolkit.slug} version ${stored.toolkit.version}: ${stored.tool_count} tools.`);
      }),
    );
  toolkits
    .command('delete <slug>')
    .description('Delete an imported toolkit and its tools.')
    .option('--project <id>', 'project (default: the only project)')
    .action((slug: string, opts: { project?: string }) =>
      withRuntime(async (rt) => {
        await rt.importer.remove((await pickProject(rt, opts.project)).id, slug);
        console.log(`Deleted toolkit ${slug}.`);
      }),
    );
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    toolkits
      .command(`${name} <slug>`)
      .description(
        enabled
          ? 'Turn a toolkit back on for the project.'
          : 'Turn a catalog toolkit off for the project: it leaves listings, search and sessions, and its tools no longer run.',
      )
      .option('--project <id>', 'project (default: the only project)')
      .action((slug: string, opts: { project?: string }) =>
        withRuntime(async (rt) => {
          const project = await pickProject(rt, opts.project);
          const { changed } = await rt.catalog.setEnabled(project.id, slug.toLowerCase(), enabled);
          const state = enabled ? 'on' : 'off';
          console.log(changed ? `Turned ${slug} ${state} for project ${project.id}.` : `${slug} was already ${state} for project ${project.id}.`);
        }),
      );
  }

  const tools = program.command('tools').description('List tools and show their schemas.');
  tools
    .command('list')
    .description('List tools by slug and name.')
    .option('--toolkit <slug>', 'only this toolkit')
    .option('--project <id>', 'project (default: the only project)')
    .option('--json', 'print JSON')
    .action((opts: { toolkit?: string; project?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const view = await rt.catalog.view((await pickProject(rt, opts.project)).id);
        const toolkit = opts.toolkit?.toLowerCase();
        // A misspelt toolkit would otherwise list nothing; this names the likely one (or says it is turned off).
        if (toolkit) view.requireToolkit(toolkit, opts.toolkit);
        const list = [...view.tools.values()].filter((t) => !toolkit || t.toolkit === toolkit);
        if (opts.json) printJson(list.map((t) => ({ slug: t.slug, name: t.name, toolkit: t.toolkit })));
        else printLines(list.map((t) => `${t.slug}\t${t.name}`));
      }),
    );
  tools
    .command('get <slug>')
    .description('Print one tool with its input schema (JSON).')
    .option('--project <id>', 'project (default: the only project)')
    .action((slug: string, opts: { project?: string }) =>
      withRuntime(async (rt) => {
        const [{ toolItem }, { DEFAULT_ORIGIN }] = await Promise.all([import('../catalog/tool-item.js'), import('../connections/link-origin.js')]);
        const view = await rt.catalog.view((await pickProject(rt, opts.project)).id);
        const tool = view.tool(slug.toUpperCase());
        if (!tool) {
          const hint = view.suggestTool(slug);
          throw new Error(`No tool "${slug}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
        }
        printJson(toolItem(tool, view.toolkit(tool.toolkit)?.toolkit, rt.config.publicUrl ?? DEFAULT_ORIGIN));
      }),
    );
}
