import { ERROR_CODES, type ErrorCode, ToolRouterError } from '@toolrouter/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorFromResponse } from '../src/errors/from-response.js';
import * as sdk from '../src/index.js';
import {
  API_ERROR_CLASSES,
  ApiConnectionError,
  ApiKeyInvalidError,
  ApiKeyMissingError,
  RequestTimeoutError,
  SessionNotFoundError,
  SessionVersionConflictError,
  ToolNotFoundError,
  ToolRouter,
  ToolRouterApiError,
  ToolRouterSdkError,
  ValidationFailedError,
} from '../src/index.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';
import { type LiveServer, startLiveServer } from './live-server.js';

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

const pascal = (code: string) => code.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep, c: string) => c.toUpperCase());

describe('one typed error class per server error code', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('%s', (code) => {
    const ErrorClass = API_ERROR_CLASSES[code];
    expect(ErrorClass, `add a class for ${code} to packages/sdk/src/errors/api-errors.ts`).toBeDefined();
    expect(ErrorClass!.name).toBe(`${pascal(code)}Error`);
    expect((sdk as Record<string, unknown>)[ErrorClass!.name], 'export it from packages/sdk/src/index.ts').toBe(ErrorClass);
    // The envelope exactly as the server writes it, read back by the SDK.
    const envelope = new ToolRouterError(code, 'something went wrong', { suggestedFix: 'do this', errors: ['field: problem'] }).toEnvelope('req_1');
    const error = errorFromResponse(ERROR_CODES[code].status, envelope, null);
    expect(error).toBeInstanceOf(ErrorClass!);
    expect(error).toBeInstanceOf(ToolRouterApiError);
    expect(error).toBeInstanceOf(ToolRouterSdkError);
    expect(error).toMatchObject({
      name: `${pascal(code)}Error`,
      message: 'something went wrong',
      status: ERROR_CODES[code].status,
      code,
      slug: ERROR_CODES[code].slug,
      numericCode: ERROR_CODES[code].code,
      requestId: 'req_1',
      suggestedFix: 'do this',
      errors: ['field: problem'],
    });
  });

  it('keeps codes it does not know, and bodies that are not envelopes, as ToolRouterApiError', () => {
    const future = errorFromResponse(418, { error: { message: 'new', slug: 'Future_Code', code: 99999, status: 418 } }, 'hdr');
    expect(future.constructor).toBe(ToolRouterApiError);
    expect(future).toMatchObject({ code: 'Future_Code', slug: 'Future_Code', requestId: 'hdr', status: 418 });
    const html = errorFromResponse(502, '<html>Bad gateway</html>', 'r2');
    expect(html).toMatchObject({ status: 502, code: 'HTTP_502', message: '<html>Bad gateway</html>', suggestedFix: null, errors: [] });
  });
});

describe('typed errors from the real server', () => {
  it('for auth, missing sessions, unknown tools and validation', async () => {
    const withoutKey: typeof fetch = (input, init) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      delete headers['x-api-key'];
      return fetch(input, { ...init, headers });
    };
    const missingKey = new ToolRouter({ apiKey: 'set-but-stripped', baseURL: server.url, fetch: withoutKey });
    await expect(missingKey.create('u')).rejects.toBeInstanceOf(ApiKeyMissingError);
    await expect(new ToolRouter({ apiKey: 'trk_nope', baseURL: server.url }).use('trs_x')).rejects.toBeInstanceOf(ApiKeyInvalidError);

    const router = new ToolRouter({ apiKey: server.apiKey, baseURL: server.url });
    await expect(router.use('trs_missing')).rejects.toBeInstanceOf(SessionNotFoundError);
    const session = await router.create('u', { toolkits: ['github'] });
    const unknown = await session.execute('GITHUB_CREATE_AN_ISSU').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ToolNotFoundError);
    expect((unknown as ToolNotFoundError).suggestedFix).toMatch(/GITHUB_CREATE_AN_ISSUE/);
    await expect(session.search({ query: '' })).rejects.toBeInstanceOf(ValidationFailedError);
    // A tool that cannot run for this user is a result the model can act on, not an exception.
    const unconnected = await session.execute('GITHUB_CREATE_AN_ISSUE', { owner: 'o', repo: 'r', title: 't' });
    expect(unconnected).toMatchObject({ successful: false, data: {} });
    expect(unconnected.error).toMatch(/connect/i);
  });
});

