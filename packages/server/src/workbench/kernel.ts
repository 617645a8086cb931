import { type ChildProcess, spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import type { SandboxIdentity } from './sandbox-files.js';

/** What a cell or command produced, as the kernel reports it (see sandbox/kernel.py). */
export type KernelReport = Record<string, unknown>;

export type KernelOutcome =
  | { kind: 'done'; report: KernelReport }
  | { kind: 'timeout' }
  /**
   * The kernel process ended (a limit killed it, or it crashed); `detail` is its last words.
   * `during` is false when it was already gone before this request reached it.
   */
  | { kind: 'died'; detail: string; during: boolean };

export type KernelRequest = { op: 'exec'; code: string } | { op: 'bash'; command: string } | { op: 'write'; path: string; content: string };

/** Answers a call the code made back into the router (run_composio_tool, proxy_execute). */
export type CallHandler = (kind: string, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface KernelLaunch {
  command: string;
  args: string[];
  /** Run the sandbox as this user and group (when the server is root); undefined = the server's own user. */
  identity?: SandboxIdentity | undefined;
  startTimeoutMs: number;
}

const TAIL_CHARS = 4_000;
/** The longest protocol line accepted from a kernel (tool arguments can be large; an endless line is an attack). */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * One sandboxed Python process and the JSON-lines channel to it (fd 3, a socket pair only this
 * process and the kernel hold). Runs one request at a time; the pool serialises callers.
 */
export class Kernel {
  readonly #child: ChildProcess;
  readonly #control: Duplex;
  #buffer = '';
  #tail = '';
  #exited = false;
  /** Set when we kill it: the exit event comes later, but the kernel must not take work any more. */
  #killed = false;
  #nextId = 0;
  /** Calls from the code are answered one at a time, in order (the kernel sends one at a time too). */
  #calls: Promise<unknown> = Promise.resolve();
  #onMessage: ((message: Record<string, unknown>) => void) | undefined;
  #onExit: (() => void) | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#control = child.stdio[3] as Duplex;
    this.#control.setEncoding('utf8');
    this.#control.on('data', (chunk: string) => this.#receive(chunk));
    this.#control.on('error', () => undefined);
    const keepTail = (chunk: Buffer) => (this.#tail = (this.#tail + chunk.toString('utf8')).slice(-TAIL_CHARS));
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);
    child.on('exit', () => {
      this.#exited = true;
      this.#onExit?.();
    });
  }

  /** Starts the sandbox and waits for the kernel's "ready". */
  static async start(launch: KernelLaunch): Promise<Kernel> {
    const child = spawn(launch.command, launch.args, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      ...launch.identity,
    });
    const kernel = new Kernel(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        kernel.kill();
        reject(new Error(`the workbench kernel did not start within ${launch.startTimeoutMs} ms`));
      }, launch.startTimeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      kernel.#onExit = () => {
        clearTimeout(timer);
        reject(new Error(`the workbench sandbox exited at start: ${kernel.#tail.trim() || `exit code ${child.exitCode}`}`));
      };
      kernel.#onMessage = (message) => {
        if (message['op'] !== 'ready') return;
        clearTimeout(timer);
        resolve();
      };
    });
    kernel.#onExit = undefined;
    kernel.#onMessage = undefined;
    return kernel;
  }

  get alive(): boolean {
    return !this.#exited && !this.#killed;
  }

  /** Runs one request; calls the code makes are answered by `onCall` while it runs. */
  run(request: KernelRequest, timeoutMs: number, onCall: CallHandler): Promise<KernelOutcome> {
    if (!this.alive) return Promise.resolve({ kind: 'died', detail: this.#tail, during: false });
    const id = ++this.#nextId;
    return new Promise<KernelOutcome>((resolve) => {
      const finish = (outcome: KernelOutcome) => {
        clearTimeout(timer);
        this.#onMessage = undefined;
        this.#onExit = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.kill();
        finish({ kind: 'timeout' });
      }, timeoutMs);
      this.#onExit = () => finish({ kind: 'died', detail: this.#tail, during: true });
      this.#onMessage = (message) => {
        if (message['op'] === 'done' && message['id'] === id) {
          const { op: _op, id: _id, ...report } = message;
          finish({ kind: 'done', report });
        } else if (message['op'] === 'call') {
          const callId = message['call'];
          const payload = (message['payload'] ?? {}) as Record<string, unknown>;
          this.#calls = this.#calls.then(() =>
            onCall(String(message['kind']), payload)
              .catch((error: unknown) => ({ data: null, error: `the router could not run the call: ${(error as Error).message}` }))
              .then((result) => this.#send({ op: 'reply', call: callId, result })),
          );
        }
      };
      this.#send({ ...request, id });
    });
  }

  /** Ends the sandbox at once: bubblewrap's death takes every process of the sandbox with it. */
  kill(): void {
    if (this.#exited) return;
    this.#killed = true;
    this.#child.kill('SIGKILL');
  }

  #send(message: Record<string, unknown>): void {
    if (!this.#exited) this.#control.write(`${JSON.stringify(message)}\n`);
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    if (this.#buffer.length > MAX_LINE_CHARS && !this.#buffer.includes('\n')) {
      this.#tail = `the kernel sent more than ${MAX_LINE_CHARS} characters without a line end`;
      this.#buffer = '';
      this.kill();
      return;
    }
    let newline: number;
    while ((newline = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not ours: only the kernel's protocol lines are JSON objects
      }
      this.#onMessage?.(message);
    }
  }
}
