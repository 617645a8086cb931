import { describe, expect, it } from 'vitest';
import type { IndexedTool } from '../types.js';
import { ToolIndex } from './index.js';

function tool(slug: string, name: string, description: string, props: Record<string, string> = {}): IndexedTool {
  const toolkit = slug.split('_')[0]!.toLowerCase();
  return {
    slug,
    toolkit,
    toolkitName: toolkit.charAt(0).toUpperCase() + toolkit.slice(1),
    toolkitDescription: '',
    name,
    description,
    inputSchema: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, d]) => [k, { type: 'string', description: d }])),
    },
    tags: [],
  };
}

const CATALOG: IndexedTool[] = [
  tool('GITHUB_CREATE_AN_ISSUE', 'Create an issue', 'Open a new issue in a repository.', { owner: 'Owner', repo: 'Repository name', title: 'Title' }),
  tool('GITHUB_LIST_REPOSITORY_ISSUES', 'List repository issues', 'Lists issues of a repository.', { repo: 'Repository name' }),
  tool('GITHUB_DELETE_A_REPOSITORY', 'Delete a repository', 'Deletes a repository permanently.', { repo: 'Repository name' }),
  tool('JIRA_CREATE_ISSUE', 'Create issue', 'Create issue: creates an issue (bug, task or story) in a project.', { project: 'Project key' }),
  tool('JIRA_SEARCH_ISSUES', 'Search issues', 'Search issues with JQL.', { jql: 'JQL query' }),
  tool('GMAIL_SEND_EMAIL', 'Send email', 'Send an email to recipients.', { to: 'Recipient address', subject: 'Subject', body: 'Body' }),
  tool('GMAIL_FETCH_EMAILS', 'Fetch emails', 'Fetch messages from the inbox.', { query: 'Gmail search query' }),
  tool('SLACK_POST_MESSAGE', 'Post message', 'Posts a message to a channel.', { channel: 'Channel id', text: 'Text' }),
  tool('SLACK_LIST_CHANNELS', 'List channels', 'Lists channels in the workspace.'),
  tool('DRIVE_FIND_FILE', 'Find file', 'Search for files by name in Drive.', { name: 'File name' }),
  tool('DRIVE_UPLOAD_FILE', 'Upload file', 'Upload a file to Drive.', { path: 'Local path' }),
  tool('WEATHER_GET_FORECAST', 'Get forecast', 'Weather forecast for a city.', { city: 'City name' }),
];

function build(params = {}, tools = CATALOG): ToolIndex {
  const index = new ToolIndex(params);
  const byToolkit = new Map<string, IndexedTool[]>();
  for (const t of tools) byToolkit.set(t.toolkit, [...(byToolkit.get(t.toolkit) ?? []), t]);
  for (const [tk, list] of byToolkit) index.upsertToolkit(tk, list);
  return index;
}

const slugs = (index: ToolIndex, q: string, limit = 5, extra?: IndexedTool[]) => index.search(q, { limit, extra }).map((h) => h.slug);

