import {
  FileDeleteResponseSchema,
  FileListResponseSchema,
  RemoteFileDataSchema,
  ToolExecuteResponseSchema,
  ToolkitRetrieveResponseSchema,
  ToolSchema,
} from '@composio/core';
import { describe, expect, it } from 'vitest';
import { useInventoryServer } from './inventory-upstream.js';

/**
 * The official client's own zod schemas, applied by hand to what it reads: the classic execute
 * answer, tools, toolkits and the session file mounts. Some of them the client only applies with
 * a logged warning when they fail (toolkits), so passing its calls alone would not prove a shape.
 * Runs with @composio/core 0.17 on Node 20 and, through core-019/, 0.19 on Node 22.
 */
const env = useInventoryServer();

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${env.server.url}${path}`, {
    method,
    headers: { 'x-api-key': env.server.key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

/** Every issue the schema finds, as readable lines (empty when the value passes). */
function issues(schema: ClientSchema, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

/** The part of a zod schema used here, whichever zod major the client is built with. */
interface ClientSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

describe("@composio/core's own schemas", () => {
  it('ToolExecuteResponseSchema: the classic execute answer, raw and as the client returns it', async () => {
    const raw = await call('POST', '/api/v3.1/tools/execute/INVENTORY_GET_ITEM', { arguments: { id: '42' }, user_id: 'schema-user', version: 'latest' });
    const asClientMaps = { data: raw.data, error: raw.error, successful: raw.successful, logId: raw.log_id };
    expect(issues(ToolExecuteResponseSchema, asClientMaps)).toEqual([]);
    expect(typeof raw.log_id).toBe('string');
    const viaClient = await env.server
      .composio()
      .tools.execute('INVENTORY_GET_ITEM', { userId: 'schema-user', arguments: { id: '42' }, dangerouslySkipVersionCheck: true });
    expect(issues(ToolExecuteResponseSchema, viaClient)).toEqual([]);
  });

  it('ToolSchema: imported, built-in and meta-tools as the client returns them', async () => {
    const composio = env.server.composio();
    for (const slug of ['INVENTORY_GET_ITEM', 'GITHUB_GET_A_REPOSITORY', 'COMPOSIO_SEARCH_TOOLS']) {
      const tool = await composio.tools.getRawComposioToolBySlug(slug);
      expect(tool.slug).toBe(slug);
      expect(issues(ToolSchema, tool), slug).toEqual([]);
    }
  });

  it('ToolkitRetrieveResponseSchema: GET /toolkits/{slug} for imported, built-in and OAuth toolkits', async () => {
    const composio = env.server.composio();
    for (const slug of ['inventory', 'github', 'gmail']) {
      const toolkit = await composio.toolkits.get(slug);
      expect(toolkit.slug).toBe(slug);
      // The client hands back the unvalidated object when its transform fails: check it here.
      expect(issues(ToolkitRetrieveResponseSchema, toolkit), slug).toEqual([]);
    }
  });

  it('FileListResponseSchema, RemoteFileDataSchema, FileDeleteResponseSchema: the mount answers, raw', async () => {
    const session = await call('POST', '/api/v3.1/tool_router/session', { user_id: 'schema-user', toolkits: ['inventory'] });
    const base = `/api/v3.1/tool_router/session/${session.session_id}/mounts/files`;
    const up = await call('POST', `${base}/upload_url`, { mount_relative_path: 'reports/stock.csv', mimetype: 'text/csv' });
    expect((await fetch(up.upload_url, { method: 'PUT', body: 'name,units\nbulb,7\n', headers: { 'content-type': 'text/csv' } })).status).toBe(200);

    const listed = await call('GET', `${base}/items?mount_relative_prefix=reports`);
    expect(issues(FileListResponseSchema, listed)).toEqual([]);
    expect(listed.items).toHaveLength(1);
    expect(issues(RemoteFileDataSchema, await call('POST', `${base}/download_url`, { mount_relative_path: 'reports/stock.csv' }))).toEqual([]);
    expect(issues(FileDeleteResponseSchema, await call('POST', `${base}/delete`, { mount_relative_path: 'reports/stock.csv' }))).toEqual([]);
  });
});
