import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BaseComposioProvider, Composio, type OpenAIProvider } from '@composio/core';

export interface CompatServer {
  url: string;
  key: string;
  /** The official client pointed at this server (what an application changes: only `baseURL`). */
  composio(): Composio<OpenAIProvider>;
  composio<P extends BaseComposioProvider<any, any, any>>(provider: P): Composio<P>;
  close(): Promise<void>;
}

/**
 * A real server as `npm start` runs it (same config loading, bootstrap, wiring and HTTP listener)
 * on a loopback port with a fresh SQLite database, and the first project's key chosen up front.
 *
 * In-process by default. With `TOOLROUTER_COMPAT_SERVER_NODE` set (the path of a Node binary) the
 * server runs as `toolrouter serve` under that Node instead: the flows then run under another
 * runtime with another client (Node 22 and @composio/core 0.19, see core-019/) against the server
 * as built for the supported runtime, whose native modules belong to that Node.
 */
export async function startCompatServer(env: Record<string, string> = {}): Promise<CompatServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-compat-'));
  const key = `trk_${randomBytes(24).toString('base64url')}`;
  const serverEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TOOLROUTER_API_KEY: key,
    TOOLROUTER_EGRESS_ALLOW: '127.0.0.1,localhost',
    ...env,
  };
  const external = process.env['TOOLROUTER_COMPAT_SERVER_NODE'];
  const server = external ? await spawnServer(external, serverEnv) : await inProcessServer(serverEnv);
  return {
    url: server.url,
    key,
    composio: (provider?: BaseComposioProvider<any, any, any>) =>
      new Composio({
        apiKey: key,
        baseURL: server.url,
        allowTracking: false,
        disableVersionCheck: true,
        ...(provider ? { provider } : {}),
      }) as never,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Started {
  url: string;
  close(): Promise<void>;
}

async function inProcessServer(env: Record<string, string>): Promise<Started> {
  // Imported here so that a run against a spawned server never loads the server's native modules.
  const [{ default: pino }, { loadConfig }, { startServer }] = await Promise.all([
    import('pino'),
    import('../../src/config/config.js'),
    import('../../src/serve.js'),
  ]);
  return startServer(loadConfig(env), pino({ level: 'silent' }), () => undefined);
}

const CLI = fileURLToPath(new URL('../../bin/toolrouter.js', import.meta.url));

/** `toolrouter serve` under `node`, until it prints the address it listens on. */
async function spawnServer(node: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(node, [CLI, 'serve'], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`toolrouter serve exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Reads the stored session through our own REST API (to check what the client's request meant). */
export async function storedSession(server: CompatServer, sessionId: string) {
  const res = await fetch(`${server.url}/api/v3.1/tool_router/session/${sessionId}`, { headers: { 'x-api-key': server.key } });
  return { status: res.status, body: (await res.json()) as any };
}
