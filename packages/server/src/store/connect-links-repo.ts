import type { Kysely } from 'kysely';
import type { ConnectLinkRepo, ConnectLinkRow, OAuthStateRow, VaultKeyRepo } from './connection-types.js';
import type { Database } from './database.js';
import { now, toNumber } from './db-util.js';

export class KyselyConnectLinkRepo implements ConnectLinkRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(row: Omit<ConnectLinkRow, 'used_at' | 'created_at'>): Promise<ConnectLinkRow> {
    return this.db
      .insertInto('connect_links')
      .values({ ...row, used_at: null, created_at: now() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async byTokenHash(hash: string): Promise<ConnectLinkRow | undefined> {
    return this.db.selectFrom('connect_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async get(id: string): Promise<ConnectLinkRow | undefined> {
    return this.db.selectFrom('connect_links').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async markUsed(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('connect_links').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async addState(row: Omit<OAuthStateRow, 'used_at' | 'created_at'>): Promise<void> {
    await this.db
      .insertInto('oauth_states')
      .values({ ...row, used_at: null, created_at: now() })
      .execute();
  }

  async state(hash: string): Promise<OAuthStateRow | undefined> {
    return this.db.selectFrom('oauth_states').selectAll().where('state_hash', '=', hash).executeTakeFirst();
  }

  async consumeState(hash: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_states')
      .set({ used_at: at })
      .where('state_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async expiredWaiting(at: string, limit: number): Promise<ConnectLinkRow[]> {
    return (
      this.db
        .selectFrom('connect_links')
        .innerJoin('connected_accounts', 'connected_accounts.id', 'connect_links.account_id')
        .selectAll('connect_links')
        .where('connect_links.used_at', 'is', null)
        .where('connect_links.expires_at', '<', at)
        .where('connected_accounts.status', '=', 'INITIATED')
        // A newer link for the same account may still be open: then the account is still waiting.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('connect_links as live')
                .select('live.id')
                .whereRef('live.account_id', '=', 'connect_links.account_id')
                .where('live.used_at', 'is', null)
                .where('live.expires_at', '>=', at),
            ),
          ),
        )
        .limit(limit)
        .execute()
    );
  }

  async prune(before: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const states = await trx.deleteFrom('oauth_states').where('expires_at', '<', before).executeTakeFirst();
      const links = await trx.deleteFrom('connect_links').where('expires_at', '<', before).executeTakeFirst();
      return toNumber(states.numDeletedRows) + toNumber(links.numDeletedRows);
    });
  }

  async liveCount(accountId: string, at: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('connect_links')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .where('expires_at', '>=', at)
      .executeTakeFirstOrThrow();
    return toNumber(n);
  }
}

export class KyselyVaultKeyRepo implements VaultKeyRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async register(keyId: string): Promise<string[]> {
    const existing = await this.db.selectFrom('vault_keys').select('key_id').execute();
    if (existing.length > 0) return existing.map((r) => r.key_id);
    // Two instances starting at once on an empty database: the primary key lets one insert win.
    await this.db
      .insertInto('vault_keys')
      .values({ key_id: keyId, created_at: now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return (await this.db.selectFrom('vault_keys').select('key_id').execute()).map((r) => r.key_id);
  }
}
