import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM sealing of secrets at rest. Every value gets a fresh 96-bit IV; the GCM tag is
 * stored with it. The "associated data" binds a sealed value to the row it belongs to (project
 * and account id), so a ciphertext copied into another user's row fails to open instead of
 * lending that user someone else's credentials.
 *
 * Format: `v1.<key id>.<base64url(iv | tag | ciphertext)>`; the key id lets a later key rotation
 * tell which key sealed a value.
 */
export class Sealer {
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the encryption key must be exactly 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'toolrouter/seal/v1', 32));
    this.#macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'toolrouter/mac/v1', 32));
    this.keyId = createHash('sha256').update(this.#key).digest('base64url').slice(0, 8);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${this.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: string): string {
    const [version, keyId, payload] = sealed.split('.');
    if (version !== 'v1' || !payload) throw new Error('not a sealed value');
    if (keyId !== this.keyId) throw new Error('sealed under a different encryption key');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown, context: string): string {
    return this.seal(JSON.stringify(value), context);
  }

  openJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.open(sealed, context)) as T;
  }

  /** Keyed digest (for CSRF tokens and browser bindings); identical on every instance sharing the key. */
  mac(...parts: string[]): string {
    return createHmac('sha256', this.#macKey).update(parts.join('\u0000')).digest('base64url');
  }

  macMatches(expected: string, given: string): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** One-way digest for lookup tokens (link tokens, OAuth states): the database never holds the token. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
