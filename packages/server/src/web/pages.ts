import type { AuthField } from '@toolrouter/core';
import type { Context } from 'hono';

/** Small, dependency-free HTML for the hosted Connect Link pages. Every interpolation is escaped. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .25rem;font-weight:600}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;cursor:pointer}.problems{color:#b00020}.hint{color:#555;font-size:.9rem}</style>
</head><body>${body}</body></html>`;
}

export function formPage(p: { toolkitName: string; action: string; fields: AuthField[]; csrf: string; problems: string[] }): string {
  const problems = p.problems.length ? `<ul class="problems">${p.problems.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '';
  const inputs = p.fields
    .map(
      (f) => `<label for="f_${escapeHtml(f.name)}">${escapeHtml(f.display_name)}${f.required ? '' : ' (optional)'}</label>
<input id="f_${escapeHtml(f.name)}" name="${escapeHtml(f.name)}" type="${f.secret ? 'password' : 'text'}" autocomplete="off" maxlength="4096"${f.required ? ' required' : ''}>
${f.description ? `<div class="hint">${escapeHtml(f.description)}</div>` : ''}`,
    )
    .join('\n');
  return page(
    `Connect ${p.toolkitName}`,
    `<h1>Connect ${escapeHtml(p.toolkitName)}</h1>${problems}
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(p.csrf)}">
${inputs}
<button type="submit">Connect</button></form>
<p class="hint">What you enter is stored encrypted and used only for this connection.</p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/**
 * Headers of every hosted page (Connect Link, OAuth callback, web console): not cached unless the
 * route said otherwise, never framed, never leaking the URL (which may hold a link token) as a
 * referrer. A route that already set its own CSP keeps it.
 */
export function securityHeaders(c: Context, policy: string): void {
  if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-frame-options', 'DENY');
  c.header('x-content-type-options', 'nosniff');
  if (!c.res.headers.has('content-security-policy')) c.header('content-security-policy', policy);
}

/**
 * The console's policy: no script at all, styles from our stylesheet only, forms to ourselves,
 * toolkit logos from our origin or any HTTPS host (they are plain images).
 */
export function consolePolicy(): string {
  return "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}
