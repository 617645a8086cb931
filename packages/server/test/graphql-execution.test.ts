import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { addMocksToSchema } from '@graphql-tools/mock';
import type { ToolkitBundle } from '@toolrouter/core';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../src/catalog/sources/graphql/index.js';
import { Browser } from './connections/browser.js';
import { type ConnectionsEnv, startEnv } from './connections/fixture.js';
import { builtinCatalog, type StoreKind, startTestApi, type TestApi } from './harness.js';
import { FixedCredentials } from './helpers/echo-server.js';

/**
 * GraphQL tools end to end: the built-in Linear and monday.com toolkits pointed at a real GraphQL
 * server on loopback (graphql-http) that serves each vendor schema with schema-driven mock data.
 * graphql-http parses and validates every operation against the schema and coerces its variables,
 * so a malformed document or variable fails the call; the test also validates every document the
 * server received itself.
 */
const BASE = '/api/v3.1/tool_router/session';
const catalogDir = fileURLToPath(new URL('../catalog/', import.meta.url));
/**
 * graphql-http and @graphql-tools/mock load `graphql` the way Node resolves it (its CommonJS
 * build), while vitest hands this file the ES module build; graphql-js refuses a schema from the
 * other copy. So the mock server's schemas and errors are made with Node's copy.
 */
const nodeGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const { GraphQLError } = nodeGraphql;
const serverSchema = (slug: string) => nodeGraphql.buildSchema(gunzipSync(readFileSync(`${catalogDir}graphql/${slug}.graphql.gz`)).toString('utf8'));

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** Deterministic mock values for every scalar the two schemas use. */
const mocks = {
  String: () => 'text',
  ID: () => 'id-1',
  Int: () => 7,
  Float: () => 1.5,
  Boolean: () => true,
  DateTime: () => '2026-01-02T03:04:05.000Z',
  DateTimeOrDuration: () => '2026-01-02T03:04:05.000Z',
  ISO8601DateTime: () => '2026-01-02T03:04:05.000Z',
  TimelessDate: () => '2026-01-02',
  TimelessDateOrDuration: () => '2026-01-02',
  Date: () => '2026-01-02',
  Duration: () => 'P1D',
  UUID: () => '00000000-0000-4000-8000-000000000000',
  CompareValue: () => 'text',
  File: () => 'file',
  JSON: () => ({}),
  JSONObject: () => ({}),
};

function mockedSchema(schema: GraphQLSchema, resolvers: Record<string, Record<string, () => unknown>>): GraphQLSchema {
  return addMocksToSchema({ schema, mocks, resolvers });
}

