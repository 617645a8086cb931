import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as connectAccount from '../../../../examples/composio/connect-account.js';
import { Browser } from '../connections/browser.js';
import { completeOAuth, setUpAcme, startEnv, type ConnectionsEnv } from '../connections/fixture.js';
import { startProvider, type TestProvider } from '../connections/oauth-provider.js';

/** The connection example, with a real authorization server and a scripted browser as the user. */
let env: ConnectionsEnv;
let provider: TestProvider;

beforeAll(async () => {
  env = await startEnv();
  provider = await startProvider({ redirectUris: [`${env.origin}/oauth/callback`] });
  await setUpAcme(env, provider);
});
afterAll(async () => {
  await env?.close();
  await provider?.close();
});

describe('examples/composio', () => {
  it('connect-account.ts', async () => {
    const result = await connectAccount.main(
      { baseURL: env.origin, apiKey: env.keyA, log: () => undefined },
      {
        toolkit: 'acme',
        userId: 'example-user',
        callbackUrl: 'https://app.example.com/connected',
        visit: async (url) => void (await completeOAuth(new Browser(), url, 'example-user')),
      },
    );
    expect(result).toEqual({ accountId: expect.stringMatching(/^ca_/), status: 'ACTIVE', connected: ['acme'] });
  });
});
