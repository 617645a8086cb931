import type { Kysely } from 'kysely';

// Auth configs, connected accounts, Connect Links and their events. Frozen once released; see 001
// for conventions. Secrets live only in `sealed_*` columns (AES-256-GCM, see connections/vault);
// link tokens and OAuth states are stored as SHA-256 digests.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_configs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('toolkit_slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('auth_scheme', 'text', (c) => c.notNull())
    .addColumn('is_managed', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('sealed_secrets', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_configs_toolkit_idx').on('auth_configs').columns(['project_id', 'toolkit_slug']).execute();

  await db.schema
    .createTable('connected_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('toolkit_slug', 'text', (c) => c.notNull())
    .addColumn('auth_config_id', 'text', (c) => c.notNull().references('auth_configs.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('alias', 'text')
    .addColumn('is_disabled', 'integer', (c) => c.notNull())
    .addColumn('sealed_credentials', 'text')
    .addColumn('public_state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    // Compare-and-swap counter: bumped by every credential change, so a refresh that lost a race
    // can tell that someone else already wrote newer tokens.
    .addColumn('refresh_version', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('connected_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connected_accounts_user_idx').on('connected_accounts').columns(['project_id', 'user_id', 'toolkit_slug']).execute();
  await db.schema.createIndex('connected_accounts_expiry_idx').on('connected_accounts').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('connect_links')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('connected_accounts.id').onDelete('cascade'))
    .addColumn('session_id', 'text')
    .addColumn('callback_url', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connect_links_expiry_idx').on('connect_links').columns(['used_at', 'expires_at']).execute();

  // One row per trip to the provider's authorize page; the callback consumes it exactly once.
  await db.schema
    .createTable('oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('link_id', 'text', (c) => c.notNull().references('connect_links.id').onDelete('cascade'))
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('sealed_verifier', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // No foreign key to the account: events outlive a deleted account.
  await db.schema
    .createTable('connection_events')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('toolkit_slug', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connection_events_account_idx').on('connection_events').columns(['project_id', 'account_id', 'created_at']).execute();

  // Which master keys have sealed data here: a server started with another key refuses to run
  // rather than write values no other instance can open.
  await db.schema
    .createTable('vault_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['vault_keys', 'connection_events', 'oauth_states', 'connect_links', 'connected_accounts', 'auth_configs']) {
    await db.schema.dropTable(table).execute();
  }
}
