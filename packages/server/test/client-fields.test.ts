import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

/**
 * Fields the official clients read without checking they exist (the TypeScript client's
 * generated types mark them required; the Python client reads the same), and the project-wide
 * session listing. Runs on both stores.
 */
const TOOL_KEYS = [
  'slug',
  'name',
  'description',
  'available_versions',
  'deprecated',
  'input_parameters',
  'output_parameters',
  'is_deprecated',
  'no_auth',
  'scopes',
  'tags',
  'toolkit',
  'version',
  'scope_requirements',
];

function expectToolShape(item: any) {
  for (const key of TOOL_KEYS) expect(item, `tool field ${key}`).toHaveProperty(key);
  expect(typeof item.toolkit.logo).toBe('string');
  expect(item.deprecated).toEqual({
    is_deprecated: false,
    version: item.version,
    available_versions: item.available_versions,
    displayName: item.name,
    toolkit: { logo: item.toolkit.logo },
  });
}

describe.each(['sqlite', 'postgres'] as const)('fields the clients read, on %s', (store) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ store });
  });
  afterAll(async () => api?.close());

  it('tool items carry toolkit.logo and the deprecated block (catalog tools and meta-tools)', async () => {
    expectToolShape((await api.call('GET', '/api/v3.1/tools/HACKERNEWS_GET_ITEM')).json);
    expectToolShape((await api.call('GET', '/api/v3.1/tools/COMPOSIO_SEARCH_TOOLS')).json);
    const list = (await api.call('GET', '/api/v3.1/tools?toolkit_slug=hackernews&limit=3')).json;
    for (const item of list.items) expectToolShape(item);
  });

  it('GET /toolkits/{slug} carries enabled, deprecated, type and the full meta', async () => {
    const res = await api.call('GET', '/api/v3.1/toolkits/hackernews');
    expect(res.status).toBe(200);
    const tk = res.json;
    expect(tk).toMatchObject({ slug: 'hackernews', enabled: true, is_local_toolkit: false, type: 'native', composio_managed_auth: [] });
    expect(tk.deprecated).toEqual({ toolkitId: 'hackernews', rawProxyInfoByAuthSchemes: [] });
    expect(tk.meta).toMatchObject({
      logo: expect.any(String),
      version: expect.any(String),
      triggers_count: 0,
      tools_count: expect.any(Number),
      description: expect.any(String),
    });
    expect(tk.meta.available_versions).toEqual([tk.meta.version]);
    for (const key of ['created_at', 'updated_at']) expect(Number.isNaN(Date.parse(tk.meta[key])), key).toBe(false);
    for (const category of tk.meta.categories) expect(category).toEqual({ id: expect.any(String), slug: expect.any(String), name: expect.any(String) });
  });

  it('session toolkits carry meta.logo', async () => {
    const id = (await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'logo-user', toolkits: ['hackernews', 'github'] })).json.session_id;
    const items = (await api.call('GET', `/api/v3.1/tool_router/session/${id}/toolkits`)).json.items;
    expect(items.length).toBe(2);
    for (const item of items) expect(typeof item.meta.logo).toBe('string');
  });

  it("GET /tool_router/session lists the project's sessions, newest first, by user, with a cursor", async () => {
    const made: string[] = [];
    for (const user of ['list-a', 'list-b', 'list-a', 'list-a']) {
      made.push((await api.call('POST', '/api/v3.1/tool_router/session', { user_id: user, toolkits: ['hackernews'] })).json.session_id);
    }
    const mine = [made[3], made[2], made[0]];
    const first = await api.call('GET', '/api/v3.1/tool_router/session?user_id=list-a&limit=2');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total_items: 3, total_pages: 2, current_page: 1 });
    expect(first.json.items[0]).toMatchObject({ config: { user_id: 'list-a' }, mcp: { type: 'http' } });
    const second = await api.call('GET', `/api/v3.1/tool_router/session?user_id=list-a&limit=2&cursor=${first.json.next_cursor}`);
    expect(second.json.next_cursor).toBeNull();
    const listed = [...first.json.items, ...second.json.items];
    expect(listed.map((s: any) => s.session_id).sort()).toEqual([...mine].sort());
    // Newest first (two sessions made within one millisecond may come in either order).
    const times = listed.map((s: any) => Date.parse(s.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    await api.call('DELETE', `/api/v3.1/tool_router/session/${made[3]}`);
    const all = (await api.call('GET', '/api/v3.1/tool_router/session?limit=100')).json;
    expect(all.items.map((s: any) => s.session_id)).not.toContain(made[3]);
    expect(all.items.map((s: any) => s.session_id)).toEqual(expect.arrayContaining([made[0], made[1], made[2]]));
    // Another project sees none of them.
    const other = (await api.call('GET', '/api/v3.1/tool_router/session', undefined, api.keyB)).json;
    expect(other.items.map((s: any) => s.session_id)).not.toContain(made[0]);
  });
});
