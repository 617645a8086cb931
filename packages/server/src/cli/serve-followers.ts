import { type ChildProcess, fork } from 'node:child_process';
import type { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { followerEnv, isServeFollower, workerExecArgv } from '../config/worker-env.js';

/**
 * `serve --workers N` runs N server processes on one port. The first process (the one started) serves
 * like the others; it also does the first-start work once and forks the N − 1 "followers", which load
 * the server and the catalog meanwhile. A follower asks the first process over IPC, first whether the
 * store is bootstrapped (it opens the store only then), then for the listening socket, which the first
 * process sends once it listens itself; from then on both accept connections on that one socket. There
 * is no supervising process of its own: a node process costs ~50 MB of resident memory before it loads
 * anything (docs/catalog.md, "Memory and start-up").
 */
const ASK_BOOTSTRAPPED = 'toolrouter:bootstrapped?';
const BOOTSTRAPPED = 'toolrouter:bootstrapped';
const ASK_SOCKET = 'toolrouter:socket?';
const SOCKET = 'toolrouter:socket';

const typeOf = (message: unknown): unknown => (message as { type?: unknown } | null)?.type;

/** Whether this process was forked by the first process of `serve --workers N`. */
export function isFollower(): boolean {
  return isServeFollower() && process.send !== undefined;
}

/** Sends `question` to the first process and resolves with the handle of the first answer of type `answer`. */
function ask<T>(question: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const listen = (message: unknown, handle: unknown) => {
      if (typeOf(message) !== answer) return;
      process.off('message', listen);
      process.off('disconnect', firstProcessGone);
      resolve(handle as T);
    };
    process.on('message', listen);
    // The first process stopped (or was killed) before answering: a follower still starting has nothing
    // to serve and no one to report to, so it leaves quietly instead of failing on the closed channel.
    process.once('disconnect', firstProcessGone);
    process.send?.({ type: question }, undefined, {}, (error) => {
      if (error) firstProcessGone();
    });
  });
}

function firstProcessGone(): void {
  process.exit(0);
}

/**
 * In a follower: resolves once the first process says the data dir, schema and first project are in
 * place (at once for a follower started after that). Undefined in the first process (nothing to wait for).
 * Called first thing, so the question is asked before the follower spends its time loading the server.
 */
export function firstProcessBootstrapped(): Promise<void> | undefined {
  if (!isFollower()) return undefined;
  return ask<void>(ASK_BOOTSTRAPPED, BOOTSTRAPPED);
}

/** In a follower: the first process's listening socket, once it listens. */
export function sharedSocket(): Promise<NetServer> {
  return ask<NetServer>(ASK_SOCKET, SOCKET);
}

/**
 * The first process's side: forks the followers, answers their questions, replaces one that dies unasked,
 * and on stop passes the signal on and resolves once every follower has exited (each shuts down cleanly
 * and flushes its own buffers).
 */
export class Followers {
  readonly #log: Logger;
  readonly #children = new Set<ChildProcess>();
  readonly #waitingForStore = new Set<ChildProcess>();
  readonly #waitingForSocket = new Set<ChildProcess>();
  #bootstrapped = false;
  #socket: NetServer | undefined;
  #stopping = false;
  #allExited: (() => void) | undefined;

  constructor(count: number, log: Logger) {
    this.#log = log;
    for (let i = 0; i < count; i++) this.#fork();
  }

  get count(): number {
    return this.#children.size;
  }

  #fork(): void {
    // Fewer malloc arenas and a small young generation: smaller idle processes (config/worker-env.ts).
    const child = fork(process.argv[1]!, process.argv.slice(2), {
      env: followerEnv(),
      execArgv: workerExecArgv(),
    });
    this.#children.add(child);
    child.on('message', (message: unknown) => {
      const type = typeOf(message);
      if (type === ASK_BOOTSTRAPPED) {
        if (this.#bootstrapped) child.send({ type: BOOTSTRAPPED });
        else this.#waitingForStore.add(child);
      } else if (type === ASK_SOCKET) {
        if (this.#socket) child.send({ type: SOCKET }, this.#socket);
        else this.#waitingForSocket.add(child);
      }
    });
    // Sending to a follower that has just died fails; its exit below handles it.
    child.on('error', (error) => this.#log.warn({ err: error, follower: child.pid }, 'could not reach a server process'));
    child.once('exit', (code, signal) => {
      this.#children.delete(child);
      this.#waitingForStore.delete(child);
      this.#waitingForSocket.delete(child);
      if (this.#stopping) {
        if (this.#children.size === 0) this.#allExited?.();
        return;
      }
      this.#log.error({ worker: child.pid, code, signal }, 'worker exited; starting another');
      this.#fork();
    });
  }

  /** The store is ready: followers may open it. */
  bootstrapped(): void {
    this.#bootstrapped = true;
    for (const child of this.#waitingForStore) child.send({ type: BOOTSTRAPPED });
    this.#waitingForStore.clear();
  }

  /** The first process listens on `socket`: followers accept on it too. */
  listening(socket: NetServer): void {
    this.#socket = socket;
    for (const child of this.#waitingForSocket) child.send({ type: SOCKET }, socket);
    this.#waitingForSocket.clear();
  }

  /** Passes `signal` on to every follower (none is replaced from now on); resolves once all have exited. */
  stop(signal: NodeJS.Signals): Promise<void> {
    this.#stopping = true;
    const exited = new Promise<void>((resolve) => {
      this.#allExited = resolve;
    });
    if (this.#children.size === 0) return Promise.resolve();
    for (const child of this.#children) child.kill(signal);
    return exited;
  }
}
