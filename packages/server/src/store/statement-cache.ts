import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every distinct query the server issues; `in (?, ?, …)` lists of many lengths age out. */
const DEFAULT_CAPACITY = 512;

/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it, but handing out one prepared statement
 * per SQL text instead of compiling it again on every query (compiling was ~10 % of the execute path's
 * CPU in a profile). Reuse is safe because Kysely runs one query at a time on the single SQLite
 * connection (a stream holds that connection until it ends), and SQLite re-prepares a statement by
 * itself when a migration changes the schema under it. Least recently used texts are dropped first.
 */
export function withStatementCache(database: SqliteDatabase, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) {
        // Re-insert so the Map's order stays least-recently-used first.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
