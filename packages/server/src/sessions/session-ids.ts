import { randomBytes } from 'node:crypto';

/** `trs_` + 12 URL-safe random characters (72 bits), the shape the reference client expects. */
export function newSessionId(): string {
  return `trs_${randomBytes(9).toString('base64url')}`;
}
