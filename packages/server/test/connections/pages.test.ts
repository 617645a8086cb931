import { Writable } from 'node:stream';
import { ToolRouterError } from '@toolrouter/core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LinkService } from '../../src/connections/link-service.js';
import { createApp } from '../../src/http/app.js';
import { wireServices } from '../../src/runtime.js';
import { linkRoutes } from '../../src/web/link-routes.js';
import { escapeHtml, formPage } from '../../src/web/pages.js';
import { builtinCatalog, openTestStore } from '../harness.js';

describe('hosted pages', () => {
  it('escape everything they show', () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;');
    const html = formPage({
      toolkitName: '<b>Evil</b>',
      action: '/link/lt_x',
      fields: [{ name: 'k"', display_name: '<i>Key</i>', secret: true, required: true }],
      csrf: 'c',
      problems: ['<img>'],
    });
    expect(html).not.toMatch(/<b>|<i>|<img>|name="k""/);
  });

  it('turn a known failure into a page, with security headers', async () => {
    // Only the failure is staged; the route, error handling and headers are the real ones.
    const failing = {
      open: async () => {
        throw new ToolRouterError('MANAGED_AUTH_UNAVAILABLE', 'No managed app for "gmail"', { suggestedFix: 'Ask the operator.' });
      },
    } as unknown as LinkService;
    const res = await linkRoutes({ links: failing, publicUrl: undefined }).request('http://router.test/link/lt_abc');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('No managed app for &quot;gmail&quot;');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keep link tokens out of the request log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const { store, dispose } = await openTestStore('sqlite');
    try {
      const services = wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: false });
      const app = createApp({ ...services, log: pino({ level: 'info' }, sink), publicUrl: undefined, maxBodyBytes: 1024 });
      const res = await app.request('http://router.test/link/lt_SECRETTOKEN123');
      expect(res.status).toBe(404);
      expect(lines.join('')).toContain('/link/lt_…');
      expect(lines.join('')).not.toContain('SECRETTOKEN123');
    } finally {
      await store.close();
      await dispose();
    }
  });
});
