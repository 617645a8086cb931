import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { now } from './db-util.js';
import type { McpTokenRepo, McpTokenRow } from './store.js';

/** Every column except `hash`, which never leaves the store. */
const PUBLIC_COLUMNS = ['id', 'project_id', 'session_id', 'name', 'prefix', 'created_at', 'expires_at', 'revoked_at', 'api_key_id'] as const;

export class KyselyMcpTokenRepo implements McpTokenRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: {
    id: string;
    project_id: string;
    session_id: string;
    name: string;
    prefix: string;
    hash: string;
    expires_at: string | null;
    api_key_id: string | null;
  }): Promise<McpTokenRow> {
    return this.db
      .insertInto('mcp_tokens')
      .values({ ...token, created_at: now(), revoked_at: null })
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async findActiveByHash(hash: string, at: string): Promise<McpTokenRow | undefined> {
    // The issuing key is checked here too, not only when it is revoked: a key revoked by any path
    // (even a direct database update) closes its tokens at once.
    return this.db
      .selectFrom('mcp_tokens as t')
      .leftJoin('api_keys as k', 'k.id', 't.api_key_id')
      .select(PUBLIC_COLUMNS.map((c) => `t.${c}` as const))
      .where('t.hash', '=', hash)
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', at)]))
      .where((eb) => eb.or([eb('t.api_key_id', 'is', null), eb('k.revoked_at', 'is', null)]))
      .executeTakeFirst();
  }

  async list(projectId: string, sessionId: string): Promise<McpTokenRow[]> {
    return this.db
      .selectFrom('mcp_tokens')
      .select(PUBLIC_COLUMNS)
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async revoke(projectId: string, sessionId: string, id: string): Promise<boolean> {
    const scope = this.db.selectFrom('mcp_tokens').select('id').where('id', '=', id).where('project_id', '=', projectId).where('session_id', '=', sessionId);
    if (!(await scope.executeTakeFirst())) return false;
    // The `revoked_at is null` guard keeps the first revocation time when revoking twice.
    await this.db
      .updateTable('mcp_tokens')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('project_id', '=', projectId)
      .where('revoked_at', 'is', null)
      .execute();
    return true;
  }
}
