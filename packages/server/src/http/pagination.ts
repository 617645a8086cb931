import { type Page, ToolRouterError } from '@toolrouter/core';

/** Cursors are opaque to clients: base64url of the next offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new ToolRouterError('VALIDATION_FAILED', 'Invalid request: cursor: not a cursor this server issued', {
    errors: ['cursor: not a cursor this server issued'],
    suggestedFix: 'Pass next_cursor from the previous page unchanged, or omit cursor to start at the first page.',
  });
}

export function limitFrom(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (limit > max) {
    throw new ToolRouterError('VALIDATION_FAILED', `Invalid request: limit: must be at most ${max}`, {
      errors: [`limit: must be at most ${max}`],
      suggestedFix: `Use a limit between 1 and ${max} and follow next_cursor for more.`,
    });
  }
  return limit;
}

/** A page of an in-memory list. */
export function paginate<T>(all: readonly T[], offset: number, limit: number): Page<T> {
  return pageOf(all.slice(offset, offset + limit), all.length, offset, limit);
}

/** A list that is always served whole (short by nature), in the envelope of a paged one. */
export function wholeList<T>(items: T[]): Page<T> {
  return pageOf(items, items.length, 0, Math.max(1, items.length));
}

/** A page whose items were already fetched for [offset, offset + limit) out of `total`. */
export function pageOf<T>(items: T[], total: number, offset: number, limit: number): Page<T> {
  const next = offset + items.length;
  return {
    items,
    next_cursor: next < total && items.length > 0 ? encodeCursor(next) : null,
    total_pages: Math.max(1, Math.ceil(total / limit)),
    current_page: Math.floor(offset / limit) + 1,
    total_items: total,
  };
}
