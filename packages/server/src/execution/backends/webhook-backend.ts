import type { GuardedFetch } from '../../net/index.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, type WebhookSecrets } from '../webhooks/webhook-secret.js';
import type { BackendCall, BackendOutcome, ToolBackend } from './backend.js';
import { sendGuarded } from './http-backend.js';

/**
 * A project's own tools: POST `{tool_slug, arguments, user_id, session_id}` to the tool's webhook,
 * signed with the project's secret, through the guarded client bound to the webhook's host.
 */
export class WebhookBackend implements ToolBackend {
  constructor(
    private readonly http: GuardedFetch,
    private readonly secrets: WebhookSecrets,
    private readonly now: () => Date,
  ) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const binding = call.tool.binding;
    if (binding.kind !== 'webhook') throw new Error(`WebhookBackend cannot run a ${binding.kind} tool`);
    const { secret } = await this.secrets.ensure(call.projectId);
    const body = JSON.stringify({ tool_slug: call.tool.slug, arguments: call.arguments, user_id: call.session.user_id, session_id: call.session.id });
    const timestamp = Math.floor(this.now().getTime() / 1000);
    return sendGuarded(
      this.http,
      {
        url: binding.url,
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
      },
      { allowedHosts: [binding.url], allow: call.egressAllow, timeoutMs: call.timeoutMs },
    );
  }
}
