import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ToolkitBundle } from '@toolrouter/core';
import pg from 'pg';
import pino from 'pino';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';
import { createApp } from '../src/http/app.js';
import { listenHttp } from '../src/http/listener.js';
import { ProjectService } from '../src/projects/project-service.js';
import { type Services, type WiringOptions, wireServices } from '../src/runtime.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';

export type StoreKind = 'sqlite' | 'postgres';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh, migrated store: an SQLite file in a temp dir, or a new schema in the test PostgreSQL.
 * Pass `shared` to open a second connection to the same database (a second server instance).
 */
export async function openTestStore(kind: StoreKind, shared?: { location: string }) {
  if (kind === 'postgres') {
    const schema = shared?.location ?? `t_${randomBytes(6).toString('hex')}`;
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
    await store.migrate();
    const drop = async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    };
    return { store, location: schema, dispose: drop };
  }
  const dir = shared?.location ?? (await mkdtemp(path.join(tmpdir(), 'toolrouter-test-')));
  const store = await openSqliteStore({ file: path.join(dir, 'test.db') });
  await store.migrate();
  return { store, location: dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

let builtinCache: Promise<ToolkitBundle[]> | undefined;
/** The real built-in catalog (GitHub + declarative toolkits), loaded once per test file. */
export function builtinCatalog(): Promise<ToolkitBundle[]> {
  builtinCache ??= loadBuiltinCatalog();
  return builtinCache;
}

export interface TestApi {
  /** Sends a request as project A unless another key is given; returns status and parsed JSON. */
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; json: any; headers: Headers }>;
  /** Raw request to the app, for tests that need their own headers. */
  request(path: string, init?: RequestInit): Promise<Response>;
  keyA: string;
  keyB: string;
  projectA: string;
  projectB: string;
  services: Services;
  close(): Promise<void>;
}

export interface TestApiOptions {
  egressAllow?: string[];
  store?: StoreKind;
  searchLearning?: boolean;
  /** Replaces the built-in catalog (e.g. GitHub pointed at a local mock). */
  builtin?: ToolkitBundle[];
  /** Further wiring options: a test credential broker, timeouts, MCP settings. */
  wiring?: Partial<WiringOptions>;
}

/** The real app on a real store (SQLite file by default), with two projects. */
export async function startTestApi(opts: TestApiOptions = {}): Promise<TestApi> {
  const { store, dispose } = await openTestStore(opts.store ?? 'sqlite');
  const services = wireServices(store, opts.builtin ?? (await builtinCatalog()), {
    egressAllow: opts.egressAllow ?? [],
    searchLearning: opts.searchLearning ?? true,
    ...opts.wiring,
  });
  const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1024 * 1024 });
  const a = await services.projects.createProject('project-a');
  const b = await services.projects.createProject('project-b');
  return {
    keyA: a.key.key,
    keyB: b.key.key,
    projectA: a.project.id,
    projectB: b.project.id,
    services,
    request: async (url, init) => app.request(`http://router.test${url}`, init),
    call: (method, url, body, key = a.key.key) => callApp(app, method, url, body, key),
    async close() {
      await services.shutdown();
      await store.close();
      await dispose();
    },
  };
}

/** One server instance (its own services and caches) over a given store, wired as in production. */
export async function createTestApp(store: Store, egressAllow: string[] = [], options: { searchLearning?: boolean } = {}) {
  const services = wireServices(store, await builtinCatalog(), { egressAllow, searchLearning: options.searchLearning ?? true });
  return createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1024 * 1024 });
}

/**
 * Two server instances — each with its own store connection, caches and services — on one fresh
 * database, and the key of a project they share.
 */
export async function startTwoInstances(kind: StoreKind, egressAllow: string[] = []) {
  const first = await openTestStore(kind);
  const second = await openTestStore(kind, { location: first.location });
  const stores = [first.store, second.store] as const;
  const apps = [await createTestApp(first.store, egressAllow), await createTestApp(second.store, egressAllow)] as const;
  const key = (await new ProjectService(first.store).createProject('shared')).key.key;
  return {
    stores,
    apps,
    key,
    async close() {
      for (const store of stores) await store.close();
      await first.dispose();
    },
  };
}

/** An API call to an in-process app (no socket): JSON in (a string body is sent as is), status and parsed JSON out. */
export function callApp(
  app: { request(url: string, init: RequestInit): Response | Promise<Response> },
  method: string,
  url: string,
  body: unknown,
  key: string | null,
) {
  return sendJson((init) => app.request(`http://router.test${url}`, init), method, body, key);
}

/** The same call over real HTTP to a server listening at `origin`. */
export function callServer(origin: string, method: string, url: string, body: unknown, key: string | null) {
  return sendJson((init) => fetch(`${origin}${url}`, init), method, body, key);
}

async function sendJson(send: (init: RequestInit) => Response | Promise<Response>, method: string, body: unknown, key: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['x-api-key'] = key;
  const res = await send({ method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as any) : undefined, headers: res.headers };
}

/** Serves a Web-standard app on a loopback port with the listener `serve.ts` uses in production. */
export async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  const server = await listenHttp(app, { port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
