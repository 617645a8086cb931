import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, startTestApi, type TestApi } from './harness.js';

const BASE = '/api/v3.1/tool_router/session';
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const newSession = async (body: Record<string, unknown> = {}) => (await api.call('POST', BASE, { user_id: 'u1', ...body })).json.session_id as string;

describe('POST …/search', () => {
  it('answers every required key, with ranked tools, schemas and connection state', async () => {
    const id = await newSession({ toolkits: ['github', 'gmail', 'hackernews'] });
    const { status, json } = await api.call('POST', `${BASE}/${id}/search`, {
      queries: [{ use_case: 'open an issue in a github repository' }, { use_case: 'top stories on hacker news' }],
    });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(
      ['error', 'next_steps_guidance', 'results', 'session', 'success', 'time_info', 'tool_schemas', 'toolkit_connection_statuses'].sort(),
    );
    expect(json.success).toBe(true);
    expect(json.error).toBeNull();
    const [issue, stories] = json.results;
    expect(issue).toMatchObject({ index: 1, use_case: 'open an issue in a github repository', toolkits: expect.arrayContaining(['github']) });
    expect([...issue.primary_tool_slugs, ...issue.related_tool_slugs]).toContain('GITHUB_CREATE_AN_ISSUE');
    expect(stories.index).toBe(2);
    expect(stories.primary_tool_slugs[0]).toMatch(/^HACKERNEWS_/);
    for (const r of json.results) {
      expect(['easy', 'medium', 'hard']).toContain(r.difficulty);
      expect(Array.isArray(r.recommended_plan_steps)).toBe(true);
      expect(Array.isArray(r.known_pitfalls)).toBe(true);
      for (const slug of [...r.primary_tool_slugs, ...r.related_tool_slugs]) expect(json.tool_schemas[slug]).toBeDefined();
    }
    const github = json.toolkit_connection_statuses.find((s: any) => s.toolkit === 'github');
    expect(github).toMatchObject({ has_active_connection: false, connection_details: {} });
    const hn = json.toolkit_connection_statuses.find((s: any) => s.toolkit === 'hackernews');
    expect(hn.has_active_connection).toBe(true);
    expect(json.time_info.current_time_utc_epoch_seconds).toBeGreaterThan(1_700_000_000);
    expect(json.session.id).toBe(id);
  });

  it('never returns tools the session does not allow', async () => {
    const id = await newSession({ toolkits: ['github'], tags: { disable: ['destructiveHint'] } });
    const { json } = await api.call('POST', `${BASE}/${id}/search`, {
      queries: [{ use_case: 'delete a repository' }, { use_case: 'send an email with gmail' }],
    });
    const returned = json.results.flatMap((r: any) => [...r.primary_tool_slugs, ...r.related_tool_slugs]);
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.every((s: string) => s.startsWith('GITHUB_'))).toBe(true);
    const tools = await Promise.all(returned.map((s: string) => api.call('GET', `/api/v3.1/tools/${s}`)));
    expect(tools.every((t) => !t.json.tags.includes('destructiveHint'))).toBe(true);
    expect(Object.keys(json.tool_schemas).every((s) => returned.includes(s))).toBe(true);
  });

  it('applies per-tool lists and disabled toolkits (decided per toolkit where it can be)', async () => {
    const id = await newSession({ toolkits: { disable: ['gitlab', 'bitbucket'] }, tools: { github: { enable: ['GITHUB_CREATE_AN_ISSUE'] } } });
    const { json } = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'list the open issues of a github repository' }] });
    const returned: string[] = [...json.results[0].primary_tool_slugs, ...json.results[0].related_tool_slugs];
    expect(returned.length).toBeGreaterThan(1);
    expect(returned.filter((s) => s.startsWith('GITHUB_'))).toEqual(['GITHUB_CREATE_AN_ISSUE']);
    expect(returned.some((s) => /^(GITLAB|BITBUCKET)_/.test(s))).toBe(false);
  });

  it('limits results to the toolkits the client names, and finds inline custom tools', async () => {
    const id = await newSession();
    const { json } = await api.call('POST', `${BASE}/${id}/search`, {
      queries: [{ use_case: 'post a message' }],
      toolkits: ['slack'],
      experimental: {
        custom_tools: [
          {
            slug: 'SUMMARIZE_THREAD',
            name: 'Summarize thread',
            description: 'Summarize a long conversation thread into bullet points',
            input_schema: { type: 'object', properties: { text: { type: 'string' } } },
          },
        ],
      },
    });
    const returned = json.results[0].primary_tool_slugs.concat(json.results[0].related_tool_slugs);
    expect(returned.every((s: string) => s.startsWith('SLACK_'))).toBe(true);
    const custom = await api.call('POST', `${BASE}/${id}/search`, {
      queries: [{ use_case: 'summarize this conversation thread' }],
      experimental: {
        custom_tools: [
          {
            slug: 'SUMMARIZE_THREAD',
            name: 'Summarize thread',
            description: 'Summarize a long conversation thread into bullet points',
            input_schema: { type: 'object', properties: { text: { type: 'string' } } },
          },
        ],
      },
    });
    expect(custom.json.results[0].primary_tool_slugs).toContain('LOCAL_SUMMARIZE_THREAD');
  });

  it('keeps inlined schemas within the budget and points to GET_TOOL_SCHEMAS beyond it', async () => {
    const id = await newSession({ toolkits: ['github'] });
    const queries = [
      'create a pull request',
      'update a repository',
      'create a release',
      'create a check run',
      'update branch protection',
      'create a deployment',
      'create a workflow dispatch event',
      'update an organization',
    ].map((use_case) => ({ use_case }));
    const { json } = await api.call('POST', `${BASE}/${id}/search`, { queries });
    const entries = Object.values(json.tool_schemas) as any[];
    const refs = entries.filter((e) => !e.hasFullSchema);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs)
      expect(ref.schemaRef).toEqual({ tool: 'COMPOSIO_GET_TOOL_SCHEMAS', args: { tool_slugs: [ref.tool_slug] }, message: expect.any(String) });
    const inlined = entries.filter((e) => e.hasFullSchema).reduce((n, e) => n + JSON.stringify(e.input_schema).length, 0);
    expect(inlined).toBeLessThanOrEqual(32_000);
    expect(json.next_steps_guidance.join(' ')).toMatch(/COMPOSIO_GET_TOOL_SCHEMAS/);
  });

  it('validates the body, naming the field', async () => {
    const id = await newSession();
    const empty = await api.call('POST', `${BASE}/${id}/search`, { queries: [] });
    expect(empty.status).toBe(400);
    expect(empty.json.error.errors[0]).toMatch(/^queries: give at least one query/);
    const long = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'x'.repeat(1025) }] });
    expect(long.json.error.errors[0]).toMatch(/^queries\[0\]\.use_case: must be at most 1024/);
    expect((await api.call('POST', `${BASE}/trs_nope/search`, { queries: [{ use_case: 'x' }] })).status).toBe(404);
  });

  it('logs every query for observability', async () => {
    const id = await newSession({ toolkits: ['hackernews'] });
    await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'newest stories' }, { use_case: 'user profile karma' }] });
    const logs = await api.call('GET', `/api/v3.1/search_logs?session_id=${id}`);
    expect(logs.status).toBe(200);
    expect(logs.json.items.map((l: any) => l.query).sort()).toEqual(['newest stories', 'user profile karma']);
    expect(logs.json.items[0]).toMatchObject({ session_id: id, slugs: expect.any(Array), latency_ms: expect.any(Number) });
    const other = await api.call('GET', `/api/v3.1/search_logs?session_id=${id}`, undefined, api.keyB);
    expect(other.json.items).toEqual([]);
  });
});

