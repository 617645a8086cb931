import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CompatServer, startCompatServer } from './composio-server.js';

/**
 * The catalog outside sessions as the official client reads it (`composio.tools`,
 * `composio.toolkits`). The client validates what it receives and only logs a warning when a
 * response does not match its schema, so each test also fails on such a warning.
 */
let server: CompatServer;
beforeAll(async () => {
  server = await startCompatServer();
});
afterAll(async () => {
  await server?.close();
});

/** Runs `fn` and fails if the client complained about the shape of a response on the way. */
async function withoutShapeWarnings<T>(fn: () => Promise<T>): Promise<T> {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.join(' '));
  const spies = [vi.spyOn(console, 'warn').mockImplementation(record), vi.spyOn(console, 'error').mockImplementation(record)];
  try {
    const result = await fn();
    expect(
      lines.filter((l) => /validation failed/i.test(l)),
      'the client rejected part of a response',
    ).toEqual([]);
    return result;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('@composio/core: the catalog outside sessions', () => {
  it('composio.tools: raw tools by toolkit, by slug, by search, and in the provider format', async () => {
    const composio = server.composio();
    const byToolkit = await withoutShapeWarnings(() => composio.tools.getRawComposioTools({ toolkits: ['hackernews'] }));
    expect(byToolkit.map((t) => t.slug).sort()).toEqual([
      'HACKERNEWS_GET_BEST_STORIES',
      'HACKERNEWS_GET_ITEM',
      'HACKERNEWS_GET_MAX_ITEM_ID',
      'HACKERNEWS_GET_NEW_STORIES',
      'HACKERNEWS_GET_TOP_STORIES',
      'HACKERNEWS_GET_USER',
    ]);
    const bySlugs = await withoutShapeWarnings(() => composio.tools.getRawComposioTools({ tools: ['GMAIL_SEND_EMAIL', 'GITHUB_CREATE_AN_ISSUE'] }));
    expect(bySlugs.map((t) => t.slug).sort()).toEqual(['GITHUB_CREATE_AN_ISSUE', 'GMAIL_SEND_EMAIL']);
    const searched = await withoutShapeWarnings(() => composio.tools.getRawComposioTools({ search: 'create issue', toolkits: ['github'], limit: 3 }));
    expect(searched[0]?.slug).toBe('GITHUB_CREATE_AN_ISSUE');

    const one = await withoutShapeWarnings(() => composio.tools.getRawComposioToolBySlug('GITHUB_CREATE_AN_ISSUE'));
    expect(one.toolkit).toMatchObject({ slug: 'github', name: 'GitHub' });
    expect(one.inputParameters?.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));

    const forModel = await withoutShapeWarnings(() => composio.tools.get('user-1', { toolkits: ['hackernews'] }));
    expect(forModel.map((t) => (t as { function: { name: string } }).function.name)).toContain('HACKERNEWS_GET_TOP_STORIES');
  });

  it('composio.toolkits: the list, one toolkit, and the fields its auth schemes ask for', async () => {
    const composio = server.composio();
    const all = await withoutShapeWarnings(() => composio.toolkits.get({ limit: 200 }));
    expect(all.map((t) => t.slug)).toEqual(expect.arrayContaining(['github', 'gmail', 'hackernews']));
    expect(all.find((t) => t.slug === 'github')?.meta.categories).toEqual([{ slug: 'developer-tools', name: 'developer-tools' }]);

    const github = await withoutShapeWarnings(() => composio.toolkits.get('github'));
    expect(github.meta.categories).toEqual([{ slug: 'developer-tools', name: 'developer-tools' }]);
    expect(github.authConfigDetails?.map((d) => d.mode)).toEqual(['OAUTH2', 'BEARER_TOKEN']);

    const appFields = await withoutShapeWarnings(() => composio.toolkits.getAuthConfigCreationFields('github', 'OAUTH2'));
    expect(appFields.map((f) => [f.name, f.required])).toEqual([
      ['client_id', true],
      ['client_secret', false],
      ['scopes', false],
    ]);
    const userFields = await withoutShapeWarnings(() =>
      composio.toolkits.getConnectedAccountInitiationFields('openweather', 'API_KEY', { requiredOnly: true }),
    );
    expect(userFields.map((f) => f.name)).toEqual(['api_key']);
  });
});
