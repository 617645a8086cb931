import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { freePort, type RunningProcess, startProcess } from './helpers/processes.js';

/**
 * Real MCP servers from npm mounted as toolkits: started over stdio (and Streamable HTTP),
 * listed into the catalog, searched and called through POST …/execute.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const EVERYTHING = path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const MEMORY = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const BASE = '/api/v3.1/tool_router/session';
const tmp = mkdtempSync(path.join(tmpdir(), 'toolrouter-mcp-'));
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({
    egressAllow: ['127.0.0.1'],
    wiring: { mcpStdioCommands: [process.execPath], mcpBackoff: { initialMs: 200, maxMs: 2_000, stableAfterMs: 60_000 } },
  });
});
afterAll(async () => {
  await api.close();
  rmSync(tmp, { recursive: true, force: true });
});

const register = (body: Record<string, unknown>, key?: string) => api.call('POST', '/api/v3.1/mcp_servers', body, key);
const session = async (toolkits: string[], user = 'u1') => (await api.call('POST', BASE, { user_id: user, toolkits })).json.session_id as string;
const run = (id: string, tool_slug: string, args: Record<string, unknown>) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug, arguments: args });
const text = (data: { content?: Array<{ text?: string }> }) => (data.content ?? []).map((c) => c.text ?? '').join('\n');

/** Our own child processes running `script` (the test worker is the router process here). */
function childrenRunning(script: string): number {
  const out = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(script)).length;
}

describe('upstream MCP servers over stdio', () => {
  it('registers server-everything: its tools become a searchable toolkit with hint tags; env values are sealed', async () => {
    const res = await register({
      slug: 'everything',
      name: 'Everything',
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING],
      env: { EVERYTHING_API_TOKEN: 'hush-hush-123' },
      timeout_ms: 1_500,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      slug: 'everything',
      transport: 'stdio',
      env: ['EVERYTHING_API_TOKEN'],
      tool_count: 13,
      process: { state: 'running', starts: 1 },
    });
    expect(JSON.stringify(res.json)).not.toContain('hush-hush-123');
    const row = await api.services.store.mcpServers.get(api.projectA, 'everything');
    expect(row?.sealed_secrets).toMatch(/^v1\./);
    expect(row?.sealed_secrets).not.toContain('hush');

    const tools = await api.call('GET', '/api/v3.1/tools?toolkit_slug=everything&limit=50');
    const echo = tools.json.items.find((t: { slug: string }) => t.slug === 'EVERYTHING_ECHO');
    expect(echo.tags).toEqual(expect.arrayContaining(['readOnlyHint', 'idempotentHint']));
    expect(echo.tags).not.toContain('destructiveHint');
    expect(echo.input_parameters.properties.message).toBeDefined();
    const id = await session(['everything']);
    const search = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'add two numbers together' }] });
    expect(search.json.results[0].primary_tool_slugs).toContain('EVERYTHING_GET_SUM');
  });

  it('forwards calls and validates arguments against the upstream schema first', async () => {
    const id = await session(['everything']);
    const echo = await run(id, 'EVERYTHING_ECHO', { message: 'hello upstream' });
    expect(echo.json.error).toBeNull();
    expect(text(echo.json.data)).toContain('hello upstream');
    const sum = await run(id, 'EVERYTHING_GET_SUM', { a: 2, b: 40 });
    expect(text(sum.json.data)).toContain('42');
    const env = await run(id, 'EVERYTHING_GET_ENV', {});
    expect(text(env.json.data)).toContain('hush-hush-123');
    const bad = await run(id, 'EVERYTHING_GET_SUM', { a: 'two' });
    expect(bad.json.error).toMatch(/arguments\.a: must be number/);
  });

  it('runs one upstream process for every session and user, even under concurrent calls', async () => {
    const sessions = await Promise.all([session(['everything'], 'a'), session(['everything'], 'b'), session(['everything'], 'c')]);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => run(sessions[i % 3]!, 'EVERYTHING_GET_SUM', { a: i, b: 1 })));
    expect(results.every((r) => r.json.error === null)).toBe(true);
    expect(api.services.mcpSupervisor.status(`${api.projectA}/everything`)).toMatchObject({ state: 'running', starts: 1 });
    expect(childrenRunning('server-everything')).toBe(1);
  });

  it('times out a slow call cleanly and keeps the server usable', async () => {
    const id = await session(['everything']);
    const started = Date.now();
    const slow = await run(id, 'EVERYTHING_TRIGGER_LONG_RUNNING_OPERATION', { duration: 10, steps: 5 });
    expect(slow.json.error).toMatch(/timed out after 1500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await run(id, 'EVERYTHING_ECHO', { message: 'still here' })).json.error).toBeNull();
  });

  it('restarts a crashed process with backoff', async () => {
    const key = `${api.projectA}/everything`;
    const before = api.services.mcpSupervisor.status(key);
    expect(before.pid).toBeGreaterThan(0);
    process.kill(before.pid!, 'SIGKILL');
    await expect.poll(() => api.services.mcpSupervisor.status(key).state, { timeout: 5_000 }).not.toBe('running');
    const id = await session(['everything']);
    const after = await run(id, 'EVERYTHING_ECHO', { message: 'back again' });
    expect(after.json.error).toBeNull();
    const status = api.services.mcpSupervisor.status(key);
    expect(status).toMatchObject({ state: 'running', crashes: 1, starts: 2 });
    expect(status.pid).not.toBe(before.pid);
    expect(childrenRunning('server-everything')).toBe(1);
  });

  it('mounts server-memory next to it; multi-execute spans both servers', async () => {
    const memoryFile = path.join(tmp, 'memory.jsonl');
    const res = await register({ slug: 'memory', transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: memoryFile } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const id = await session(['memory', 'everything']);
    const created = await run(id, 'MEMORY_CREATE_ENTITIES', { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] });
    expect(created.json.error).toBeNull();
    const multi = await run(id, 'COMPOSIO_MULTI_EXECUTE_TOOL', {
      tools: [
        { tool_slug: 'MEMORY_SEARCH_NODES', arguments: { query: 'Ada' } },
        { tool_slug: 'EVERYTHING_ECHO', arguments: { message: 'side by side' } },
        { tool_slug: 'MEMORY_OPEN_NODES', arguments: {} },
      ],
    });
    expect(multi.json.data).toMatchObject({ total_count: 3, success_count: 2, error_count: 1 });
    expect(JSON.stringify(multi.json.data.results[0].response.data)).toContain('wrote the first program');
    const tags = (await api.call('GET', '/api/v3.1/tools/MEMORY_DELETE_ENTITIES')).json.tags;
    expect(tags).toContain('destructiveHint');
  });

  it('refuses stdio commands the operator did not allow, slugs of other toolkits, and servers that do not start', async () => {
    const sh = await register({ slug: 'shell', transport: 'stdio', command: '/bin/sh', args: ['-c', 'echo pwned'] });
    expect(sh.status).toBe(403);
    expect(sh.json.error.slug).toBe('McpServer_StdioNotAllowed');
    expect((await register({ slug: 'github', transport: 'stdio', command: process.execPath, args: [EVERYTHING] })).status).toBe(409);
    const broken = await register({ slug: 'broken', transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], timeout_ms: 2_000 });
    expect(broken.status).toBe(502);
    expect(broken.json.error.slug).toBe('McpServer_Unavailable');
    expect((await api.call('GET', '/api/v3.1/mcp_servers/broken')).status).toBe(404);
    const invalid = await register({ slug: 'Bad Slug', transport: 'ftp' });
    expect(invalid.status).toBe(400);
  });

  it("refuses to register a server as the meta-tools' toolkit, and keeps nothing of it", async () => {
    const res = await register({ slug: 'composio', transport: 'stdio', command: process.execPath, args: [EVERYTHING], timeout_ms: 5_000 });
    expect(res.status).toBe(409);
    expect(res.json.error.slug).toBe('Catalog_ImportConflict');
    expect(res.json.error.errors).toContain('toolkit slug "composio" is the meta-tools\' own toolkit');
    expect(res.json.error.errors.some((line: string) => line.startsWith('COMPOSIO_ECHO'))).toBe(true);
    expect((await api.call('GET', '/api/v3.1/mcp_servers/composio')).status).toBe(404);
  });

  it('keeps servers per project', async () => {
    expect((await api.call('GET', '/api/v3.1/mcp_servers', undefined, api.keyB)).json.items).toEqual([]);
    expect((await api.call('GET', '/api/v3.1/tools/EVERYTHING_ECHO', undefined, api.keyB)).status).toBe(404);
  });

  it('deletes a server: its process stops and its tools disappear', async () => {
    const list = await api.call('GET', '/api/v3.1/mcp_servers');
    expect(list.json.items.map((s: { slug: string }) => s.slug)).toEqual(['everything', 'memory']);
    expect((await api.call('DELETE', '/api/v3.1/mcp_servers/memory')).json).toEqual({ slug: 'memory', deleted: true });
    expect((await api.call('GET', '/api/v3.1/tools/MEMORY_READ_GRAPH')).status).toBe(404);
    await expect.poll(() => childrenRunning('server-memory'), { timeout: 5_000 }).toBe(0);
  });
});