describe('the word-vector meaning channel', () => {
  // "thunderstorm" is in no built-in tool's text: only its meaning leads to the weather tools. The
  // channel compares request words with every indexed word, so it runs on indexes of at most
  // `vectorScanDocs` tools: the project here holds only the two toolkits the test is about.
  let api: TestApi;
  beforeAll(async () => {
    const builtin = (await builtinCatalog()).filter((b) => ['openweather', 'github'].includes(b.toolkit.slug));
    api = await startTestApi({ builtin });
  });
  afterAll(() => api.close());
  const search = async (target: TestApi) => {
    const session = (await target.call('POST', BASE, { user_id: 'u1', toolkits: ['openweather', 'github'] })).json.session_id as string;
    const { json } = await target.call('POST', `${BASE}/${session}/search`, { queries: [{ use_case: 'thunderstorm' }] });
    return [...json.results[0].primary_tool_slugs, ...json.results[0].related_tool_slugs] as string[];
  };

  it('is on by default: a request in other words than the tool’s finds it', async () => {
    expect((await search(api))[0]).toMatch(/^OPENWEATHER_/);
  });

  it('is switched off with searchWordVectors: false (TOOLROUTER_SEARCH_WORD_VECTORS=off)', async () => {
    const builtin = (await builtinCatalog()).filter((b) => ['openweather', 'github'].includes(b.toolkit.slug));
    const off = await startTestApi({ builtin, wiring: { searchWordVectors: false } });
    try {
      expect(await search(off)).toEqual([]);
    } finally {
      await off.close();
    }
  });
});

