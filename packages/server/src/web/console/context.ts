import { isToolRouterError } from '@toolrouter/core';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { AuthGuard } from '../../http/auth.js';
import type { Services } from '../../runtime.js';
import type { ConsoleAuth, ConsoleIdentity } from './console-auth.js';
import { type Html, shell } from './layout.js';

/** The services the console calls directly (never through the HTTP API). */
export type ConsoleServices = Pick<
  Services,
  'store' | 'projects' | 'catalog' | 'search' | 'authConfigs' | 'accounts' | 'sessions' | 'approvals' | 'mcpTokens' | 'egressAllow'
>;

export interface ConsoleDeps extends ConsoleServices {
  /** The API's failed-credential limiter: a wrong key at sign-in counts like a wrong key at the API. */
  authGuard: AuthGuard;
  /** TOOLROUTER_PUBLIC_URL; decides the cookie's Secure flag and the origin of links handed out. */
  publicUrl: string | undefined;
  now?: () => Date;
}

export interface ConsoleEnv {
  Variables: {
    identity: ConsoleIdentity;
    /** The submitted form of a POST, parsed once by the CSRF check. */
    form: Record<string, string>;
    auth: ConsoleAuth;
  };
}

export type ConsoleApp = Hono<ConsoleEnv>;
export type ConsoleContext = Context<ConsoleEnv>;

/** The origin people reach the console at. */
export function originOf(c: Context, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : new URL(c.req.url).origin;
}

/** Plain HTTP to anything but this machine: the key and cookie would cross a network in clear. */
export function isInsecure(c: Context, publicUrl: string | undefined): boolean {
  const origin = new URL(originOf(c, publicUrl));
  return origin.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(origin.hostname);
}

/** Short confirmations after a redirect, by code, so no free text travels in the URL. */
const NOTICES: Record<string, string> = {
  signed_out: 'You are signed out.',
  session_ended: 'Your console session ended: it expired, or the API key it was opened with was revoked. Sign in again.',
  key_revoked: 'The key is revoked.',
  auth_config_created: 'The auth config is created.',
  auth_config_updated: 'The auth config is updated.',
  account_updated: 'The account is updated.',
  account_deleted: 'The account is deleted; its credentials are gone.',
  approved: 'The call is approved; the agent can run it now.',
  denied: 'The call is denied.',
  token_revoked: 'The MCP URL token is revoked.',
};

export function noticeFrom(c: Context): string | undefined {
  const code = c.req.query('notice');
  return code ? NOTICES[code] : undefined;
}

export function redirectWith(c: Context, path: string, notice?: keyof typeof NOTICES): Response {
  return c.redirect(notice ? `${path}${path.includes('?') ? '&' : '?'}notice=${notice}` : path, 303);
}

/** Renders a signed-in page inside the shell. */
export async function render(
  c: ConsoleContext,
  deps: ConsoleDeps,
  title: string,
  body: Html,
  status: 200 | 400 | 404 | 409 | 422 | 429 = 200,
): Promise<Response> {
  const identity = c.get('identity');
  const page = await shell(
    {
      title,
      path: c.req.path,
      signedIn: { projectName: identity.project.name, csrf: identity.csrf },
      notice: noticeFrom(c),
      insecure: isInsecure(c, deps.publicUrl),
    },
    body,
  );
  return c.html(page, status);
}

/** Form field name → message, from zod issues (the last path segment names the field). */
export function zodFieldErrors(error: z.ZodError, rename: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path.at(-1) ?? '_form');
    const name = rename[key] ?? key;
    out[name] ??= issue.message;
  }
  return out;
}

/**
 * Field errors from a service's ToolRouterError: its `errors` read "path.to.field: message".
 * What names no field goes to `_form`, with the suggested fix.
 */
export function serviceFieldErrors(error: unknown, rename: Record<string, string> = {}): Record<string, string> | undefined {
  if (!isToolRouterError(error) || error.status >= 500) return undefined;
  const out: Record<string, string> = {};
  for (const line of error.errors) {
    const m = line.match(/^([\w.[\]]+): (.*)$/);
    const key = m ? (m[1]!.split('.').at(-1) ?? '') : '';
    const name = rename[key] ?? key;
    if (m && name) out[name] ??= m[2]!;
  }
  if (Object.keys(out).length === 0) out['_form'] = `${error.message}.${error.suggestedFix ? ` ${error.suggestedFix}` : ''}`;
  return out;
}

export function pageParams(c: Context, limit = 25): { offset: number; limit: number } {
  const offset = Number.parseInt(c.req.query('offset') ?? '0', 10);
  return { offset: Number.isFinite(offset) && offset > 0 ? Math.min(offset, 1_000_000) : 0, limit };
}