async function startGraphqlServer(schemas: Record<string, GraphQLSchema>, received: Received[]): Promise<{ url: string; close(): Promise<void> }> {
  const handlers = Object.fromEntries(
    Object.entries(schemas).map(([path, schema]) => [
      path,
      createHandler({
        schema,
        onSubscribe(req, params) {
          const headers = req.raw.headers;
          received.push({ path, headers, query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? undefined });
          // A revoked key: answered the way Linear does, as a GraphQL error with an authentication code.
          if (headers.authorization === 'revoked-key') {
            return [new GraphQLError('Authentication required, not authenticated', { extensions: { code: 'AUTHENTICATION_ERROR' } })];
          }
          return undefined;
        },
      }),
    ]),
  );
  const server: Server = createServer((req, res) => {
    const handler = handlers[(req.url ?? '').split('?')[0] ?? ''];
    if (!handler) return void res.writeHead(404).end();
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('GraphQL tools on %s', (store) => {
  const received: Received[] = [];
  const broker = new FixedCredentials(
    { mode: 'API_KEY', in: 'header', name: 'Authorization', value: 'lin_api_key_1' },
    { mode: 'API_KEY', in: 'header', name: 'Authorization', value: 'renewed-key' },
  );
  let schemas: { linear: GraphQLSchema; monday: GraphQLSchema };
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  let api: TestApi;
  let builtin: ToolkitBundle[];

  beforeAll(async () => {
    schemas = {
      linear: await loadSchema(`${catalogDir}graphql/linear.graphql.gz`),
      monday: await loadSchema(`${catalogDir}graphql/monday.graphql.gz`),
    };
    const linear = mockedSchema(serverSchema('linear'), {
      Query: {
        // A non-null root field that fails: the answer carries errors and no data at all.
        issueLabel: () => {
          throw new GraphQLError('Entity not found: IssueLabel', { extensions: { code: 'INPUT_ERROR', userPresentableMessage: 'The label does not exist.' } });
        },
      },
    });
    const monday = mockedSchema(serverSchema('monday'), {
      // A nullable field that fails: the answer carries data and errors (a partial result).
      Board: {
        description: () => {
          throw new GraphQLError('Description is not available');
        },
      },
    });
    server = await startGraphqlServer({ '/graphql': linear, '/v2': monday }, received);
    builtin = (await builtinCatalog()).map((b) =>
      b.toolkit.slug === 'linear' || b.toolkit.slug === 'monday' ? { ...b, toolkit: { ...b.toolkit, base_url: server.url } } : b,
    );
    api = await startTestApi({ store, builtin, egressAllow: ['127.0.0.1'], wiring: { credentials: broker } });
  });
  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  const session = async () => {
    const res = await api.call('POST', BASE, { user_id: 'gql-user', toolkits: ['linear', 'monday'] });
    expect(res.status).toBe(201);
    return res.json.session_id as string;
  };
  const run = (id: string, tool_slug: string, args: Record<string, unknown>) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug, arguments: args });

  it('runs a Linear query with the API key as the Authorization header and returns the data by root field', async () => {
    const id = await session();
    const res = await run(id, 'LINEAR_GET_LINEAR_ISSUE', { id: 'ENG-1' });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeNull();
    expect(res.json.data.issue).toMatchObject({ id: 'id-1', title: 'text', team: { id: 'id-1', key: 'text' } });
    const last = received.at(-1)!;
    expect(last).toMatchObject({ path: '/graphql', operationName: 'Issue', variables: { id: 'ENG-1' } });
    expect(last.headers.authorization).toBe('lin_api_key_1');
    expect(last.headers['content-type']).toBe('application/json');
  });

  it('sends nested input objects as variables and leaves omitted arguments out', async () => {
    const id = await session();
    const create = await run(id, 'LINEAR_CREATE_LINEAR_ISSUE', { input: { teamId: 'team-1', title: 'Crash on start', priority: 2, labelIds: ['a', 'b'] } });
    expect(create.json.error).toBeNull();
    expect(create.json.data.issueCreate).toMatchObject({ success: true, issue: { id: 'id-1' } });
    expect(received.at(-1)!.variables).toEqual({ input: { teamId: 'team-1', title: 'Crash on start', priority: 2, labelIds: ['a', 'b'] } });
    const list = await run(id, 'LINEAR_LIST_LINEAR_ISSUES', { first: 2, filter: { title: { contains: 'crash' } }, orderBy: 'updatedAt' });
    expect(list.json.error).toBeNull();
    expect(list.json.data.issues.nodes).toHaveLength(2);
    expect(list.json.data.issues.pageInfo).toMatchObject({ hasNextPage: true });
    expect(received.at(-1)!.variables).toEqual({ first: 2, filter: { title: { contains: 'crash' } }, orderBy: 'updatedAt' });
  });

  it('runs monday.com mutations and queries on /v2', async () => {
    const id = await session();
    const item = await run(id, 'MONDAY_CREATE_ITEM', { board_id: 123, item_name: 'Write the report', column_values: '{"status":"Working on it"}' });
    expect(item.json.error).toBeNull();
    expect(item.json.data.create_item).toMatchObject({ id: 'id-1', name: 'text' });
    expect(received.at(-1)).toMatchObject({ path: '/v2', operationName: 'CreateItem', variables: { board_id: 123, item_name: 'Write the report' } });
    const moved = await run(id, 'MONDAY_MOVE_ITEM_TO_GROUP', { item_id: '9', group_id: 'topics' });
    expect(moved.json.error).toBeNull();
    const items = await run(id, 'MONDAY_LIST_BOARD_ITEMS', { board_id: '42', limit: 2 });
    expect(items.json.error).toBeNull();
    expect(items.json.data.boards[0].items_page.items[0]).toMatchObject({ id: 'id-1', column_values: [{ id: 'id-1' }, { id: 'id-1' }] });
    expect(received.at(-1)).toMatchObject({ operationName: 'ListBoardItems', variables: { board_id: '42', limit: 2 } });
  });

  it('runs the raw passthrough tool with the caller’s document and variables', async () => {
    const id = await session();
    const res = await run(id, 'LINEAR_RUN_QUERY_OR_MUTATION', {
      query: 'query One($id: String!) { team(id: $id) { id name issues(first: 1) { nodes { title } } } }',
      variables: { id: 't' },
    });
    expect(res.json.error).toBeNull();
    expect(res.json.data.team).toMatchObject({ id: 'id-1', name: 'text', issues: { nodes: [{ title: 'text' }, { title: 'text' }] } });
    expect(received.at(-1)).toMatchObject({ variables: { id: 't' }, operationName: undefined });
  });

  it('fails a call whose answer has errors and no data, with the messages', async () => {
    const id = await session();
    const res = await run(id, 'LINEAR_ISSUE_LABEL', { id: 'nope' });
    expect(res.json.error).toBe('LINEAR_ISSUE_LABEL failed: Entity not found: IssueLabel: The label does not exist. (at issueLabel)');
    expect(res.json.data.graphql_errors[0]).toMatchObject({ message: 'Entity not found: IssueLabel' });
  });

  it('fails a document the schema rejects, naming the problem', async () => {
    const id = await session();
    const res = await run(id, 'LINEAR_RUN_QUERY_OR_MUTATION', { query: '{ issue(id: "x") { noSuchField } }' });
    expect(res.json.error).toMatch(/Cannot query field "noSuchField" on type "Issue"/);
  });

  it('returns partial data with its errors and says so', async () => {
    const id = await session();
    const res = await run(id, 'MONDAY_LIST_BOARDS', { limit: 1 });
    expect(res.json.error).toBeNull();
    expect(res.json.data.partial).toBe(true);
    expect(res.json.data.boards[0]).toMatchObject({ id: 'id-1', description: null });
    expect(res.json.data.graphql_errors[0]).toMatchObject({ message: 'Description is not available' });
  });

  it('renews the credential once after an authentication error and retries', async () => {
    const id = await session();
    const before = broker.renewCalls;
    broker.auth = { mode: 'API_KEY', in: 'header', name: 'Authorization', value: 'revoked-key' };
    try {
      const res = await run(id, 'LINEAR_LIST_LINEAR_TEAMS', {});
      expect(broker.renewCalls).toBe(before + 1);
      expect(res.json.error).toBeNull();
      expect(received.at(-1)!.headers.authorization).toBe('renewed-key');
    } finally {
      broker.auth = { mode: 'API_KEY', in: 'header', name: 'Authorization', value: 'lin_api_key_1' };
    }
  });

  it('runs Linear and monday.com tools together through COMPOSIO_MULTI_EXECUTE_TOOL with a bearer token', async () => {
    const id = await session();
    broker.auth = { mode: 'OAUTH2', token: 'oauth-token-1' };
    try {
      const tools = [
        { tool_slug: 'LINEAR_LIST_LINEAR_TEAMS', arguments: { first: 5 } },
        { tool_slug: 'LINEAR_LIST_LINEAR_STATES', arguments: {} },
        { tool_slug: 'MONDAY_CREATE_UPDATE', arguments: { item_id: 5, body: 'Done' } },
        { tool_slug: 'MONDAY_CREATE_ITEM', arguments: { item_name: 'no board' } },
      ];
      const start = received.length;
      const res = await run(id, 'COMPOSIO_MULTI_EXECUTE_TOOL', { tools, sync_response_to_workbench: false });
      const { results, success_count, error_count } = res.json.data;
      expect({ success_count, error_count }).toEqual({ success_count: 3, error_count: 1 });
      expect(results[0]).toMatchObject({ error: null, response: { successful: true, data: { teams: { nodes: expect.any(Array) } } } });
      expect(results[2]).toMatchObject({ error: null, response: { data: { create_update: { id: 'id-1' } } } });
      // Schema-invalid arguments are refused before any request.
      expect(results[3].error).toMatch(/arguments\.board_id: is required/);
      const sent = received.slice(start);
      expect(sent).toHaveLength(3);
      for (const r of sent) expect(r.headers.authorization).toBe('Bearer oauth-token-1');
    } finally {
      broker.auth = { mode: 'API_KEY', in: 'header', name: 'Authorization', value: 'lin_api_key_1' };
    }
  });

  it('goes through the egress guard: with no allowance for loopback the call is refused before sending', async () => {
    const guarded = await startTestApi({ store, builtin, egressAllow: [], wiring: { credentials: broker } });
    try {
      const id = (await guarded.call('POST', BASE, { user_id: 'gql-user', toolkits: ['linear'] })).json.session_id;
      const before = received.length;
      const res = await guarded.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'LINEAR_LIST_LINEAR_TEAMS', arguments: {} });
      expect(res.json.error).toMatch(/refused: it is a loopback address, blocked by the egress guard/);
      expect(received.length).toBe(before);
    } finally {
      await guarded.close();
    }
  });

  it('sent only documents that validate against the vendor schemas', () => {
    const generated = received.filter((r) => r.operationName !== undefined);
    expect(generated.length).toBeGreaterThan(5);
    for (const r of generated) {
      const schema = r.path === '/graphql' ? schemas.linear : schemas.monday;
      expect(validate(schema, parse(r.query)), r.operationName).toEqual([]);
    }
  });
});

