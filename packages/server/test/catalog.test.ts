import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

const petstore = (extraPath = false) => ({
  openapi: '3.0.3',
  info: { title: 'Pet Store', description: 'Pets for sale', version: '1.0.0' },
  servers: [{ url: 'https://pets.example.com/api' }],
  components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Pet-Key' } } },
  security: [{ key: [] }],
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        summary: 'List pets',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' }, description: 'How many' }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/pets/{petId}': {
      delete: {
        operationId: 'deletePet',
        summary: 'Delete a pet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'gone' } },
      },
    },
    ...(extraPath ? { '/stores': { get: { operationId: 'listStores', summary: 'List stores', responses: { '200': { description: 'ok' } } } } } : {}),
  },
});

let api: TestApi;
let specServer: Server;
let specUrl: string;
beforeAll(async () => {
  api = await startTestApi({ egressAllow: ['127.0.0.1'] });
  specServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/yaml');
    res.end(
      `openapi: 3.0.3\ninfo: {title: Yaml API, version: '2'}\nservers: [{url: 'https://yaml.example.com'}]\npaths:\n  /ping:\n    get: {operationId: ping, summary: Ping the service, responses: {'200': {description: ok}}}\n`,
    );
  });
  await new Promise<void>((r) => specServer.listen(0, '127.0.0.1', r));
  specUrl = `http://127.0.0.1:${(specServer.address() as AddressInfo).port}/openapi.yaml`;
});
afterAll(async () => {
  await api.close();
  await new Promise((r) => specServer.close(r));
});

