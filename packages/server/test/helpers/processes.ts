import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** What `npx toolrouter` and `npm start` execute (the compiled build). */
export const TOOLROUTER_BIN = fileURLToPath(new URL('../../bin/toolrouter.js', import.meta.url));

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `toolrouter serve` as a separate process on a loopback port; resolves with its URL once it
 * says it is listening. `env` adds to this process's environment (DATA_DIR, keys, …).
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [TOOLROUTER_BIN, 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind, even when the worker stops before afterAll runs.
  const kill = () => proc.kill();
  process.once('exit', kill);
  let out = '';
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (out += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    proc.stdout!.on('data', () => {
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    proc,
    url,
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
