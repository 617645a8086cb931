import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type Services, wireServices } from '../../src/runtime.js';
import { builtinCatalog, callServer, listen, openTestStore } from '../harness.js';
import { accessibilityProblems, DESKTOP, launchChromium, screenshots } from './chromium.js';

/**
 * The web console driven end to end in real Chromium against a real server on loopback: the
 * journey of the console issue, with a screenshot of every page at desktop and phone width
 * (test-output/console/) and an accessibility pass on each.
 */
describe('web console in Chromium', () => {
  let services: Services;
  let server: Awaited<ReturnType<typeof listen>>;
  let closeStore: () => Promise<void>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let key: string;
  const cspViolations: string[] = [];
  const SECRET = 'owm-secret-value-4711';

  beforeAll(async () => {
    const { store, dispose } = await openTestStore('sqlite');
    services = wireServices(store, await builtinCatalog(), { egressAllow: ['10.9.8.0/24'], searchLearning: true });
    const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1024 * 1024 });
    server = await listen(app);
    key = (await services.projects.createProject('console-e2e')).key.key;
    closeStore = async () => {
      await services.shutdown();
      await store.close();
      await dispose();
    };
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await closeStore?.();
  });

  /** Screenshots plus the checks every page must pass. */
  const check = async (name: string) => {
    expect(await accessibilityProblems(page), name).toEqual([]);
    const { phoneOverflow } = await screenshots(page, name);
    expect(phoneOverflow, `${name} is wider than a phone screen`).toBeLessThanOrEqual(1);
  };
  const api = (method: string, path: string, body?: unknown) => callServer(server.url, method, path, body, key);

  it('signs in, connects an account, searches, follows an execution, approves it, and signs out on key revocation', async () => {
    // Signed out, every page leads to the sign-in form; the skip link is the first stop of the keyboard.
    await page.goto(`${server.url}/console/catalog`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    await page.getByLabel('Project API key').fill('tr_wrong_key');
    await page.getByLabel('Project API key').press('Enter');
    await expect.poll(() => page.locator('.error').textContent()).toMatch(/not valid/);
    await check('sign-in');

    await page.getByLabel('Project API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/console/keys');
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'tr_console', httpOnly: true, sameSite: 'Strict', path: '/console' });
    expect(cookies[0]!.value).not.toContain(key);
    // Nothing readable by scripts: the cookie is HttpOnly and nothing went to storage or the URL.
    expect(await page.evaluate<unknown>('[document.cookie, localStorage.length, sessionStorage.length]')).toEqual(['', 0, 0]);
    expect(page.url()).not.toContain(key);
    await check('keys');

    // An auth config: errors appear next to their field, then an API-key config is created.
    await page.goto(`${server.url}/console/auth-configs`);
    await page.getByRole('button', { name: 'Create auth config' }).click();
    await expect.poll(() => page.locator('#f_toolkit_error').textContent()).toMatch(/Choose the toolkit/);
    await page.getByLabel('Toolkit').selectOption('openweather');
    await page.getByLabel('Auth scheme').selectOption('OAUTH2');
    await page.getByRole('button', { name: 'Create auth config' }).click();
    await expect.poll(() => page.locator('#f_auth_scheme_error').textContent()).toMatch(/cannot be connected with OAUTH2/);
    await page.getByLabel('Auth scheme').selectOption('API_KEY');
    await page.getByLabel(/^Name/).fill('Weather keys');
    await page.getByRole('button', { name: 'Create auth config' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/auth config is created/);
    expect(await page.locator('table').textContent()).toContain('Weather keys');
    await check('auth-configs');

    // A Connect Link for alice, opened and completed with an API key.
    await page.goto(`${server.url}/console/accounts`);
    await page.getByLabel('Auth config').selectOption({ label: 'Weather keys (openweather, API_KEY)' });
    await page.getByLabel('User ID').fill('alice');
    await page.getByRole('button', { name: 'Create Connect Link' }).click();
    const link = page.getByTestId('connect-link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${server.url}/link/lt_`));
    await link.click();
    await page.waitForURL('**/link/lt_*');
    await page.getByLabel('API key').fill(SECRET);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('OpenWeather connected');

    await page.goto(`${server.url}/console/accounts?user_id=alice`);
    const accountRow = page.locator('tbody tr', { hasText: 'alice' });
    expect(await accountRow.count()).toBe(1);
    expect(await accountRow.textContent()).toMatch(/openweather[\s\S]*active/);
    await check('accounts');
    await accountRow.locator('a').first().click();
    await page.waitForURL('**/console/accounts/ca_*');
    expect(await page.content()).not.toContain(SECRET);
    await check('account-detail');

    // The search playground shows the ranking and why each tool matched.
    await page.goto(`${server.url}/console/playground`);
    await page.getByLabel('What should the agent do?').fill('current weather in Paris');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/console/playground?q=*');
    const first = page.locator('tbody tr').first();
    expect(await first.textContent()).toContain('OPENWEATHER_GET_CURRENT_WEATHER');
    expect(await first.locator('.match', { hasText: /^weather/ }).textContent()).toMatch(/^weather → .*tool name/);
    await check('playground');

    // The agent's side, over the API: a session that asks before every call, a search and an execution.
    const session = await api('POST', '/api/v3.1/tool_router/session', { user_id: 'alice', experimental: { permissions: { default: 'ask_every_call' } } });
    expect(session.status).toBe(201);
    const sessionId = session.json.session_id as string;
    expect((await api('POST', `/api/v3.1/tool_router/session/${sessionId}/search`, { queries: [{ use_case: 'weather in Lyon' }] })).status).toBe(200);
    const asked = await api('POST', `/api/v3.1/tool_router/session/${sessionId}/execute`, {
      tool_slug: 'OPENWEATHER_GET_CURRENT_WEATHER',
      arguments: { q: 'Lyon' },
    });
    expect(asked.json.data).toMatchObject({ approval_required: true });

    await page.goto(`${server.url}/console/logs`);
    const logRow = page.locator('tbody tr', { hasText: 'OPENWEATHER_GET_CURRENT_WEATHER' });
    expect(await logRow.textContent()).toContain('approval_required');
    await check('logs');
    await logRow.locator('a').first().click();
    await page.waitForURL('**/console/logs/*');
    expect(await page.locator('pre.json').first().textContent()).toContain('Lyon');
    expect(await page.content()).not.toContain(SECRET);
    await check('log-detail');

    await page.goto(`${server.url}/console/search-logs`);
    expect(await page.locator('tbody').textContent()).toContain('weather in Lyon');
    await check('search-logs');

    // The pending call, approved from the console.
    await page.goto(`${server.url}/console/approvals`);
    await check('approvals');
    // By keyboard: focus the button and press Enter, as someone without a mouse would.
    await page.getByRole('button', { name: /^Approve OPENWEATHER_GET_CURRENT_WEATHER/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/approved/);
    const approvalId = asked.json.data.approval_id as string;
    expect((await services.approvals.get((await services.projects.authenticate(key))!.id, approvalId)).status).toBe('approved');

    // Sessions: the config, its history and an MCP URL token.
    await page.goto(`${server.url}/console/sessions`);
    await check('sessions');
    await page.locator('tbody a', { hasText: sessionId }).click();
    await page.getByLabel('Token name').fill('desktop client');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => page.locator('.secret').textContent()).toMatch(new RegExp(`/tool_router/${sessionId}/mcp\\?token=`));
    await check('session-detail');

    await page.goto(`${server.url}/console/catalog`);
    await check('catalog');
    await page.getByRole('link', { name: 'OpenWeather' }).click();
    await page.waitForURL('**/console/catalog/openweather');
    await check('toolkit');
    await page.goto(`${server.url}/console/egress`);
    expect(await page.locator('main').textContent()).toContain('10.9.8.0/24');
    await check('egress');

    // A second key is shown once; revoking the key this console signed in with signs it out.
    await page.goto(`${server.url}/console/keys`);
    await page.getByLabel('Key name').fill('second');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByTestId('new-key').textContent()).toMatch(/\S{20,}/);
    await page.getByRole('button', { name: 'Revoke key admin' }).click();
    await page.waitForURL('**/console/sign-in?notice=session_ended');
    expect(await page.locator('[role=status]').textContent()).toMatch(/API key it was opened with was revoked/);
    expect((await context.cookies()).filter((c) => c.name === 'tr_console')).toEqual([]);
    await page.goto(`${server.url}/console/keys`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');

    expect(cspViolations).toEqual([]);
  }, 180_000);
});
