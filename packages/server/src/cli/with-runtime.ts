import { ToolRouterError } from '@toolrouter/core';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { createRuntime, type Runtime } from '../runtime.js';
import type { ProjectRow } from '../store/store.js';

/** Runs a CLI command against the configured store (same DATA_DIR / DATABASE_URL as the server). */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const runtime = await createRuntime(config, createLogger(config.logLevel ?? 'warn'));
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** The project a command acts on: the one named, or the only one there is. */
export async function pickProject(rt: Runtime, id: string | undefined): Promise<ProjectRow> {
  if (id) {
    const project = await rt.store.projects.get(id);
    if (!project) throw new ToolRouterError('VALIDATION_FAILED', `No project "${id}"; list them with \`toolrouter projects list\``);
    return project;
  }
  const all = await rt.store.projects.list();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new ToolRouterError('VALIDATION_FAILED', 'There is no project yet; start the server once, or run `toolrouter projects create <name>`');
  throw new ToolRouterError('VALIDATION_FAILED', `There are ${all.length} projects; choose one with --project <id>`);
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
