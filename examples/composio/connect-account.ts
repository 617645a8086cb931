/**
 * Connecting an end user's account: the session hands out a Connect Link, the user completes it in
 * a browser, the application waits until the account is ACTIVE.
 *   TOOLROUTER_API_KEY=trk_… TOOLKIT=github npx tsx examples/composio/connect-account.ts
 * The toolkit needs an auth config in your project (POST /api/v3.1/auth_configs, or the operator's
 * managed OAuth app); open the printed link in a browser to finish.
 */
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export interface ConnectOptions {
  toolkit?: string;
  userId?: string;
  callbackUrl?: string;
  /** Where the user goes through the link; by default it is printed for a person to open. */
  visit?: (redirectUrl: string) => Promise<void>;
}

export async function main(env: ExampleEnv, options: ConnectOptions = {}) {
  const toolkit = options.toolkit ?? process.env.TOOLKIT ?? 'github';
  const userId = options.userId ?? 'grace';
  const composio = composioFor(env);
  const session = await composio.create(userId, { toolkits: [toolkit] });

  const request = await session.authorize(toolkit, { callbackUrl: options.callbackUrl ?? 'https://example.com/connected' });
  env.log(`Open this link to connect ${toolkit}: ${request.redirectUrl}`);
  const visiting = options.visit ? options.visit(request.redirectUrl!) : Promise.resolve();

  // Polls the connected account until it is ACTIVE (or fails, or two minutes pass).
  const [account] = await Promise.all([request.waitForConnection(120_000), visiting]);
  env.log(`connected: ${account.id} is ${account.status}`);

  const connected = await session.toolkits({ isConnected: true });
  env.log('connected toolkits:', connected.items.map((t) => t.slug).join(', '));
  return { accountId: account.id, status: account.status, connected: connected.items.map((t) => t.slug) };
}

runIfMain(import.meta.url, (env) => main(env));
