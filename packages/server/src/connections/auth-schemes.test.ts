import type { Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
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
