import type { HotReads } from '../cache/hot-reads.js';
import type { Store } from '../store/store.js';
import { connectionStates } from './connection-service.js';
import type { ConnectionStatusSource } from './connection-status.js';

/**
 * The connection states search results report, with the user's accounts read through the accounts cache
 * calls use (HotReads: dropped at once on this instance when the project's connections change, on the
 * others when the change feed says so, and kept at most 15 s). A search read them from the store every
 * time: about 4 % of a whole-catalog search's CPU. Same rows, same order, so the same states.
 */
export function searchConnectionStates(store: Pick<Store, 'accounts'>, hot: HotReads): ConnectionStatusSource {
  return {
    async states(projectId, userId, toolkits) {
      // The key the credential broker uses for "every toolkit" (see AccountCredentialBroker).
      const rows = await hot.accounts.load(`${projectId}\0${userId}\0`, () => store.accounts.forUser(projectId, userId));
      return connectionStates(toolkits, rows ?? []);
    },
  };
}
