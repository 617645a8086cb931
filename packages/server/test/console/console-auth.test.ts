import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type Services, wireServices } from '../../src/runtime.js';
import { builtinCatalog, openTestStore, type StoreKind } from '../harness.js';

/**
 * The console's sign-in, cookie and CSRF rules over HTTP, on both stores. The browser journey is
 * console-e2e.test.ts; these are the cases a browser would never send (forged, stale, cross-site).
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('console sign-in on %s', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function start(o: { publicUrl?: string; maxFailures?: number; now?: () => Date } = {}) {
    const { store, dispose } = await openTestStore(kind);
    const services: Services = wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: false });
    const app = createApp({
      ...services,
      log: pino({ level: 'silent' }),
      publicUrl: o.publicUrl,
      maxBodyBytes: 1024 * 1024,
      ...(o.now ? { now: o.now } : {}),
      authFailures: { maxFailures: o.maxFailures ?? 20, windowMs: 60_000, trustedProxies: [] },
    });
    const { key, project } = await services.projects.createProject('console');
    cleanup = async () => {
      await services.shutdown();
      await store.close();
      await dispose();
    };
    const origin = 'http://router.test';
    const send = (path: string, init: { form?: Record<string, string>; cookie?: string; headers?: Record<string, string> } = {}) =>
      app.request(`${origin}${path}`, {
        method: init.form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...init.headers,
        },
        ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      });
    const signIn = async (apiKey = key.key) => {
      const res = await send('/console/sign-in', { form: { api_key: apiKey } });
      const setCookie = res.headers.get('set-cookie') ?? '';
      const cookie = setCookie.split(';')[0]!;
      return { res, setCookie, cookie };
    };
    const csrfOf = async (cookie: string, path = '/console/keys') => {
      const html = await (await send(path, { cookie })).text();
      return html.match(/name="csrf_token" value="([^"]+)"/)![1]!;
    };
    return { services, store, key, project, send, signIn, csrfOf };
  }

  it('sets an HttpOnly, SameSite=Strict cookie on /console holding a random id of which the store keeps only a digest', async () => {
    const t = await start();
    const { res, setCookie, cookie } = await t.signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/keys');
    expect(setCookie).toMatch(/^tr_console=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/console/);
    // Plain-HTTP origin: a Secure cookie would be dropped by some browsers, so it is left off (docs/console.md).
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain(t.key.key);
    const sessionId = cookie.split('=')[1]!;
    const digest = createHash('sha256').update(sessionId).digest('hex');
    expect(await t.store.consoleSessions.findActive(digest, new Date().toISOString())).toMatchObject({ project_id: t.project.id, api_key_id: t.key.row.id });
    expect(await t.store.consoleSessions.findActive(sessionId, new Date().toISOString())).toBeUndefined();
    const page = await t.send('/console/keys', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).not.toContain(t.key.key);
    // router.test is not this machine: plain HTTP there deserves the warning.
    expect(html).toContain('served over plain HTTP');
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const t = await start({ publicUrl: 'https://console.example' });
    const res = await t.send('/console/sign-in', { form: { api_key: t.key.key }, headers: { origin: 'https://console.example' } });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(await (await t.send('/console/keys', { cookie })).text()).not.toContain('served over plain HTTP');
  });

  it('refuses a POST without the session CSRF token, or from another site', async () => {
    const t = await start();
    const { cookie } = await t.signIn();
    const csrf = await t.csrfOf(cookie);
    expect((await t.send('/console/keys', { cookie, form: { name: 'no token' } })).status).toBe(403);
    expect((await t.send('/console/keys', { cookie, form: { name: 'wrong token', csrf_token: 'x'.repeat(csrf.length) } })).status).toBe(403);
    expect(
      (await t.send('/console/keys', { cookie, form: { name: 'cross-site', csrf_token: csrf }, headers: { 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(403);
    const { cookie: other } = await t.signIn();
    expect((await t.send('/console/keys', { cookie: other, form: { name: 'token of another session', csrf_token: csrf } })).status).toBe(403);
    expect((await t.store.apiKeys.list(t.project.id)).map((k) => k.name)).toEqual(['admin']);
    const ok = await t.send('/console/keys', { cookie, form: { name: 'good', csrf_token: csrf } });
    expect(ok.status).toBe(200);
    expect((await t.store.apiKeys.list(t.project.id)).map((k) => k.name)).toEqual(['admin', 'good']);
    // Login CSRF: signing a victim's browser in to the attacker's project from another site.
    const forged = await t.send('/console/sign-in', { form: { api_key: t.key.key }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
  });

  it('counts wrong keys in the API limiter: the client is then refused, at the API too', async () => {
    const t = await start({ maxFailures: 3 });
    for (let i = 0; i < 3; i++) expect((await t.signIn(`tr_wrong_${i}`)).res.status).toBe(401);
    const blocked = await t.signIn();
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(blocked.setCookie).toBe('');
    const api = await t.send('/api/v3.1/auth_configs', { headers: { 'x-api-key': t.key.key } });
    expect(api.status).toBe(429);
  });

  it('ends the session on sign-out and when its API key is revoked, wherever the revocation came from', async () => {
    const t = await start();
    const first = await t.signIn();
    const csrf = await t.csrfOf(first.cookie);
    const out = await t.send('/console/sign-out', { cookie: first.cookie, form: { csrf_token: csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/tr_console=;.*Max-Age=0/);
    const after = await t.send('/console/keys', { cookie: first.cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/sign-in?notice=session_ended');

    const second = await t.signIn();
    expect((await t.send('/console/keys', { cookie: second.cookie })).status).toBe(200);
    // Revoked through the projects service (CLI or API): the console session goes with the key.
    await t.services.projects.revokeKey(t.key.row.id);
    const revoked = await t.send('/console/accounts', { cookie: second.cookie });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/console/sign-in?notice=session_ended');
    expect((await t.signIn()).res.status).toBe(401);
  });

  it('lets a session lapse after 12 hours', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const t = await start({ now: () => now });
    const { cookie } = await t.signIn();
    now = new Date('2026-01-01T11:59:00Z');
    expect((await t.send('/console/keys', { cookie })).status).toBe(200);
    now = new Date('2026-01-01T12:00:01Z');
    expect((await t.send('/console/keys', { cookie })).status).toBe(303);
  });

  it('creates an OAuth app config, showing what is missing next to its field, and never shows the secret back', async () => {
    const t = await start();
    const { cookie } = await t.signIn();
    const csrf = await t.csrfOf(cookie, '/console/auth-configs');
    const base = { csrf_token: csrf, toolkit: 'github', type: 'use_custom_auth', auth_scheme: 'OAUTH2', name: 'Our GitHub app' };
    const missing = await t.send('/console/auth-configs', { cookie, form: { ...base, client_secret: 'gh-secret-1' } });
    expect(missing.status).toBe(400);
    const page = await missing.text();
    expect(page).toMatch(/<p class="error" id="f_client_id_error">required for a custom OAuth2 config/);
    expect(page).toMatch(/id="f_client_id"[^>]*aria-describedby="[^"]*f_client_id_error"[^>]*aria-invalid="true"/);
    expect(page).not.toContain('gh-secret-1');
    const bad = await t.send('/console/auth-configs', { cookie, form: { ...base, client_id: 'id', type: 'sideways' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f_type_error"');
    const created = await t.send('/console/auth-configs', {
      cookie,
      form: { ...base, client_id: 'Iv1.abc', client_secret: 'gh-secret-1', scopes: 'repo, read:user' },
    });
    expect(created.status).toBe(303);
    const [row] = (await t.store.authConfigs.list(t.project.id, { offset: 0, limit: 10 })).items;
    expect(row).toMatchObject({
      toolkit_slug: 'github',
      auth_scheme: 'OAUTH2',
      is_managed: false,
      name: 'Our GitHub app',
      settings: { client_id: 'Iv1.abc', scopes: ['repo', 'read:user'] },
    });
    expect(row!.sealed_secrets).not.toContain('gh-secret-1');
    const list = await (await t.send('/console/auth-configs', { cookie })).text();
    expect(list).toContain('Our GitHub app');
    expect(list).not.toContain('gh-secret-1');
  });

  it("lists the project's live sessions, by user", async () => {
    const t = await start();
    const other = await t.services.projects.createProject('other');
    const made: string[] = [];
    for (const user of ['alice', 'bob', 'alice']) made.push((await t.services.sessions.create(t.project.id, { user_id: user })).row.id);
    await t.services.sessions.create(other.project.id, { user_id: 'alice' });
    await t.services.sessions.delete(t.project.id, made[1]!);
    const all = await t.store.sessions.list(t.project.id, { offset: 0, limit: 10 });
    expect(all.total).toBe(2);
    expect(all.items.map((s) => s.id).sort()).toEqual([made[0], made[2]].sort());
    const { cookie } = await t.signIn();
    const page = await (await t.send('/console/sessions?user_id=alice', { cookie })).text();
    for (const id of [made[0]!, made[2]!]) expect(page).toContain(id);
    expect(page).not.toContain(made[1]!);
  });

  it("never shows another project's data and keeps signed-out visitors on the sign-in page", async () => {
    const t = await start();
    const other = await t.services.projects.createProject('other');
    const { cookie } = await t.signIn();
    const csrf = await t.csrfOf(cookie);
    const revoke = await t.send(`/console/keys/${other.key.row.id}/revoke`, { cookie, form: { csrf_token: csrf } });
    expect(revoke.status).toBe(303);
    expect(await t.services.projects.authenticate(other.key.key)).toBeDefined();
    const missing = await t.send('/console/accounts/ca_of_someone_else', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await t.send('/console/no-such-page', { cookie })).status).toBe(404);
    const keys = await (await t.send('/console/keys', { cookie })).text();
    expect(keys).not.toContain(other.key.row.prefix);
    for (const path of ['/console', '/console/keys', '/console/logs', '/console/approvals']) {
      const res = await t.send(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe('/console/sign-in');
    }
  });
});
