import type { AccountRow } from '../store/store.js';
import type { StoredCredentials } from './auth-schemes.js';
import type { Sealer } from './vault/sealer.js';

/** Credentials sealed to one account row: a ciphertext moved to another row does not open. */
export function sealCredentials(sealer: Sealer, account: Pick<AccountRow, 'project_id' | 'id'>, creds: StoredCredentials): string {
  return sealer.sealJson(creds, context(account));
}

export function openCredentials(sealer: Sealer, account: AccountRow): StoredCredentials | undefined {
  return account.sealed_credentials ? sealer.openJson<StoredCredentials>(account.sealed_credentials, context(account)) : undefined;
}

function context(account: Pick<AccountRow, 'project_id' | 'id'>): string {
  return `account:${account.project_id}:${account.id}`;
}
