/**
 * A minimal browser for driving hosted pages over real HTTP: a cookie jar (per host:port, with
 * paths), manual redirects, and HTML form submission. Enough for our Connect Link pages and the
 * OAuth provider's login and consent pages.
 */
interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  url: string;
  status: number;
  html: string;
  /** Every URL visited, in order, redirects included. */
  trail: string[];
  /** The final response's Content-Security-Policy, if any. */
  csp: string | null;
}

export class Browser {
  readonly #jar = new Map<string, Cookie[]>();

  /** Follows redirects while `follow(url)` says so (default: always), up to 15 hops. */
  async go(
    url: string,
    init: { method?: string; form?: Record<string, string>; formAction?: (url: string) => boolean } = {},
    follow: (url: string) => boolean = () => true,
  ): Promise<Page> {
    const trail: string[] = [];
    let current = url;
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 15; hop++) {
      trail.push(current);
      const target = new URL(current);
      const headers: Record<string, string> = { accept: 'text/html' };
      const cookie = this.cookieHeader(target);
      if (cookie) headers['cookie'] = cookie;
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(current, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
      this.#store(target, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, current).toString();
        // Like real browsers, apply the form page's form-action to every hop of the submission.
        if (init.formAction && !init.formAction(next)) throw new Error(`form submission redirected to ${next}, which the form page's CSP form-action blocks`);
        if (!follow(next))
          return { url: next, status: res.status, html: await res.text(), trail: [...trail, next], csp: res.headers.get('content-security-policy') };
        current = next;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: res.status, html: await res.text(), trail, csp: res.headers.get('content-security-policy') };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the first form of `page`, with its hidden inputs plus `values`. */
  submit(page: Page, values: Record<string, string> = {}, follow?: (url: string) => boolean): Promise<Page> {
    const form = page.html.match(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i);
    if (!form) throw new Error(`no form on ${page.url}:\n${page.html.slice(0, 500)}`);
    const fields: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
      const name = input[0].match(/name="([^"]*)"/)?.[1];
      const value = input[0].match(/value="([^"]*)"/)?.[1];
      if (name && value !== undefined) fields[name] = decodeHtml(value);
    }
    const action = new URL(decodeHtml(form[1]!), page.url).toString();
    const formAction = formActionCheck(page);
    if (formAction && !formAction(action)) throw new Error(`the form's action ${action} is blocked by the page's CSP form-action`);
    return this.go(action, { form: { ...fields, ...values }, ...(formAction ? { formAction } : {}) }, follow);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.#jar.get(new URL(origin).host)?.find((c) => c.name === name)?.value;
  }

  /** Copies cookies to another origin, as one origin in front of several server instances would. */
  shareCookies(from: string, to: string): void {
    this.#jar.set(new URL(to).host, [...(this.#jar.get(new URL(from).host) ?? [])]);
  }

  forget(origin: string): void {
    this.#jar.delete(new URL(origin).host);
  }

  cookieHeader(url: URL): string {
    return (this.#jar.get(url.host) ?? [])
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, setCookies: string[]): void {
    const jar = this.#jar.get(url.host) ?? [];
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      const kept = jar.filter((c) => !(c.name === name && c.path === path));
      if (!expired) kept.push({ name, value, path });
      jar.splice(0, jar.length, ...kept);
    }
    this.#jar.set(url.host, jar);
  }
}

/** The page's CSP form-action as a URL check (origins and 'self' only: all our pages use). */
function formActionCheck(page: Page): ((url: string) => boolean) | undefined {
  const directive = page.csp
    ?.split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'form-action');
  if (!directive) return undefined;
  const allowed = directive.slice(1).map((source) => (source === "'self'" ? new URL(page.url).origin : source));
  // Host sources may start with a wildcard label (`https://*.example.com`), as CSP allows.
  const matches = (source: string, origin: string) =>
    source === origin || (source.includes('://*.') && origin.startsWith(source.split('*.')[0]!) && origin.endsWith(`.${source.split('*.')[1]!}`));
  return (url) => allowed.some((source) => matches(source, new URL(url).origin));
}

function decodeHtml(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x2F;/g, '/');
}
