import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { now, toNumber } from './db-util.js';
import type { ConsoleSessionRepo, ConsoleSessionRow } from './store.js';

export class KyselyConsoleSessionRepo implements ConsoleSessionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: { hash: string; project_id: string; api_key_id: string; expires_at: string }): Promise<void> {
    await this.db
      .insertInto('console_sessions')
      .values({ ...session, created_at: now() })
      .execute();
  }

  async findActive(hash: string, at: string): Promise<ConsoleSessionRow | undefined> {
    // Joining the key makes its revocation end the session at once, on every server instance.
    return this.db
      .selectFrom('console_sessions')
      .innerJoin('api_keys', 'api_keys.id', 'console_sessions.api_key_id')
      .select(['console_sessions.project_id', 'console_sessions.api_key_id', 'console_sessions.created_at', 'console_sessions.expires_at'])
      .where('console_sessions.hash', '=', hash)
      .where('console_sessions.expires_at', '>', at)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async delete(hash: string): Promise<void> {
    await this.db.deleteFrom('console_sessions').where('hash', '=', hash).execute();
  }

  async pruneExpired(at: string): Promise<number> {
    const result = await this.db.deleteFrom('console_sessions').where('expires_at', '<=', at).executeTakeFirst();
    return toNumber(result.numDeletedRows);
  }
}
