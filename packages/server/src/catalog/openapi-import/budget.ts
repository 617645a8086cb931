import { ToolRouterError } from '@toolrouter/core';

/**
 * Limits on one OpenAPI import. Conversion cost grows with the document (an invalid document with
 * a few thousand operations can take minutes to validate), so every import runs in a worker thread
 * under these limits and the server keeps answering meanwhile.
 */
export interface ImportBudget {
  /** Largest document accepted, in bytes of its JSON or YAML text. */
  maxSpecBytes: number;
  /** Most operations (tools) one document may define. */
  maxOperations: number;
  /** Wall-clock limit of one conversion; the worker is terminated when it passes. */
  timeoutMs: number;
  /** Conversions running at once per server process; further imports wait their turn. */
  maxConcurrent: number;
  /** Heap limit of one conversion worker, in MB. */
  maxHeapMb: number;
}

export const IMPORT_BUDGET_DEFAULTS: Readonly<ImportBudget> = Object.freeze({
  maxSpecBytes: 10 * 1024 * 1024,
  maxOperations: 5_000,
  timeoutMs: 60_000,
  maxConcurrent: 2,
  maxHeapMb: 1_024,
});

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Counts operations without validating anything: cheap enough to run before the real work. */
export function countOperations(spec: unknown): number {
  if (typeof spec !== 'object' || spec === null) return 0;
  const paths = (spec as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return 0;
  let count = 0;
  for (const item of Object.values(paths)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const key of Object.keys(item)) if (HTTP_METHODS.has(key.toLowerCase())) count += 1;
  }
  return count;
}

export function specTooLarge(bytes: number | undefined, limit: number): ToolRouterError {
  const size = bytes === undefined ? 'larger than' : `${bytes} bytes, over`;
  return new ToolRouterError('IMPORT_TOO_LARGE', `The OpenAPI document is ${size} this server's limit of ${limit} bytes (TOOLROUTER_IMPORT_MAX_SPEC_BYTES)`, {
    errors: [`spec: at most ${limit} bytes`],
    suggestedFix: 'Split the API into several toolkits (one document per area), or ask the operator to raise TOOLROUTER_IMPORT_MAX_SPEC_BYTES.',
  });
}

export function tooManyOperations(count: number, limit: number): ToolRouterError {
  return new ToolRouterError(
    'IMPORT_TOO_LARGE',
    `The OpenAPI document defines ${count} operations, over this server's limit of ${limit} (TOOLROUTER_IMPORT_MAX_OPERATIONS)`,
    {
      errors: [`spec.paths: at most ${limit} operations`],
      suggestedFix: 'Import only the paths you need, or split the API into several toolkits; the operator can raise TOOLROUTER_IMPORT_MAX_OPERATIONS.',
    },
  );
}

export function conversionTimedOut(limitMs: number): ToolRouterError {
  return new ToolRouterError(
    'IMPORT_TOO_COMPLEX',
    `Converting the OpenAPI document took longer than this server's limit of ${limitMs} ms (TOOLROUTER_IMPORT_TIMEOUT_MS) and was stopped`,
    {
      suggestedFix:
        'Check that the document is valid (errors in many operations make validation slow), import fewer paths, or ask the operator to raise TOOLROUTER_IMPORT_TIMEOUT_MS.',
    },
  );
}

export function conversionOutOfMemory(limitMb: number): ToolRouterError {
  return new ToolRouterError(
    'IMPORT_TOO_COMPLEX',
    `Converting the OpenAPI document needed more than this server's limit of ${limitMb} MB of memory (TOOLROUTER_IMPORT_MAX_HEAP_MB) and was stopped`,
    {
      suggestedFix: 'Import fewer paths, or reduce deeply nested or repeated schemas.',
    },
  );
}
