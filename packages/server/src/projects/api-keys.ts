import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are 32 random bytes, shown once, stored only as a SHA-256 digest. A fast hash is the
 * right tool here: the key has 256 bits of entropy, so there is nothing for a slow hash to protect,
 * and every request pays for the lookup.
 */
export const API_KEY_PREFIX = 'trk_';

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What we show of a key in listings: enough to tell keys apart, useless to an attacker. */
export function displayPrefix(key: string): string {
  return key.slice(0, Math.min(12, Math.floor(key.length / 3)));
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
