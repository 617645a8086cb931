import { type ChildProcess, fork } from 'node:child_process';
import { type Server as NetServer, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { followerEnv, isServeFollower, workerExecArgv } from '../config/worker-env.js';
import { type DemandLimits, SAMPLE_MS, WorkerDemand } from './worker-demand.js';

/**
 * `serve --workers N` runs up to N server processes on one port. The first process (the one started)
 * serves like the others; it also does the first-start work once and forks the "followers": those kept
 * at all times (`--min-workers`) once it listens, the others while the server is busy (worker-demand.ts). A
 * follower asks the first process over IPC, first whether the store is bootstrapped (it opens the store only
 * then), then for the port it listens on; the follower binds nothing: the first process accepts every
 * connection and hands followers their share (see `listening`). There is no supervising process of its own:
 * a node process costs ~50 MB of resident memory before it loads anything (docs/catalog.md).
 */
const ASK_BOOTSTRAPPED = 'toolrouter:bootstrapped?';
const BOOTSTRAPPED = 'toolrouter:bootstrapped';
const ASK_PORT = 'toolrouter:port?';
const PORT = 'toolrouter:port';
/** First process → follower, with a connection's socket: serve it. */
const CONNECTION = 'toolrouter:connection';
/** Follower → first process: it serves (socket received, search index built). */
const READY = 'toolrouter:ready';
/** Follower → first process, every SAMPLE_MS: its event-loop utilisation. */
const LOAD = 'toolrouter:load';
/** First process → follower: the server has been idle; stop serving and exit. */
const RETIRE = 'toolrouter:retire';

const typeOf = (message: unknown): unknown => (message as { type?: unknown } | null)?.type;

/** Whether this process was forked by the first process of `serve --workers N`. */
export function isFollower(): boolean {
  return isServeFollower() && process.send !== undefined;
}

/** Sends `question` to the first process and resolves with the first answer of type `answer`. */
function ask(question: string, answer: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      if (typeOf(message) !== answer) return;
      process.off('message', listen);
      process.off('disconnect', firstProcessGone);
      resolve(message as Record<string, unknown>);
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
  return ask(ASK_BOOTSTRAPPED, BOOTSTRAPPED).then(() => undefined);
}

/** In a follower: the port the first process listens on, once it listens (the follower itself binds nothing). */
export async function firstProcessPort(): Promise<number> {
  return Number((await ask(ASK_PORT, PORT)).port);
}

/** Sampled every SAMPLE_MS: the share of that time this process's event loop was occupied (0..1). */
function utilisationMeter(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

/**
 * In a follower, once it serves: reports its load to the first process every SAMPLE_MS, and leaves
 * cleanly (`leave`, which stops serving and exits) when the first process asks it to.
 */
export function serveAsFollower(server: NetServer, leave: () => void): void {
  const meter = utilisationMeter();
  const report = setInterval(() => process.send?.({ type: LOAD, utilisation: meter() }, undefined, {}, () => {}), SAMPLE_MS);
  report.unref();
  process.on('message', (message: unknown, socket: unknown) => {
    const type = typeOf(message);
    if (type === CONNECTION && socket instanceof Socket) {
      // The first process accepted it paused, so no byte was read before it got here.
      server.emit('connection', socket);
      socket.resume();
    } else if (type === RETIRE) {
      clearInterval(report);
      leave();
    }
  });
  process.send?.({ type: READY }, undefined, {}, () => {});
}

interface Follower {
  readonly child: ChildProcess;
  /** Serving: its listening socket received and its search index built. */
  ready: boolean;
  /** Asked to leave because the server is idle: its exit is expected, not replaced. */
  leaving: boolean;
  utilisation: number;
}

/**
 * The first process's side: keeps `min − 1` followers running at all times and starts more, up to
 * `max − 1`, while the server is busy, letting them go again once it has been idle (worker-demand.ts);
 * answers the followers' questions, replaces one of the kept ones that dies unasked, and on stop passes
 * the signal on and resolves once every follower has exited (each shuts down cleanly and flushes its own
 * buffers).
 */
export class Followers {
  readonly #log: Logger;
  readonly #limits: DemandLimits;
  readonly #demand: WorkerDemand;
  readonly #followers = new Map<ChildProcess, Follower>();
  readonly #waitingForStore = new Set<ChildProcess>();
  readonly #waitingForPort = new Set<ChildProcess>();
  #bootstrapped = false;
  #port: number | undefined;
  /** Round-robin position over this process and the serving followers. */
  #turn = 0;
  #stopping = false;
  #allExited: (() => void) | undefined;
  #watch: NodeJS.Timeout | undefined;

  /** `limits` count processes, this one included. */
  constructor(limits: DemandLimits, log: Logger) {
    this.#log = log;
    this.#limits = limits;
    this.#demand = new WorkerDemand(limits);
    for (let i = 1; i < limits.min; i++) this.#fork();
  }

  /** Followers forked and not yet exited. */
  get count(): number {
    return this.#followers.size;
  }

  /**
   * Starts following the server's load (after start-up: the first search-index build keeps this process
   * busy for a second, which is no reason to start another).
   */
  watchLoad(): void {
    if (this.#limits.max <= this.#limits.min || this.#watch) return;
    const meter = utilisationMeter();
    this.#watch = setInterval(() => this.#sample(meter()), SAMPLE_MS);
    this.#watch.unref();
  }

  #sample(own: number): void {
    if (this.#stopping) return;
    const serving = [...this.#followers.values()].filter((f) => f.ready && !f.leaving);
    const changing = this.#followers.size - serving.length;
    const decision = this.#demand.decide([own, ...serving.map((f) => f.utilisation)], changing, Date.now());
    if (decision === 'start') {
      this.#log.info({ processes: this.#followers.size + 2, max: this.#limits.max }, 'server busy: starting another server process');
      this.#fork();
    } else if (decision === 'retire') {
      const newest = serving.at(-1)!;
      newest.leaving = true;
      this.#log.info(
        { worker: newest.child.pid, processes: this.#followers.size, idleSeconds: this.#limits.idleMs / 1000 },
        'server idle: a server process leaves',
      );
      newest.child.send({ type: RETIRE }, undefined, {}, () => {});
    }
  }

  #fork(): void {
    // Fewer malloc arenas and a small young generation: smaller idle processes (config/worker-env.ts).
    const child = fork(process.argv[1]!, process.argv.slice(2), {
      env: followerEnv(),
      execArgv: workerExecArgv(),
    });
    const follower: Follower = { child, ready: false, leaving: false, utilisation: 0 };
    this.#followers.set(child, follower);
    child.on('message', (message: unknown) => {
      const type = typeOf(message);
      if (type === LOAD) {
        const utilisation = (message as { utilisation?: unknown }).utilisation;
        if (typeof utilisation === 'number') follower.utilisation = utilisation;
      } else if (type === READY) {
        follower.ready = true;
      } else if (type === ASK_BOOTSTRAPPED) {
        if (this.#bootstrapped) child.send({ type: BOOTSTRAPPED });
        else this.#waitingForStore.add(child);
      } else if (type === ASK_PORT) {
        if (this.#port !== undefined) child.send({ type: PORT, port: this.#port });
        else this.#waitingForPort.add(child);
      }
    });
    // Sending to a follower that has just died fails; its exit below handles it.
    child.on('error', (error) => this.#log.warn({ err: error, follower: child.pid }, 'could not reach a server process'));
    child.once('exit', (code, signal) => {
      this.#followers.delete(child);
      this.#waitingForStore.delete(child);
      this.#waitingForPort.delete(child);
      if (this.#stopping) {
        if (this.#followers.size === 0) this.#allExited?.();
        return;
      }
      if (follower.leaving) {
        this.#log.info({ worker: child.pid, code, processes: this.#followers.size + 1 }, 'server process left');
        return;
      }
      // One of the kept processes is replaced at once; one started for load comes back if the load is still there.
      const replace = this.#followers.size + 1 < this.#limits.min;
      this.#log.error({ worker: child.pid, code, signal }, replace ? 'worker exited; starting another' : 'worker exited');
      if (replace) this.#fork();
    });
  }

  /** The store is ready: followers may open it. */
  bootstrapped(): void {
    this.#bootstrapped = true;
    for (const child of this.#waitingForStore) child.send({ type: BOOTSTRAPPED });
    this.#waitingForStore.clear();
  }

  /**
   * The first process listens with `server`: from now on it hands the connections it accepts out in turn,
   * to itself and each serving follower. Processes sharing one listening socket instead (as until this
   * round) raced for each connection, and the kernel split 16 client connections 8/8 one time and 16/0 the
   * next, which left a core idle for as long as those connections lived (docs/throughput.md). Connections
   * are accepted paused, so no byte is read before a follower gets one; `node:cluster`'s round-robin mode
   * does the same.
   */
  listening(server: NetServer): void {
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : undefined;
    for (const child of this.#waitingForPort) child.send({ type: PORT, port: this.#port });
    this.#waitingForPort.clear();
    const serveHere = server.listeners('connection') as ((socket: Socket) => void)[];
    server.removeAllListeners('connection');
    (server as NetServer & { pauseOnConnect: boolean }).pauseOnConnect = true;
    server.on('connection', (socket: Socket) => {
      const serving = this.#stopping ? [] : [...this.#followers.values()].filter((f) => f.ready && !f.leaving);
      const turn = this.#turn++ % (serving.length + 1);
      const follower = serving[turn - 1];
      if (follower) {
        // Not handed over (the follower just died): the connection is dropped, as it would be in the follower.
        follower.child.send({ type: CONNECTION }, socket, { keepOpen: false }, (error) => error && socket.destroy());
        return;
      }
      for (const listener of serveHere) listener.call(server, socket);
      socket.resume();
    });
  }

  /** Passes `signal` on to every follower (none is replaced or started from now on); resolves once all have exited. */
  stop(signal: NodeJS.Signals): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#watch);
    const exited = new Promise<void>((resolve) => {
      this.#allExited = resolve;
    });
    if (this.#followers.size === 0) return Promise.resolve();
    for (const child of this.#followers.keys()) child.kill(signal);
    return exited;
  }
}
