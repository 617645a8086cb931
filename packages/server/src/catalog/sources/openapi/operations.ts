import type { HttpBinding } from '@toolrouter/core';
import { serverUrl } from './base-url.js';
import { isObject, type OpenApiDocument, type OperationObject, type ParameterObject, type ServerObject } from './types.js';

type HttpMethod = HttpBinding['method'];

/** OpenAPI path-item keys that are operations the binding can express (TRACE is not). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

export interface OperationEntry {
  method: HttpMethod;
  path: string;
  operation: OperationObject;
  /** Path-item parameters overridden by the operation's own, as OpenAPI specifies. */
  parameters: ParameterObject[];
}

/**
 * Every operation in document order. Operations whose own `servers` point somewhere other than
 * the toolkit's base URL (e.g. GitHub's uploads host) are left out: a binding is a path relative
 * to that one base URL, so such a tool would call the wrong host.
 */
export function collectOperations(doc: OpenApiDocument, baseUrl: string): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!isObject(item) || !path.startsWith('/')) continue;
    const shared = parameterList(item['parameters']);
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const servers = operation['servers'] ?? item['servers'];
      if (!servesBase(servers, baseUrl)) continue;
      entries.push({
        method: method.toUpperCase() as HttpMethod,
        path,
        operation: operation as OperationObject,
        parameters: mergeParameters(shared, parameterList(operation['parameters'])),
      });
    }
  }
  return entries;
}

function servesBase(servers: unknown, baseUrl: string): boolean {
  if (!Array.isArray(servers) || servers.length === 0) return true;
  const url = serverUrl(servers[0] as ServerObject);
  return url === undefined || url === baseUrl;
}

function parameterList(value: unknown): ParameterObject[] {
  return Array.isArray(value) ? value.filter(isObject).map((p) => p as ParameterObject) : [];
}

function mergeParameters(shared: ParameterObject[], own: ParameterObject[]): ParameterObject[] {
  const key = (p: ParameterObject): string => `${p.in ?? ''}:${p.name ?? ''}`;
  const overridden = new Set(own.map(key));
  return [...shared.filter((p) => !overridden.has(key(p))), ...own];
}