describe('catalog endpoints', () => {
  it('lists the built-in GitHub toolkit with its OAuth2 scheme', async () => {
    const list = await api.call('GET', '/api/v3.1/toolkits');
    expect(list.status).toBe(200);
    const github = list.json.items.find((t: any) => t.slug === 'github');
    expect(github).toMatchObject({ name: 'GitHub', origin: 'builtin', auth_schemes: expect.arrayContaining(['OAUTH2']) });
    expect(github.meta.tools_count).toBeGreaterThan(1000);

    const detail = await api.call('GET', '/api/v3.1/toolkits/github');
    const oauth = detail.json.auth_scheme_details.find((s: any) => s.mode === 'OAUTH2');
    expect(oauth.authorization_url).toBe('https://github.com/login/oauth/authorize');
    expect(oauth.token_url).toBe('https://github.com/login/oauth/access_token');
    expect(Object.keys(oauth.scopes)).toContain('repo');

    // What the reference client reads from one toolkit: category slugs and, per auth scheme, the
    // fields an auth config needs and those the user gives when connecting.
    expect(detail.json.meta.categories).toEqual([{ id: 'developer-tools', slug: 'developer-tools', name: 'developer-tools' }]);
    const details = new Map(detail.json.auth_config_details.map((d: any) => [d.mode, d]));
    const oauthDetail: any = details.get('OAUTH2');
    expect(oauthDetail.fields.auth_config_creation.required.map((f: any) => f.name)).toEqual(['client_id']);
    expect(oauthDetail.fields.auth_config_creation.optional.map((f: any) => [f.name, f.default])).toEqual([
      ['client_secret', null],
      ['scopes', 'repo,user'],
    ]);
    expect(oauthDetail.fields.connected_account_initiation).toEqual({ required: [], optional: [] });
    expect(oauthDetail.proxy).toEqual({ base_url: 'https://api.github.com' });
    const bearer: any = details.get('BEARER_TOKEN');
    expect(bearer.fields.connected_account_initiation.required).toEqual([
      expect.objectContaining({ name: 'token', displayName: 'Personal access token', type: 'string', required: true }),
    ]);
    const weather = await api.call('GET', '/api/v3.1/toolkits/openweather');
    expect(weather.json.auth_config_details.map((d: any) => [d.mode, d.fields.connected_account_initiation.required.map((f: any) => f.name)])).toEqual([
      ['API_KEY', ['api_key']],
    ]);
    expect((await api.call('GET', '/api/v3.1/toolkits/hackernews')).json.auth_config_details).toEqual([]);

    const missing = await api.call('GET', '/api/v3.1/toolkits/githubb');
    expect(missing.status).toBe(404);
    expect(missing.json.error.suggested_fix).toBe('Did you mean "github"?');
  });

  it('filters tools by toolkit, slugs, search and tags, with cursors', async () => {
    const byToolkit = await api.call('GET', '/api/v3.1/tools?toolkit_slug=gmail&important=true&toolkit_versions[gmail]=latest');
    expect(byToolkit.status).toBe(200);
    expect(byToolkit.json.items.every((t: any) => t.toolkit.slug === 'gmail')).toBe(true);

    const bySlugs = await api.call('GET', '/api/v3.1/tools?tool_slugs=GITHUB_CREATE_AN_ISSUE,GMAIL_SEND_EMAIL&limit=9999');
    expect(bySlugs.json.items.map((t: any) => t.slug).sort()).toEqual(['GITHUB_CREATE_AN_ISSUE', 'GMAIL_SEND_EMAIL']);

    const searched = await api.call('GET', `/api/v3.1/tools?toolkit_slug=github&search=${encodeURIComponent('create issue')}&limit=3`);
    expect(searched.json.total_items).toBeGreaterThan(3);
    // Tools named after the request come first, the most specific name leading.
    expect(searched.json.items[0].slug).toBe('GITHUB_CREATE_AN_ISSUE');
    expect(searched.json.items.every((t: any) => /create/i.test(t.name) && /issue/i.test(t.name))).toBe(true);

    const readOnly = await api.call('GET', '/api/v3.1/tools?toolkit_slug=hackernews&tags=readOnlyHint');
    expect(readOnly.json.items.length).toBeGreaterThan(0);
    expect(readOnly.json.items.every((t: any) => t.tags.includes('readOnlyHint'))).toBe(true);

    const page1 = await api.call('GET', '/api/v3.1/tools?toolkit_slug=github&limit=50');
    const page2 = await api.call('GET', `/api/v3.1/tools?toolkit_slug=github&limit=50&cursor=${page1.json.next_cursor}`);
    expect(page2.json.current_page).toBe(2);
    expect(page2.json.items[0].slug).not.toBe(page1.json.items[0].slug);

    const unknownParam = await api.call('GET', '/api/v3.1/tools?toolkit=github');
    expect(unknownParam.status).toBe(400);
    expect(unknownParam.json.error.errors).toContain('toolkit: unknown field; remove it or check its spelling');
  });

  it('returns one tool schema, or a 404 with the likely slug', async () => {
    const tool = await api.call('GET', '/api/v3.1/tools/GITHUB_CREATE_AN_ISSUE');
    expect(tool.status).toBe(200);
    expect(tool.json.input_parameters.type).toBe('object');
    expect(tool.json.input_parameters.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
    expect(tool.json.toolkit).toMatchObject({ slug: 'github', name: 'GitHub' });
    const typo = await api.call('GET', '/api/v3.1/tools/GITHUB_CREATE_AN_ISUE');
    expect(typo.status).toBe(404);
    expect(typo.json.error.suggested_fix).toContain('GITHUB_CREATE_AN_ISSUE');
  });
});

describe('OpenAPI import', () => {
  it('imports a spec object as a project-owned toolkit and replaces it on re-import', async () => {
    const first = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'petstore', spec: petstore() });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ slug: 'petstore', name: 'Pet Store', version: '1', tool_count: 2, origin: 'imported' });
    expect(first.json.auth_scheme_details).toEqual([{ mode: 'API_KEY', in: 'header', name: 'X-Pet-Key', prefix: '' }]);

    const del = await api.call('GET', '/api/v3.1/tools/PETSTORE_DELETE_A_PET');
    expect(del.json.tags).toEqual(expect.arrayContaining(['destructiveHint', 'idempotentHint', 'openWorldHint']));
    expect(del.json.input_parameters.required).toEqual(['petId']);

    const second = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'petstore', spec: petstore(true), name: 'Pets v2' });
    expect(second.json).toMatchObject({ version: '2', tool_count: 3, name: 'Pets v2' });
    const tools = await api.call('GET', '/api/v3.1/tools?toolkit_slug=petstore');
    expect(tools.json.items.map((t: any) => t.version)).toEqual(['2', '2', '2']);

    // Usable in sessions of the importing project only.
    const session = await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'u', toolkits: ['petstore'] });
    expect(session.status).toBe(201);
    const other = await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'u', toolkits: ['petstore'] }, api.keyB);
    expect(other.status).toBe(400);
    expect((await api.call('GET', '/api/v3.1/toolkits/petstore', undefined, api.keyB)).status).toBe(404);
    expect((await api.call('GET', '/api/v3.1/tools/PETSTORE_LIST_PETS', undefined, api.keyB)).status).toBe(404);
  });

  it('refuses to replace a built-in toolkit', async () => {
    const res = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'github', spec: petstore() });
    expect(res.status).toBe(409);
    expect(res.json.error.slug).toBe('Catalog_ImportConflict');
  });

  it('refuses a toolkit whose tools would be named like the meta-tools, naming them and the fix', async () => {
    // Summary "Search tools" under toolkit "composio" becomes COMPOSIO_SEARCH_TOOLS, a meta-tool.
    const spec = petstore();
    spec.paths['/pets'].get.summary = 'Search tools';
    const own = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'composio', spec });
    expect(own.status).toBe(409);
    expect(own.json.error.slug).toBe('Catalog_ImportConflict');
    expect(own.json.error.message).toContain('COMPOSIO_SEARCH_TOOLS');
    expect(own.json.error.errors).toEqual(
      expect.arrayContaining(['toolkit slug "composio" is the meta-tools\' own toolkit', 'COMPOSIO_SEARCH_TOOLS: is a meta-tool']),
    );
    expect(own.json.error.suggested_fix).toMatch(/toolkit slug that is not "composio"/);
    // Another toolkit slug can land in the reserved namespace too: composio_get + "Tool schemas".
    spec.paths['/pets'].get.summary = 'Tool schemas';
    const prefixed = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'composio_get', spec });
    expect(prefixed.status).toBe(409);
    expect(prefixed.json.error.errors).toContain('COMPOSIO_GET_TOOL_SCHEMAS: is a meta-tool');
    expect((await api.call('GET', '/api/v3.1/toolkits/composio_get')).status).toBe(404);
    // The composio toolkit still lists only the meta-tools themselves.
    const listed = await api.call('GET', '/api/v3.1/tools?toolkit_slug=composio&limit=100');
    expect(listed.json.items.length).toBeGreaterThan(0);
    for (const item of listed.json.items as Array<{ slug: string; toolkit: { slug: string } }>) expect(item.toolkit.slug).toBe('composio');
  });

  it('fetches spec_url through the egress guard (YAML accepted)', async () => {
    const res = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'yamlapi', spec_url: specUrl });
    expect(res.status).toBe(201);
    expect(res.json.tool_count).toBe(1);
    expect((await api.call('GET', '/api/v3.1/tools/YAMLAPI_PING_THE_SERVICE')).status).toBe(200);
  });

  it('rejects bad import bodies with field-level errors', async () => {
    const both = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'x', spec: petstore(), spec_url: specUrl });
    expect(both.status).toBe(400);
    expect(both.json.error.errors[0]).toMatch(/^spec: give exactly one/);
    const badSlug = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'Bad Slug', spec: petstore() });
    expect(badSlug.json.error.errors[0]).toMatch(/^slug: /);
    const reservedSlug = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'prototype', spec: petstore() });
    expect(reservedSlug.status).toBe(400);
    expect(reservedSlug.json.error.errors[0]).toMatch(/^slug: is a reserved name/);
    const notOpenApi = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'junk', spec: { hello: 'world' } });
    expect(notOpenApi.status).toBe(400);
    expect(notOpenApi.json.error.slug).toBe('Catalog_ImportFailed');
  });

  it('deletes an imported toolkit', async () => {
    await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'temp', spec: petstore() });
    expect((await api.call('DELETE', '/api/v3.1/toolkits/temp')).json).toEqual({ slug: 'temp', deleted: true });
    expect((await api.call('GET', '/api/v3.1/toolkits/temp')).status).toBe(404);
    expect((await api.call('DELETE', '/api/v3.1/toolkits/github')).status).toBe(409);
  });
});

describe('egress guard on spec_url', () => {
  it('refuses loopback URLs unless the operator allowlisted them', async () => {
    const strict = await startTestApi({ egressAllow: [] });
    try {
      const res = await strict.call('POST', '/api/v3.1/toolkits/import', { slug: 'blocked', spec_url: specUrl });
      expect(res.status).toBe(403);
      expect(res.json.error.slug).toBe('Net_EgressDenied');
      expect(res.json.error.message + res.json.error.suggested_fix).toMatch(/TOOLROUTER_EGRESS_ALLOW/);
    } finally {
      await strict.close();
    }
  });
});
