import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as connectAccount from '../../../../examples/composio/connect-account.js';
import { Browser } from '../connections/browser.js';
import { type ConnectionsEnv, completeOAuth, startAcmeEnv } from '../connections/fixture.js';

/** The connection example, with a real authorization server and a scripted browser as the user. */
let env: ConnectionsEnv;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ env, close } = await startAcmeEnv());
});
afterAll(() => close?.());

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