describe('upstream MCP servers over Streamable HTTP', () => {
  let child: RunningProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    child = await startProcess(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { PORT: String(port) }, ready: /listening/ });
  });
  afterAll(() => child?.stop());

  it('registers an http server through the guarded client and calls it', async () => {
    const res = await register({
      slug: 'remote',
      transport: 'http',
      url: `http://127.0.0.1:${port}/mcp`,
      headers: { authorization: 'Bearer upstream-secret' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ transport: 'http', headers: ['authorization'], tool_count: expect.any(Number) });
    const id = await session(['remote']);
    const sum = await run(id, 'REMOTE_GET_SUM', { a: 1, b: 2 });
    expect(sum.json.error).toBeNull();
    expect(text(sum.json.data)).toContain('3');
  });

  it('refuses an http server on a private address that is not allowlisted', async () => {
    const res = await register({ slug: 'metadata', transport: 'http', url: 'http://169.254.169.254/mcp' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500 + 3);
    expect(JSON.stringify(res.json.error)).toMatch(/169\.254\.169\.254.*refused|refused.*169\.254\.169\.254/);
  });

  it('refuses headers no HTTP client can send as a 400 naming them, not as an unreachable server', async () => {
    const url = 'http://169.254.169.254/mcp';
    const badName = await register({ slug: 'badname', transport: 'http', url, headers: { 'Bad Name': 'x' } });
    expect(badName.status).toBe(400);
    expect(badName.json.error.errors).toEqual([expect.stringMatching(/^headers\.Bad Name: .*HTTP header name/)]);
    const split = await register({ slug: 'split', transport: 'http', url, headers: { authorization: 'Bearer x\r\nX-Injected: 1' } });
    expect(split.status).toBe(400);
    expect(split.json.error.errors).toEqual([expect.stringMatching(/^headers\.authorization: .*control characters/)]);
    const wide = await register({ slug: 'wide', transport: 'http', url, headers: { 'x-note': 'caf\u00e9 \u2028' } });
    expect(wide.status).toBe(400);
  });
});
