import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionsEnv, connectApiKey, startEnv } from './fixture.js';

/**
 * A connected account waiting for its user (INITIATED) shows where to connect it, as the official
 * clients read it: `state.val.redirectUrl`. The URL is kept sealed and is gone once connected.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each(['sqlite', 'postgres'] as const)('pending link URL on %s', (store) => {
  let env: ConnectionsEnv;
  beforeAll(async () => {
    env = await startEnv({ store, managedAuth: { github: { client_id: 'gh-client', client_secret: 'gh-secret' } } });
  });
  afterAll(async () => env?.close());

  const session = async (toolkits: string[]) => (await env.call('POST', BASE, { user_id: 'pending-user', toolkits })).json.session_id as string;

  it('an OAuth2 account in INITIATED state carries state.val.redirectUrl, and nothing sealed shows', async () => {
    const id = await session(['github']);
    const link = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'github' });
    expect(link.status).toBe(201);
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.json.connected_account_id}`)).json;
    expect(account).toMatchObject({ status: 'INITIATED', auth_config: { auth_scheme: 'OAUTH2' } });
    expect(account.state).toEqual({ authScheme: 'OAUTH2', val: { status: 'INITIATED', redirectUrl: link.json.redirect_url } });
    expect(account.data).toEqual({});
    const listed = (await env.call('GET', `/api/v3.1/connected_accounts?user_ids=pending-user`)).json.items;
    expect(listed.find((a: any) => a.id === account.id).state.val.redirectUrl).toBe(link.json.redirect_url);
  });

  it('the URL goes once the account is connected', async () => {
    const id = await session(['openweather']);
    const accountId = await connectApiKey(env, id, 'owm-secret-key-0123456789');
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${accountId}`)).json;
    expect(account.status).toBe('ACTIVE');
    expect(account.state.val.redirectUrl).toBeUndefined();
    expect(JSON.stringify(account)).not.toContain('sealed_link_url');
  });
});
