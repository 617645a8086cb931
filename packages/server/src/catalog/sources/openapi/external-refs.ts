import { isObject } from './types.js';

/**
 * Every `$ref` that points outside the document. The converter never fetches files or URLs (an
 * import must not become a request forgery vector), so these are reported instead of resolved.
 */
export function findExternalRefs(doc: unknown, limit = 5): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [doc];
  while (stack.length > 0 && found.size < limit) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      const ref = node['$ref'];
      if (typeof ref === 'string' && !ref.startsWith('#')) found.add(ref);
      for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value);
    }
  }
  return [...found];
}
