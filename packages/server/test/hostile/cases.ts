import type { Random } from './random.js';
import { brokenJsonText, deepText, hostileValue, jsonText, mutateBody, NASTY_CHARS, nastyString, PROTOTYPE_KEYS } from './values.js';
import type { Expectation } from './verdict.js';
import type { WireRequest } from './wire.js';

/** What the generated requests aim at: made through the API before the run. */
export interface Fixtures {
  /** Project A's key; most requests use it so they get past authentication. */
  key: string;
  /** Project B's key and one of its sessions: crossing projects must look like "not found". */
  otherKey: string;
  otherSessionId: string;
  sessionId: string;
  /** An unused Connect Link of `sessionId`'s user, for an API-key toolkit (a form page). */
  linkToken: string;
  /** An MCP URL token of `sessionId`. */
  mcpToken: string;
  authConfigId: string;
  accountId: string;
  /** The imported toolkit that points at the loopback echo server (no auth). */
  echoToolkit: string;
  /** Tool slugs the session may run, the echo ones first. */
  toolSlugs: string[];
  maxBodyBytes: number;
}

export type Group = 'session' | 'search' | 'execute' | 'execute_meta' | 'proxy' | 'import' | 'link' | 'accounts' | 'mcp' | 'edge';

export interface HostileCase {
  group: Group;
  request: WireRequest;
  expect: Expectation;
}

const API = '/api/v3.1';
/** The hosted form page refuses bodies over this many bytes (web/link-routes.ts). */
const FORM_LIMIT = 64 * 1024;

/** How often each group comes up; together they cover every route group the issue names. */
const GROUPS: ReadonlyArray<readonly [number, Group]> = [
  [14, 'session'],
  [8, 'search'],
  [12, 'execute'],
  [5, 'execute_meta'],
  [9, 'proxy'],
  [6, 'import'],
  [9, 'link'],
  [10, 'accounts'],
  [18, 'mcp'],
  [6, 'edge'],
];

/** Case `index` of a run: the same seed and index always give the same request. */
export function generateCase(r: Random, fx: Fixtures): HostileCase {
  const group = r.weighted(GROUPS);
  const made = BUILDERS[group](r, fx);
  // Any route may also get an oversize body or broken headers on top of its own hostility.
  if (made.request.body !== undefined && ['POST', 'PATCH', 'PUT'].includes(made.request.method) && r.chance(0.04)) return oversize(r, fx, group, made);
  if (r.chance(0.1)) return { group, expect: made.expect, request: { ...made.request, headers: hostileHeaders(r, made.request.headers) } };
  return { group, ...made };
}

// ---------------------------------------------------------------------------------------------
// Building blocks

type Built = Omit<HostileCase, 'group'>;

function jsonHeaders(r: Random, fx: Fixtures): Array<[string, string]> {
  return [
    ...authHeaders(r, fx),
    [
      'Content-Type',
      r.chance(0.9)
        ? 'application/json'
        : r.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=utf-16',
            'multipart/form-data; boundary=x',
            '',
            'application/json\u0001',
          ]),
    ],
  ];
}

/** Mostly the right key, sometimes none, a wrong one, another project's, or a broken one. */
function authHeaders(r: Random, fx: Fixtures): Array<[string, string]> {
  return r.weighted<() => Array<[string, string]>>([
    [85, () => [['x-api-key', fx.key]]],
    [3, () => []],
    [3, () => [['x-api-key', `tr_${r.word(10, 40)}`]]],
    [3, () => [['x-api-key', fx.otherKey]]],
    [2, () => [['Authorization', `Bearer ${fx.key}`]]],
    [
      2,
      () => [
        [
          'Authorization',
          r.pick(['Bearer', 'Bearer  ', `Basic ${Buffer.from(`${fx.key}:`).toString('base64')}`, `Bearer ${fx.key} extra`, `bearer ${'k'.repeat(5000)}`]),
        ],
      ],
    ],
    [1, () => [['x-api-key', r.pick(['', ' ', 'k'.repeat(10_000), `${fx.key}\t`, `${fx.key},${fx.key}`, '%00', 'null'])]]],
    [
      1,
      () => [
        ['x-api-key', fx.key],
        ['x-api-key', fx.otherKey],
      ],
    ],
  ])();
}

/** A JSON request to the API: the valid body with one hostile field, or a body that is not JSON at all. */
function jsonRequest(r: Random, fx: Fixtures, method: string, path: string, valid: Record<string, unknown>): Built {
  const body = r.chance(0.15) ? brokenJsonText(r, valid) : r.chance(0.05) ? JSON.stringify(valid) : jsonText(r, mutateBody(r, valid));
  return { request: { method, path, headers: jsonHeaders(r, fx), body }, expect: { answering: 'api' } };
}

