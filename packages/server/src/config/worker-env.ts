/**
 * How `serve --workers N` starts its workers so that each idles smaller (docs/catalog.md, "Memory and
 * start-up"; `npm run bench:startup` prints the memory of every process).
 *
 * glibc gives every thread that allocates (V8's background GC and compiler threads, libuv's pool) a malloc
 * arena of its own, up to eight per core, and memory freed in them is seldom handed back to the system:
 * some 10 MB per worker after the catalog load. Two arenas keep that small; the server's threads allocate
 * little once it runs. glibc reads the variable when a process starts, so the primary can set it for the
 * workers it forks but not for itself (the Dockerfile sets it for every process). An operator's own
 * MALLOC_ARENA_MAX is left as it is.
 */
export const WORKER_MALLOC_ARENAS = '2';

/** Environment additions for a forked worker (none when the operator chose the malloc arenas). */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: WORKER_MALLOC_ARENAS } : {};
}
