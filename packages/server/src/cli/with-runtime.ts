import type { Config } from '../config/config.js';
import type { ProjectService } from '../projects/project-service.js';
import type { Runtime } from '../runtime.js';
import type { ProjectRow, Store } from '../store/store.js';

// Every import below is dynamic on purpose: `toolrouter --help` and the store-only commands must not pay for loading
// the server, and the catalog (100+ toolkits, 10,000+ tools) is loaded only by commands that use it.

/** Runs a CLI command against the configured store (same DATA_DIR / DATABASE_URL as the server), with every service. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createLogger }, { createRuntime }] = await Promise.all([
    import('../config/config.js'),
    import('../log/logger.js'),
    import('../runtime.js'),
  ]);
  const config = loadConfig();
  const runtime = await createRuntime(config, createLogger(config.logLevel ?? 'warn'));
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** What a command that only reads or writes store rows gets: no catalog, no services. */
export interface StoreContext {
  config: Readonly<Config>;
  store: Store;
  projects: ProjectService;
}

/** Like withRuntime, for commands that need only the database (projects, keys, egress lists). */
export async function withStore<T>(fn: (ctx: StoreContext) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { dataDirMode, prepareDataDir }, { openStore }, { ProjectService }] = await Promise.all([
    import('../config/config.js'),
    import('../store/data-dir.js'),
    import('../store/open-store.js'),
    import('../projects/project-service.js'),
  ]);
  const config = loadConfig();
  await prepareDataDir(config.dataDir, dataDirMode(config.dataDir, config.workbench.root));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    return await fn({ config, store, projects: new ProjectService(store) });
  } finally {
    await store.close();
  }
}

/** The project a command acts on: the one named, or the only one there is. */
export async function pickProject(ctx: { store: Store }, id: string | undefined): Promise<ProjectRow> {
  const { ToolRouterError } = await import('@toolrouter/core');
  if (id) {
    const project = await ctx.store.projects.get(id);
    if (!project) throw new ToolRouterError('VALIDATION_FAILED', `No project "${id}"; list them with \`toolrouter projects list\``);
    return project;
  }
  const all = await ctx.store.projects.list();
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw new ToolRouterError('VALIDATION_FAILED', 'There is no project yet; start the server once, or run `toolrouter projects create <name>`');
  throw new ToolRouterError('VALIDATION_FAILED', `There are ${all.length} projects; choose one with --project <id>`);
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** One line per item, or "none" so an empty list is not mistaken for a command that did nothing. */
export function printLines(lines: readonly string[]): void {
  if (lines.length === 0) console.log('none');
  else for (const line of lines) console.log(line);
}