/** A path segment standing in for an id: unknown, from the other project, or hostile. */
function hostileId(r: Random, prefix: string, other?: string): string {
  return r.weighted<() => string>([
    [3, () => `${prefix}${r.word(4, 20)}`],
    [other ? 2 : 0, () => other ?? ''],
    [2, () => pct(nastyString(r))],
    [1, () => `${prefix}%00`],
    [1, () => '%ZZ'],
    [1, () => '%'],
    [1, () => `${prefix}${'x'.repeat(r.between(1_000, 7_000))}`],
    [
      1,
      () =>
        r.pick([
          '..',
          '.',
          '%2e%2e',
          '..%2F..%2Fetc%2Fpasswd',
          'constructor',
          '__proto__',
          'null',
          'undefined',
          '-1',
          '0x10',
          '%F0%9F%94%A5',
          '%C0%AF',
          '%ED%A0%80',
        ]),
    ],
  ])();
}

/** Query strings that are wrong in every way a query can be. */
function hostileQuery(r: Random, names: string[]): string {
  const parts: string[] = [];
  for (let i = r.between(1, 4); i > 0; i--) {
    const name = r.chance(0.8) ? r.pick(names) : r.pick(['__proto__', 'constructor', r.word(), '', '%00']);
    const value = r.pick<() => string>([
      () => pct(asText(hostileValue(r)).slice(0, 3000)),
      () => r.pick(['-1', '0', '1e9', 'NaN', 'Infinity', '1.5', 'true', '', '%00', '%ZZ', '[]', '{}', '1,2,,3', ',,,']),
      () => 'x'.repeat(r.between(100, 6000)),
    ])();
    parts.push(`${name}=${value}`);
    if (r.chance(0.2)) parts.push(`${name}=${r.word()}`);
  }
  return `?${parts.join('&')}`;
}

/** A body over the limit: declared, or chunked with no length, or chunked and never finished. */
function oversize(r: Random, fx: Fixtures, group: Group, made: Built): HostileCase {
  const isForm = made.expect.answering === 'page';
  const limit = isForm ? FORM_LIMIT : fx.maxBodyBytes;
  const size = limit + r.between(1, 256 * 1024);
  const filler = isForm ? `api_key=${'a'.repeat(size)}` : `{"pad":"${'a'.repeat(size)}"}`;
  const framing = r.pick(['length', 'chunked', 'chunked-open'] as const);
  const headers = made.request.headers.filter(
    ([k]) => !['content-length', 'transfer-encoding', 'content-type', 'x-api-key', 'authorization'].includes(k.toLowerCase()),
  );
  headers.push(['Content-Type', isForm ? 'application/x-www-form-urlencoded' : 'application/json']);
  if (!isForm) headers.push(['x-api-key', fx.key]);
  if (group === 'mcp') headers.push(['Accept', 'application/json, text/event-stream']);
  // A dot segment ('/./', '/../', encoded or not) can lead the path away from every route before
  // any body limit applies: then "no such route" is the right answer too.
  const leavesRoute = /\/(\.|%2e){1,2}(\/|$|\?)/i.test(made.request.path);
  return {
    group,
    request: { ...made.request, headers, body: filler, framing },
    expect: { answering: made.expect.answering, statuses: leavesRoute ? [413, 404] : [413] },
  };
}

/** Header trouble: names and values HTTP forbids, sizes past the parser's limits, contradictory framing. */
function hostileHeaders(r: Random, headers: Array<[string, string]>): Array<[string, string]> {
  const out = [...headers];
  const trouble = r.pick<() => Array<[string, string]>>([
    () => [['Bad Header', 'x']],
    () => [['x(y)', 'z']],
    () => [['x-trace', 'a\u0001b']],
    () => [['x-trace', 'a\u007fb']],
    () => [['x-folded', 'a\r\n  b']],
    () => [['x-big', 'v'.repeat(r.between(17_000, 80_000))]],
    () => Array.from({ length: r.between(100, 400) }, (_, i): [string, string] => [`x-h${i}`, r.word()]),
    () => [
      ['Content-Length', '5'],
      ['Content-Length', '7'],
    ],
    () => [['Content-Length', '-1']],
    () => [['Content-Length', 'abc']],
    () => [['Transfer-Encoding', 'gzip, chunked']],
    () => [['Expect', '100-continue']],
    () => [['Expect', 'something-else']],
    () => [['Host', r.pick(['', 'a b', '[::1', 'x:99999', 'evil.example.com', '127.0.0.1:1\u0000', '%00'])]],
    () => [['Content-Encoding', r.pick(['gzip', 'br', 'deflate', 'x'])]],
    () => [['Content-Type', r.pick(['application/json; charset=ebcdic', 'application/json\u0000', '*/*', 'application/json; boundary="'])]],
    () => [['Cookie', `tr_browser=${r.pick(['', '%00', 'a'.repeat(5000), '"x', 'a;b=c'])}`]],
    () => [['Accept', r.pick(['', '*/*', 'text/html', 'application/xml', 'text/event-stream', '\u0000'])]],
    () => [['x-request-id', r.pick(['', 'a'.repeat(1000), '\t', 'x y', 'req\u0001'])]],
    () => [['x-forwarded-for', '1.2.3.4, ::1, \u0000']],
    () => [['Authorization', `Bearer ${'x'.repeat(r.between(5_000, 15_000))}`]],
  ])();
  // Replace headers of the same name so the trouble is what the server sees.
  const names = new Set(trouble.map(([k]) => k.toLowerCase()));
  return [...out.filter(([k]) => !names.has(k.toLowerCase()) || ['content-length', 'transfer-encoding'].includes(k.toLowerCase())), ...trouble];
}