describe('retries', () => {
  let proxy: FaultProxy;
  let router: ToolRouter;
  beforeEach(async () => {
    proxy = await startFaultProxy(server.url);
    router = new ToolRouter({ apiKey: server.apiKey, baseURL: proxy.url, retryBaseDelayMs: 1 });
    return () => proxy.close();
  });
  const count = (method: string, suffix: string) => proxy.seen.filter((s) => s.startsWith(method) && s.endsWith(suffix)).length;

  it('repeats an idempotent request after transient failures and dropped connections', async () => {
    const session = await router.create('r', { toolkits: ['gmail'] });
    proxy.inject({ method: 'GET', path: /\/tools$/, times: 1, fault: { kind: 'status', status: 503 } });
    proxy.inject({ method: 'GET', path: /\/tools$/, times: 1, fault: { kind: 'drop' } });
    expect((await session.tools()).length).toBeGreaterThan(0);
    expect(count('GET', '/tools')).toBe(3);
  });

  it('honours retry-after-ms, and gives up after maxRetries with the last error', async () => {
    const session = await router.create('r', { toolkits: ['gmail'] });
    proxy.inject({ method: 'GET', path: /\/toolkits$/, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '30' } } });
    const started = Date.now();
    await session.toolkits();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(count('GET', '/toolkits')).toBe(2);

    proxy.inject({ method: 'GET', path: /\/toolkits$/, times: 5, fault: { kind: 'status', status: 500 } });
    const error = await session.toolkits().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolRouterApiError);
    expect(error).toMatchObject({ status: 500 });
    expect(count('GET', '/toolkits')).toBe(2 + 3); // the first try and two retries
  });

  it('does not repeat a tool execution unless the server allows it', async () => {
    const session = await router.create('r', { toolkits: ['gmail'] });
    const args = { queries: [{ use_case: 'send an email' }] };
    proxy.inject({ method: 'POST', path: /\/execute$/, times: 1, fault: { kind: 'status', status: 503 } });
    await expect(session.execute('COMPOSIO_SEARCH_TOOLS', args)).rejects.toMatchObject({ status: 503 });
    expect(count('POST', '/execute')).toBe(1);

    proxy.inject({ method: 'POST', path: /\/execute$/, times: 1, fault: { kind: 'drop' } });
    await expect(session.execute('COMPOSIO_SEARCH_TOOLS', args)).rejects.toBeInstanceOf(ApiConnectionError);
    expect(count('POST', '/execute')).toBe(2);

    proxy.inject({ method: 'POST', path: /\/execute$/, times: 1, fault: { kind: 'status', status: 503, headers: { 'x-should-retry': 'true' } } });
    expect((await session.execute('COMPOSIO_SEARCH_TOOLS', args)).successful).toBe(true);
    expect(count('POST', '/execute')).toBe(4);
  });

  it('does not repeat what the server marks final (x-should-retry: false) or client errors', async () => {
    const session = await router.create('r', { toolkits: ['gmail'] });
    await expect(session.update({ tags: ['readOnlyHint'], expectedConfigVersion: 9 })).rejects.toBeInstanceOf(SessionVersionConflictError);
    expect(count('PATCH', session.sessionId)).toBe(1);
    await expect(router.use('trs_gone')).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(count('GET', 'trs_gone')).toBe(1);
    proxy.inject({ method: 'GET', path: /\/tools$/, times: 1, fault: { kind: 'status', status: 503, headers: { 'x-should-retry': 'false' } } });
    await expect(session.tools()).rejects.toMatchObject({ status: 503 });
    expect(count('GET', '/tools')).toBe(1);
  });

  it('times out a request that gets no answer', async () => {
    const impatient = new ToolRouter({ apiKey: server.apiKey, baseURL: proxy.url, timeoutMs: 150, maxRetries: 0 });
    const session = await impatient.create('r', { toolkits: ['gmail'] });
    proxy.inject({ method: 'GET', path: /\/tools$/, times: 1, fault: { kind: 'delay', ms: 1_000 } });
    await expect(session.tools()).rejects.toBeInstanceOf(RequestTimeoutError);
  });
});
