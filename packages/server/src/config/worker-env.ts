/**
 * How `serve --workers N` starts the processes it forks so that each idles smaller (docs/catalog.md, "Memory and
 * start-up"; `npm run bench:startup` prints the memory of every process).
 *
 * glibc gives every thread that allocates (V8's background GC and compiler threads, libuv's pool) a malloc
 * arena of its own, up to eight per core, and memory freed in them is seldom handed back to the system:
 * some 10 MB per process after the catalog load. Two arenas keep that small; the server's threads allocate
 * little once it runs. glibc reads the variable when a process starts, so the first process can set it for
 * the ones it forks but not for itself (`npm start`, the Dockerfile and the systemd unit set it for it). An operator's own
 * MALLOC_ARENA_MAX is left as it is.
 */
export const WORKER_MALLOC_ARENAS = '2';

/**
 * V8's young generation grows to 2 × 16 MB semi-spaces while the catalog loads (most of what it
 * allocates survives) and never shrinks again, so an idle process keeps ~32 MB of it resident. Capped at
 * 4 MB a semi-space, an idle process is ~22 MB smaller. Like the arenas, it is fixed when the process
 * starts: the first process gets it only from its own command line (`npm start` passes it).
 */
export const WORKER_SEMI_SPACE_MB = 4;

/** Marks a process forked by `serve --workers N` (internal: set by the first process, never by an operator). */
const FOLLOWER_ENV = 'TOOLROUTER_SERVE_FOLLOWER';

/** Environment additions for a forked process (none when the operator chose the malloc arenas). */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: WORKER_MALLOC_ARENAS } : {};
}

/** The whole environment of a follower of `serve --workers N`: this process's, the additions, and the mark. */
export function followerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...workerEnv(env), [FOLLOWER_ENV]: '1' };
}

/** Whether this process is a follower forked by `serve --workers N`. */
export function isServeFollower(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[FOLLOWER_ENV] === '1';
}

/** Node options for a forked process: this process's own, plus the semi-space cap unless the operator set one. */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((option) => option.includes('semi-space'));
  return chosen ? [...execArgv] : [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}
