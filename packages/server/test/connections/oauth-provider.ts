import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OAuth 2 / OpenID Connect authorization server (oidc-provider) on loopback, as the
 * provider of the connection tests. It requires PKCE S256, issues refresh tokens and rotates them
 * on every use, and counts every request that reaches its token endpoint by grant type.
 */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Token endpoint requests that reached the server, by grant_type. */
  tokenRequests: Record<string, number>;
  /** Refresh tokens as the provider saved them (jti = the token value for opaque tokens). */
  refreshTokens: string[];
  provider: Provider;
  /** Revokes every refresh token issued so far (the user removed the app's access). */
  revokeAll(): Promise<void>;
  /** Whether an access token is accepted by the provider's userinfo endpoint. */
  accepts(accessToken: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startProvider(opts: { redirectUris: string[]; accessTokenTtl?: number }): Promise<TestProvider> {
  const clientId = 'toolrouter-test';
  const clientSecret = 'test-secret-that-is-long-enough-for-hs256-0123456789';
  const refreshTokens: string[] = [];
  const tokenRequests: Record<string, number> = {};
  // Port first, so the issuer (which appears in the provider's own URLs) is exact.
  const placeholder = await import('node:http').then((http) => http.createServer());
  const port = await new Promise<number>((resolve) => placeholder.listen(0, '127.0.0.1', () => resolve((placeholder.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => placeholder.close(() => resolve()));
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid profile offline_access api:read',
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'profile', 'offline_access', 'api:read'],
    features: { devInteractions: { enabled: true }, clientCredentials: { enabled: true }, revocation: { enabled: true } },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 3600,
      ClientCredentials: opts.accessTokenTtl ?? 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 86_400,
      RefreshToken: 86_400,
      IdToken: 3600,
    },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, name: `User ${id}` }) }),
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.method === 'POST') {
      const grant = String((ctx as any).oidc?.params?.grant_type ?? 'unknown');
      tokenRequests[grant] = (tokenRequests[grant] ?? 0) + 1;
    }
  });
  provider.on('refresh_token.saved', (token: { jti: string }) => refreshTokens.push(token.jti));
  // Silence the provider's own error logging of refused grants; the tests assert on them.
  provider.on('grant.error', () => undefined);
  provider.on('server_error', () => undefined);

  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    clientId,
    clientSecret,
    tokenRequests,
    refreshTokens,
    provider,
    async revokeAll() {
      for (const jti of refreshTokens) {
        const token = await provider.RefreshToken.find(jti);
        await token?.destroy();
      }
    },
    async accepts(accessToken) {
      const res = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      return res.status === 200;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
