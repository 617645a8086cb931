import { createHash, randomBytes } from 'node:crypto';

/**
 * Random identifiers and bearer tokens, and the digest the database keeps of a token. One place,
 * so every id has the same alphabet (URL-safe base64) and every token the same storage rule.
 */

/** `<prefix>_` + URL-safe random characters: 9 bytes (72 bits, 12 characters) unless more are asked for. */
export function newId(prefix: string, bytes = 9): string {
  return `${prefix}_${pooledRandom(bytes).toString('base64url')}`;
}

/**
 * Random bytes for ids, cut from a pool filled 4 KB at a time (as Node's own randomUUID does): a
 * `randomBytes` call per id cost about 3 % of an execute call's CPU (every call gets a log id).
 * The same CSPRNG bytes, each handed out once. Tokens (`randomToken`) keep a call of their own.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandom(bytes: number): Buffer {
  if (bytes > 64) return randomBytes(bytes);
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.subarray(poolOffset - bytes, poolOffset);
}

/**
 * A bearer secret, `<prefix>` + URL-safe random characters (API keys, MCP URL tokens, link tokens,
 * OAuth states, webhook secrets). Whoever holds it is let in, so it is shown once and stored only
 * as its `digest`.
 */
export function randomToken(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/**
 * SHA-256 hex of a token, the only form in which the database holds one. A fast hash is the right
 * tool: tokens carry 192 bits or more, so there is nothing for a slow hash to protect, and every
 * request pays for the lookup.
 */
export function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
