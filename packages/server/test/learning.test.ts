import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

/**
 * Learning from use: a search followed by executing one of its tools in the same session teaches
 * the project's index that the query means that tool. Never across projects; off when disabled.
 */
const BASE = '/api/v3.1/tool_router/session';
const QUERY = 'tell the team the deploy is done';
const TARGET = 'SLACK_SEND_MESSAGE';

async function rankOf(api: TestApi, key: string, sessionId: string, query: string): Promise<number> {
  const { json } = await api.call('POST', `${BASE}/${sessionId}/search`, { queries: [{ use_case: query }] }, key);
  const slugs = [...json.results[0].primary_tool_slugs, ...json.results[0].related_tool_slugs];
  const at = slugs.indexOf(TARGET);
  return at === -1 ? Number.POSITIVE_INFINITY : at;
}

describe('learning from use', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('ranks the executed tool first for the same kind of request, in that project only', async () => {
    const a = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['slack', 'gmail', 'notion'] })).json.session_id;
    const b = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['slack', 'gmail', 'notion'] }, api.keyB)).json.session_id;
    const before = await rankOf(api, api.keyA, a, QUERY);
    expect(before).toBeGreaterThan(0);

    // The agent searched (above, logged) and then ran the tool, several times over the day.
    const recorded = await api.services.search.recordExecution(api.projectA, a, TARGET);
    expect(recorded).toBe(before === Number.POSITIVE_INFINITY ? 0 : 1);
    if (recorded === 0) {
      // The tool was not among the results, so nothing is attributed; replay the pair directly.
      await api.services.search.recordUsage(api.projectA, [{ query: QUERY, toolSlug: TARGET }]);
    }
    expect(await rankOf(api, api.keyA, a, QUERY)).toBe(0);
    expect(await rankOf(api, api.keyA, a, 'let the team know the deploy finished')).toBeLessThan(before);
    expect(await rankOf(api, api.keyB, b, QUERY)).toBe(before);
  });

  it('attributes an execution only to searches of the same session that returned the tool', async () => {
    const s1 = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['hackernews'] })).json.session_id;
    const s2 = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['hackernews'] })).json.session_id;
    await api.call('POST', `${BASE}/${s1}/search`, { queries: [{ use_case: 'what is trending on hacker news' }] });
    expect(await api.services.search.recordExecution(api.projectA, s2, 'HACKERNEWS_GET_TOP_STORIES')).toBe(0);
    expect(await api.services.search.recordExecution(api.projectA, s1, 'GMAIL_SEND_EMAIL')).toBe(0);
    expect(await api.services.search.recordExecution(api.projectA, s1, 'HACKERNEWS_GET_TOP_STORIES')).toBe(1);
    const usage = await api.services.store.search.usageSince(api.projectA);
    expect(usage).toContainEqual(expect.objectContaining({ tool_slug: 'HACKERNEWS_GET_TOP_STORIES', query: 'what is trending on hacker news', count: 1 }));
  });
});

describe('learning switched off', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ searchLearning: false });
  });
  afterAll(() => api.close());

  it('records nothing and leaves ranking unchanged', async () => {
    const a = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['slack', 'gmail', 'notion'] })).json.session_id;
    const before = await rankOf(api, api.keyA, a, QUERY);
    expect(await api.services.search.recordExecution(api.projectA, a, TARGET)).toBe(0);
    await api.services.search.recordUsage(api.projectA, [{ query: QUERY, toolSlug: TARGET }]);
    expect(await api.services.store.search.usageSince(api.projectA)).toEqual([]);
    expect(await rankOf(api, api.keyA, a, QUERY)).toBe(before);
  });
});
