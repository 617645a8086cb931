import type { Logger } from 'pino';
import type { HotReads } from '../cache/hot-reads.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { ManagedAuthApp } from '../config/config.js';
import type { GuardedFetch } from '../net/index.js';
import type { Store } from '../store/store.js';
import { AccountSecrets } from './account-secrets.js';
import { AuthConfigService } from './auth-config-service.js';
import { ConnectionService } from './connection-service.js';
import { AccountCredentialBroker } from './credential-broker.js';
import { LinkService } from './link-service.js';
import { OAuthClient } from './oauth2/oauth-client.js';
import { RefreshSweep } from './refresh-sweep.js';
import { TokenRefresher } from './token-refresher.js';
import type { Sealer } from './vault/sealer.js';

export interface ConnectionsOptions {
  store: Store;
  catalog: CatalogService;
  http: GuardedFetch;
  /** The vault's sealer (one per instance, shared with execution). */
  sealer: Sealer;
  managedAuth?: Readonly<Record<string, ManagedAuthApp>>;
  linkTtlSeconds?: number;
  now: () => Date;
  log?: Logger;
  /** The instance's in-memory reads; calls then take accounts, auth configs and opened credentials from memory. */
  hot?: HotReads;
  /** Test knobs: how early to refresh and how long a refresh lease lasts. */
  refreshAheadMs?: number;
  leaseMs?: number;
}

export type Connections = ReturnType<typeof createConnections>;

/** Wires the connections feature around the instance's sealer: auth configs, links, refresh, broker. */
export function createConnections(o: ConnectionsOptions) {
  const { sealer } = o;
  const oauth = new OAuthClient(o.http, o.now);
  const configs = new AuthConfigService(o.store, o.catalog, sealer, o.managedAuth ?? {});
  const refresher = new TokenRefresher({
    store: o.store,
    catalog: o.catalog,
    configs,
    sealer,
    oauth,
    now: o.now,
    ...(o.refreshAheadMs !== undefined ? { refreshAheadMs: o.refreshAheadMs } : {}),
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
  });
  const links = new LinkService({ store: o.store, catalog: o.catalog, configs, sealer, oauth, now: o.now, linkTtlSeconds: o.linkTtlSeconds ?? 900 });
  const accounts = new ConnectionService(o.store, o.catalog, configs, links, refresher);
  return {
    authConfigs: configs,
    accounts,
    links,
    refresher,
    credentials: new AccountCredentialBroker(o.store, o.catalog, sealer, refresher, o.hot),
    secrets: new AccountSecrets(o.store, o.catalog, sealer, configs, o.log),
    sweep: new RefreshSweep(o.store, refresher, o.now, o.log, o.refreshAheadMs),
  };
}
