import { importError } from './errors.js';
import type { OpenApiDocument, ServerObject } from './types.js';

/**
 * The toolkit's base URL: the caller's override, else the document's first server with its
 * variables set to their defaults. Swagger 2.0 documents arrive here already converted, their
 * scheme + host + basePath turned into a server by swagger2openapi.
 */
export function resolveBaseUrl(doc: OpenApiDocument, override: string | undefined): string {
  if (override !== undefined) {
    const url = absoluteHttpUrl(override);
    if (url === undefined) {
      throw importError(`base_url "${override}" is not an absolute http(s) URL.`, {
        suggestedFix: 'Pass base_url like https://api.example.com/v1.',
      });
    }
    return url;
  }
  const template = doc.servers?.[0]?.url ?? '';
  const url = serverUrl(doc.servers?.[0]);
  if (url === undefined) {
    const found = template === '' ? 'declares no server' : `declares only the server "${template}", which is not an absolute URL`;
    throw importError(`Missing base URL: the document ${found}; pass base_url to set it.`, {
      suggestedFix: 'Pass base_url with the API root the tool paths are appended to, e.g. https://api.example.com/v1.',
    });
  }
  return url;
}

/** A server's URL with its variables set to their defaults, if that makes an absolute http(s) URL. */
export function serverUrl(server: ServerObject | undefined): string | undefined {
  const expanded = (server?.url ?? '').replace(/\{([^}]+)\}/g, (match, name: string) => {
    const variable = server?.variables?.[name];
    return variable?.default ?? variable?.enum?.[0] ?? match;
  });
  return absoluteHttpUrl(expanded);
}

/** Normalized without a trailing slash, because every tool path starts with one. */
function absoluteHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return value.trim().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
