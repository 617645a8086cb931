import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

const BASE = '/api/v3.1/tool_router/session';

// The whole suite runs once per store: the API must behave the same on SQLite and PostgreSQL.
describe.each(['sqlite', 'postgres'] as const)('sessions API on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ store: kind });
  });
  afterAll(() => api.close());

  const create = (body: Record<string, unknown>, key?: string) => api.call('POST', BASE, { user_id: 'u1', ...body }, key);

  describe('session lifecycle', () => {
    it('creates a session with the reference response shape', async () => {
      const { status, json } = await create({ toolkits: { enable: ['gmail', 'github'] }, manage_connections: { enable: true } });
      expect(status).toBe(201);
      expect(json.session_id).toMatch(/^trs_[A-Za-z0-9_-]{12}$/);
      expect(json.mcp).toEqual({ type: 'http', url: `http://router.test/tool_router/${json.session_id}/mcp` });
      expect(json.config_version).toBe(1);
      expect(json.config.user_id).toBe('u1');
      expect(json.config.toolkits).toEqual({ enabled: ['gmail', 'github'] });
      expect(json.config.manage_connections.enabled).toBe(true);
      expect(json.tool_router_tools).toEqual([
        'COMPOSIO_SEARCH_TOOLS',
        'COMPOSIO_GET_TOOL_SCHEMAS',
        'COMPOSIO_MULTI_EXECUTE_TOOL',
        'COMPOSIO_MANAGE_CONNECTIONS',
        'COMPOSIO_REMOTE_WORKBENCH',
        'COMPOSIO_REMOTE_BASH_TOOL',
      ]);
      expect(typeof json.experimental.assistive_prompt).toBe('string');
      expect(json.experimental.custom_tools).toEqual([]);
    });

    it('gets, patches (only given keys), keeps history, deletes', async () => {
      const created = (await create({ toolkits: ['gmail'], workbench: { sandbox_size: 'large' } })).json;
      const id = created.session_id;

      const got = await api.call('GET', `${BASE}/${id}`);
      expect(got.status).toBe(200);
      expect(got.json.config).toEqual(created.config);

      const patched = await api.call('PATCH', `${BASE}/${id}`, { toolkits: { enable: ['gmail', 'slack'] }, preload: { tools: ['GMAIL_SEND_EMAIL'] } });
      expect(patched.status).toBe(200);
      expect(patched.json.config_version).toBe(2);
      expect(patched.json.config.toolkits).toEqual({ enabled: ['gmail', 'slack'] });
      expect(patched.json.config.preload).toEqual({ tools: ['GMAIL_SEND_EMAIL'] });
      expect(patched.json.config.workbench.sandbox_size).toBe('large'); // untouched key kept

      const cleared = await api.call('PATCH', `${BASE}/${id}`, { workbench: null });
      expect(cleared.json.config_version).toBe(3);
      expect(cleared.json.config.workbench.sandbox_size).toBe('standard');

      const history = await api.call('GET', `${BASE}/${id}/config_history?limit=2`);
      expect(history.status).toBe(200);
      expect(history.json.total_items).toBe(3);
      expect(history.json.items.map((i: any) => i.version)).toEqual([3, 2]);
      expect(history.json.items[0].is_current).toBe(true);
      const older = await api.call('GET', `${BASE}/${id}/config_history?limit=2&cursor=${history.json.next_cursor}`);
      expect(older.json.items.map((i: any) => i.version)).toEqual([1]);
      expect(older.json.items[0].config.toolkits).toEqual({ enable: ['gmail'] });

      const del = await api.call('DELETE', `${BASE}/${id}`);
      expect(del).toMatchObject({ status: 200, json: { session_id: id, deleted: true } });
      expect((await api.call('GET', `${BASE}/${id}`)).status).toBe(404);
      expect((await api.call('PATCH', `${BASE}/${id}`, { toolkits: ['gmail'] })).status).toBe(404);
      expect((await api.call('DELETE', `${BASE}/${id}`)).status).toBe(404);
    });

    it('answers a PATCH that changes nothing with the session as it is: no new version, no history entry', async () => {
      const created = (await create({ toolkits: ['gmail'], workbench: { sandbox_size: 'large' } })).json;
      const id = created.session_id;
      const empty = await api.call('PATCH', `${BASE}/${id}`, {});
      expect(empty.status).toBe(200);
      expect(empty.json.config_version).toBe(1);
      expect(empty.json.config).toEqual(created.config);
      // The stored values again (toolkits spelled out this time, keys in another order) change nothing either.
      const same = await api.call('PATCH', `${BASE}/${id}`, {
        workbench: { sandbox_size: 'large' },
        toolkits: { enable: ['gmail'] },
        expected_config_version: 1,
      });
      expect(same.status).toBe(200);
      expect(same.json.config_version).toBe(1);
      expect((await api.call('GET', `${BASE}/${id}/config_history`)).json.total_items).toBe(1);
      // A real change after the no-ops is version 2, and the history holds exactly the two configs.
      expect((await api.call('PATCH', `${BASE}/${id}`, { toolkits: ['gmail', 'slack'] })).json.config_version).toBe(2);
      const history = (await api.call('GET', `${BASE}/${id}/config_history`)).json;
      expect(history.items.map((i: any) => i.version)).toEqual([2, 1]);
    });

    it('refuses a PATCH based on a stale config_version and one that makes the config invalid, writing nothing', async () => {
      const id = (await create({ toolkits: ['gmail'] })).json.session_id;
      const stale = await api.call('PATCH', `${BASE}/${id}`, { expected_config_version: 7, tags: ['readOnlyHint'] });
      expect(stale.status).toBe(409);
      expect(stale.json.error.slug).toBe('Session_VersionConflict');
      const invalid = await api.call('PATCH', `${BASE}/${id}`, { preload: { tools: ['SLACK_SEND_MESSAGE'] } });
      expect(invalid.status).toBe(400);
      const otherUser = await api.call('PATCH', `${BASE}/${id}`, { user_id: 'someone-else' });
      expect(otherUser.status).toBe(400);
      expect(otherUser.json.error.errors).toEqual([expect.stringMatching(/^user_id: cannot be changed.*create a new session/)]);
      const after = await api.call('GET', `${BASE}/${id}`);
      expect(after.json.config_version).toBe(1);
      expect(after.json.config.preload).toEqual({ tools: [] });
    });

    it('applies every one of 200 concurrent PATCHes without expected_config_version, each on top of the previous', async () => {
      const id = (await create({ toolkits: ['gmail'] })).json.session_id;
      const customTool = (slug: string) => ({ slug, name: slug, description: `Tool ${slug}`, input_schema: { type: 'object', properties: {} } });
      // Even PATCHes replace experimental.custom_tools, odd ones experimental.custom_toolkits; the
      // server merges experimental one level deep, so each version must keep the other key as the
      // version before it had it. A lost or misordered update breaks that chain.
      const patches = Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? { experimental: { custom_tools: [customTool(`T${i}`)] } }
          : { experimental: { custom_toolkits: [{ slug: `kit${i}`, name: `Kit ${i}`, description: 'One tool', tools: [customTool('ONLY')] }] } },
      );
      const answers = await Promise.all(patches.map((patch) => api.call('PATCH', `${BASE}/${id}`, patch)));
      expect(answers.filter((a) => a.status !== 200).map((a) => a.json.error?.slug)).toEqual([]);
      expect(new Set(answers.map((a) => a.json.config_version)).size).toBe(200);

      const items: any[] = [];
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: any = (await api.call('GET', `${BASE}/${id}/config_history?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json;
        expect(page.total_items).toBe(201);
        items.push(...page.items);
        cursor = page.next_cursor ?? null;
      }
      const versions = items.sort((a, b) => a.version - b.version);
      expect(versions.map((v: any) => v.version)).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
      const marker = (config: any) => ({
        tool: config.experimental?.custom_tools?.[0]?.slug as string | undefined,
        kit: config.experimental?.custom_toolkits?.[0]?.slug as string | undefined,
      });
      const applied = new Set<string>();
      for (let v = 1; v < versions.length; v += 1) {
        const before = marker(versions[v - 1].config);
        const after = marker(versions[v].config);
        const changedTool = after.tool !== before.tool;
        expect(changedTool ? after.kit : after.tool).toBe(changedTool ? before.kit : before.tool);
        applied.add((changedTool ? after.tool : after.kit)!);
      }
      const expected = patches.map((_, i) => (i % 2 === 0 ? `T${i}` : `kit${i}`));
      expect([...applied].sort()).toEqual([...expected].sort());
      const final = (await api.call('GET', `${BASE}/${id}`)).json;
      expect(final.config_version).toBe(201);
    });

    it('still refuses a concurrent PATCH whose explicit expected_config_version went stale', async () => {
      const id = (await create({ toolkits: ['gmail'] })).json.session_id;
      const answers = await Promise.all(
        ['readOnlyHint', 'destructiveHint', 'idempotentHint'].map((tag) => api.call('PATCH', `${BASE}/${id}`, { expected_config_version: 1, tags: [tag] })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      expect(answers.filter((a) => a.status === 409).every((a) => a.json.error.slug === 'Session_VersionConflict')).toBe(true);
      expect((await api.call('GET', `${BASE}/${id}`)).json.config_version).toBe(2);
    });

    it('serves the same handlers under /api/v3', async () => {
      const created = await api.call('POST', '/api/v3/tool_router/session', { user_id: 'old-client', toolkits: ['gmail'] });
      expect(created.status).toBe(201);
      const id = created.json.session_id;
      expect((await api.call('GET', `/api/v3.1/tool_router/session/${id}`)).status).toBe(200);
      expect((await api.call('PATCH', `/api/v3/tool_router/session/${id}`, { tags: ['readOnlyHint'] })).json.config_version).toBe(2);
      expect((await api.call('GET', `/api/v3/tool_router/session/${id}/tools`)).json.items.length).toBeGreaterThan(0);
      // Older clients run meta-tools through execute_meta {slug, arguments}.
      const meta = await api.call('POST', `/api/v3/tool_router/session/${id}/execute_meta`, {
        slug: 'COMPOSIO_GET_TOOL_SCHEMAS',
        arguments: { tool_slugs: ['GMAIL_LIST_LABELS'] },
      });
      expect(meta.status).toBe(200);
      expect(meta.json.error).toBeNull();
      expect(JSON.stringify(meta.json.data)).toContain('GMAIL_LIST_LABELS');
      expect((await api.call('DELETE', `/api/v3/tool_router/session/${id}`)).json).toEqual({ session_id: id, deleted: true });
    });

    it('never shows a session to another project', async () => {
      const id = (await create({})).json.session_id;
      const other = await api.call('GET', `${BASE}/${id}`, undefined, api.keyB);
      expect(other.status).toBe(404);
      expect(other.json.error.slug).toBe('Session_NotFound');
      expect((await api.call('DELETE', `${BASE}/${id}`, undefined, api.keyB)).status).toBe(404);
      expect((await api.call('GET', `${BASE}/${id}/tools`, undefined, api.keyB)).status).toBe(404);
      expect((await api.call('GET', `${BASE}/${id}`)).status).toBe(200);
    });
  });

  describe('config validation', () => {
    // Built with JSON.parse: in an object literal "__proto__" would set the prototype instead of a key.
    const raw = (json: string) => JSON.parse(json) as Record<string, unknown>;

    it('rejects a "__proto__" key anywhere in the body, naming where it is, on create and PATCH', async () => {
      const bodies: Array<[string, string]> = [
        ['{"tools":{"__proto__":{"enable":["GMAIL_SEND_EMAIL"]}}}', 'tools.__proto__'],
        ['{"auth_configs":{"__proto__":"ac_abc"}}', 'auth_configs.__proto__'],
        ['{"connected_accounts":{"__proto__":"ca_abc"}}', 'connected_accounts.__proto__'],
        ['{"experimental":{"permissions":{"overrides":{"__proto__":"always_allow"}}}}', 'experimental.permissions.overrides.__proto__'],
        ['{"experimental":{"custom_tools":[{"__proto__":{}}]}}', 'experimental.custom_tools[0].__proto__'],
      ];
      const id = (await create({ toolkits: ['gmail'] })).json.session_id;
      for (const [body, field] of bodies) {
        for (const sent of [await create(raw(body)), await api.call('PATCH', `${BASE}/${id}`, raw(body))]) {
          expect(sent.status, body).toBe(400);
          expect(sent.json.error.errors, body).toEqual([`${field}: "__proto__" is not allowed as a key; remove it`]);
        }
      }
      // The same key behind a JSON escape, sent as written: JSON.parse turns it into "__proto__" all the same.
      const escaped = await api.call('POST', BASE, '{"user_id":"u1","tools":{"\\u005f_proto__":{"enable":["GMAIL_SEND_EMAIL"]}}}');
      expect(escaped.status).toBe(400);
      expect(escaped.json.error.errors).toEqual(['tools.__proto__: "__proto__" is not allowed as a key; remove it']);
      expect((await api.call('GET', `${BASE}/${id}`)).json.config_version).toBe(1);
    });

    it('rejects "constructor" and "prototype" as toolkit keys with the reason, not as unknown toolkits', async () => {
      const { status, json } = await create(
        raw('{"tools":{"constructor":{"enable":["GMAIL_SEND_EMAIL"]}},"auth_configs":{"prototype":"ac_abc"},"connected_accounts":{"constructor":"ca_abc"}}'),
      );
      expect(status).toBe(400);
      expect(json.error.errors).toEqual([
        expect.stringMatching(/^tools\.constructor: invalid key; is a reserved name .* not a toolkit slug$/),
        expect.stringMatching(/^auth_configs\.prototype: invalid key; is a reserved name/),
        expect.stringMatching(/^connected_accounts\.constructor: invalid key; is a reserved name/),
      ]);
    });

    it('rejects toolkits enable together with disable', async () => {
      const { status, json } = await create({ toolkits: { enable: ['gmail'], disable: ['slack'] } });
      expect(status).toBe(400);
      expect(json.error.errors.join('\n')).toMatch(/toolkits.*either "enable" or "disable"/);
    });

    it('rejects more than one of enable/disable/tags for a toolkit in tools', async () => {
      const { status, json } = await create({ tools: { gmail: { enable: ['GMAIL_SEND_EMAIL'], tags: ['readOnlyHint'] } } });
      expect(status).toBe(400);
      expect(json.error.errors[0]).toMatch(/^tools\.gmail: give exactly one/);
    });

    it('lists every unknown slug, with the likely intended one', async () => {
      const { status, json } = await create({
        toolkits: { enable: ['githb', 'gmail', 'zzzzqqq'] },
        tools: { gmail: { enable: ['GMAIL_SEND_EMAL', 'GITHUB_CREATE_AN_ISSUE'] } },
        preload: { tools: ['GMAIL_LIST_MESAGES'] },
      });
      expect(status).toBe(400);
      expect(json.error.slug).toBe('Session_InvalidConfig');
      const errors: string[] = json.error.errors;
      expect(errors).toContain('toolkits.enable[0]: unknown toolkit "githb" (did you mean "github"?)');
      expect(errors).toContain('toolkits.enable[2]: unknown toolkit "zzzzqqq"');
      expect(errors).toContain('tools.gmail.enable[0]: unknown tool "GMAIL_SEND_EMAL" (did you mean "GMAIL_SEND_EMAIL"?)');
      expect(errors).toContain('tools.gmail.enable[1]: tool "GITHUB_CREATE_AN_ISSUE" belongs to toolkit "github", not "gmail"');
      expect(errors).toContain('preload.tools[0]: unknown tool "GMAIL_LIST_MESAGES" (did you mean "GMAIL_LIST_MESSAGES"?)');
    });

    it('checks multi_account bounds and sandbox sizes', async () => {
      for (const n of [1, 11]) {
        const { status, json } = await create({ multi_account: { enable: true, max_accounts_per_toolkit: n } });
        expect(status).toBe(400);
        expect(json.error.errors[0]).toMatch(/^multi_account\.max_accounts_per_toolkit: must be between 2 and 10/);
      }
      expect((await create({ multi_account: { enable: true, max_accounts_per_toolkit: 10 } })).status).toBe(201);
      const bad = await create({ workbench: { sandbox_size: 'huge' } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.errors[0]).toMatch(/^workbench\.sandbox_size:/);
      for (const size of ['standard', 'medium', 'large', 'xlarge']) {
        expect((await create({ workbench: { sandbox_size: size } })).status).toBe(201);
      }
    });

    it('says what a permission override key must look like', async () => {
      const { status, json } = await create({ experimental: { permissions: { overrides: { GMAIL_LIST_LABELS: 'always_allow', '*:*': 'always_deny' } } } });
      expect(status).toBe(400);
      expect(json.error.errors).toEqual([
        'experimental.permissions.overrides.GMAIL_LIST_LABELS: invalid key; keys look like "TOOL_SLUG:ca_id", "TOOL_SLUG:__none__" or "*:ca_id"',
        'experimental.permissions.overrides.*:*: invalid key; keys look like "TOOL_SLUG:ca_id", "TOOL_SLUG:__none__" or "*:ca_id"',
      ]);
    });

    it('accepts and echoes every field of the create schema', async () => {
      const body = {
        toolkits: { disable: ['slack'] },
        tools: { gmail: { tags: { enable: ['readOnlyHint'] } }, github: { disable: ['GITHUB_CREATE_AN_ISSUE'] } },
        tags: { disable: ['destructiveHint'] },
        auth_configs: { gmail: 'ac_123' },
        connected_accounts: { gmail: 'ca_1', github: ['ca_2', 'ca_3'] },
        manage_connections: { enable: true, callback_url: 'https://app.example/cb', enable_wait_for_connections: true, enable_connection_removal: true },
        multi_account: { enable: true, max_accounts_per_toolkit: 3, require_explicit_selection: false },
        workbench: { enable: true, enable_proxy_execution: false, auto_offload_threshold: 5000, sandbox_size: 'medium' },
        preload: { tools: ['GMAIL_LIST_LABELS'] },
        search: { enable: true },
        execute: { enable_multi_execute: true },
        experimental: {
          permissions: { default: 'ask_once_per_session', overrides: { 'GMAIL_LIST_LABELS:__none__': 'always_allow', '*:ca_1': 'ask_always' } },
          assistive_prompt_config: { user_timezone: 'Europe/Berlin' },
          link_url_overwrite: 'https://connect.example.com',
        },
      };
      const { status, json } = await create(body);
      expect(status).toBe(201);
      expect(json.config).toMatchObject({
        toolkits: { disabled: ['slack'] },
        tools: { gmail: { tags: { enabled: ['readOnlyHint'] } }, github: { disabled: ['GITHUB_CREATE_AN_ISSUE'] } },
        tags: { disabled: ['destructiveHint'] },
        auth_configs: { gmail: 'ac_123' },
        connected_accounts: { gmail: ['ca_1'], github: ['ca_2', 'ca_3'] },
        manage_connections: { enabled: true, callback_url: 'https://app.example/cb', enable_wait_for_connections: true, enable_connection_removal: true },
        multi_account: { enabled: true, max_accounts_per_toolkit: 3, require_explicit_selection: false },
        workbench: { enable: true, proxy_execution_enabled: false, auto_offload_threshold: 5000, sandbox_size: 'medium' },
        preload: { tools: ['GMAIL_LIST_LABELS'] },
        search: { enable: true },
        execute: { enable_multi_execute: true },
        experimental: body.experimental,
      });
      expect(json.tool_router_tools).toContain('COMPOSIO_WAIT_FOR_CONNECTIONS');
    });

    it('makes the assistive prompt time-zone aware', async () => {
      const { json } = await create({ experimental: { assistive_prompt_config: { user_timezone: 'Asia/Kolkata' } } });
      expect(json.experimental.assistive_prompt).toMatch(/Asia\/Kolkata/);
      expect(json.experimental.assistive_prompt).toMatch(/GMT\+5:30/);
      const bad = await create({ experimental: { assistive_prompt_config: { user_timezone: 'Mars/Olympus' } } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.errors[0]).toMatch(/^experimental\.assistive_prompt_config\.user_timezone: must be an IANA/);
    });

    it('accepts only http(s) URLs for the callback and the link origin', async () => {
      const bad = await create({
        manage_connections: { callback_url: 'javascript:alert(1)' },
        experimental: { link_url_overwrite: 'data:text/html,hi' },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.errors).toEqual([
        'manage_connections.callback_url: must be an absolute http(s) URL',
        'experimental.link_url_overwrite: must be an absolute http(s) URL',
      ]);
      const good = await create({
        manage_connections: { callback_url: 'http://localhost:3000/done' },
        experimental: { link_url_overwrite: 'https://connect.example.com' },
      });
      expect(good.status).toBe(201);
    });

    it('requires several accounts per toolkit to go with multi_account', async () => {
      const { status, json } = await create({ connected_accounts: { github: ['ca_1', 'ca_2'] } });
      expect(status).toBe(400);
      expect(json.error.errors[0]).toMatch(/connected_accounts\.github: 2 accounts given; enable multi_account/);
    });
  });

  describe('preload', () => {
    it('refuses meta, custom, unknown and blocked slugs, naming each', async () => {
      const { status, json } = await create({
        toolkits: ['gmail'],
        tools: { gmail: { disable: ['GMAIL_TRASH_MESSAGE'] } },
        preload: { tools: ['COMPOSIO_SEARCH_TOOLS', 'LOCAL_GREP', 'SLACK_SEND_MESSAGE', 'GMAIL_TRASH_MESSAGE', 'GMAIL_SEND_EMAIL'] },
      });
      expect(status).toBe(400);
      const errors: string[] = json.error.errors;
      expect(errors).toHaveLength(4);
      expect(errors[0]).toMatch(/preload\.tools\[0\]: "COMPOSIO_SEARCH_TOOLS" is a meta-tool/);
      expect(errors[1]).toMatch(/preload\.tools\[1\]: "LOCAL_GREP" is a custom tool/);
      expect(errors[2]).toMatch(/preload\.tools\[2\]: .*toolkit "slack" is not in toolkits\.enable/);
      expect(errors[3]).toMatch(/preload\.tools\[3\]: .*in tools\.gmail\.disable/);
    });

    it('warns above 20 preloaded tools', async () => {
      const github = (await api.call('GET', '/api/v3.1/tools?toolkit_slug=github&limit=21')).json.items.map((t: any) => t.slug);
      expect(github).toHaveLength(21);
      const few = await create({ preload: { tools: github.slice(0, 20) } });
      expect(few.status).toBe(201);
      expect(few.json.warnings).toBeUndefined();
      const many = await create({ preload: { tools: github } });
      expect(many.status).toBe(201);
      expect(many.json.warnings).toEqual([{ code: 'PRELOAD_TOOLS_HIGH_CONTEXT_USAGE', message: expect.stringContaining('21 tools') }]);
    });

    it('allows "all" only with a positive filter and at most 1,000 tools', async () => {
      const unbounded = await create({ preload: { tools: 'all' } });
      expect(unbounded.status).toBe(400);
      expect(unbounded.json.error.errors[0]).toMatch(/needs a positive filter/);
      const tooMany = await create({ toolkits: ['github'], preload: { tools: 'all' } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.error.errors[0]).toMatch(/would preload \d{4} tools; the limit is 1000/);

      const ok = await create({ toolkits: ['gmail'], preload: { tools: 'all' } });
      expect(ok.status).toBe(201);
      const tools = await api.call('GET', `${BASE}/${ok.json.session_id}/tools`);
      const slugs = tools.json.items.map((t: any) => t.slug);
      expect(slugs).toContain('GMAIL_SEND_EMAIL');
      // Every tool of the toolkit: its curated tools and the compiled operations they overlay.
      const gmail = await api.call('GET', '/api/v3.1/toolkits/gmail');
      expect(slugs.filter((s: string) => s.startsWith('GMAIL_'))).toHaveLength(gmail.json.meta.tools_count);
    });
  });

  describe('session tool and toolkit lists', () => {
    it('lists enabled meta-tools plus preloaded tools, paginated', async () => {
      const id = (
        await create({
          toolkits: ['gmail', 'github'],
          search: { enable: false },
          manage_connections: { enable: true, enable_wait_for_connections: true },
          preload: { tools: ['GMAIL_SEND_EMAIL', 'GITHUB_CREATE_AN_ISSUE'] },
        })
      ).json.session_id;
      const all = await api.call('GET', `${BASE}/${id}/tools`);
      const slugs = all.json.items.map((t: any) => t.slug);
      expect(slugs).toEqual([
        'COMPOSIO_MULTI_EXECUTE_TOOL',
        'COMPOSIO_MANAGE_CONNECTIONS',
        'COMPOSIO_WAIT_FOR_CONNECTIONS',
        'COMPOSIO_REMOTE_WORKBENCH',
        'COMPOSIO_REMOTE_BASH_TOOL',
        'GMAIL_SEND_EMAIL',
        'GITHUB_CREATE_AN_ISSUE',
      ]);
      for (const item of all.json.items) {
        expect(item.input_parameters.type).toBe('object');
        expect(item.toolkit.slug).toBeTruthy();
        expect(item.toolkit.name).toBeTruthy();
        expect(Array.isArray(item.tags)).toBe(true);
        expect(typeof item.version).toBe('string');
      }
      const first = await api.call('GET', `${BASE}/${id}/tools?limit=3`);
      expect(first.json.items).toHaveLength(3);
      expect(first.json.total_items).toBe(7);
      const rest = await api.call('GET', `${BASE}/${id}/tools?limit=5&cursor=${first.json.next_cursor}`);
      expect(rest.json.items.map((t: any) => t.slug)).toEqual(slugs.slice(3));
      expect(rest.json.next_cursor).toBeNull();
    });

    it('lists toolkits with filters and a limit of at most 50', async () => {
      const id = (await create({ toolkits: { disable: ['slack'] } })).json.session_id;
      const page = await api.call('GET', `${BASE}/${id}/toolkits?limit=2`);
      expect(page.status).toBe(200);
      expect(page.json.items).toHaveLength(2);
      expect(page.json.items[0]).toMatchObject({ enabled: true, connected_account: null });
      const slugs: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await api.call('GET', `${BASE}/${id}/toolkits?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        slugs.push(...res.json.items.map((t: any) => t.slug));
        cursor = res.json.next_cursor;
      } while (cursor);
      expect(slugs).toContain('github');
      expect(slugs).not.toContain('slack');

      const named = await api.call('GET', `${BASE}/${id}/toolkits?toolkits=${encodeURIComponent('slack,gmail')}`);
      expect(named.json.items.map((t: any) => [t.slug, t.enabled])).toEqual([
        ['slack', false],
        ['gmail', true],
      ]);
      const searched = await api.call('GET', `${BASE}/${id}/toolkits?search=github`);
      expect(searched.json.items.map((t: any) => t.slug)).toEqual(['github']);
      const connected = await api.call('GET', `${BASE}/${id}/toolkits?is_connected=true`);
      expect(connected.json.items).toEqual([]);
      const tooBig = await api.call('GET', `${BASE}/${id}/toolkits?limit=51`);
      expect(tooBig.status).toBe(400);
      expect(tooBig.json.error.errors).toEqual(['limit: must be at most 50']);
      const badCursor = await api.call('GET', `${BASE}/${id}/toolkits?cursor=nonsense`);
      expect(badCursor.status).toBe(400);
    });
  });

  describe('custom tools', () => {
    const tool = (over: Record<string, unknown> = {}) => ({
      slug: 'GREP',
      name: 'Grep',
      description: 'Search text in files',
      input_schema: { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'] },
      ...over,
    });

    it('echoes custom tools and toolkits with their final LOCAL_ slugs', async () => {
      const { status, json } = await create({
        experimental: {
          custom_tools: [tool(), tool({ slug: 'summarize-issue', name: 'Summarize', extends_toolkit: 'github' })],
          custom_toolkits: [{ slug: 'dev_tools', name: 'Dev tools', description: 'Local helpers', tools: [tool({ slug: 'lint' })] }],
        },
      });
      expect(status).toBe(201);
      expect(json.experimental.custom_tools.map((t: any) => [t.slug, t.original_slug, t.extends_toolkit])).toEqual([
        ['LOCAL_GREP', 'GREP', undefined],
        ['LOCAL_GITHUB_SUMMARIZE_ISSUE', 'summarize-issue', 'github'],
      ]);
      expect(json.experimental.custom_toolkits[0]).toMatchObject({ slug: 'dev_tools', tools: [{ slug: 'LOCAL_DEV_TOOLS_LINT', original_slug: 'lint' }] });
      expect(json.experimental.custom_tools[0].input_schema.properties.pattern).toEqual({ type: 'string' });

      const attached = await api.call('POST', `${BASE}/${json.session_id}/attach`, { experimental: { custom_tools: [tool({ slug: 'OTHER' })] } });
      expect(attached.status).toBe(200);
      expect(attached.json.experimental.custom_tools.map((t: any) => t.slug)).toEqual(['LOCAL_OTHER']);
    });

    it('validates custom tool definitions, naming each field', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ experimental: { custom_tools: [tool({ slug: 'bad slug!' })] } }, /custom_tools\[0\]\.slug: may only contain/],
        [{ experimental: { custom_tools: [tool({ slug: 'LOCAL_X' })] } }, /custom_tools\[0\]\.slug: must not start with LOCAL_/],
        [{ experimental: { custom_tools: [tool({ slug: 'COMPOSIO_X' })] } }, /custom_tools\[0\]\.slug: must not start with/],
        [{ experimental: { custom_tools: [tool({ description: '' })] } }, /custom_tools\[0\]\.description: must not be empty/],
        [{ experimental: { custom_tools: [tool({ description: 'x'.repeat(5000) })] } }, /custom_tools\[0\]\.description:/],
        [{ experimental: { custom_tools: [tool({ input_schema: { type: 'string' } })] } }, /custom_tools\[0\]\.input_schema\.type/],
        [{ experimental: { custom_tools: [tool({ input_schema: { type: 'object' } })] } }, /custom_tools\[0\]\.input_schema: must have "properties"/],
        [
          { experimental: { custom_tools: [tool({ extends_toolkit: 'gmial' })] } },
          /custom_tools\[0\]\.extends_toolkit: no toolkit "gmial" \(did you mean "gmail"\?\)/,
        ],
        [{ experimental: { custom_tools: [tool({ slug: 'A'.repeat(56) })] } }, /final slug LOCAL_A+ is 62 characters; the limit is 60/],
        [{ experimental: { custom_tools: [tool(), tool()] } }, /custom_tools\[1\]: the final slug LOCAL_GREP is already used/],
        [
          { experimental: { custom_toolkits: [{ slug: 'github', name: 'x', description: 'y', tools: [tool()] }] } },
          /custom_toolkits\[0\]\.slug: "github" is already a catalog toolkit/,
        ],
      ];
      for (const [body, pattern] of cases) {
        const { status, json } = await create(body);
        expect(status, JSON.stringify(body).slice(0, 120)).toBe(400);
        expect(json.error.errors.join('\n')).toMatch(pattern);
      }
    });
  });

  describe('request errors', () => {
    it('uses one envelope for malformed JSON, wrong types and unknown fields', async () => {
      const malformed = await api.call('POST', BASE, '{"user_id": ');
      expect(malformed.status).toBe(400);
      expect(malformed.json.error).toMatchObject({ slug: 'Request_InvalidJson', status: 400, code: 10001 });
      expect(malformed.json.error.request_id).toBe(malformed.headers.get('x-request-id'));

      const wrongType = await api.call('POST', BASE, { user_id: 42 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.json.error.errors[0]).toMatch(/^user_id: /);
      expect(wrongType.json.error.suggested_fix).toBeTruthy();

      const unknown = await api.call('POST', BASE, { user_id: 'u', toolkits: { enabled: ['gmail'] } });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.errors).toContain('toolkits.enabled: unknown field; remove it or check its spelling');

      const unknownTop = await api.call('POST', BASE, { user_id: 'u', tookits: ['gmail'] });
      expect(unknownTop.json.error.errors).toContain('tookits: unknown field; remove it or check its spelling');

      const missing = await api.call('POST', BASE, {});
      expect(missing.status).toBe(400);
      expect(missing.json.error.errors[0]).toMatch(/^user_id:/);
    });

    it('authenticates with x-api-key or a bearer token, and answers 401 otherwise', async () => {
      const none = await api.call('GET', '/api/v3.1/toolkits', undefined, null);
      expect(none.status).toBe(401);
      expect(none.json.error.slug).toBe('Auth_ApiKeyMissing');
      const wrong = await api.call('GET', '/api/v3.1/toolkits', undefined, 'trk_not-a-real-key');
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.slug).toBe('Auth_ApiKeyInvalid');
      const bearer = await api.request('/api/v3.1/toolkits', { headers: { authorization: `Bearer ${api.keyA}` } });
      expect(bearer.status).toBe(200);
      const badBearer = await api.request('/api/v3.1/toolkits', { headers: { authorization: 'Bearer trk_wrong' } });
      expect(badBearer.status).toBe(401);
    });

    it('answers unknown routes with the envelope', async () => {
      const res = await api.call('GET', '/api/v3.1/nope');
      expect(res.status).toBe(404);
      expect(res.json.error.slug).toBe('Route_NotFound');
    });
  });
});
