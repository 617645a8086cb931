import { type HttpBinding, ToolRouterError } from '@toolrouter/core';
import type { AppliedAuth } from '../../connections/credentials.js';

/** One outbound HTTP request, ready for the guarded client. */
export interface BuiltRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | URLSearchParams;
}

// DELETE only carries a body when the API declares one (then the binding has `body`).
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const ACCEPT = 'application/json, */*;q=0.8';

/**
 * Places each argument where the binding says (path, query, header, cookie, body) and applies
 * the credentials last, so an argument can never overwrite an auth header. Arguments the binding
 * does not list are not sent.
 */
export function buildHttpRequest(baseUrl: string, binding: HttpBinding, args: Record<string, unknown>, auth: AppliedAuth): BuiltRequest {
  let path = binding.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: ACCEPT };
  const cookies: string[] = [];
  const bodyFields: Record<string, unknown> = {};
  let wholeBody: unknown;
  let hasWholeBody = false;
  const headerErrors: string[] = [];

  for (const [name, location] of Object.entries(binding.args)) {
    const value = args[name];
    if (value === undefined || value === null) continue;
    switch (location.in) {
      case 'path':
        path = path.split(`{${location.name}}`).join(encodeURIComponent(scalar(value)));
        break;
      case 'query':
        for (const item of Array.isArray(value) ? value : [value]) query.append(location.name, scalar(item));
        break;
      case 'header': {
        const text = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
        const problem = headerProblem(location.name, text);
        if (problem) headerErrors.push(`arguments.${name}: cannot be sent as the HTTP header ${JSON.stringify(location.name)}: ${problem}`);
        else headers[location.name.toLowerCase()] = text;
        break;
      }
      case 'cookie':
        cookies.push(`${location.name}=${encodeURIComponent(scalar(value))}`);
        break;
      case 'body':
        if (binding.body?.mode === 'whole') {
          wholeBody = value;
          hasWholeBody = true;
        } else {
          bodyFields[location.name] = value;
        }
        break;
    }
  }

  if (headerErrors.length > 0) throw invalidHeaders(headerErrors);

  const request: BuiltRequest = { url: '', method: binding.method, headers };
  if (binding.body && BODY_METHODS.has(binding.method)) {
    const type = binding.body.content_type;
    if (binding.body.mode === 'whole') {
      if (hasWholeBody) request.body = encodeWhole(wholeBody, type);
    } else {
      // An empty object rather than no body: APIs that declare a body often require one, even empty.
      request.body = type.includes('x-www-form-urlencoded') ? formBody(bodyFields) : JSON.stringify(bodyFields);
    }
    if (request.body !== undefined) headers['content-type'] = type;
  }

  if (auth.mode === 'CUSTOM' && auth.body && request.body !== undefined) request.body = withSuppliedBody(request.body, auth.body, binding.body);
  applyAuth(auth, headers, query, cookies);
  if (cookies.length > 0) headers['cookie'] = cookies.join('; ');
  const qs = query.toString();
  request.url = `${joinUrl(baseUrl, path)}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`;
  return request;
}

/**
 * Why `name: value` cannot go out as an HTTP header, or undefined when it can. Node's HTTP client
 * throws on these (a CR or LF would otherwise split the header and smuggle another), and a throw
 * deep in the send is a 500; checked while the request is assembled, it is the caller's 400.
 */
export function headerProblem(name: string, value: string): string | undefined {
  if (!HEADER_NAME.test(name)) return `${JSON.stringify(name)} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only)`;
  if (/[\r\n]/.test(value)) return 'the value contains a line break (CR or LF), which a header cannot carry';
  if (BAD_HEADER_VALUE.test(value)) return 'the value contains a character a header cannot carry (a control character, or one beyond Latin-1)';
  return undefined;
}

/** RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What Node's HTTP client refuses in a header value: controls other than tab, and anything past U+00FF. */
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** The caller's header values (tool arguments, proxy parameters) that cannot be sent: a 400 naming each. */
export function invalidHeaders(errors: string[]): ToolRouterError {
  return new ToolRouterError('VALIDATION_FAILED', errors.length === 1 ? `Invalid request: ${errors[0]}` : `Invalid request: ${errors.length} problems`, {
    errors,
    suggestedFix: 'Header names must be HTTP tokens, and header values single-line text without control characters.',
  });
}

/** Applies credentials to a request; shared by tool calls and proxy_execute. */
export function applyAuth(auth: AppliedAuth, headers: Record<string, string>, query: URLSearchParams, cookies: string[]): void {
  const header = (name: string, value: string) => {
    // A stored credential the caller typed with a line break, or an imported scheme with a bad
    // name: say which, never the value (it is a secret).
    const problem = headerProblem(name, value);
    if (problem) {
      throw new ToolRouterError(
        'CONNECTION_INVALID_STATE',
        `The account's credential cannot be sent in the HTTP header ${JSON.stringify(name)}: ${problem.replace(/^the value/, 'the secret')}`,
        {
          suggestedFix: 'Reconnect the account with the credential exactly as issued (one line, no control characters).',
        },
      );
    }
    headers[name.toLowerCase()] = value;
  };
  switch (auth.mode) {
    case 'NO_AUTH':
      return;
    case 'OAUTH2':
    case 'BEARER_TOKEN':
      header('authorization', `Bearer ${auth.token}`);
      return;
    case 'BASIC':
      header('authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`);
      return;
    case 'API_KEY':
      if (auth.in === 'header') header(auth.name, auth.value);
      else if (auth.in === 'query') query.set(auth.name, auth.value);
      else cookies.push(`${auth.name}=${encodeURIComponent(auth.value)}`);
      return;
    case 'CUSTOM':
      for (const p of auth.parameters) {
        if (p.in === 'header') header(p.name, p.value);
        else query.set(p.name, p.value);
      }
      return;
  }
}

/**
 * The body with the caller's `custom_auth_params.body` fields added (they win, like every
 * credential). Only a JSON object or a form carries fields; any other body is sent as it is.
 */
function withSuppliedBody(body: string | URLSearchParams, fields: Record<string, unknown>, spec: HttpBinding['body']): string | URLSearchParams {
  if (body instanceof URLSearchParams) {
    const extra = formBody(fields);
    for (const name of new Set(extra.keys())) body.delete(name);
    for (const [name, value] of extra) body.append(name, value);
    return body;
  }
  if (!spec?.content_type.includes('json')) return body;
  const parsed = JSON.parse(body) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
  return JSON.stringify({ ...parsed, ...fields });
}

/** The secret strings of a credential, so logs can scrub them wherever they appear. */
export function secretValues(auth: AppliedAuth): string[] {
  switch (auth.mode) {
    case 'NO_AUTH':
      return [];
    case 'OAUTH2':
    case 'BEARER_TOKEN':
      return [auth.token];
    case 'BASIC':
      return [...(auth.secret_username ? [auth.username] : []), auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    case 'API_KEY':
      return [auth.value];
    case 'CUSTOM':
      return [...auth.parameters.map((p) => p.value), ...Object.values(auth.body ?? {}).filter((v): v is string => typeof v === 'string')];
  }
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function encodeWhole(value: unknown, type: string): string {
  if (typeof value === 'string' && !type.includes('json')) return value;
  return JSON.stringify(value);
}

function formBody(fields: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, scalar(item));
  }
  return form;
}
