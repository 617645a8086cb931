import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, completeOAuth, connectApiKey, startAcmeEnv } from './fixture.js';
import type { TestProvider } from './oauth-provider.js';

/**
 * After real connections (OAuth tokens from the provider, an API key, a client secret), the
 * database holds none of those secrets in clear: not in the SQLite file (and its WAL), not in a
 * pg_dump of the PostgreSQL schema.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each(['sqlite', 'postgres'] as const)('secrets at rest on %s', (store) => {
  let env: ConnectionsEnv;
  let provider: TestProvider;
  let close: () => Promise<void>;
  const secrets: string[] = [];

  beforeAll(async () => {
    ({ env, provider, close } = await startAcmeEnv({ store }));
    secrets.push(provider.clientSecret);

    const id = (await env.call('POST', BASE, { user_id: 'scan', toolkits: ['acme', 'openweather'] })).json.session_id;
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    await completeOAuth(new Browser(), link.redirect_url, 'scan');
    const { row, view } = await env.services.sessions.load(env.projectA, id);
    const creds = await env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit('acme')!.toolkit });
    secrets.push((creds.auth as { token: string }).token);
    secrets.push(...provider.refreshTokens);
    const apiKey = 'scan-api-key-Zq8wX1vB7nM3';
    await connectApiKey(env, id, apiKey);
    secrets.push(apiKey);
  });
  afterAll(() => close?.());

  it('the dump contains no plaintext token, key or client secret', async () => {
    const dump = store === 'sqlite' ? sqliteBytes(env.location) : await pgDump(env.location);
    // Prove the dump is the real thing: it holds the accounts and their (sealed) credentials.
    expect(dump.includes(Buffer.from('connected_accounts'))).toBe(true);
    expect(dump.includes(Buffer.from('v1.'))).toBe(true);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      for (const form of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]) {
        expect(dump.includes(Buffer.from(form)), `found a secret (${secret.slice(0, 4)}…) in the ${store} dump`).toBe(false);
      }
    }
  });
});

function sqliteBytes(dir: string): Buffer {
  // The WAL holds recent writes that may not be in the main file yet.
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith('test.db'))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

async function pgDump(schema: string): Promise<Buffer> {
  const { stdout } = await promisify(execFile)('pg_dump', ['--dbname', TEST_DATABASE_URL, '--schema', schema, '--no-owner'], {
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'buffer',
  });
  return stdout;
}
