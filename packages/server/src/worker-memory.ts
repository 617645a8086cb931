/**
 * How `serve --workers N` starts its workers so that each idles smaller, measured with
 * `npm run bench:startup` (docs/catalog.md, "Memory and start-up"). Both settings give way to the
 * operator's own: a `--max-semi-space-size` in NODE_OPTIONS or on node's command line, or a
 * MALLOC_ARENA_MAX in the environment, is left as it is.
 */

/**
 * V8's young generation, in MB per semi-space. Loading the catalog allocates fast, so V8 grows the
 * young generation to its 16 MB maximum (32 MB committed, two semi-spaces) and keeps it for the
 * process's life; at 4 MB the worker idles about 25 MB smaller. Requests allocate little, so the
 * extra minor collections did not show in CPU per request (bench:router, docs/catalog.md); 2 MB saved
 * only 4 MB more.
 */
export const WORKER_SEMI_SPACE_MB = 4;

/**
 * glibc malloc arenas. Every thread that allocates (V8's background GC and compiler threads, libuv's
 * pool) gets an arena of its own, up to eight per core, and memory freed in them is seldom given
 * back: about 30 MB per worker after the catalog load. Two arenas keep that to a few MB; the server's
 * threads allocate little once it runs. glibc reads the variable when the process starts, which is
 * why it can be set for workers (new processes) but not for the primary.
 */
export const WORKER_MALLOC_ARENAS = '2';

/** node options for a forked worker: the primary's own, plus the young generation size unless one is set. */
export function workerExecArgv(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const set = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(arg));
  return set ? [...execArgv] : [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}

/** Environment additions for a forked worker (empty when the operator chose the malloc arenas). */
export function workerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: WORKER_MALLOC_ARENAS } : {};
}
