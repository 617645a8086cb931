import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, SearchLogTable } from './database.js';
import { chunk, toNumber } from './db-util.js';
import type { SearchLogEntry, SearchRepo, SearchUsageRow } from './store.js';

export class KyselySearchRepo implements SearchRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** One transaction however many rows: a batch of search logs is stored whole or not at all. */
  async log(entries: readonly SearchLogEntry[]): Promise<void> {
    const parts = chunk(entries, 200);
    const insert = async (db: Kysely<Database>) => {
      for (const part of parts) {
        await db
          .insertInto('search_log')
          .values(part.map((e) => ({ ...e, slugs: JSON.stringify(e.slugs), latency_ms: Math.round(e.latency_ms) })))
          .execute();
      }
    };
    if (parts.length > 1) await this.db.transaction().execute(insert);
    else await insert(this.db);
  }

  async recentForSession(projectId: string, sessionId: string, since: string): Promise<SearchLogEntry[]> {
    const rows = await this.db
      .selectFrom('search_log')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(toEntry);
  }

  async listLog(projectId: string, filter: { sessionId?: string; offset: number; limit: number }) {
    let query = this.db.selectFrom('search_log').where('project_id', '=', projectId);
    if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
    const [rows, total] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(filter.offset).limit(filter.limit).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toEntry), total: toNumber(total.n as string | number) };
  }

  async recordUsage(projectId: string, toolSlug: string, query: string, at: string): Promise<void> {
    await upsertUsage(this.db, projectId, toolSlug, query, at);
  }

  async recordUsageMany(projectId: string, pairs: ReadonlyArray<{ toolSlug: string; query: string }>, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const pair of pairs) await upsertUsage(trx, projectId, pair.toolSlug, pair.query, at);
    });
  }

  async usageSince(projectId: string, since?: string): Promise<SearchUsageRow[]> {
    let query = this.db.selectFrom('search_usage').select(['tool_slug', 'query', 'count', 'last_used_at']).where('project_id', '=', projectId);
    if (since) query = query.where('last_used_at', '>', since);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, count: toNumber(r.count) }));
  }

  async pruneUsage(projectId: string, before: string): Promise<number> {
    const result = await this.db.deleteFrom('search_usage').where('project_id', '=', projectId).where('last_used_at', '<', before).executeTakeFirst();
    return toNumber(result.numDeletedRows);
  }
}

/** Insert-or-increment in one statement, so concurrent writers never lose a count. */
async function upsertUsage(db: Kysely<Database>, projectId: string, toolSlug: string, query: string, at: string): Promise<void> {
  await db
    .insertInto('search_usage')
    .values({ project_id: projectId, tool_slug: toolSlug, query, count: 1, last_used_at: at })
    .onConflict((oc) => oc.columns(['project_id', 'tool_slug', 'query']).doUpdateSet({ count: sql`search_usage.count + 1`, last_used_at: at }))
    .execute();
}

function toEntry(row: Selectable<SearchLogTable>): SearchLogEntry {
  return { ...row, slugs: JSON.parse(row.slugs) as string[], latency_ms: toNumber(row.latency_ms) };
}
