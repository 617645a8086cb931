import { AuthSchemeSchema, type Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { secretValues } from '../execution/backends/http-request.js';
import { appliedAuth, formFields, publicView, schemeFor } from './auth-schemes.js';

const toolkit = (schemes: Toolkit['auth_schemes']): Toolkit =>
  ({ slug: 't', name: 'T', description: '', logo: null, categories: [], auth_schemes: schemes, base_url: null, version: '1' }) as Toolkit;

describe('auth schemes', () => {
  it('turns stored credentials into the auth of a call, per scheme', () => {
    expect(appliedAuth({ mode: 'API_KEY', in: 'header', name: 'Authorization', prefix: 'Token ' }, { kind: 'fields', values: { api_key: 'abc' } })).toEqual({
      mode: 'API_KEY',
      in: 'header',
      name: 'Authorization',
      value: 'Token abc',
    });
    expect(appliedAuth({ mode: 'BASIC' }, { kind: 'fields', values: { username: 'u', password: 'p' } })).toEqual({
      mode: 'BASIC',
      username: 'u',
      password: 'p',
    });
    expect(appliedAuth({ mode: 'BEARER_TOKEN' }, { kind: 'fields', values: { token: 't0k' } })).toEqual({ mode: 'BEARER_TOKEN', token: 't0k' });
    expect(appliedAuth({ mode: 'NO_AUTH' }, { kind: 'fields', values: {} })).toEqual({ mode: 'NO_AUTH' });
  });

  it('sends an API key as the Basic user name with the fixed password when the scheme says so (Freshdesk), and scrubs the key', () => {
    const scheme = AuthSchemeSchema.parse({ mode: 'API_KEY', in: 'header', name: 'Authorization', basic: { password: 'X' } });
    const auth = appliedAuth(scheme, { kind: 'fields', values: { api_key: 'fd-key-123' } });
    expect(auth).toEqual({ mode: 'BASIC', username: 'fd-key-123', password: 'X', secret_username: true });
    expect(secretValues(auth)).toContain('fd-key-123');
    expect(secretValues(auth)).toContain(Buffer.from('fd-key-123:X').toString('base64'));
    // An empty password is allowed ("key:"); a plain user name is not scrubbed.
    const empty = AuthSchemeSchema.parse({ mode: 'API_KEY', in: 'header', name: 'authorization', basic: {} });
    expect(appliedAuth(empty, { kind: 'fields', values: { api_key: 'k' } })).toMatchObject({ username: 'k', password: '' });
    expect(secretValues(appliedAuth({ mode: 'BASIC' }, { kind: 'fields', values: { username: 'alice', password: 'pw-123456' } }))).not.toContain('alice');
  });

  it('refuses a Basic-user-name key anywhere but the Authorization header, or with a prefix', () => {
    for (const bad of [
      { in: 'query', name: 'key' },
      { in: 'header', name: 'X-Api-Key' },
      { in: 'header', name: 'Authorization', prefix: 'Basic ' },
    ]) {
      const parsed = AuthSchemeSchema.safeParse({ mode: 'API_KEY', ...bad, basic: { password: 'X' } });
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['basic']);
    }
  });

  it('asks for the toolkit fields, or sensible defaults', () => {
    expect(formFields({ mode: 'BASIC' }).map((f) => [f.name, f.secret])).toEqual([
      ['username', false],
      ['password', true],
    ]);
    expect(formFields({ mode: 'BEARER_TOKEN' }).map((f) => f.name)).toEqual(['token']);
  });

  it('shows non-secret fields and masks secret ones', () => {
    expect(publicView({ mode: 'BASIC' }, { kind: 'fields', values: { username: 'alice', password: 'correct-horse-battery' } })).toEqual({
      username: 'alice',
      password: '••••••••tery',
    });
  });

  it('lets a bearer token serve an OAuth2 toolkit (personal access tokens), nothing else it lacks', () => {
    const oauth = toolkit([
      { mode: 'OAUTH2', token_url: 'https://x/token', scopes: {}, default_scopes: [], grants: ['authorization_code'], pkce: true, scope_separator: ' ' },
    ]);
    expect(schemeFor(oauth, 'BEARER_TOKEN')).toEqual({ mode: 'BEARER_TOKEN' });
    expect(schemeFor(oauth, 'API_KEY')).toBeUndefined();
  });
});
