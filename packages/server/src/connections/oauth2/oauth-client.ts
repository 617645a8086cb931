import type { GuardedFetch, GuardedResponse } from '../../net/index.js';

/** Everything needed to talk to one OAuth 2 authorization server as one client. */
export interface OAuthApp {
  client_id: string;
  client_secret: string | undefined;
  authorization_url: string | undefined;
  token_url: string;
  scopes: string[];
  scope_separator: string;
  pkce: boolean;
  auth_method: 'client_secret_basic' | 'client_secret_post';
}

export interface TokenSet {
  access_token: string;
  refresh_token: string | undefined;
  token_type: string;
  /** Absolute expiry, ISO-8601; undefined when the server gave no lifetime. */
  expires_at: string | undefined;
  scope: string | undefined;
}

/**
 * An error from the token endpoint. `permanent` means asking again will not help: the grant was
 * revoked or expired (`invalid_grant`) or the client is rejected; the account needs the user.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    message: string,
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export function authorizeUrl(app: OAuthApp, p: { redirectUri: string; state: string; challenge: string | undefined }): string {
  if (!app.authorization_url) throw new Error('the toolkit has no authorization URL');
  const url = new URL(app.authorization_url);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.client_id);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('state', p.state);
  if (app.scopes.length > 0) url.searchParams.set('scope', app.scopes.join(app.scope_separator));
  if (p.challenge) {
    url.searchParams.set('code_challenge', p.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** Token endpoint calls (RFC 6749 §4.1.3, §4.4, §6), always through the guarded client. */
export class OAuthClient {
  constructor(
    private readonly http: GuardedFetch,
    private readonly now: () => Date,
  ) {}

  exchangeCode(app: OAuthApp, p: { code: string; redirectUri: string; verifier: string | undefined }): Promise<TokenSet> {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri });
    if (p.verifier) form.set('code_verifier', p.verifier);
    return this.#token(app, form, undefined);
  }

  refresh(app: OAuthApp, refreshToken: string): Promise<TokenSet> {
    return this.#token(app, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }), refreshToken);
  }

  clientCredentials(app: OAuthApp): Promise<TokenSet> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (app.scopes.length > 0) form.set('scope', app.scopes.join(app.scope_separator));
    return this.#token(app, form, undefined);
  }

  /**
   * A JSON object the provider serves to a token holder (tenant discovery: Mailchimp's account
   * metadata). `headers` carry the token; a failure's message never repeats them.
   */
  async getJson(url: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await this.http(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      timeoutMs: 15_000,
      maxResponseBytes: 64 * 1024,
    });
    if (!response.ok) throw new Error(`it answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = response.json<unknown>();
    } catch {
      throw new Error('its answer is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('its answer is not a JSON object');
    return body as Record<string, unknown>;
  }

  async #token(app: OAuthApp, form: URLSearchParams, previousRefresh: string | undefined): Promise<TokenSet> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    if (app.auth_method === 'client_secret_basic' && app.client_secret !== undefined) {
      // RFC 6749 §2.3.1: both parts form-encoded before base64.
      const user = encodeURIComponent(app.client_id);
      const pass = encodeURIComponent(app.client_secret);
      headers['authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    } else {
      form.set('client_id', app.client_id);
      if (app.client_secret !== undefined) form.set('client_secret', app.client_secret);
    }
    let response: GuardedResponse;
    try {
      response = await this.http(app.token_url, { method: 'POST', headers, body: form, timeoutMs: 15_000, maxResponseBytes: 256 * 1024 });
    } catch (error) {
      throw new OAuthError(`The token endpoint could not be reached: ${(error as Error).message}`, 'unreachable', false);
    }
    let body: Record<string, unknown> = {};
    try {
      body = response.json<Record<string, unknown>>();
    } catch {
      // Some servers answer form-encoded (GitHub without an Accept header); ours sends one, so
      // anything unparsable is reported below by status.
      body = Object.fromEntries(new URLSearchParams(response.text()));
    }
    const code = typeof body['error'] === 'string' ? body['error'] : undefined;
    if (!response.ok || code) {
      const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
      const permanent = response.status < 500 && response.status !== 429;
      throw new OAuthError(`The token endpoint refused (${code ?? `HTTP ${response.status}`})${description}`, code ?? `http_${response.status}`, permanent);
    }
    const accessToken = body['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '')
      throw new OAuthError('The token endpoint answered without an access_token', 'invalid_response', false);
    const expiresIn = Number(body['expires_in']);
    return {
      access_token: accessToken,
      // A server that does not rotate omits refresh_token: keep the one we have.
      refresh_token: typeof body['refresh_token'] === 'string' ? body['refresh_token'] : previousRefresh,
      token_type: typeof body['token_type'] === 'string' ? body['token_type'] : 'Bearer',
      expires_at: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(this.now().getTime() + expiresIn * 1000).toISOString() : undefined,
      scope: typeof body['scope'] === 'string' ? body['scope'] : undefined,
    };
  }
}
