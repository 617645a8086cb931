import { PaginationQuerySchema } from '@toolrouter/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../../store/store.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, pageOf } from '../pagination.js';
import { readQuery } from '../validate.js';

const QuerySchema = PaginationQuerySchema.extend({ session_id: z.string().min(1).optional() }).strict();

/** `GET /search_logs`: every search query of the project (newest first), for observability. */
export function searchLogRoutes(store: Store) {
  const app = new Hono<AppEnv>();
  app.get('/search_logs', async (c) => {
    const q = readQuery(c, QuerySchema);
    const limit = limitFrom(q.limit, 50, 500);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await store.search.listLog(c.get('project').id, {
      ...(q.session_id ? { sessionId: q.session_id } : {}),
      offset,
      limit,
    });
    const rendered = items.map(({ project_id: _p, ...rest }) => rest);
    return c.json(pageOf(rendered, total, offset, limit));
  });
  return app;
}
