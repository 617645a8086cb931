import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../src/projects/project-service.js';
import type { Store } from '../src/store/store.js';
import { callApp, createTestApp, listen, openTestStore } from './harness.js';

/**
 * The MCP Inspector's command line (`@modelcontextprotocol/inspector@0.15.0 --cli`, pinned: the
 * last release for Node 20), run as its own process against a listening server. It cannot send
 * headers, so it is given a session's MCP URL token.
 */
const run = promisify(execFile);
const inspectorCli = path.join(path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'cli/build/cli.js');

let store: Store;
let dispose: () => Promise<void>;
let server: Awaited<ReturnType<typeof listen>>;
let url: string;

beforeAll(async () => {
  const opened = await openTestStore('sqlite');
  store = opened.store;
  dispose = opened.dispose;
  const app = await createTestApp(store);
  server = await listen(app);
  const key = (await new ProjectService(store).createProject('inspector')).key.key;
  const created = await callApp(app, 'POST', '/api/v3.1/tool_router/session', { user_id: 'erin', toolkits: ['hackernews', 'github'] }, key);
  const id = created.json.session_id;
  const token = await callApp(app, 'POST', `/api/v3.1/tool_router/session/${id}/mcp_tokens`, { name: 'inspector' }, key);
  url = `${server.url}/tool_router/${id}/mcp?token=${token.json.token}`;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await dispose?.();
});

async function inspector(...args: string[]) {
  const { stdout } = await run(process.execPath, [inspectorCli, '--cli', url, '--transport', 'http', ...args], { timeout: 60_000 });
  return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

describe('MCP Inspector CLI', () => {
  it("lists the session's tools", async () => {
    const result = await inspector('--method', 'tools/list');
    const names = result.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'COMPOSIO_MULTI_EXECUTE_TOOL']));
  });

  it('calls a tool and gets the JSON envelope back', async () => {
    const result = await inspector('--method', 'tools/call', '--tool-name', 'COMPOSIO_GET_TOOL_SCHEMAS', '--tool-arg', 'tool_slugs=["GITHUB_CREATE_AN_ISSUE"]');
    expect(result.isError).toBe(false);
    const envelope = JSON.parse(result.content[0].text);
    expect(envelope.successful).toBe(true);
    expect(envelope.data.tool_schemas.GITHUB_CREATE_AN_ISSUE.input_schema.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
  });
});
