import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { now } from './db-util.js';
import type { ApiKeyRepo, ApiKeyRow } from './store.js';

/** Every column except `hash`, which never leaves the store. */
const PUBLIC_COLUMNS = ['id', 'project_id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

export class KyselyApiKeyRepo implements ApiKeyRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: { id: string; project_id: string; name: string; prefix: string; hash: string }): Promise<ApiKeyRow> {
    return this.db
      .insertInto('api_keys')
      .values({ ...key, created_at: now() })
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async findActiveByHash(hash: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  async list(projectId?: string): Promise<ApiKeyRow[]> {
    let query = this.db.selectFrom('api_keys').select(PUBLIC_COLUMNS);
    if (projectId !== undefined) query = query.where('project_id', '=', projectId);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  async revoke(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const key = await trx.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!key) return undefined;
      const at = now();
      // The `revoked_at is null` guards keep the first revocation time when revoking twice.
      await trx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      // What the key issued goes with it; a token whose issuer is unknown (issued before issuers
      // were recorded) might be the key's, so it goes too.
      await trx
        .updateTable('mcp_tokens')
        .set({ revoked_at: at })
        .where('project_id', '=', key.project_id)
        .where((eb) => eb.or([eb('api_key_id', '=', id), eb('api_key_id', 'is', null)]))
        .where('revoked_at', 'is', null)
        .execute();
      return { ...key, revoked_at: key.revoked_at ?? at };
    });
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