/**
 * The same server, with a real connected account: an API-key auth config for Linear, the user
 * connects through the hosted key form, and the key comes out of the encrypted vault on each call.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('a Linear account connected with an API key on %s', (store) => {
  const received: Received[] = [];
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  let env: ConnectionsEnv;

  beforeAll(async () => {
    server = await startGraphqlServer({ '/graphql': mockedSchema(serverSchema('linear'), {}), '/v2': mockedSchema(serverSchema('monday'), {}) }, received);
    const builtin: ToolkitBundle[] = (await builtinCatalog()).map((b) =>
      b.toolkit.slug === 'linear' || b.toolkit.slug === 'monday' ? { ...b, toolkit: { ...b.toolkit, base_url: server.url } } : b,
    );
    env = await startEnv({ store, builtin });
  });
  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('sends the key from the vault as the Authorization header, and keeps it out of the execution log', async () => {
    const config = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'linear' },
      auth_config: { type: 'use_custom_auth', authScheme: 'API_KEY', name: 'Linear key' },
    });
    expect(config.status).toBe(201);
    const session = await env.call('POST', BASE, { user_id: 'key-user', toolkits: ['linear'], auth_configs: { linear: config.json.auth_config.id } });
    const id = session.json.session_id as string;
    const link = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'linear' });
    expect(link.status).toBe(201);
    const browser = new Browser();
    const form = await browser.go(link.json.redirect_url);
    expect(form.html).toMatch(/name="api_key" type="password"/);
    expect((await browser.submit(form, { api_key: 'lin_api_0123456789abcdef' })).status).toBe(200);

    const res = await env.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'LINEAR_LIST_LINEAR_PROJECTS', arguments: { first: 3 } });
    expect(res.json.error).toBeNull();
    expect(res.json.data.projects.nodes).toHaveLength(2);
    expect(received.at(-1)).toMatchObject({ path: '/graphql', operationName: 'Projects', variables: { first: 3 } });
    expect(received.at(-1)!.headers.authorization).toBe('lin_api_0123456789abcdef');
    const logs = await env.call('GET', `/api/v3.1/execution_logs?session_id=${id}&limit=5`);
    expect(logs.json.items.some((i: { tool_slug: string }) => i.tool_slug === 'LINEAR_LIST_LINEAR_PROJECTS')).toBe(true);
    expect(JSON.stringify(logs.json)).not.toContain('lin_api_0123456789abcdef');
  });
});