// ---------------------------------------------------------------------------------------------
// Route groups

const BUILDERS: Record<Group, (r: Random, fx: Fixtures) => Built> = {
  session: (r, fx) => {
    const base = `${API}/tool_router/session`;
    return r.weighted<() => Built>([
      [5, () => jsonRequest(r, fx, 'POST', base, validSessionCreate(r))],
      [4, () => jsonRequest(r, fx, 'PATCH', `${base}/${fx.sessionId}`, validSessionPatch(r))],
      [2, () => jsonRequest(r, fx, 'PATCH', `${base}/${hostileId(r, 'trs_', fx.otherSessionId)}`, validSessionPatch(r))],
      [
        2,
        () => ({
          request: { method: 'GET', path: `${base}/${hostileId(r, 'trs_', fx.otherSessionId)}`, headers: authHeaders(r, fx) },
          expect: { answering: 'api' },
        }),
      ],
      [
        1,
        () => ({
          request: { method: 'DELETE', path: `${base}/${hostileId(r, 'trs_', fx.otherSessionId)}`, headers: authHeaders(r, fx) },
          expect: { answering: 'api' },
        }),
      ],
      [
        3,
        () => ({
          request: {
            method: 'GET',
            path: `${base}/${fx.sessionId}/${r.pick(['tools', 'toolkits', 'config_history'])}${hostileQuery(r, ['limit', 'cursor', 'toolkits', 'is_connected', 'search'])}`,
            headers: authHeaders(r, fx),
          },
          expect: { answering: 'api' },
        }),
      ],
      [
        1,
        () =>
          jsonRequest(r, fx, 'POST', `${base}/${fx.sessionId}/attach`, {
            experimental: { custom_tools: [{ slug: 'X', name: 'x', description: 'x', input_schema: { type: 'object', properties: {} } }] },
          }),
      ],
      [
        2,
        () =>
          jsonRequest(r, fx, 'POST', `${base}/${fx.sessionId}/link`, {
            toolkit: r.pick(['openweather', 'github', 'gmail']),
            callback_url: 'https://app.example.com/done',
            alias: 'work',
          }),
      ],
      [2, () => jsonRequest(r, fx, 'POST', `${base}/${fx.sessionId}/mcp_tokens`, { name: 'inspector', expires_in: 3600 })],
    ])();
  },

  search: (r, fx) => {
    const valid = {
      queries: [{ use_case: r.pick(['send an email', 'list my repositories', 'weather in Paris', 'create a thing']) }],
      ...(r.chance(0.3) ? { toolkits: ['github'] } : {}),
    };
    if (r.chance(0.15)) {
      // Many queries, or many toolkits: the route must refuse or answer, not stall.
      const many = { queries: Array.from({ length: r.between(20, 3000) }, () => ({ use_case: nastyString(r) || 'x' })) };
      return {
        request: { method: 'POST', path: sessionPath(r, fx, 'search'), headers: jsonHeaders(r, fx), body: JSON.stringify(many) },
        expect: { answering: 'api' },
      };
    }
    return jsonRequest(r, fx, 'POST', sessionPath(r, fx, 'search'), valid);
  },

  execute: (r, fx) => {
    const slug = r.chance(0.6)
      ? r.pick(fx.toolSlugs)
      : r.pick([
          'COMPOSIO_MULTI_EXECUTE_TOOL',
          'COMPOSIO_SEARCH_TOOLS',
          'COMPOSIO_GET_TOOL_SCHEMAS',
          'COMPOSIO_MANAGE_CONNECTIONS',
          'COMPOSIO_REMOTE_WORKBENCH',
          'LOCAL_NOPE',
          ...PROTOTYPE_KEYS,
        ]);
    return jsonRequest(r, fx, 'POST', sessionPath(r, fx, 'execute'), { tool_slug: slug, arguments: toolArguments(r, fx, slug) });
  },

  execute_meta: (r, fx) => {
    const slug = r.pick(['COMPOSIO_MULTI_EXECUTE_TOOL', 'COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'COMPOSIO_MANAGE_CONNECTIONS']);
    return jsonRequest(r, fx, 'POST', sessionPath(r, fx, 'execute_meta'), { slug, arguments: toolArguments(r, fx, slug) });
  },

  proxy: (r, fx) => {
    const parameters = Array.from({ length: r.between(0, 4) }, () => ({
      name: r.weighted<() => string>([
        [3, () => `X-${r.word(1, 8)}`],
        [
          2,
          () =>
            r.pick([
              'Bad Name',
              'x\r\ny',
              'x:y',
              '',
              'x\u0000',
              'Host',
              'Content-Length',
              'Transfer-Encoding',
              'Connection',
              'Authorization',
              'é',
              '(x)',
              'a'.repeat(300),
            ]),
        ],
        [1, () => r.word(1, 8)],
      ])(),
      type: r.chance(0.7) ? 'header' : 'query',
      value: r.weighted<() => unknown>([
        [3, () => r.word()],
        [3, () => r.pick(['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b', '\u0001', 'é', '\u2028', ' lead', 'trail ', 'x'.repeat(r.between(1_000, 70_000))])],
        [1, () => hostileValue(r)],
      ])(),
    }));
    const valid = {
      toolkit_slug: r.chance(0.85) ? fx.echoToolkit : r.pick(['github', 'openweather', 'nope', '__proto__']),
      endpoint: r.weighted<() => string>([
        [4, () => `/things/${r.int(100)}`],
        [
          2,
          () =>
            r.pick([
              'http://169.254.169.254/latest/meta-data',
              '//evil.example.com/x',
              'http://127.0.0.1:1/x',
              '/../../../etc/passwd',
              'file:///etc/passwd',
              'javascript:alert(1)',
              '/status/500',
              '/slow',
              '/redirect?to=http://evil.example.com',
              '\u0000',
              '/x\r\nHost: evil',
            ]),
        ],
        [1, () => `/${pct(nastyString(r))}`],
      ])(),
      method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'get', 'TRACE', 'CONNECT']),
      parameters,
      ...(r.chance(0.4) ? { body: hostileValue(r) } : {}),
    };
    // The hostile parameters are the point here, so most bodies go out as built.
    if (r.chance(0.6))
      return {
        request: { method: 'POST', path: sessionPath(r, fx, 'proxy_execute'), headers: jsonHeaders(r, fx), body: jsonText(r, valid) },
        expect: { answering: 'api' },
      };
    return jsonRequest(r, fx, 'POST', sessionPath(r, fx, 'proxy_execute'), valid);
  },

  import: (r, fx) => {
    const slug = r.weighted<() => string>([
      [6, () => `hx${r.int(4)}`],
      [1, () => r.pick(['github', 'constructor', '__proto__', 'prototype', 'Bad Slug', 'a'.repeat(100), 'x\u0000', ''])],
    ])();
    const body: Record<string, unknown> = r.chance(0.2)
      ? {
          slug,
          spec_url: r.pick([
            'http://169.254.169.254/latest',
            'http://10.0.0.1/spec.json',
            'file:///etc/passwd',
            'javascript:alert(1)',
            'http://[::1]/x',
            'http://[fd00::1]/x',
            'gopher://x',
            'http://user:pass@192.168.0.1/',
          ]),
        }
      : { slug, spec: hostileSpec(r) };
    if (r.chance(0.5))
      return {
        request: { method: 'POST', path: `${API}/toolkits/import`, headers: jsonHeaders(r, fx), body: JSON.stringify(body) },
        expect: { answering: 'api' },
      };
    return jsonRequest(r, fx, 'POST', `${API}/toolkits/import`, body);
  },

  link: (r, fx) => {
    const token = r.chance(0.6) ? fx.linkToken : hostileId(r, 'lt_');
    return r.weighted<() => Built>([
      [
        3,
        () => ({
          request: {
            method: 'GET',
            path: `/link/${token}${r.chance(0.2) ? hostileQuery(r, ['x', 'state']) : ''}`,
            headers: r.chance(0.3) ? [['Cookie', `tr_browser=${r.pick(['', 'x'.repeat(64), '%00', 'a'.repeat(5000), 'ok_ok_ok_ok_ok_ok_ok_ok'])}`]] : [],
          },
          expect: { answering: 'page' },
        }),
      ],
      [
        5,
        () => {
          const form = hostileForm(r);
          const type = r.chance(0.8)
            ? 'application/x-www-form-urlencoded'
            : r.pick(['application/json', 'multipart/form-data; boundary=b', 'text/plain', 'application/x-www-form-urlencoded; charset=utf-7', '']);
          const headers: Array<[string, string]> = [['Content-Type', type]];
          if (r.chance(0.5)) headers.push(['Cookie', `tr_browser=${r.pick(['x'.repeat(32), '%00', '"', 'a'.repeat(3000)])}`]);
          return { request: { method: 'POST', path: `/link/${token}`, headers, body: form }, expect: { answering: 'page' } };
        },
      ],
      [
        2,
        () => ({
          request: { method: 'GET', path: `/oauth/callback${hostileQuery(r, ['state', 'code', 'error', 'error_description', 'iss'])}`, headers: [] },
          expect: { answering: 'page' },
        }),
      ],
      [1, () => ({ request: { method: r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), path: `/link/${token}`, headers: [] }, expect: { answering: 'page' } })],
    ])();
  },

  accounts: (r, fx) => {
    const ac = `${API}/auth_configs`;
    const ca = `${API}/connected_accounts`;
    return r.weighted<() => Built>([
      [
        4,
        () =>
          jsonRequest(r, fx, 'POST', ac, {
            toolkit: { slug: r.pick(['openweather', 'github', 'gmail']) },
            auth_config: r.pick([
              { type: 'use_custom_auth', authScheme: 'API_KEY', name: 'team key' },
              { type: 'use_composio_managed_auth' },
              { type: 'use_custom_auth', authScheme: 'OAUTH2', credentials: { client_id: 'id', client_secret: 'secret-value-123', scopes: ['repo'] } },
            ]),
          }),
      ],
      [
        2,
        () => ({
          request: {
            method: 'GET',
            path: `${ac}${hostileQuery(r, ['toolkit_slug', 'is_composio_managed', 'show_disabled', 'search', 'cursor', 'limit'])}`,
            headers: authHeaders(r, fx),
          },
          expect: { answering: 'api' },
        }),
      ],
      [1, () => ({ request: { method: 'GET', path: `${ac}/${hostileId(r, 'ac_')}`, headers: authHeaders(r, fx) }, expect: { answering: 'api' } })],
      [
        3,
        () =>
          jsonRequest(r, fx, 'PATCH', `${ac}/${r.chance(0.7) ? fx.authConfigId : hostileId(r, 'ac_')}`, { name: 'renamed', credentials: { scopes: ['a'] } }),
      ],
      [
        1,
        () => ({
          request: { method: 'PATCH', path: `${ac}/${hostileId(r, 'ac_')}/${r.pick(['ENABLED', 'DISABLED', 'enabled', 'X'])}`, headers: authHeaders(r, fx) },
          expect: { answering: 'api' },
        }),
      ],
      [1, () => ({ request: { method: 'DELETE', path: `${ac}/${hostileId(r, 'ac_')}`, headers: authHeaders(r, fx) }, expect: { answering: 'api' } })],
      [
        3,
        () => ({
          request: {
            method: 'GET',
            path: `${ca}${hostileQuery(r, ['user_ids', 'toolkit_slugs', 'auth_config_ids', 'statuses', 'connected_account_ids', 'order_by', 'order_direction', 'cursor', 'limit'])}`,
            headers: authHeaders(r, fx),
          },
          expect: { answering: 'api' },
        }),
      ],
      [
        1,
        () => ({
          request: { method: 'GET', path: `${ca}/${hostileId(r, 'ca_')}${r.chance(0.3) ? '/events' : ''}`, headers: authHeaders(r, fx) },
          expect: { answering: 'api' },
        }),
      ],
      [
        2,
        () =>
          jsonRequest(r, fx, 'POST', `${ca}/link`, { auth_config_id: fx.authConfigId, user_id: 'hostile-user', callback_url: 'https://app.example.com/cb' }),
      ],
      [
        2,
        () =>
          jsonRequest(r, fx, 'POST', ca, {
            auth_config: { id: fx.authConfigId },
            connection: { user_id: 'hostile-user', callback_url: 'https://app.example.com/cb' },
          }),
      ],
      [2, () => jsonRequest(r, fx, 'PATCH', `${ca}/${r.chance(0.7) ? fx.accountId : hostileId(r, 'ca_')}`, { alias: 'work' })],
      [1, () => jsonRequest(r, fx, 'PATCH', `${ca}/${hostileId(r, 'ca_')}/status`, { enabled: false })],
      [1, () => ({ request: { method: 'POST', path: `${ca}/${hostileId(r, 'ca_')}/refresh`, headers: authHeaders(r, fx) }, expect: { answering: 'api' } })],
      [1, () => ({ request: { method: 'DELETE', path: `${ca}/${hostileId(r, 'ca_')}`, headers: authHeaders(r, fx) }, expect: { answering: 'api' } })],
    ])();
  },

  mcp: (r, fx) => mcpCase(r, fx),

  edge: (r, fx) =>
    r.weighted<() => Built>([
      [
        2,
        () => ({
          request: {
            method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'BREW']),
            path: r.pick([
              '/',
              '/api',
              '/api/v3.1',
              '/api/v2/x',
              `${API}/nope`,
              `${API}/tools/${hostileId(r, '')}`,
              `${API}/toolkits/${hostileId(r, '')}`,
              '//',
              '/%00',
              '/a/../../etc/passwd',
              `/${'x'.repeat(r.between(1_000, 7_000))}`,
            ]),
            headers: authHeaders(r, fx),
          },
          expect: { answering: 'api' },
        }),
      ],
      [
        2,
        () => ({
          request: {
            method: 'GET',
            path: `${API}/${r.pick(['tools', 'toolkits', 'execution_logs', 'search_logs', 'approvals', 'custom_toolkits', 'mcp_servers'])}${hostileQuery(r, ['limit', 'cursor', 'search', 'toolkit_slug', 'tool_slugs', 'session_id', 'since', 'until', 'status', 'tags'])}`,
            headers: authHeaders(r, fx),
          },
          expect: { answering: 'api' },
        }),
      ],
      [
        1,
        () =>
          jsonRequest(r, fx, 'POST', `${API}/mcp_servers`, {
            slug: 'hxmcp',
            transport: 'http',
            url: 'http://169.254.169.254/mcp',
            headers: { Authorization: 'Bearer x' },
          }),
      ],
      [
        1,
        () =>
          jsonRequest(r, fx, 'PUT', `${API}/custom_toolkits/${r.pick(['hxc', 'constructor', hostileId(r, '')])}`, {
            name: 'Custom',
            webhook_url: 'http://127.0.0.1:1/hook',
            tools: [{ slug: 'T', name: 't', description: 'd', input_schema: { type: 'object', properties: {} } }],
          }),
      ],
      [1, () => jsonRequest(r, fx, 'POST', `${API}/approvals/${hostileId(r, 'apr_')}/${r.pick(['approve', 'deny'])}`, {})],
      [
        1,
        () => ({
          request: {
            method: r.pick(['GET', 'POST', 'HEAD', 'DELETE']),
            path: '/health',
            headers: r.chance(0.5) ? [] : authHeaders(r, fx),
            ...(r.chance(0.5) ? { body: nastyString(r) } : {}),
          },
          expect: { answering: 'api' },
        }),
      ],
    ])(),
};

