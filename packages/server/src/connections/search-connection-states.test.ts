import type { Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { HotReads } from '../cache/hot-reads.js';
import type { ChangeFeed, ChangeListener } from '../store/changes/change-feed.js';
import type { AccountRow } from '../store/connection-types.js';
import { connectionStates } from './connection-service.js';
import { searchConnectionStates } from './search-connection-states.js';

/** A feed that is watching at once and delivers what the test publishes. */
function testFeed() {
  const listeners: ChangeListener[] = [];
  const feed: ChangeFeed = {
    publish: async (change) => {
      for (const l of listeners) l(change as Parameters<ChangeListener>[0]);
    },
    subscribe: (listener) => {
      listeners.push(listener);
      return { ready: Promise.resolve(), unsubscribe: () => undefined };
    },
    close: async () => undefined,
  };
  return feed;
}

const acme = { slug: 'acme', name: 'Acme', auth_schemes: [{ mode: 'OAUTH2' }] } as unknown as Toolkit;

function account(status: AccountRow['status']): AccountRow {
  return {
    id: 'ca_1',
    project_id: 'p',
    user_id: 'u',
    toolkit_slug: 'acme',
    auth_config_id: 'ac_1',
    status,
    status_reason: null,
    alias: null,
    is_disabled: false,
    sealed_credentials: null,
    public_state: {},
    expires_at: null,
    refresh_version: 0,
    lease_owner: null,
    lease_until: null,
    connected_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

describe('searchConnectionStates', () => {
  it('reads the user accounts once, gives the states the store would, and reads again after a connections change', async () => {
    const feed = testFeed();
    const hot = new HotReads(feed);
    await Promise.resolve(); // the feed is watching
    let rows: AccountRow[] = [];
    let reads = 0;
    const store = {
      accounts: {
        forUser: async (projectId: string, userId: string, toolkit?: string) => {
          expect([projectId, userId, toolkit]).toEqual(['p', 'u', undefined]);
          reads++;
          return rows;
        },
      },
    } as unknown as Parameters<typeof searchConnectionStates>[0];
    const states = searchConnectionStates(store, hot);

    expect(await states.states('p', 'u', [acme])).toEqual(connectionStates([acme], []));
    rows = [account('ACTIVE')];
    expect((await states.states('p', 'u', [acme])).get('acme')?.has_active_connection).toBe(false); // kept
    expect(reads).toBe(1);

    await feed.publish({ kind: 'connections_changed', project_id: 'p' });
    const fresh = await states.states('p', 'u', [acme]);
    expect(reads).toBe(2);
    expect(fresh).toEqual(connectionStates([acme], rows));
    expect(fresh.get('acme')?.has_active_connection).toBe(true);
    hot.close();
  });
});
