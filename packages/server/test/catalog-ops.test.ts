import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApp, startTestApi, startTwoInstances, type TestApi } from './harness.js';

const BASE = '/api/v3.1/tool_router/session';

/** An OpenAPI document with one GET operation per path, for toolkits this test imports. */
const spec = (paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'Inventory', version: '1' },
  servers: [{ url: 'https://inventory.example.com' }],
  paths: Object.fromEntries(paths.map((p) => [`/${p}`, { get: { summary: `Get ${p}`, responses: { '200': { description: 'ok' } } } }])),
});

// Operating the catalog: the reference's seed snippets, per-project toolkit switches, version pins.
// Every case runs on both stores.
describe.each(['sqlite', 'postgres'] as const)('catalog operations on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ store: kind });
  });
  afterAll(() => api.close());

  const create = (body: Record<string, unknown>, key?: string) => api.call('POST', BASE, { user_id: 'u1', ...body }, key);

  describe('disable lists naming what this server lacks', () => {
    it('runs the seed snippets unchanged: their toolkit lists and disable lists name toolkits this server has', async () => {
      const enabled = await create({ toolkits: ['gmail', 'github', 'slack', 'notion', 'linear'] });
      expect(enabled.status, JSON.stringify(enabled.json)).toBe(201);
      const disabled = await create({ toolkits: { disable: ['exa', 'firecrawl'] } });
      expect(disabled.status).toBe(201);
      expect(disabled.json.warnings).toBeUndefined();
    });

    it('accepts a toolkits.disable list naming toolkits this server lacks, with a warning per unknown toolkit', async () => {
      const { status, json } = await create({ toolkits: { disable: ['zapforge', 'quillmint'] } });
      expect(status).toBe(201);
      expect(json.config.toolkits).toEqual({ disabled: ['zapforge', 'quillmint'] });
      expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(['DISABLED_SLUG_NOT_IN_CATALOG', 'DISABLED_SLUG_NOT_IN_CATALOG']);
      expect(json.warnings[0].message).toMatch(/^toolkits\.disable\[0\]: this server has no toolkit "zapforge"/);
      expect(json.warnings[1].message).toMatch(/^toolkits\.disable\[1\]: this server has no toolkit "quillmint"/);
      // The known toolkits all stay in the session.
      const toolkits = await api.call('GET', `${BASE}/${json.session_id}/toolkits?limit=50`);
      expect(toolkits.json.items).toHaveLength(50);
      expect(toolkits.json.items.map((t: { slug: string }) => t.slug)).toContain('airtable');
    });

    it('accepts per-toolkit tool disable lists naming unknown toolkits and tools, with warnings', async () => {
      const { status, json } = await create({
        tools: { zapforge: { disable: ['ZAPFORGE_SEARCH'] }, gmail: { disable: ['GMAIL_SEND_EMAIL', 'GMAIL_NOT_A_TOOL'] } },
      });
      expect(status).toBe(201);
      const messages: string[] = json.warnings.map((w: { message: string }) => w.message);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(/^tools\.zapforge: this server has no toolkit "zapforge"/);
      expect(messages[1]).toMatch(/^tools\.gmail\.disable\[1\]: this server has no tool "GMAIL_NOT_A_TOOL"/);
      expect(json.config.tools).toEqual({ zapforge: { disabled: ['ZAPFORGE_SEARCH'] }, gmail: { disabled: ['GMAIL_SEND_EMAIL', 'GMAIL_NOT_A_TOOL'] } });
    });

    it('answers no warnings when every disabled slug exists', async () => {
      const { status, json } = await create({ toolkits: { disable: ['github'] } });
      expect(status).toBe(201);
      expect(json.warnings).toBeUndefined();
    });

    it('does the same on PATCH', async () => {
      const id = (await create({})).json.session_id;
      const { status, json } = await api.call('PATCH', `${BASE}/${id}`, { toolkits: { disable: ['quillmint'] } });
      expect(status).toBe(200);
      expect(json.config.toolkits).toEqual({ disabled: ['quillmint'] });
      expect(json.warnings).toEqual([
        { code: 'DISABLED_SLUG_NOT_IN_CATALOG', message: expect.stringMatching(/^toolkits\.disable\[0\]: this server has no toolkit "quillmint"/) },
      ]);
    });

    it('keeps enable lists, enable tool filters and preload strict, naming the unknown slug', async () => {
      const seed = await create({ toolkits: ['gmail', 'github', 'slack', 'notion', 'zapforge'] });
      expect(seed.status).toBe(400);
      expect(seed.json.error.errors).toEqual([expect.stringMatching(/^toolkits\.enable\[4\]: unknown toolkit "zapforge"/)]);
      const tools = await create({ tools: { zapforge: { enable: ['ZAPFORGE_SEARCH'] } } });
      expect(tools.status).toBe(400);
      expect(tools.json.error.errors).toEqual(['tools.zapforge: unknown toolkit "zapforge"']);
      const toolInKnownKit = await create({ tools: { gmail: { enable: ['GMAIL_SEND_EMAL'] } } });
      expect(toolInKnownKit.json.error.errors).toEqual(['tools.gmail.enable[0]: unknown tool "GMAIL_SEND_EMAL" (did you mean "GMAIL_SEND_EMAIL"?)']);
      const preload = await create({ toolkits: { disable: ['zapforge'] }, preload: { tools: ['ZAPFORGE_SEARCH'] } });
      expect(preload.status).toBe(400);
      expect(preload.json.error.errors[0]).toMatch(/^preload\.tools\[0\]: unknown tool "ZAPFORGE_SEARCH"/);
      const id = (await create({})).json.session_id;
      const patched = await api.call('PATCH', `${BASE}/${id}`, { toolkits: ['zapforge'] });
      expect(patched.status).toBe(400);
      expect(patched.json.error.errors[0]).toMatch(/^toolkits\.enable\[0\]: unknown toolkit "zapforge"/);
    });
  });

  describe('toolkit_versions', () => {
    it('accepts "latest" and pins to versions the server has, and echoes them', async () => {
      const latest = await create({ toolkit_versions: 'latest' });
      expect(latest.status).toBe(201);
      expect(latest.json.config.toolkit_versions).toBe('latest');
      const pinned = await create({ toolkit_versions: { gmail: '1', github: 'latest' } });
      expect(pinned.status).toBe(201);
      const seen = await api.call('GET', `${BASE}/${pinned.json.session_id}`);
      expect(seen.json.config.toolkit_versions).toEqual({ gmail: '1', github: 'latest' });
      const patched = await api.call('PATCH', `${BASE}/${pinned.json.session_id}`, { toolkit_versions: null });
      expect(patched.json.config.toolkit_versions).toBeUndefined();
    });

    it('refuses unknown toolkits (with a suggestion) and versions the server lacks (listing the available ones)', async () => {
      const { status, json } = await create({ toolkit_versions: { gmial: '1', slack: '20250101_00' } });
      expect(status).toBe(400);
      expect(json.error.errors).toEqual([
        'toolkit_versions.gmial: unknown toolkit "gmial" (did you mean "gmail"?)',
        'toolkit_versions.slack: toolkit "slack" has no version "20250101_00"; available: "latest", "1"',
      ]);
      const global = await create({ toolkits: ['gmail', 'slack'], toolkit_versions: '20250101_00' });
      expect(global.status).toBe(400);
      expect(global.json.error.errors[0]).toMatch(
        /^toolkit_versions: "20250101_00" would pin every toolkit of the session, but 2 do not have that version \(gmail has "latest", "1"; slack has "latest", "1"\)/,
      );
      const wrongType = await create({ toolkit_versions: 3 });
      expect(wrongType.status).toBe(400);
    });

    it('refuses to run a tool whose toolkit is pinned to a version other than the loaded one', async () => {
      const slug = `inv${kind}`;
      await api.call('POST', '/api/v3.1/toolkits/import', { slug, spec: spec(['items']) });
      const id = (await create({ toolkits: [slug], toolkit_versions: { [slug]: '1' } })).json.session_id;
      const tool = `${slug.toUpperCase()}_GET_ITEMS`;
      const before = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: tool, arguments: {} });
      expect(before.json.error ?? '').not.toMatch(/pins toolkit/);
      // Importing again makes version 2 the loaded one; the session still pins 1.
      await api.call('POST', '/api/v3.1/toolkits/import', { slug, spec: spec(['items']) });
      const after = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: tool, arguments: {} });
      expect(after.status).toBe(200);
      expect(after.json.error).toBe(
        `${tool} did not run: the session pins toolkit "${slug}" to version "1", but this server has "2" of it. Pin "latest" or one of those versions (PATCH the session's toolkit_versions).`,
      );
      const detail = await api.call('GET', `/api/v3.1/toolkits/${slug}`);
      expect(detail.json.available_versions).toEqual(['2']);
    });
  });

  describe('per-project toolkit switches', () => {
    const slugsOf = (items: Array<{ slug: string }>) => items.map((t) => t.slug);

    it('turns a toolkit off for one project: gone from listings, search and sessions; execution refuses it', async () => {
      const before = await create({ toolkits: ['hackernews', 'github'] });
      const id = before.json.session_id;

      const off = await api.call('PATCH', '/api/v3.1/toolkits/hackernews', { enabled: false });
      expect(off.status).toBe(200);
      expect(off.json).toMatchObject({ slug: 'hackernews', enabled: false, changed: true });
      expect((await api.call('PATCH', '/api/v3.1/toolkits/hackernews', { enabled: false })).json.changed).toBe(false);

      expect(slugsOf((await api.call('GET', '/api/v3.1/toolkits?limit=1000')).json.items)).not.toContain('hackernews');
      expect((await api.call('GET', '/api/v3.1/toolkits/hackernews')).json).toMatchObject({ slug: 'hackernews', enabled: false });
      const listTools = await api.call('GET', '/api/v3.1/tools?toolkit_slug=hackernews');
      expect(listTools.status).toBe(403);
      expect(listTools.json.error.slug).toBe('Catalog_ToolkitDisabled');
      expect(slugsOf((await api.call('GET', '/api/v3.1/tools?search=stories&limit=1000')).json.items).some((s) => s.startsWith('HACKERNEWS_'))).toBe(false);
      const oneTool = await api.call('GET', '/api/v3.1/tools/HACKERNEWS_GET_ITEM');
      expect([oneTool.status, oneTool.json.error.message]).toEqual([403, 'Toolkit "hackernews" is turned off for this project']);
      // Another project is not affected.
      expect(slugsOf((await api.call('GET', '/api/v3.1/toolkits?limit=1000', undefined, api.keyB)).json.items)).toContain('hackernews');

      // Sessions: enable lists and preload refuse it by name, disable lists accept it silently.
      const enabling = await create({ toolkits: ['hackernews'] });
      expect(enabling.status).toBe(400);
      expect(enabling.json.error.errors).toEqual(['toolkits.enable[0]: toolkit "hackernews" is turned off for this project']);
      const preloading = await create({ preload: { tools: ['HACKERNEWS_GET_TOP_STORIES'] } });
      expect(preloading.json.error.errors).toEqual([
        'preload.tools[0]: "HACKERNEWS_GET_TOP_STORIES" belongs to toolkit "hackernews", which is turned off for this project',
      ]);
      const disabling = await create({ toolkits: { disable: ['hackernews'] } });
      expect(disabling.status).toBe(201);
      expect(disabling.json.warnings).toBeUndefined();

      // A session made before the switch: search no longer finds the toolkit, execution refuses it.
      const found = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'top stories on hacker news' }] });
      expect(found.json.results.flatMap((r: any) => [...r.primary_tool_slugs, ...r.related_tool_slugs]).some((s: string) => s.startsWith('HACKERNEWS_'))).toBe(
        false,
      );
      const run = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'HACKERNEWS_GET_TOP_STORIES', arguments: {} });
      expect(run.status).toBe(200);
      expect(run.json.error).toBe('HACKERNEWS_GET_TOP_STORIES cannot run: its toolkit "hackernews" is turned off for this project by the operator.');
      const sessionKits = await api.call('GET', `${BASE}/${id}/toolkits`);
      expect(slugsOf(sessionKits.json.items)).toEqual(['github']);
      const named = await api.call('GET', `${BASE}/${id}/toolkits?toolkits=hackernews`);
      expect(named.json.error.errors).toEqual(['toolkits: toolkit "hackernews" is turned off for this project']);

      const on = await api.call('PATCH', '/api/v3.1/toolkits/hackernews', { enabled: true });
      expect(on.json).toMatchObject({ slug: 'hackernews', enabled: true, changed: true });
      expect(slugsOf((await api.call('GET', '/api/v3.1/toolkits?limit=1000')).json.items)).toContain('hackernews');
      expect((await create({ toolkits: ['hackernews'] })).status).toBe(201);
    });

    it('answers an unknown toolkit with a suggestion and a malformed body with the envelope', async () => {
      const unknown = await api.call('PATCH', '/api/v3.1/toolkits/hackernwes', { enabled: false });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.message).toBe('No toolkit "hackernwes" (did you mean "hackernews"?)');
      const bad = await api.call('PATCH', '/api/v3.1/toolkits/hackernews', { enabled: 'no' });
      expect(bad.status).toBe(400);
      expect((await api.call('PATCH', '/api/v3.1/toolkits/hackernews', { enabled: false, extra: 1 })).status).toBe(400);
    });

    it('is seen at once by another server instance on the same database', async () => {
      const { apps, key, close } = await startTwoInstances(kind);
      try {
        const [a, b] = apps;
        // Warm instance B's catalog cache first, so a stale cache would show.
        expect(slugsOf((await callApp(b, 'GET', '/api/v3.1/toolkits?limit=1000', undefined, key)).json.items)).toContain('slack');
        expect((await callApp(a, 'PATCH', '/api/v3.1/toolkits/slack', { enabled: false }, key)).status).toBe(200);
        expect(slugsOf((await callApp(b, 'GET', '/api/v3.1/toolkits?limit=1000', undefined, key)).json.items)).not.toContain('slack');
        const refused = await callApp(b, 'POST', BASE, { user_id: 'u', toolkits: ['slack'] }, key);
        expect(refused.json.error.errors).toEqual(['toolkits.enable[0]: toolkit "slack" is turned off for this project']);
        await callApp(b, 'PATCH', '/api/v3.1/toolkits/slack', { enabled: true }, key);
        expect(slugsOf((await callApp(a, 'GET', '/api/v3.1/toolkits?limit=1000', undefined, key)).json.items)).toContain('slack');
      } finally {
        await close();
      }
    });
  });
});
