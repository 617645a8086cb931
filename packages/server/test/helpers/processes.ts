import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** What `npx toolrouter` and `npm start` execute (the compiled build). */
export const TOOLROUTER_BIN = fileURLToPath(new URL('../../bin/toolrouter.js', import.meta.url));

export interface RunningProcess {
  proc: ChildProcess;
  /** What the process printed when it was ready, matched against `ready`. */
  match: RegExpMatchArray;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after a few seconds). */
  stop(): Promise<void>;
}

/**
 * Starts a program for a test and resolves once its output (stdout or stderr) matches `ready`; it
 * rejects with that output when the program exits first or the time runs out. The program is
 * killed when the test worker exits, even if the test never stops it.
 */
export async function startProcess(
  command: string,
  args: string[],
  opts: { ready: RegExp; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunningProcess> {
  const proc = spawn(command, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => proc.kill();
  process.once('exit', kill);
  let out = '';
  let started = false;
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not become ready:\n${out}`)), opts.timeoutMs ?? 30_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = started ? null : out.match(opts.ready);
      if (m) {
        started = true;
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${out}`));
    });
  });
  return {
    proc,
    match,
    output: () => out,
    stop: async () => {
      process.off('exit', kill);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      // A server still holding a long request open gets a few seconds, then is ended.
      const force = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
    },
  };
}

export interface ServerProcess extends RunningProcess {
  url: string;
}

/**
 * `toolrouter serve` as a separate process on a loopback port; resolves with its URL once it
 * says it is listening. `env` adds to this process's environment (DATA_DIR, keys, …).
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const started = await startProcess(process.execPath, [TOOLROUTER_BIN, 'serve'], {
    env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    ready: /listening on (http:\/\/[\d.]+:\d+)/,
    timeoutMs,
  });
  return { ...started, url: started.match[1]! };
}

/** A loopback port that was free a moment ago, for programs that must be told their port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
