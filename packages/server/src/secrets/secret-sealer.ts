import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What execution needs to keep secrets at rest (upstream MCP env/headers, webhook signing
 * secrets). The connections vault's `Sealer` has the same two methods and the same format, so
 * either implementation opens what the other sealed.
 */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  /** Throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: string): string;
}

/**
 * AES-256-GCM with a fresh 96-bit IV per value; `context` is authenticated data binding the value
 * to its row. Format: `v1.<key id>.<base64url(iv | tag | ciphertext)>`.
 */
export function createAesSealer(masterKey: Buffer): SecretSealer {
  if (masterKey.length !== 32) throw new Error('the encryption key must be exactly 32 bytes');
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'toolrouter/seal/v1', 32));
  const keyId = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, id, payload] = sealed.split('.');
      if (version !== 'v1' || !payload) throw new Error('not a sealed value');
      if (id !== keyId) throw new Error('sealed under a different encryption key');
      const raw = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
