import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a signed upload or download URL lets its holder do, and until when. */
export interface FileGrant {
  op: 'upload' | 'download';
  projectId: string;
  sessionId: string;
  path: string;
  /** Upload size cap in bytes (uploads only). */
  maxBytes?: number;
  mimetype?: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

const GrantSchema = z.strictObject({
  op: z.enum(['upload', 'download']),
  projectId: z.string(),
  sessionId: z.string(),
  path: z.string(),
  maxBytes: z.number().int().positive().optional(),
  mimetype: z.string().optional(),
  exp: z.number().int(),
});

/**
 * Short-lived, signed file URLs for the session mount API. The grant travels in the URL itself,
 * signed with a key derived from the server's master key, so any instance sharing that key (and
 * the database) can honour it; nothing is stored per URL.
 */
export class FileUrlTokens {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = createHmac('sha256', masterKey).update('toolrouter:session-file-urls:v1').digest();
  }

  sign(grant: FileGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  /** The grant, or undefined when the token is forged, malformed or expired. */
  verify(token: string, nowSeconds: number): FileGrant | undefined {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.#mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: ReturnType<typeof GrantSchema.safeParse>;
    try {
      parsed = GrantSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return undefined;
    }
    if (!parsed.success || parsed.data.exp <= nowSeconds) return undefined;
    const { maxBytes, mimetype, ...rest } = parsed.data;
    return { ...rest, ...(maxBytes !== undefined ? { maxBytes } : {}), ...(mimetype !== undefined ? { mimetype } : {}) };
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}