/** A value as query text: strings as they are, anything else as JSON (String() throws on some prototype-keyed objects). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** Percent-encodes every byte but letters and digits; unlike encodeURIComponent it takes lone surrogates (as U+FFFD). */
function pct(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

function sessionPath(r: Random, fx: Fixtures, action: string): string {
  const id = r.chance(0.9) ? fx.sessionId : hostileId(r, 'trs_', fx.otherSessionId);
  return `${API}/tool_router/session/${id}/${action}`;
}

function validSessionCreate(r: Random): Record<string, unknown> {
  return r.pick<Record<string, unknown>>([
    { user_id: 'hostile-user', toolkits: ['github', 'openweather'] },
    {
      user_id: 'hostile-user',
      toolkits: { enable: ['github'] },
      tools: { github: { enable: ['GITHUB_GET_THE_AUTHENTICATED_USER'] } },
      manage_connections: { enable: true },
    },
    { user_id: 'u2', tags: { enable: ['readOnlyHint'] }, workbench: { enable: false }, multi_account: { enable: true, max_accounts_per_toolkit: 3 } },
    {
      user_id: 'u3',
      experimental: {
        permissions: { default: 'ask_every_call' },
        custom_tools: [{ slug: 'MINE', name: 'Mine', description: 'mine', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      },
    },
  ]);
}

function validSessionPatch(r: Random): Record<string, unknown> {
  return r.pick<Record<string, unknown>>([
    { toolkits: ['github', 'openweather', 'hxecho'], workbench: { enable: false } },
    { tags: { disable: ['destructiveHint'] } },
    { manage_connections: { enable: true }, expected_config_version: 1 },
    { search: { enable: true } },
  ]);
}

/** Arguments for a tool: right names with hostile values, or hostile structure, or nothing usable. */
function toolArguments(r: Random, fx: Fixtures, slug: string): unknown {
  if (slug === 'COMPOSIO_MULTI_EXECUTE_TOOL') {
    return {
      tools: Array.from({ length: r.between(0, 60) }, () => ({
        tool_slug: r.chance(0.7) ? r.pick(fx.toolSlugs) : hostileValue(r),
        arguments: r.chance(0.5) ? echoArguments(r) : hostileValue(r),
      })),
      sync_response_to_workbench: hostileValue(r),
    };
  }
  if (slug === 'COMPOSIO_SEARCH_TOOLS') return { queries: r.chance(0.5) ? [{ use_case: nastyString(r) }] : hostileValue(r), session: hostileValue(r) };
  if (slug === 'COMPOSIO_GET_TOOL_SCHEMAS')
    return { tool_slugs: r.chance(0.5) ? Array.from({ length: r.between(0, 200) }, () => r.pick(fx.toolSlugs)) : hostileValue(r) };
  if (slug === 'COMPOSIO_MANAGE_CONNECTIONS')
    return { toolkits: r.chance(0.5) ? [r.pick(['openweather', 'github', nastyString(r)])] : hostileValue(r), reinitiate_all: hostileValue(r) };
  if (slug.startsWith('HXECHO_')) return echoArguments(r);
  return r.chance(0.5) ? { [r.word()]: hostileValue(r) } : hostileValue(r);
}

/** Arguments for the echo toolkit's tools, whose header, query and body parameters reach a real socket. */
function echoArguments(r: Random): Record<string, unknown> {
  return {
    thingId: r.chance(0.6) ? r.int(100) : hostileValue(r),
    verbose: r.chance(0.5),
    labels: r.chance(0.5) ? [r.word(), nastyString(r)] : hostileValue(r),
    'X-Trace': r.chance(0.5) ? r.pick(['a\r\nX-Injected: 1', 'a\u0000b', '\n', 'é', 'x'.repeat(r.between(1_000, 50_000)), nastyString(r)]) : r.word(),
    name: r.chance(0.5) ? nastyString(r) : hostileValue(r),
    size: hostileValue(r),
  };
}

/** OpenAPI documents that are broken, cyclic, deep, huge or full of hostile names. */
function hostileSpec(r: Random): unknown {
  const op = (summary: string, extra: Record<string, unknown> = {}) => ({
    summary,
    operationId: summary,
    responses: { '200': { description: 'ok' } },
    ...extra,
  });
  const base = (paths: Record<string, unknown>, components: Record<string, unknown> = {}) => ({
    openapi: '3.0.3',
    info: { title: 'Hostile', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths,
    components,
  });
  return r.weighted<() => unknown>([
    [2, () => hostileValue(r)],
    [2, () => ({ ...base({ '/a': { get: op('getA') } }), openapi: hostileValue(r) })],
    [
      2,
      () =>
        base({
          '/a': {
            get: op('getA', {
              parameters: [{ name: nastyString(r), in: r.pick(['query', 'header', 'path', 'cookie', 'body', 'x']), schema: hostileValue(r) }],
            }),
          },
        }),
    ],
    // Cycles through $ref: a schema that contains itself, and two that contain each other.
    [
      2,
      () =>
        base(
          { '/a': { post: op('postA', { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } }) } },
          {
            schemas: {
              A: { type: 'object', properties: { a: { $ref: '#/components/schemas/A' }, b: { $ref: '#/components/schemas/B' } } },
              B: { allOf: [{ $ref: '#/components/schemas/A' }] },
            },
          },
        ),
    ],
    [
      1,
      () =>
        base(
          { '/a': { get: op('getA', { parameters: [{ $ref: '#/components/parameters/P' }] }) } },
          { parameters: { P: { $ref: '#/components/parameters/P' } } },
        ),
    ],
    [
      1,
      () =>
        base({
          '/a': {
            get: op('getA', {
              parameters: [{ $ref: r.pick(['http://169.254.169.254/x', 'file:///etc/passwd', '#/nope', '#', '../x.json#/a', '#/paths/~1a']) }],
            }),
          },
        }),
    ],
    // Deep schemas and many operations: work that grows with the document.
    [
      1,
      () => {
        let schema: Record<string, unknown> = { type: 'string' };
        for (let i = r.between(100, 1200); i > 0; i--) schema = { type: 'object', properties: { n: schema } };
        return base({ '/deep': { post: op('deep', { requestBody: { content: { 'application/json': { schema } } } }) } });
      },
    ],
    [
      1,
      () => {
        const paths: Record<string, unknown> = {};
        for (let i = r.between(500, 4000); i > 0; i--)
          paths[`/p${i}/{id}`] = { get: op(`op${i}`, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) };
        return base(paths);
      },
    ],
    // Fan-out through $ref: a few kilobytes of document that expand to n³ schema nodes when inlined.
    [
      3,
      () => {
        const n = r.between(70, 90);
        const props = (ref: string | undefined) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, ref ? { $ref: ref } : { type: 'string' }]));
        return base(
          { '/fan': { post: op('fan', { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/W' } } } } }) } },
          {
            schemas: {
              W: { type: 'object', properties: props('#/components/schemas/X') },
              X: { type: 'object', properties: props('#/components/schemas/Y') },
              Y: { type: 'object', properties: props(undefined) },
            },
          },
        );
      },
    ],
    [1, () => base(Object.fromEntries(PROTOTYPE_KEYS.map((k) => [`/${k}`, { [r.pick(['get', '__proto__', 'constructor'])]: op(k) }])))],
    [1, () => ({ swagger: '2.0', info: hostileValue(r), paths: hostileValue(r) })],
    [1, () => base({ '/a': { get: op('x'.repeat(r.between(100, 5000))) }, [`/${NASTY_CHARS.join('')}`]: { get: op(nastyString(r)) } })],
  ])();
}

/** A urlencoded form for the hosted page: forged tokens, NUL and control characters, odd encodings. */
function hostileForm(r: Random): string {
  return r.pick<() => string>([
    () => `csrf_token=${r.word(43, 43)}&api_key=${pct(nastyString(r))}`,
    () => `api_key=%00%01%02&csrf_token=%00`,
    () => `csrf_token=${'x'.repeat(43)}&api_key=${'k'.repeat(r.between(1000, 60_000))}`,
    () => '%ZZ=%ZZ&&&==&a',
    () => `__proto__=x&constructor=y&csrf_token=z&api_key=k`,
    () => Array.from({ length: r.between(100, 3000) }, (_, i) => `f${i}=${i}`).join('&'),
    () => `api_key=${pct('\ud800')}&csrf_token=${pct('\u0000')}`,
    () => JSON.stringify({ api_key: 'x', csrf_token: 'y' }),
    () => '',
    () => deepText(r, 1000),
  ])();
}

function mcpCase(r: Random, fx: Fixtures): Built {
  const id = r.chance(0.85) ? fx.sessionId : hostileId(r, 'trs_', fx.otherSessionId);
  const headers: Array<[string, string]> = r.weighted<() => Array<[string, string]>>([
    [80, () => [['x-api-key', fx.key]]],
    [6, () => [['Authorization', `Bearer ${fx.mcpToken}`]]],
    [5, () => []],
    [4, () => [['x-api-key', r.pick(['trmcp_nope', `tr_${r.word(20, 40)}`, fx.otherKey, 'k'.repeat(5000)])]]],
  ])();
  const query = r.chance(0.08) ? `?token=${r.pick([fx.mcpToken, 'trmcp_forged', pct(nastyString(r)), 'trmcp_'.padEnd(3000, 'x')])}` : '';
  const path = `/tool_router/${id}/mcp${query}`;
  if (r.chance(0.85))
    headers.push([
      'Accept',
      r.chance(0.85) ? 'application/json, text/event-stream' : r.pick(['application/json', 'text/event-stream', '*/*', 'text/html', '']),
    ]);
  if (r.chance(0.3))
    headers.push([
      'Mcp-Session-Id',
      r.pick([
        '',
        'x',
        'not-base64!!',
        Buffer.from('{"v":"2099-01-01","e":true}').toString('base64url'),
        Buffer.from('{"__proto__":{"e":true}}').toString('base64url'),
        'a'.repeat(8000),
        Buffer.from(nastyString(r)).toString('base64url'),
      ]),
    ]);
  if (r.chance(0.1)) headers.push(['Mcp-Protocol-Version', r.pick(['2025-11-25', '2025-06-18', '1999-01-01', '', 'latest', '\u0001', 'x'.repeat(2000)])]);
  const method = r.weighted<() => string>([
    [90, () => 'POST'],
    [5, () => 'GET'],
    [2, () => 'DELETE'],
    [3, () => r.pick(['PUT', 'PATCH', 'OPTIONS', 'HEAD'])],
  ])();
  if (method !== 'POST') return { request: { method, path, headers }, expect: { answering: 'mcp' } };
  headers.push(['Content-Type', r.chance(0.9) ? 'application/json' : r.pick(['text/plain', '', 'application/json-rpc', 'application/x-www-form-urlencoded'])]);
  return { request: { method, path, headers, body: jsonRpcBody(r, fx) }, expect: { answering: 'mcp' } };
}

/** JSON-RPC garbage: wrong versions and ids, unknown methods, broken params, odd batches, stray responses. */
function jsonRpcBody(r: Random, fx: Fixtures): string {
  const hostileId = () =>
    r.chance(0.6)
      ? r.pick<unknown>([1, 2, 'a', 'req-1'])
      : r.pick<unknown>([1e308, -1, 2 ** 63, 'x'.repeat(r.between(1000, 100_000)), {}, [], null, true, 1.5, '\u0000', '__proto__']);
  const message = (): Record<string, unknown> =>
    r.weighted<() => Record<string, unknown>>([
      [
        3,
        () => ({
          jsonrpc: '2.0',
          id: hostileId(),
          method: 'initialize',
          params: r.chance(0.5)
            ? {
                protocolVersion: r.pick(['2025-11-25', '1.0', '', 7, null, 'x'.repeat(5000)]),
                capabilities: hostileValue(r),
                clientInfo: { name: nastyString(r), version: hostileValue(r) },
              }
            : hostileValue(r),
        }),
      ],
      [
        3,
        () => ({
          jsonrpc: '2.0',
          id: hostileId(),
          method: 'tools/call',
          params: { name: r.chance(0.6) ? r.pick(fx.toolSlugs) : nastyString(r), arguments: r.chance(0.5) ? echoArguments(r) : hostileValue(r) },
        }),
      ],
      [2, () => ({ jsonrpc: '2.0', id: hostileId(), method: 'tools/list', params: { cursor: hostileValue(r) } })],
      [2, () => ({ jsonrpc: r.pick(['1.0', '2', 2, null, '', '2.0\u0000']), id: 1, method: 'tools/list' })],
      [
        2,
        () => ({
          jsonrpc: '2.0',
          id: hostileId(),
          method: r.pick([
            'nope',
            'rpc.discover',
            '__proto__',
            'constructor',
            'tools/',
            '',
            'x'.repeat(20_000),
            'resources/read',
            'prompts/get',
            'logging/setLevel',
            'completion/complete',
            'sampling/createMessage',
            'elicitation/create',
          ]),
          params: hostileValue(r),
        }),
      ],
      [
        2,
        () => ({
          jsonrpc: '2.0',
          method: r.pick(['notifications/initialized', 'notifications/cancelled', 'notifications/nope', 'notifications/progress']),
          params: hostileValue(r),
        }),
      ],
      [
        2,
        () => ({
          jsonrpc: '2.0',
          id: hostileId(),
          ...(r.chance(0.5) ? { result: hostileValue(r) } : { error: { code: hostileValue(r), message: hostileValue(r) } }),
        }),
      ],
      [1, () => ({ jsonrpc: '2.0', id: 1, method: hostileValue(r) })],
      [1, () => ({ jsonrpc: '2.0', id: 1 })],
      [1, () => ({ jsonrpc: '2.0', id: 1, method: 'ping', params: [1, 2, 3] })],
      [1, () => hostileValue(r) as Record<string, unknown>],
    ])();
  return r.weighted<() => string>([
    [10, () => jsonText(r, message())],
    [3, () => JSON.stringify(Array.from({ length: r.between(0, 20) }, message))],
    [1, () => JSON.stringify(Array.from({ length: r.between(200, 3000) }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })))],
    [
      1,
      () =>
        JSON.stringify([
          { jsonrpc: '2.0', id: 'same', method: 'ping' },
          { jsonrpc: '2.0', id: 'same', method: 'tools/list' },
        ]),
    ],
    [2, () => brokenJsonText(r, { jsonrpc: '2.0', id: 1, method: 'tools/list' })],
  ])();
}
