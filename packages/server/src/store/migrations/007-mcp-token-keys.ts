import type { Kysely } from 'kysely';

// MCP URL tokens remember the API key that issued them, so that revoking the key revokes them.
// Frozen once released; see 001 for conventions.

/** The lifetime given to tokens issued before this migration without one (the server default then). */
const LEGACY_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mcp_tokens')
    .addColumn('api_key_id', 'text', (c) => c.references('api_keys.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('mcp_tokens_api_key_idx').on('mcp_tokens').column('api_key_id').execute();
  // Tokens issued before keep a null key: which key issued them is unknown, so revoking any key
  // of their project revokes them (see the api_keys repository). Those that never expired now
  // expire 30 days after the upgrade instead of never.
  await db
    .updateTable('mcp_tokens')
    .set({ expires_at: new Date(Date.now() + LEGACY_LIFETIME_MS).toISOString() })
    .where('expires_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mcp_tokens_api_key_idx').execute();
  await db.schema.alterTable('mcp_tokens').dropColumn('api_key_id').execute();
}
