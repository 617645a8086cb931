import type { Tool, Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import type { GuardedFetch, GuardedRequestInit } from '../../net/index.js';
import type { BackendCall } from './backend.js';
import { ProviderClient } from './provider-client.js';

/** A fake guarded client that records where each request went and with which headers. */
function recorder() {
  const sent: Array<{ url: string; init: GuardedRequestInit }> = [];
  const http: GuardedFetch = async (url, init = {}) => {
    sent.push({ url: String(url), init });
    const body = Buffer.from('%PDF-1.7');
    return {
      status: 200,
      statusText: 'OK',
      ok: true,
      headers: new Headers({ 'content-type': 'application/pdf' }),
      url: String(url),
      redirected: false,
      body,
      text: () => body.toString(),
      json: () => ({}) as never,
    };
  };
  return { sent, http };
}

function call(origins?: Record<string, string>): BackendCall {
  const tool = { slug: 'DOCS_X', binding: { kind: 'function', name: 'docs.x', ...(origins ? { origins } : {}) } } as unknown as Tool;
  const toolkit = { slug: 'docs', base_url: 'https://docs.example.com' } as unknown as Toolkit;
  return {
    tool,
    toolkit,
    credentials: { connectedAccountId: 'ca', auth: { mode: 'OAUTH2', token: 'account-token' } },
    egressAllow: [],
    timeoutMs: 5_000,
  } as unknown as BackendCall;
}

describe('ProviderClient origins', () => {
  it("calls the toolkit's base URL by default and a named origin of the binding on request", async () => {
    const { sent, http } = recorder();
    const api = new ProviderClient(http, call({ drive: 'https://www.googleapis.com' }));
    await api.send({ method: 'GET', path: '/v1/documents/d1' });
    const reply = await api.send({ origin: 'drive', method: 'GET', path: '/drive/v3/files/d1/export', query: { mimeType: 'application/pdf' } });
    expect(sent.map((s) => s.url)).toEqual([
      'https://docs.example.com/v1/documents/d1',
      'https://www.googleapis.com/drive/v3/files/d1/export?mimeType=application%2Fpdf',
    ]);
    // The request is bound to the origin it goes to, and carries the account's credentials there.
    expect(sent[1]!.init.allowedHosts).toEqual(['https://www.googleapis.com']);
    expect((sent[1]!.init.headers as Record<string, string>)['authorization']).toBe('Bearer account-token');
    expect(Buffer.from(reply.bytes).toString()).toBe('%PDF-1.7');
  });

  it('fills a tenant origin with one DNS label only, and refuses origins the binding does not name', async () => {
    const { sent, http } = recorder();
    const api = new ProviderClient(http, call({ project: 'https://*.supabase.co' }));
    await api.send({ origin: 'project', originLabel: 'abcdefghij', method: 'GET', path: '/rest/v1/orders' });
    expect(sent.map((s) => s.url)).toEqual(['https://abcdefghij.supabase.co/rest/v1/orders']);
    for (const label of ['evil.com/x', 'a.b', '', 'UPPER', undefined]) {
      const reply = await api.send({ origin: 'project', originLabel: label, method: 'GET', path: '/' });
      expect(reply.ok).toBe(false);
    }
    expect((await api.send({ origin: 'drive', method: 'GET', path: '/' })).outcome.error).toMatch(/cannot reach its "drive" origin/);
    expect(sent).toHaveLength(1);
  });

  it("leaves the account's credentials off a request that brings its own", async () => {
    const { sent, http } = recorder();
    const api = new ProviderClient(http, call({ project: 'https://*.supabase.co' }));
    await api.send({
      origin: 'project',
      originLabel: 'ref1',
      credentials: false,
      method: 'GET',
      path: '/rest/v1/t',
      headers: { authorization: 'Bearer project-key' },
    });
    expect((sent[0]!.init.headers as Record<string, string>)['authorization']).toBe('Bearer project-key');
    expect(JSON.stringify(sent[0])).not.toContain('account-token');
  });
});
