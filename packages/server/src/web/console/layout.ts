import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What every console template returns: HTML whose interpolations hono/html has escaped. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const NAV = [
  ['/console/keys', 'API keys'],
  ['/console/catalog', 'Catalog'],
  ['/console/playground', 'Search playground'],
  ['/console/auth-configs', 'Auth configs'],
  ['/console/accounts', 'Accounts'],
  ['/console/sessions', 'Sessions'],
  ['/console/logs', 'Execution logs'],
  ['/console/search-logs', 'Search logs'],
  ['/console/approvals', 'Approvals'],
  ['/console/egress', 'Egress'],
] as const;

export interface ShellOptions {
  title: string;
  /** Path of the current page, to mark its nav entry. */
  path: string;
  /** Absent on the sign-in page. */
  signedIn?: { projectName: string; csrf: string };
  notice?: string | undefined;
  /** Shown when the console is served over plain HTTP to a non-loopback host. */
  insecure?: boolean;
}

/** The page frame: skip link, header with navigation and sign-out, one <main>. */
export function shell(o: ShellOptions, body: Html): Html {
  const nav = o.signedIn
    ? html`<nav aria-label="Console sections"><ul>${NAV.map(
        ([href, label]) => html`<li><a href="${href}"${o.path.startsWith(href) ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
      )}</ul></nav>`
    : '';
  const account = o.signedIn
    ? html`<div class="account"><span>Project <strong>${o.signedIn.projectName}</strong></span>
<form method="post" action="/console/sign-out">${csrfField(o.signedIn.csrf)}<button type="submit" class="link">Sign out</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Tool Router console</title>
<link rel="stylesheet" href="/console/console.css">
</head><body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/console">Tool Router</a>${account}</header>
${nav}
<main id="main" tabindex="-1">
${o.insecure ? html`<p class="warning" role="note">This console is served over plain HTTP: the API key and the session cookie cross the network unencrypted. Put it behind HTTPS (and set TOOLROUTER_PUBLIC_URL).</p>` : ''}
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<h1>${o.title}</h1>
${body}
</main></body></html>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf_token" value="${token}">`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'search' | 'url' | 'number';
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** For a <select>: value → label. */
  options?: ReadonlyArray<readonly [string, string]>;
  autocomplete?: string;
  /** Prefix of the element id, for pages with the same field in several forms. */
  idPrefix?: string;
}

/** A labelled input (or select) with its hint and its error, tied together for screen readers. */
export function field(f: FieldOptions): Html {
  const id = `${f.idPrefix ?? 'f'}_${f.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const described = [f.hint ? `${id}_hint` : '', f.error ? `${id}_error` : ''].filter(Boolean).join(' ');
  const aria = raw(`${described ? ` aria-describedby="${described}"` : ''}${f.error ? ' aria-invalid="true"' : ''}${f.required ? ' required' : ''}`);
  const control = f.options
    ? html`<select id="${id}" name="${f.name}"${aria}>${f.options.map(
        ([value, label]) => html`<option value="${value}"${value === f.value ? raw(' selected') : ''}>${label}</option>`,
      )}</select>`
    : html`<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}" value="${f.value ?? ''}" autocomplete="${f.autocomplete ?? 'off'}"${aria}>`;
  return html`<div class="field${f.error ? ' invalid' : ''}"><label for="${id}">${f.label}${f.required ? '' : html` <span class="optional">(optional)</span>`}</label>
${control}
${f.hint ? html`<p class="hint" id="${id}_hint">${f.hint}</p>` : ''}${f.error ? html`<p class="error" id="${id}_error">${f.error}</p>` : ''}</div>`;
}

/** A one-button form that POSTs to `action` (revoke, approve, ...). */
export function actionButton(
  action: string,
  label: string,
  csrf: string,
  o: { danger?: boolean; hidden?: Record<string, string>; ariaLabel?: string } = {},
): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}${Object.entries(o.hidden ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit"${o.danger ? raw(' class="danger"') : ''}${o.ariaLabel ? html` aria-label="${o.ariaLabel}"` : ''}>${label}</button></form>`;
}

/** A semantic table in a scrolling wrapper (so it never widens a phone screen). */
export function table(caption: string, headers: readonly string[], rows: readonly Html[], empty = 'Nothing here yet.'): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table>
<caption>${caption}</caption>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** JSON shown in a page (already redacted where it came from the logs). */
export function jsonBlock(value: unknown, label: string): Html {
  return html`<pre class="json" tabindex="0" aria-label="${label}">${JSON.stringify(value, null, 2) ?? 'null'}</pre>`;
}

export function when(at: string | null | undefined): Html {
  if (!at) return html`<span class="muted">—</span>`;
  return html`<time datetime="${at}">${at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

/** Previous / next links for an offset-paged list; `base` already holds the filters. */
export function pager(base: URLSearchParams, path: string, offset: number, limit: number, total: number): Html {
  const link = (to: number, label: string) => {
    const q = new URLSearchParams(base);
    q.set('offset', String(to));
    return html`<a href="${path}?${q.toString()}">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="Pages"><span>${total === 0 ? 0 : offset + 1}–${Math.min(offset + limit, total)} of ${total}</span>
${offset > 0 ? link(Math.max(0, offset - limit), 'Previous') : ''} ${offset + limit < total ? link(offset + limit, 'Next') : ''}</nav>`;
}