describe('ToolIndex', () => {
  it('indexes every tool and finds by name, description and parameters', () => {
    const index = build();
    expect(index.size).toBe(CATALOG.length);
    expect(slugs(index, 'weather forecast')[0]).toBe('WEATHER_GET_FORECAST');
    expect(slugs(index, 'jql')[0]).toBe('JIRA_SEARCH_ISSUES'); // parameter name and description
    expect(index.search('weather', { limit: 0 })).toEqual([]);
    expect(index.search('the of and', { limit: 5 })).toEqual([]);
  });

  it('expands synonyms: "remove" finds delete, "dm" finds post message', () => {
    const index = build();
    expect(slugs(index, 'remove a repository')[0]).toBe('GITHUB_DELETE_A_REPOSITORY');
    expect(slugs(index, 'dm the channel')[0]).toBe('SLACK_POST_MESSAGE');
  });

  it('boosts the toolkit the query names', () => {
    const index = build();
    expect(slugs(index, 'create an issue on GitHub')[0]).toBe('GITHUB_CREATE_AN_ISSUE');
    expect(slugs(index, 'create an issue in Jira')[0]).toBe('JIRA_CREATE_ISSUE');
    const ratio = (ix: ToolIndex) => {
      const hits = ix.search('create an issue on GitHub', { limit: 5 });
      const score = (s: string) => hits.find((h) => h.slug === s)?.score ?? 0;
      return score('GITHUB_CREATE_AN_ISSUE') / score('JIRA_CREATE_ISSUE');
    };
    expect(ratio(index)).toBeGreaterThan(ratio(build({ mentionBoost: 0, bareMentionBoost: 0 })));
  });

  it('retrieves tools for each intent of a multi-intent query', () => {
    const index = build();
    const top = slugs(index, 'find the quarterly report file and then email it to Bob', 3);
    expect(top).toContain('DRIVE_FIND_FILE');
    expect(top).toContain('GMAIL_SEND_EMAIL');
  });

  it('never returns tools the allow filter denies, and still fills the limit', () => {
    const index = build();
    const allow = (slug: string) => !slug.startsWith('GITHUB_');
    const hits = index.search('github repository issues', { limit: 3, allow });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => allow(h.slug))).toBe(true);
    expect(hits[0]!.slug).toMatch(/^JIRA_/);
  });

  it('asks a toolkit-level filter once per toolkit and ranks exactly as the tool-level one', () => {
    const index = build();
    const allow = (slug: string) => slug.startsWith('JIRA_') || slug === 'GITHUB_CREATE_AN_ISSUE';
    const asked: string[] = [];
    const allowToolkit = (toolkit: string) => {
      asked.push(toolkit);
      return toolkit === 'jira' ? 'all' : toolkit === 'github' ? 'some' : 'none';
    };
    const asAllow = (slug: string) => allow(slug) && !slug.startsWith('GITHUB_LIST');
    for (const q of ['github repository issues', 'create an issue', 'send an email about the issue']) {
      asked.length = 0;
      const allowed: string[] = [];
      const hits = index.search(q, { limit: 5, allow: (s) => (allowed.push(s), asAllow(s)), allowToolkit });
      expect(hits).toEqual(index.search(q, { limit: 5, allow: asAllow }));
      expect(new Set(asked).size).toBe(asked.length); // once per toolkit
      expect(allowed.every((s) => s.startsWith('GITHUB_'))).toBe(true); // "all" and "none" never ask per tool
    }
    // "all" means all: the per-tool answer is not asked, so it does not matter.
    expect(index.search('search issues with jql', { limit: 3, allow: () => false, allowToolkit: () => 'all' })[0]!.slug).toBe('JIRA_SEARCH_ISSUES');
  });

  it('scores per-query extra docs with the same statistics', () => {
    const index = build();
    const rocket = tool('ACME_LAUNCH_ROCKET', 'Launch rocket', 'Launches a rocket into orbit.');
    expect(slugs(index, 'launch a rocket', 5, [rocket])[0]).toBe('ACME_LAUNCH_ROCKET');
    expect(slugs(index, 'launch a rocket')).not.toContain('ACME_LAUNCH_ROCKET');
    // An extra doc with an indexed slug replaces that tool for the query.
    const shadow = tool('WEATHER_GET_FORECAST', 'Get tides', 'Tide tables for a harbour.');
    expect(slugs(index, 'tide tables harbour', 5, [shadow])[0]).toBe('WEATHER_GET_FORECAST');
    expect(slugs(index, 'city name', 5, [shadow])).not.toContain('WEATHER_GET_FORECAST');
    const denied = index.search('launch rocket', { limit: 5, extra: [rocket], allow: (s) => s !== 'ACME_LAUNCH_ROCKET' });
    expect(denied.map((h) => h.slug)).not.toContain('ACME_LAUNCH_ROCKET');
  });

  it('upsert replaces a toolkit and remove removes it, with no stale results', () => {
    const index = build();
    index.upsertToolkit('weather', [tool('WEATHER_GET_TIDES', 'Get tides', 'Tide tables for a harbour.')]);
    expect(index.size).toBe(CATALOG.length);
    expect(slugs(index, 'weather forecast city')).not.toContain('WEATHER_GET_FORECAST');
    expect(slugs(index, 'tide tables')[0]).toBe('WEATHER_GET_TIDES');
    index.removeToolkit('gmail');
    expect(index.size).toBe(CATALOG.length - 2);
    expect(slugs(index, 'send email inbox', 10).filter((s) => s.startsWith('GMAIL_'))).toEqual([]);
    index.upsertToolkit('slack', []);
    expect(slugs(index, 'post message channel', 10).filter((s) => s.startsWith('SLACK_'))).toEqual([]);
  });

  it('keeps statistics exact under incremental updates (same scores as a fresh build)', () => {
    const index = build();
    index.removeToolkit('github');
    index.upsertToolkit(
      'drive',
      CATALOG.filter((t) => t.toolkit === 'drive'),
    );
    index.upsertToolkit(
      'github',
      CATALOG.filter((t) => t.toolkit === 'github'),
    );
    const fresh = build();
    for (const q of ['create an issue on GitHub', 'send email', 'find file and then post message', 'repository']) {
      expect(index.search(q, { limit: 10 })).toEqual(fresh.search(q, { limit: 10 }));
    }
  });

  it('analyses a repeated request anew once the index changed', () => {
    const index = build();
    const q = 'find a zebra crossing near me';
    expect(slugs(index, q)).not.toContain('ZOO_FIND_ZEBRA');
    index.upsertToolkit('zoo', [tool('ZOO_FIND_ZEBRA', 'Find zebra', 'Finds zebras in the park.')]);
    expect(slugs(index, q)[0]).toBe('ZOO_FIND_ZEBRA'); // "zebra" was no indexed word before
    index.removeToolkit('zoo');
    expect(slugs(index, q)).not.toContain('ZOO_FIND_ZEBRA');
    // Learned queries add words too; another request with those words finds the tool once they are learned.
    const other = 'the crew ledger please';
    expect(slugs(index, other)).not.toContain('SLACK_POST_MESSAGE');
    index.setLearned('SLACK_POST_MESSAGE', [{ text: 'post to the crew ledger channel', weight: 5 }]);
    expect(slugs(index, other)[0]).toBe('SLACK_POST_MESSAGE');
  });

  it('learned queries change the ranking and clearing them reverts it', () => {
    const index = build();
    const q = 'ship a note to the crew';
    const before = index.search(q, { limit: 5 });
    expect(before.map((h) => h.slug)).not.toContain('SLACK_POST_MESSAGE');
    index.setLearned('SLACK_POST_MESSAGE', [{ text: 'ship a note to the crew', weight: 1 }]);
    expect(slugs(index, q)[0]).toBe('SLACK_POST_MESSAGE');
    // Survives a catalog refresh of its toolkit.
    index.upsertToolkit(
      'slack',
      CATALOG.filter((t) => t.toolkit === 'slack'),
    );
    expect(slugs(index, q)[0]).toBe('SLACK_POST_MESSAGE');
    index.setLearned('SLACK_POST_MESSAGE', []);
    expect(index.search(q, { limit: 5 })).toEqual(before);
  });

  it('learned expansion is weight-aware and bounded', () => {
    const index = build({ maxLearnedQueries: 1 });
    index.setLearned('WEATHER_GET_FORECAST', [
      { text: 'zebra crossing', weight: 0.1 },
      { text: 'umbrella tomorrow', weight: 5 },
    ]);
    expect(slugs(index, 'umbrella')[0]).toBe('WEATHER_GET_FORECAST');
    expect(slugs(index, 'zebra')).toEqual([]); // the lighter query fell outside the cap
  });

  it('is deterministic: ties broken by slug, independent of insertion order', () => {
    const twins = [tool('ZETA_PING', 'Ping', 'Ping a host.'), tool('ALPHA_PING', 'Ping', 'Ping a host.')];
    const a = build({}, twins);
    const b = build({}, [...twins].reverse());
    const hits = a.search('ping host', { limit: 5 });
    expect(hits.map((h) => h.slug)).toEqual(['ALPHA_PING', 'ZETA_PING']);
    expect(hits[0]!.score).toBe(hits[1]!.score);
    expect(b.search('ping host', { limit: 5 })).toEqual(hits);
    expect(a.search('ping host', { limit: 5 })).toEqual(hits);
  });

  it('prefers the tool whose name is exactly the request over one whose name says more', () => {
    const tools = [
      tool('GITHUB_MERGE_A_PULL_REQUEST', 'Merge a pull request', 'Merges a pull request into the base branch.'),
      tool(
        'GITHUB_MERGE_A_PULL_REQUEST_ASYNCHRONOUSLY',
        'Merge a pull request asynchronously',
        'Merges a pull request in the background; merge queues merge pull requests one merge at a time.',
      ),
    ];
    expect(slugs(build({}, tools), 'merge a pull request')[0]).toBe('GITHUB_MERGE_A_PULL_REQUEST');
    expect(slugs(build({ nameMatch: 0 }, tools), 'merge a pull request')[0]).toBe('GITHUB_MERGE_A_PULL_REQUEST_ASYNCHRONOUSLY');
  });

  it('lets a long request lean less on short tool names its many words happen to cover', () => {
    const tools = [
      tool('BOOKIE_MATCHES', 'Matches', 'Odds offered by the bookmaker.'),
      tool('SCORES_GET_EVENTS', 'Get events', 'Upcoming football fixtures for a club.'),
    ];
    const request = 'this weekend I want to know which football matches are coming up for my club and who plays';
    expect(slugs(build({ nameMatchWords: 0 }, tools), request)[0]).toBe('BOOKIE_MATCHES');
    expect(slugs(build({}, tools), request)[0]).toBe('SCORES_GET_EVENTS');
    // A short request still goes by the name.
    expect(slugs(build({}, tools), 'latest matches')[0]).toBe('BOOKIE_MATCHES');
  });

  it('puts a tool the request names by its exact slug first, in any case, but never one the session may not use', () => {
    const tools = [
      ...CATALOG,
      tool('GITHUB_LIST_REPOSITORY_SECRETS', 'List repository secrets', 'Lists the secrets of a repository.', { repo: 'Repository name' }),
      tool('GITHUB_BOT_LIST_REPO_SECRETS', 'List repository secrets', 'Lists the secrets a repository has.', { repo: 'Repository name' }),
    ];
    const index = build({}, tools);
    // (test/search-quality.test.ts shows it on the built-in catalog, where words alone miss 91 slugs)
    expect(slugs(index, 'GITHUB_BOT_LIST_REPO_SECRETS')[0]).toBe('GITHUB_BOT_LIST_REPO_SECRETS');
    expect(slugs(index, 'please run `github_bot_list_repo_secrets`, then GMAIL_SEND_EMAIL.').slice(0, 2)).toEqual([
      'GITHUB_BOT_LIST_REPO_SECRETS',
      'GMAIL_SEND_EMAIL',
    ]);
    const allow = (slug: string) => slug !== 'GITHUB_BOT_LIST_REPO_SECRETS';
    expect(index.search('GITHUB_BOT_LIST_REPO_SECRETS', { limit: 5, allow }).map((h) => h.slug)).not.toContain('GITHUB_BOT_LIST_REPO_SECRETS');
    // Something shaped like a slug that names no tool changes nothing.
    expect(slugs(index, 'NO_SUCH_TOOL create issue')).toEqual(slugs(index, 'create issue'));
  });

  it('reads "me", "my" and "who am I" as the authenticated user', () => {
    const tools = [
      ...CATALOG,
      tool('GITHUB_GET_THE_AUTHENTICATED_USER', 'Get the authenticated user', 'Profile of the signed-in account.'),
      tool('GITHUB_GET_A_USER', 'Get a user', 'Public profile of any user by login.', { username: 'Login of the user' }),
    ];
    expect(slugs(build({}, tools), 'who am I on github')[0]).toBe('GITHUB_GET_THE_AUTHENTICATED_USER');
    expect(slugs(build({}, tools), 'who am I')[0]).toBe('GITHUB_GET_THE_AUTHENTICATED_USER');
    // Without the self terms and the read verbs a question implies, only stop words are left.
    expect(slugs(build({ selfWeight: 0, questionWeight: 0 }, tools), 'who am I')).toEqual([]);
  });

  it('reads the verb that starts a request as its action, not as a state', () => {
    const tools = [
      tool('GITHUB_CREATE_AN_ISSUE', 'Create an issue', 'Any user with pull access can create an issue.', { title: 'Title' }),
      tool('GITHUB_LIST_ISSUES', 'List issues', 'Lists issues. Only open issues are listed by default.', {
        state: 'Only open issues, only closed issues, or all (open or closed).',
      }),
    ];
    expect(slugs(build({}, tools), 'open an issue')[0]).toBe('GITHUB_CREATE_AN_ISSUE');
    expect(slugs(build({}, tools), 'list open issues')[0]).toBe('GITHUB_LIST_ISSUES');
    // Without action handling "open" is just a word, and the tool that says it most wins.
    expect(slugs(build({ actionProseWeight: 1, actionSynonymWeight: 0.1 }, tools), 'open an issue')[0]).toBe('GITHUB_LIST_ISSUES');
  });

  it('answers a request repeated word for word with the tools it led to before', () => {
    const index = build({ learnedWeight: 0.01 });
    index.setLearned('SLACK_POST_MESSAGE', [{ text: 'Send the weather forecast to the team', weight: 1 }]);
    expect(slugs(index, 'send the weather forecast to the team!')[0]).toBe('SLACK_POST_MESSAGE');
    const off = build({ learnedWeight: 0.01, repeatWeight: 0 });
    off.setLearned('SLACK_POST_MESSAGE', [{ text: 'Send the weather forecast to the team', weight: 1 }]);
    expect(slugs(off, 'send the weather forecast to the team!')[0]).not.toBe('SLACK_POST_MESSAGE');
    index.setLearned('SLACK_POST_MESSAGE', []);
    expect(slugs(index, 'send the weather forecast to the team!')[0]).not.toBe('SLACK_POST_MESSAGE');
  });

  it('prunes common words on large indexes without losing what only they can find', () => {
    const filler = Array.from({ length: 6_000 }, (_, i) =>
      tool(`BULK${i % 50}_ITEM_${i}`, `Item ${i}`, `Returns common data about record ${i}.`, { id: 'Record id' }),
    );
    const tools = [...filler, tool('RARE_ZEBRA', 'Zebra stripes', 'Common data about zebra stripes.')];
    const pruned = build({}, tools);
    const exhaustive = build({ pruneShare: 0, pruneCommon: 0 }, tools);
    expect(slugs(pruned, 'zebra common data')[0]).toBe('RARE_ZEBRA');
    expect(slugs(pruned, 'zebra common data', 10)).toEqual(slugs(exhaustive, 'zebra common data', 10));
    // Only common words: nothing rarer finds enough candidates, so the common ones still do.
    expect(slugs(pruned, 'common data', 10)).toHaveLength(10);
  });

  it('does not index the words of documentation links', () => {
    const tools = [
      tool('A_CREATE', 'Create thing', 'Creates a thing. See [notifications](https://docs.example.com/managing-subscriptions-and-notifications).'),
      tool('B_SUBSCRIBE', 'Manage subscriptions', 'Subscribe to a feed.'),
    ];
    expect(slugs(build({}, tools), 'managing subscriptions')).toEqual(['B_SUBSCRIBE']);
  });

  it('prefers a curated tool over raw operations of its toolkit, and leaves other toolkits alone', () => {
    const tools = [
      tool('X_TWEETS_LABEL_STREAM', 'Tweets stream', 'Streams tweets as they are posted.'),
      { ...tool('X_CREATE_POST', 'Create post', 'Publishes a tweet from the account.'), agentReady: true },
      tool('X_GET_USER', 'Get user', 'One account.'),
      tool('Y_TWEET_ARCHIVE', 'Tweet archive', 'Tweets that are live, archived.'),
    ];
    const q = 'tweet that the beta shipped';
    const scores = (params: object) =>
      new Map(
        build(params, tools)
          .search(q, { limit: 5 })
          .map((h) => [h.slug, h.score]),
      );
    const raw = scores({ rawOperationPrior: 0 });
    const prior = scores({});
    // By its words the raw stream operation matches more of the request; with the prior the curated tool leads its toolkit.
    expect(raw.get('X_TWEETS_LABEL_STREAM')!).toBeGreaterThan(raw.get('X_CREATE_POST')!);
    expect(prior.get('X_CREATE_POST')!).toBeGreaterThan(prior.get('X_TWEETS_LABEL_STREAM')!);
    // A toolkit with no curated tools keeps its scores.
    expect(prior.get('Y_TWEET_ARCHIVE')).toBeCloseTo(raw.get('Y_TWEET_ARCHIVE')!, 9);
  });

  it('ranks a reference tool first within its toolkit, moving no toolkit against another, unless it does another thing', () => {
    const tools = [
      tool('G_SITE_BUILDS', 'Site builds', 'Builds of the pages site of a repository, newest first.'),
      { ...tool('G_DELETE_A_SITE', 'Delete a site', 'Deletes the pages site of a repository and its builds.'), reference: true },
      { ...tool('G_GET_A_SITE', 'Get a site', 'The pages site of a repository with its builds.'), reference: true },
      tool('L_SITE_BUILD_LOG', 'Site build log', 'Build log of a pages site.'),
    ];
    // The name match is left out so that the scores show the prior alone.
    const hits = (q: string, params: object) => build({ nameMatch: 0, ...params }, tools).search(q, { limit: 5 });
    const order = (q: string, params: object) => hits(q, params).map((h) => h.slug);
    const q = 'builds of the pages site';
    // By its words the raw operation leads its toolkit; with the prior the reference tools take its place.
    expect(order(q, { referencePrior: 0 })).toEqual(['L_SITE_BUILD_LOG', 'G_SITE_BUILDS', 'G_GET_A_SITE', 'G_DELETE_A_SITE']);
    expect(order(q, {})).toEqual(['L_SITE_BUILD_LOG', 'G_GET_A_SITE', 'G_DELETE_A_SITE', 'G_SITE_BUILDS']);
    // The other toolkit keeps its score (and so its place): G's tools only traded places among themselves.
    const scoreOf = (params: object, slug: string) => hits(q, params).find((h) => h.slug === slug)!.score;
    expect(scoreOf({}, 'L_SITE_BUILD_LOG')).toBeCloseTo(scoreOf({ referencePrior: 0 }, 'L_SITE_BUILD_LOG'), 9);
    // Reference tools named for another action than asked ("get", "delete" for "find") are not lifted.
    const find = 'find builds of the pages site';
    expect(order(find, {})).toEqual(order(find, { referencePrior: 0 }));
  });

  it('reads a request that starts with "show" as a read, like a question', () => {
    const tools = [tool('T_LIST_EPISODES', 'List episodes', 'Episodes of a series.'), tool('T_EPISODE', 'Episode', 'One episode of a series.')];
    expect(slugs(build({}, tools), 'show episodes')[0]).toBe('T_LIST_EPISODES');
    // Elsewhere "show" is a noun and implies nothing: the tool about one episode ties on words and wins by name.
    expect(slugs(build({}, tools), 'episodes of the show')[0]).toBe('T_EPISODE');
  });
  it('gives the tools it returns the scores of an exact reordering when only their window places are handed out', () => {
    // Two toolkits of reference tools and raw operations, with hundreds of candidates each: far more than the
    // 100 selected, so the reordering hands out only the scores at or above the 100th best. Asking for every
    // candidate leaves no such floor: every window is reordered exactly.
    const words = ['issue', 'comment', 'label', 'project', 'board', 'sprint', 'note', 'file'];
    const tools = ['acme', 'bolt'].flatMap((kit) =>
      Array.from({ length: 300 }, (_, i) => ({
        ...tool(
          `${kit.toUpperCase()}_OP_${i}`,
          `${words[i % 8]} ${words[(i * 5) % 8]} ${i}`,
          `About ${words[(i * 3) % 8]} and ${words[(i * 7) % 8]} ${'data '.repeat(i % 5)}of a project ${i}.`,
        ),
        reference: i % 4 === 0,
      })),
    );
    const index = build({ nameMatch: 0 }, tools);
    const requests = words.flatMap((a, i) => words.slice(i + 1).map((b) => `${a} ${b} of a project`));
    for (const q of ['list the issue labels of a project', 'a comment on the board', ...requests]) {
      const all = index.search(q, { limit: 10_000 });
      expect(all.length, q).toBeGreaterThan(120);
      expect(index.search(q, { limit: 10 }), q).toEqual(all.slice(0, 10));
      expect(index.search(q, { limit: 120 }), q).toEqual(all.slice(0, 120));
    }
  });

  it('scores an index changed between queries as one built that way (kept per-list action frequencies follow the norms)', () => {
    const later = [
      tool('LINEAR_LIST_ISSUES', 'List issues', 'List the issues of a team, with their state.'),
      tool('LINEAR_CREATE_ISSUE', 'Create issue', 'Create an issue.'),
    ];
    const queries = ['list the open issues of a repository', 'create an issue', 'send an email'];
    const changed = build();
    // Actions and concepts met before the change, twice (from the second sight a concept's merged postings are kept).
    for (const q of [...queries, ...queries, ...queries]) changed.search(q, { limit: 10 });
    changed.upsertToolkit('linear', later);
    changed.upsertToolkit('weather', []);
    const fresh = build({}, [...CATALOG.filter((t) => t.toolkit !== 'weather'), ...later]);
    for (const q of queries) expect(changed.search(q, { limit: 10 }), q).toEqual(fresh.search(q, { limit: 10 }));
    // Learned queries change the lists too.
    changed.setLearned('LINEAR_CREATE_ISSUE', [{ text: 'send an email about the issue', weight: 3 }]);
    fresh.setLearned('LINEAR_CREATE_ISSUE', [{ text: 'send an email about the issue', weight: 3 }]);
    for (const q of queries) expect(changed.search(q, { limit: 10 }), q).toEqual(fresh.search(q, { limit: 10 }));
  });

  it('answers a request asked again exactly as the first time, on large indexes too (kept merged postings)', () => {
    const filler = Array.from({ length: 5_500 }, (_, i) =>
      tool(`BULK${i % 40}_ITEM_${i}`, i % 3 === 0 ? `Create item ${i}` : `List items ${i}`, `Creates or lists record ${i} of a new issue tracker.`),
    );
    const tools = [...CATALOG, ...filler];
    const requests = ['list the open issues of a repository', 'open an issue', 'create a new issue and list the issues', 'send an email'];
    const once = (q: string) => build({}, tools).search(q, { limit: 20 });
    const index = build({}, tools);
    for (let round = 0; round < 3; round++) for (const q of requests) expect(index.search(q, { limit: 20 }), `${q} #${round + 1}`).toEqual(once(q));
  });

  it('scores a concept kept from requests where it found the candidates only on the candidates of one where it does not', () => {
    // "item" alone finds the candidates (and is kept from its second request); next to the rarer "zebra", which
    // finds a few hundred, it only re-scores those.
    const items = Array.from({ length: 6_000 }, (_, i) => tool(`BULK${i % 40}_ITEM_${i}`, `Item ${i}`, `Returns item ${i}.`));
    const zebras = Array.from({ length: 300 }, (_, i) => tool(`ZOO${i % 3}_ZEBRA_${i}`, `Zebra ${i}`, i % 2 ? `Zebra ${i} and its item.` : `Zebra ${i}.`));
    const tools = [...items, ...zebras];
    const warmed = build({}, tools);
    for (let i = 0; i < 3; i++) warmed.search('item', { limit: 5 });
    expect(warmed.search('zebra item', { limit: 400 })).toEqual(build({}, tools).search('zebra item', { limit: 400 }));
    expect(warmed.search('zebra item', { limit: 400 })).toHaveLength(300);
  });
});
