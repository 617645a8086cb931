import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { ProjectService } from '../src/projects/project-service.js';
import { type Services, wireServices } from '../src/runtime.js';
import { builtinCatalog, callApp, openTestStore, type StoreKind, startTwoInstances } from './harness.js';
import { eventually } from './mcp-harness.js';

/**
 * The hot reads served from memory (cache/hot-reads.ts) and the batched logs (store/log-batches.ts):
 * what one instance changes, every other instance stops serving from memory once the change feed
 * delivers it, and a log is readable as soon as its call has answered.
 */
const TOOL = 'GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER';
const SESSIONS = '/api/v3.1/tool_router/session';

describe.each<StoreKind>(['sqlite', 'postgres'])('hot reads across two instances on one %s database', (kind) => {
  let instances: Awaited<ReturnType<typeof startTwoInstances>>;
  beforeAll(async () => {
    instances = await startTwoInstances(kind);
  });
  afterAll(() => instances?.close());

  it('stops accepting a key on the other instance once it is revoked, though that instance had verified it', async () => {
    const [a, b] = instances.apps;
    const { stores } = instances;
    const projectId = (await stores[0].apiKeys.list())[0]!.project_id;
    const issued = await new ProjectService(stores[0]).issueKey(projectId, 'to-revoke');
    // Both instances verify the key (and keep it in memory).
    for (const app of [a, b]) expect((await callApp(app, 'GET', SESSIONS, undefined, issued.key)).status).toBe(200);
    // Revoked by a third party on the same database (as `toolrouter keys revoke` does).
    await new ProjectService(stores[1]).revokeKey(issued.row.id);
    for (const app of [a, b]) {
      await eventually(
        async () => ((await callApp(app, 'GET', SESSIONS, undefined, issued.key)).status === 401 ? true : undefined),
        5_000,
        'the revoked key refused',
      );
    }
    // The project's other key is untouched.
    expect((await callApp(b, 'GET', SESSIONS, undefined, instances.key)).status).toBe(200);
  });

  it('runs a call against the session as changed through the other instance', async () => {
    const [a, b] = instances.apps;
    const { key } = instances;
    const id = (await callApp(a, 'POST', SESSIONS, { user_id: 'u', toolkits: ['github'] }, key)).json.session_id;
    // The tool is allowed: the call gets as far as checking its arguments (none given).
    const before = await callApp(b, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key);
    expect(before.json.error).toMatch(/^Invalid arguments/);
    expect((await callApp(a, 'PATCH', `${SESSIONS}/${id}`, { toolkits: ['gmail'] }, key)).status).toBe(200);
    // The instance that made the change sees it at once.
    expect((await callApp(a, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key)).json.error).toMatch(
      /not available in this session/,
    );
    await eventually(
      async () => {
        const after = await callApp(b, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key);
        return /not available in this session/.test(after.json.error ?? '') ? true : undefined;
      },
      5_000,
      'the other instance to run against the new config',
    );
    expect((await callApp(a, 'DELETE', `${SESSIONS}/${id}`, undefined, key)).status).toBe(200);
    await eventually(
      async () => ((await callApp(b, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key)).status === 404 ? true : undefined),
      5_000,
      'the deleted session refused on the other instance',
    );
  });

  it('runs a call against the catalog as changed through the other instance', async () => {
    const [a, b] = instances.apps;
    const { key } = instances;
    const id = (await callApp(a, 'POST', SESSIONS, { user_id: 'u', toolkits: ['github'] }, key)).json.session_id;
    const call = (app: typeof a) => callApp(app, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key);
    expect((await call(b)).json.error).toMatch(/^Invalid arguments/);
    expect((await callApp(a, 'PATCH', '/api/v3.1/toolkits/github', { enabled: false }, key)).status).toBe(200);
    try {
      expect((await call(a)).json.error).toMatch(/turned off/);
      await eventually(
        async () => (/turned off/.test((await call(b)).json.error ?? '') ? true : undefined),
        5_000,
        'the other instance to see the toolkit off',
      );
    } finally {
      await callApp(a, 'PATCH', '/api/v3.1/toolkits/github', { enabled: true }, key);
    }
    await eventually(async () => (/^Invalid arguments/.test((await call(b)).json.error ?? '') ? true : undefined), 5_000, 'the toolkit back on');
  });
});

describe('execution logs written in batches', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let key: string;
  beforeAll(async () => {
    opened = await openTestStore('sqlite');
    // A long interval: only a flush (before a read, or on stop) can have written an entry.
    services = wireServices(opened.store, await builtinCatalog(), {
      egressAllow: [],
      searchLearning: true,
      logBatches: { intervalMs: 60_000, maxBatch: 500, maxQueued: 1_000 },
    });
    app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1024 * 1024 });
    key = (await services.projects.createProject('logs')).key.key;
  });
  afterAll(async () => {
    await opened?.store.close();
    await opened?.dispose();
  });

  const execute = async () => {
    const id = (await callApp(app, 'POST', SESSIONS, { user_id: 'u', toolkits: ['github'] }, key)).json.session_id;
    const run = await callApp(app, 'POST', `${SESSIONS}/${id}/execute`, { tool_slug: TOOL, arguments: {} }, key);
    expect(run.json.log_id).toMatch(/^log_/);
    return run.json.log_id as string;
  };

  it('finds a log by its id right after the call answered', async () => {
    const logId = await execute();
    const log = await callApp(app, 'GET', `/api/v3.1/execution_logs/${logId}`, undefined, key);
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.json)).toContain(TOOL);
  });

  it('writes what is queued when the services stop', async () => {
    const logId = await execute();
    const project = (await opened.store.apiKeys.list()).at(-1)!.project_id;
    // Below the batching layer the entry is not there yet …
    expect(await opened.store.executionLogs.get(project, logId)).toBeUndefined();
    await services.shutdown();
    // … and the stop wrote it.
    expect((await opened.store.executionLogs.get(project, logId))?.tool_slug).toBe(TOOL);
  });
});
