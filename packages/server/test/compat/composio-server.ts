import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Composio, type BaseComposioProvider, type OpenAIProvider } from '@composio/core';
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/serve.js';

export interface CompatServer {
  url: string;
  key: string;
  server: RunningServer;
  /** The official client pointed at this server (what an application changes: only `baseURL`). */
  composio(): Composio<OpenAIProvider>;
  composio<P extends BaseComposioProvider<any, any, any>>(provider: P): Composio<P>;
  close(): Promise<void>;
}

/**
 * A real server as `npm start` runs it (same config loading, bootstrap, wiring and HTTP listener)
 * on a loopback port with a fresh SQLite database, and the first project's key chosen up front.
 */
export async function startCompatServer(env: Record<string, string> = {}): Promise<CompatServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-compat-'));
  const key = `trk_${randomBytes(24).toString('base64url')}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TOOLROUTER_API_KEY: key,
    TOOLROUTER_EGRESS_ALLOW: '127.0.0.1,localhost',
    ...env,
  });
  const server = await startServer(config, pino({ level: 'silent' }), () => undefined);
  return {
    url: server.url,
    key,
    server,
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

/** Reads the stored session through our own REST API (to check what the client's request meant). */
export async function storedSession(server: CompatServer, sessionId: string) {
  const res = await fetch(`${server.url}/api/v3.1/tool_router/session/${sessionId}`, { headers: { 'x-api-key': server.key } });
  return { status: res.status, body: (await res.json()) as any };
}
