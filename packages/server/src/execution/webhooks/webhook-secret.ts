import { createHmac, randomBytes } from 'node:crypto';
import type { Sealer } from '../../connections/vault/sealer.js';
import type { Store } from '../../store/store.js';

export const SIGNATURE_HEADER = 'x-toolrouter-signature';
export const TIMESTAMP_HEADER = 'x-toolrouter-timestamp';

/**
 * The project's webhook signing secret: created on first use, sealed at rest, shown to the
 * project once (when created or rotated). Receivers verify
 * `x-toolrouter-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
 */
export class WebhookSecrets {
  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
  ) {}

  /** The secret in force; `created` is true when this call made it (so it can be shown once). */
  async ensure(projectId: string): Promise<{ secret: string; created: boolean }> {
    const existing = (await this.store.projectSettings.get(projectId)).webhook_secret;
    if (existing) return { secret: this.sealer.open(existing, context(projectId)), created: false };
    const fresh = newSecret();
    const sealed = this.sealer.seal(fresh, context(projectId));
    const inForce = await this.store.projectSettings.setWebhookSecret(projectId, sealed, false);
    return inForce === sealed ? { secret: fresh, created: true } : { secret: this.sealer.open(inForce, context(projectId)), created: false };
  }

  async rotate(projectId: string): Promise<string> {
    const fresh = newSecret();
    await this.store.projectSettings.setWebhookSecret(projectId, this.sealer.seal(fresh, context(projectId)), true);
    return fresh;
  }
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function context(projectId: string): string {
  return `webhook_secret:${projectId}`;
}
