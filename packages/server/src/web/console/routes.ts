import { isToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { consolePolicy, securityHeaders } from '../pages.js';
import { CONSOLE_COOKIE, CONSOLE_SESSION_TTL_MS, ConsoleAuth, csrfMatches } from './console-auth.js';
import { type ConsoleDeps, type ConsoleEnv, isInsecure, noticeFrom, originOf, redirectWith, render } from './context.js';
import { field, shell } from './layout.js';
import { accountPages } from './pages/accounts.js';
import { approvalPages } from './pages/approvals.js';
import { authConfigPages } from './pages/auth-configs.js';
import { catalogPages } from './pages/catalog.js';
import { egressPages } from './pages/egress.js';
import { keyPages } from './pages/keys.js';
import { logPages } from './pages/logs.js';
import { sessionPages } from './pages/sessions.js';
import { CONSOLE_CSS } from './styles.js';

const PUBLIC_PATHS = new Set(['/console/sign-in', '/console/console.css']);

/**
 * The web console, mounted at /console: server-rendered pages over the services, signed in with
 * a project API key. See docs/console.md for the session, cookie and CSRF design.
 */
export function consoleRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const auth = new ConsoleAuth(deps.store, deps.projects, deps.now);
  const secureCookie = (c: Context) => originOf(c, deps.publicUrl).startsWith('https:');

  app.use('*', async (c, next) => {
    c.set('auth', auth);
    await next();
    securityHeaders(c, consolePolicy());
  });

  // Every POST: a form from one of our pages. A cross-site form (login CSRF included) is refused
  // by its Origin; a signed-in POST must also carry the session's CSRF token (checked below).
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // Browsers send Sec-Fetch-Site, which pages cannot forge; the Origin of our no-referrer pages
    // is "null", so it decides only for older clients that do not send the former.
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site ? site !== 'same-origin' : origin !== undefined && origin !== originOf(c, deps.publicUrl)) {
      return c.text('Cross-site form submissions are refused.', 403);
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return c.text('Submit the form from the console page.', 415);
    }
    const form: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(await c.req.text())) form[name] = value;
    if (Object.entries(form).some(([name, value]) => name.includes('\0') || value.includes('\0'))) {
      return c.text('A field contains a NUL character; remove it and submit the form again.', 400);
    }
    c.set('form', form);
    return next();
  });

  app.use('*', async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const identity = await auth.resolve(getCookie(c, CONSOLE_COOKIE));
    if (!identity) {
      // A cookie that no longer opens a session (expired, key revoked) is cleared, and the page says why.
      const hadCookie = getCookie(c, CONSOLE_COOKIE) !== undefined;
      if (hadCookie) deleteCookie(c, CONSOLE_COOKIE, { path: '/console', secure: secureCookie(c) });
      return redirectWith(c, '/console/sign-in', hadCookie ? 'session_ended' : undefined);
    }
    if (c.req.method === 'POST' && !csrfMatches(identity.csrf, c.get('form')['csrf_token'])) {
      return c.text('The form has expired or was not sent from this console; reload the page and try again.', 403);
    }
    c.set('identity', identity);
    return next();
  });

  app.onError(async (err, c) => {
    if (!isToolRouterError(err) || !c.get('identity')) throw err;
    const status = err.status === 404 || err.status === 409 || err.status === 429 ? err.status : 400;
    return render(
      c,
      deps,
      'Something went wrong',
      html`<p class="error" role="alert">${err.message}.</p>${err.suggestedFix ? html`<p>${err.suggestedFix}</p>` : ''}`,
      status,
    );
  });

  app.get('/console.css', (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(CONSOLE_CSS);
  });

  const signInPage = async (c: Context, o: { error?: string; status?: 200 | 400 | 401 | 429 } = {}) =>
    c.html(
      await shell(
        { title: 'Sign in', path: c.req.path, notice: noticeFrom(c), insecure: isInsecure(c, deps.publicUrl) },
        html`<form method="post" action="/console/sign-in" class="card">
${field({ name: 'api_key', label: 'Project API key', type: 'password', required: true, error: o.error, autocomplete: 'current-password', hint: 'The key is checked once; the browser then holds only a session cookie that ends after 12 hours, on sign-out, or when the key is revoked.' })}
<button type="submit">Sign in</button></form>`,
      ),
      o.status ?? 200,
    );

  app.get('/sign-in', (c) => signInPage(c));

  app.post('/sign-in', async (c) => {
    const key = c.get('form')['api_key']?.trim() ?? '';
    if (!key) return signInPage(c, { error: 'Enter the API key of the project to manage.', status: 400 });
    let signedIn: Awaited<ReturnType<ConsoleAuth['signIn']>>;
    try {
      signedIn = await deps.authGuard.limiter.attempt(c, deps.authGuard.clientOf(c), () => auth.signIn(key));
    } catch (error) {
      if (isToolRouterError(error) && error.code === 'AUTH_TOO_MANY_FAILURES') return signInPage(c, { error: `${error.message}.`, status: 429 });
      throw error;
    }
    if (!signedIn) return signInPage(c, { error: 'That key is not valid: it may be mistyped or revoked.', status: 401 });
    setCookie(c, CONSOLE_COOKIE, signedIn.sessionId, {
      httpOnly: true,
      secure: secureCookie(c),
      sameSite: 'Strict',
      path: '/console',
      maxAge: CONSOLE_SESSION_TTL_MS / 1000,
    });
    return c.redirect('/console/keys', 303);
  });

  app.post('/sign-out', async (c) => {
    await auth.signOut(c.get('identity'));
    deleteCookie(c, CONSOLE_COOKIE, { path: '/console', secure: secureCookie(c) });
    return redirectWith(c, '/console/sign-in', 'signed_out');
  });

  app.get('/', (c) => c.redirect('/console/keys', 303));

  keyPages(app, deps);
  catalogPages(app, deps);
  authConfigPages(app, deps);
  accountPages(app, deps);
  sessionPages(app, deps);
  logPages(app, deps);
  approvalPages(app, deps);
  egressPages(app, deps);
  // Last: an unknown console address is a page too, not the API's JSON envelope.
  app.get('*', (c) => render(c, deps, 'Page not found', html`<p>There is no console page at this address. Use the navigation above.</p>`, 404));
  return app;
}
