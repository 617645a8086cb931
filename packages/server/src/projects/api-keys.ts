import { randomToken } from '../ids.js';

/** API keys are 32 random bytes, shown once, stored only as a digest (`ids.ts`). */
export const API_KEY_PREFIX = 'trk_';

export function generateApiKey(): string {
  return randomToken(API_KEY_PREFIX, 32);
}

/** What we show of a key in listings: enough to tell keys apart, useless to an attacker. */
export function displayPrefix(key: string): string {
  return key.slice(0, Math.min(12, Math.floor(key.length / 3)));
}
