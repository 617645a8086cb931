import type { HintTag } from '@toolrouter/core';
import { nameWords } from './words.js';

export type OperationKind = 'query' | 'mutation';

/** Query tools only read; mutations change things, and destroy when their name says so. */
export function hintsFor(kind: OperationKind, fieldName: string): HintTag[] {
  if (kind === 'query') return ['readOnlyHint', 'idempotentHint', 'openWorldHint'];
  const words = nameWords(fieldName);
  const destroys = words.some((w) => /^(DELETE|ARCHIVE|REMOVE|DESTROY|PURGE)/.test(w));
  return destroys ? ['destructiveHint', 'openWorldHint'] : ['openWorldHint'];
}