describe('search meta-tools through POST …/execute', () => {
  it('runs COMPOSIO_SEARCH_TOOLS with the {data, error, log_id} envelope and a workflow id', async () => {
    const id = await newSession({ toolkits: ['gmail'] });
    const first = await api.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'COMPOSIO_SEARCH_TOOLS',
      arguments: { queries: [{ use_case: 'send an email' }], session: { generate_id: true } },
    });
    expect(first.status).toBe(200);
    expect(first.json.error).toBeNull();
    expect(first.json.log_id).toMatch(/^log_/);
    const data = first.json.data;
    expect(Object.keys(data).sort()).toEqual(['next_steps_guidance', 'results', 'session', 'time_info', 'tool_schemas', 'toolkit_connection_statuses'].sort());
    expect(data.results[0]).toMatchObject({ index: 1, reasoning: expect.any(String), task_difficulty: expect.any(String) });
    expect(data.results[0].primary_tool_slugs).toContain('GMAIL_SEND_EMAIL');
    expect(data.session).toMatchObject({ id: expect.stringMatching(/^wf_/), generate_id: true });
    const again = await api.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'COMPOSIO_SEARCH_TOOLS',
      arguments: { queries: [{ use_case: 'list labels' }], session: { id: data.session.id } },
    });
    expect(again.json.data.session).toMatchObject({ id: data.session.id, generate_id: false });
  });

  it('answers invalid meta-tool arguments as a tool error naming the argument', async () => {
    const id = await newSession();
    const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{}] } });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({});
    expect(res.json.error).toMatch(/arguments\.queries\[0\]\.use_case: is required/);
  });

  it('refuses a meta-tool the session turned off', async () => {
    const id = await newSession({ search: { enable: false } });
    const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: 'x' }] } });
    expect(res.json.error).toMatch(/not enabled in this session/);
  });

  it('returns schemas with COMPOSIO_GET_TOOL_SCHEMAS, and up to 3 suggestions for unknown or denied slugs', async () => {
    const id = await newSession({ toolkits: ['gmail'] });
    const res = await api.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'COMPOSIO_GET_TOOL_SCHEMAS',
      arguments: { tool_slugs: ['GMAIL_SEND_EMAIL', 'GMAIL_SEND_EMIAL', 'GITHUB_CREATE_AN_ISSUE'], include: ['input_schema', 'output_schema'] },
    });
    expect(res.status).toBe(200);
    const data = res.json.data;
    expect(data.success).toBe(false);
    expect(Object.keys(data.tool_schemas)).toEqual(['GMAIL_SEND_EMAIL']);
    expect(data.tool_schemas.GMAIL_SEND_EMAIL).toMatchObject({
      toolkit: 'gmail',
      tool_slug: 'GMAIL_SEND_EMAIL',
      input_schema: { type: 'object' },
      output_schema: { type: 'object' },
    });
    expect(data.not_found).toEqual(['GMAIL_SEND_EMIAL', 'GITHUB_CREATE_AN_ISSUE']);
    expect(data.suggestions.GMAIL_SEND_EMIAL[0]).toBe('GMAIL_SEND_EMAIL');
    expect(data.suggestions.GMAIL_SEND_EMIAL.length).toBeLessThanOrEqual(3);
    // A denied tool is not revealed, and no suggestion points outside the session.
    expect(data.suggestions.GITHUB_CREATE_AN_ISSUE.every((s: string) => s.startsWith('GMAIL_'))).toBe(true);
    expect(res.json.error).toMatch(/not available in this session/);
  });

  it('is also reachable through execute_meta for older clients', async () => {
    const id = await newSession({ toolkits: ['gmail'] });
    const res = await api.call('POST', `${BASE}/${id}/execute_meta`, { slug: 'COMPOSIO_GET_TOOL_SCHEMAS', arguments: { tool_slugs: ['GMAIL_LIST_LABELS'] } });
    expect(res.json.data.tool_schemas.GMAIL_LIST_LABELS.input_schema.type).toBe('object');
  });

  it('runs app tools through the same endpoint: a missing connection is a readable tool error, never retried', async () => {
    const id = await newSession({ toolkits: ['gmail'] });
    const res = await api.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'GMAIL_SEND_EMAIL',
      arguments: { recipient_email: 'bob@example.com', subject: 'Hi', body: 'Hello' },
    });
    expect(res.status).toBe(200);
    expect(res.json.error).toMatch(/No active connected account for toolkit "gmail"/);
    expect(res.json.log_id).toMatch(/^log_/);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const unknown = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'GMAIL_LIST_LABLES', arguments: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.suggested_fix).toMatch(/GMAIL_LIST_LABELS/);
  });
});
