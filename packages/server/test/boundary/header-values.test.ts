import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreKind, startTestApi, type TestApi } from '../harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from '../helpers/echo-server.js';

/**
 * Header names and values that cannot go out (CR/LF, controls, characters past Latin-1, names
 * that are not HTTP tokens) are the caller's mistake, caught where outbound requests are
 * assembled: proxy_execute answers 400 naming the parameter; a tool call reports it like any other
 * invalid argument, also per item inside COMPOSIO_MULTI_EXECUTE_TOOL. Before, Node's HTTP client
 * threw deep in the send: a 500 from proxy_execute, an opaque "failed inside the router" from tools.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each<StoreKind>(['sqlite', 'postgres'])('header values in outbound requests on %s', (kind) => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let api: TestApi;
  const broker = new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'tok_1' });
  let id: string;

  beforeAll(async () => {
    echo = await startEchoServer();
    api = await startTestApi({ store: kind, egressAllow: ['127.0.0.1'], wiring: { credentials: broker } });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
    id = (await api.call('POST', BASE, { user_id: 'hdr', toolkits: ['echo'] })).json.session_id;
  });
  afterAll(async () => {
    await api?.close();
    await echo?.close();
  });

  const execute = (tool_slug: string, args: Record<string, unknown>) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug, arguments: args });
  const proxy = (parameters: unknown[]) =>
    api.call('POST', `${BASE}/${id}/proxy_execute`, { toolkit_slug: 'echo', endpoint: '/anything', method: 'GET', parameters });

  it('proxy_execute: 400 naming each bad header parameter, and nothing is sent', async () => {
    const before = echo.received.length;
    const res = await proxy([
      { name: 'X\r\nY', type: 'header', value: 'fine' },
      { name: 'X-Ok', type: 'header', value: 'a\r\nInjected: 1' },
      { name: 'X-Nul', type: 'header', value: 'a\u0007b' },
      { name: 'X-Wide', type: 'header', value: 'check ✓' },
      { name: 'page', type: 'query', value: 'a\r\nb' },
    ]);
    expect(res.status).toBe(400);
    expect(res.json.error.slug).toBe('Request_ValidationFailed');
    expect(res.json.error.errors).toEqual([
      expect.stringMatching(/^parameters\[0\]\.name: "X\\r\\nY" is not a valid HTTP header name/),
      expect.stringMatching(/^parameters\[1\]\.value: .*line break/),
      expect.stringMatching(/^parameters\[2\]\.value: .*control character/),
      expect.stringMatching(/^parameters\[3\]\.value: .*Latin-1/),
    ]);
    expect(echo.received.length).toBe(before);
    // Good headers (and a query value with a line break, which is URL-encoded) still go through.
    const ok = await proxy([
      { name: 'X-Ok', type: 'header', value: 'café' },
      { name: 'page', type: 'query', value: 'a\r\nb' },
    ]);
    expect(ok.status).toBe(200);
  });

  it('execute: a tool argument bound to a header is reported as an invalid argument naming it', async () => {
    const before = echo.received.length;
    const res = await execute('ECHO_CREATE_THING', { thingId: 1, name: 'lamp', 'X-Trace': 'a\r\nb' });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({});
    expect(res.json.error).toBe(
      'Invalid arguments for ECHO_CREATE_THING: arguments.X-Trace: cannot be sent as the HTTP header "X-Trace": the value contains a line break (CR or LF), which a header cannot carry',
    );
    expect(echo.received.length).toBe(before);
    const ok = await execute('ECHO_CREATE_THING', { thingId: 1, name: 'lamp', 'X-Trace': 't-1' });
    expect(ok.json.error).toBeNull();
  });

  it('COMPOSIO_MULTI_EXECUTE_TOOL: the item says the same, the others run', async () => {
    const res = await execute('COMPOSIO_MULTI_EXECUTE_TOOL', {
      tools: [
        { tool_slug: 'ECHO_CREATE_THING', arguments: { thingId: 1, name: 'lamp', 'X-Trace': 'x\ny' } },
        { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 2 } },
      ],
    });
    expect(res.status).toBe(200);
    const [bad, good] = res.json.data.results;
    expect(bad).toMatchObject({
      response: { successful: false },
      error: expect.stringMatching(/^Invalid arguments for ECHO_CREATE_THING: arguments\.X-Trace: .*line break/),
    });
    expect(good).toMatchObject({ error: null, response: { successful: true } });
  });

  it('a stored credential that cannot be a header is an account problem, not a 500, and is never echoed', async () => {
    const previous = broker.auth;
    broker.auth = { mode: 'API_KEY', in: 'header', name: 'X-Api-Key', value: 'secret-line\r\nX-Evil: 1' };
    try {
      const res = await execute('ECHO_READ_THING', { thingId: 3 });
      expect(res.status).toBe(200);
      expect(res.json.error).toMatch(/credential cannot be sent in the HTTP header "X-Api-Key": the secret contains a line break/);
      const proxied = await proxy([]);
      expect(proxied.status).toBe(400);
      expect(proxied.json.error.slug).toBe('Connection_InvalidState');
      expect(JSON.stringify([res.json, proxied.json])).not.toContain('secret-line');
    } finally {
      broker.auth = previous;
    }
  });
});
