import type { Store } from '../../store/store.js';
import type { Sealer } from './sealer.js';

/**
 * Refuses to run with a master key other than the one this database's secrets were sealed with:
 * a second instance with a fresh key file would otherwise write secrets nobody else can open.
 */
export async function checkVaultKey(store: Store, sealer: Sealer): Promise<void> {
  const known = await store.vaultKeys.register(sealer.keyId);
  if (!known.includes(sealer.keyId) || known.length > 1) {
    throw new Error(
      'The database holds credentials sealed with a different encryption key. Start every instance with the same ' +
        'TOOLROUTER_ENCRYPTION_KEY (or the same encryption.key file in DATA_DIR) as the first one.',
    );
  }
}
