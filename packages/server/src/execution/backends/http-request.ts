import type { HttpBinding } from '@toolrouter/core';
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
      case 'header':
        headers[location.name.toLowerCase()] = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
        break;
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

  applyAuth(auth, headers, query, cookies);
  if (cookies.length > 0) headers['cookie'] = cookies.join('; ');
  const qs = query.toString();
  request.url = `${joinUrl(baseUrl, path)}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`;
  return request;
}

/** Applies credentials to a request; shared by tool calls and proxy_execute. */
export function applyAuth(auth: AppliedAuth, headers: Record<string, string>, query: URLSearchParams, cookies: string[]): void {
  switch (auth.mode) {
    case 'NO_AUTH':
      return;
    case 'OAUTH2':
    case 'BEARER_TOKEN':
      headers['authorization'] = `Bearer ${auth.token}`;
      return;
    case 'BASIC':
      headers['authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      return;
    case 'API_KEY':
      if (auth.in === 'header') headers[auth.name.toLowerCase()] = auth.value;
      else if (auth.in === 'query') query.set(auth.name, auth.value);
      else cookies.push(`${auth.name}=${encodeURIComponent(auth.value)}`);
      return;
  }
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
      return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    case 'API_KEY':
      return [auth.value];
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
