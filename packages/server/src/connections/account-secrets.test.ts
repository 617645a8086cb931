import { describe, expect, it } from 'vitest';
import { storedSecrets } from './account-secrets.js';

describe('storedSecrets', () => {
  it('takes both OAuth tokens', () => {
    expect(storedSecrets({ kind: 'oauth2', access_token: 'access-1', refresh_token: 'refresh-1' }, undefined)).toEqual(['access-1', 'refresh-1']);
  });

  it('takes secret fields and fields of unknown kind, but leaves fields marked not secret readable', () => {
    expect(storedSecrets({ kind: 'fields', values: { username: 'alice', password: 'pw-123456' } }, { mode: 'BASIC' })).toEqual(['pw-123456']);
    const scheme = {
      mode: 'API_KEY' as const,
      in: 'header' as const,
      name: 'X-Key',
      prefix: '',
      fields: [
        { name: 'api_key', display_name: 'Key', secret: true, required: true },
        { name: 'region', display_name: 'Region', secret: false, required: true },
      ],
    };
    expect(storedSecrets({ kind: 'fields', values: { api_key: 'k-123456', region: 'eu-west', extra: 'x-999999' } }, scheme)).toEqual(['k-123456', 'x-999999']);
    // Without the scheme nothing is known to be harmless.
    expect(storedSecrets({ kind: 'fields', values: { username: 'alice', password: 'pw-123456' } }, undefined)).toEqual(['alice', 'pw-123456']);
  });
});
