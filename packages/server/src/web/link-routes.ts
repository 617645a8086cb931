import { randomBytes } from 'node:crypto';
import { isToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { LinkOutcome, LinkService } from '../connections/link-service.js';
import { formPage, messagePage, securityHeaders } from './pages.js';

const BROWSER_COOKIE = 'tr_browser';

export interface LinkRouteDeps {
  links: LinkService;
  publicUrl: string | undefined;
}

/**
 * The hosted Connect Link pages, outside the API key: the link token (or the OAuth state) is the
 * credential. A random browser cookie binds an OAuth state and a form's CSRF token to the browser
 * that opened the link.
 */
export function linkRoutes(deps: LinkRouteDeps) {
  const app = new Hono();
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  const pageHeaders = async (c: Context, next: () => Promise<void>) => {
    await next();
    // A form page may already have widened form-action to its callback origin (see respond()).
    securityHeaders(c, pagePolicy([]));
  };
  app.use('/link/*', pageHeaders);
  app.use('/oauth/*', pageHeaders);
  // These pages are read by people: a known failure (e.g. the operator removed a managed app)
  // becomes a page, not the API's JSON envelope.
  app.onError((err, c) => {
    if (isToolRouterError(err)) return c.html(messagePage('Cannot connect', `${err.message}. ${err.suggestedFix ?? ''}`.trim()), err.status as 400);
    throw err;
  });

  app.get('/link/:token', async (c) => {
    const outcome = await deps.links.open(c.req.param('token'), browserId(c, origin(c)), origin(c));
    return respond(c, outcome);
  });

  app.post('/link/:token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return c.html(messagePage('Wrong form', 'Submit the form from the connection page.'), 415);
    }
    // The app-wide body limit (http/app.ts) has already refused a form over a few KB.
    const text = await c.req.text();
    const form = Object.fromEntries(new URLSearchParams(text));
    // As everywhere at the boundary (http/nul-guard.ts): no field has a use for NUL, and PostgreSQL cannot store it.
    if (Object.entries(form).some(([name, value]) => name.includes('\0') || value.includes('\0'))) {
      return c.html(messagePage('Invalid form', 'A field contains a NUL character. Remove it and submit the form again.'), 400);
    }
    const outcome = await deps.links.submit(c.req.param('token'), getCookie(c, BROWSER_COOKIE), form, origin(c));
    return respond(c, outcome);
  });

  app.get('/oauth/callback', async (c) => {
    const outcome = await deps.links.callback(c.req.query(), getCookie(c, BROWSER_COOKIE), origin(c));
    return respond(c, outcome);
  });

  return app;
}

function browserId(c: Context, origin: string): string {
  const existing = getCookie(c, BROWSER_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const id = randomBytes(24).toString('base64url');
  // Lax: sent on the provider's top-level redirect back to the callback, not on cross-site POSTs.
  setCookie(c, BROWSER_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', secure: origin.startsWith('https:'), maxAge: 3600 });
  return id;
}

function respond(c: Context, outcome: LinkOutcome): Response {
  switch (outcome.kind) {
    case 'redirect':
      return c.redirect(outcome.url, 302);
    case 'form':
      // Browsers apply form-action to the redirect that follows the POST as well, so the app's
      // callback origin must be allowed or the user is stuck on a blocked page after connecting.
      c.header('content-security-policy', pagePolicy([...(outcome.callbackUrl ? [new URL(outcome.callbackUrl).origin] : []), ...(outcome.formTargets ?? [])]));
      return c.html(
        formPage({ toolkitName: outcome.toolkit.name, action: c.req.path, fields: outcome.fields, csrf: outcome.csrf, problems: outcome.problems }),
        outcome.problems.length > 0 ? 400 : 200,
      );
    case 'done':
      if (outcome.callbackUrl) return c.redirect(withResult(outcome.callbackUrl, 'success', outcome.accountId), 302);
      return c.html(messagePage(`${outcome.toolkit} connected`, 'The account is connected. You can close this window and return to the application.'));
    case 'error':
      if (outcome.title === 'Connection failed' && outcome.callbackUrl && outcome.accountId) {
        return c.redirect(withResult(outcome.callbackUrl, 'failed', outcome.accountId), 302);
      }
      return c.html(messagePage(outcome.title, outcome.message), outcome.status);
  }
}

function pagePolicy(extraFormTargets: string[]): string {
  const formAction = ["'self'", ...extraFormTargets].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'`;
}

function withResult(callbackUrl: string, status: 'success' | 'failed', accountId: string): string {
  const url = new URL(callbackUrl);
  url.searchParams.set('status', status);
  url.searchParams.set('connected_account_id', accountId);
  return url.toString();
}
