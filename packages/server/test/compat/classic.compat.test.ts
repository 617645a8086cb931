import { describe, expect, it, vi } from 'vitest';
import { useInventoryServer } from './inventory-upstream.js';

/**
 * The classic tools API as the official client calls it outside sessions: `composio.tools.execute`
 * (GET /tools/{slug}, then POST /tools/execute/{slug}) on an app tool and on a meta-tool, the
 * refusal of `text`, credentials sent with a call (`customAuthParams`, `customConnectionData`), and
 * `tools.proxyExecute`. Every response must pass the client's own schemas without a warning.
 */
const env = useInventoryServer();

/** Runs `fn` and fails if the client complained about the shape of a response on the way. */
async function withoutShapeWarnings<T>(fn: () => Promise<T>): Promise<T> {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.join(' '));
  const spies = [vi.spyOn(console, 'warn').mockImplementation(record), vi.spyOn(console, 'error').mockImplementation(record)];
  try {
    const result = await fn();
    expect(
      lines.filter((l) => /validation failed|invalid/i.test(l)),
      'the client rejected part of a response',
    ).toEqual([]);
    return result;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('@composio/core: the classic tools API', () => {
  it('composio.tools.execute runs an app tool for a user', async () => {
    const before = env.upstream.calls.length;
    const result = await withoutShapeWarnings(() =>
      env.server.composio().tools.execute('INVENTORY_GET_ITEM', { userId: 'classic-user', arguments: { id: '42' }, dangerouslySkipVersionCheck: true }),
    );
    expect(result).toMatchObject({ successful: true, error: null, data: { id: '42', name: 'bulb' } });
    expect(result.logId).toMatch(/^log_/);
    expect(env.upstream.calls.slice(before)).toEqual([{ method: 'GET', path: '/items/42', body: null }]);
  });

  it("composio.tools.execute runs a meta-tool in the user's session", async () => {
    const composio = env.server.composio();
    await composio.create('classic-user', { toolkits: ['inventory'] });
    const result = await withoutShapeWarnings(() =>
      composio.tools.execute('COMPOSIO_SEARCH_TOOLS', {
        userId: 'classic-user',
        arguments: { queries: [{ use_case: 'add a new item to the inventory' }] },
        dangerouslySkipVersionCheck: true,
      }),
    );
    expect(result.successful).toBe(true);
    expect((result.data as any).results[0].primary_tool_slugs).toContain('INVENTORY_CREATE_ITEM');
  });

  it('composio.tools.execute with `text` is refused with a 400', async () => {
    const attempt = env.server
      .composio()
      .tools.execute('INVENTORY_GET_ITEM', { userId: 'classic-user', text: 'get item 42', dangerouslySkipVersionCheck: true } as never);
    const error = (await attempt.catch((e: unknown) => e)) as { name: string; cause?: { status?: number; message?: string } };
    expect(error.name).toBe('ComposioToolExecutionError');
    expect(error.cause?.status).toBe(400);
    expect(error.cause?.message).toContain('Execution_TextArgumentsUnavailable');
  });

  it('composio.tools.execute with customAuthParams sends those credentials for that one call, kept out of the log', async () => {
    const result = await withoutShapeWarnings(() =>
      env.server.composio().tools.execute('INVENTORY_GET_ITEM', {
        userId: 'classic-user',
        arguments: { id: '42' },
        dangerouslySkipVersionCheck: true,
        customAuthParams: {
          baseURL: env.upstream.url,
          parameters: [
            { in: 'header', name: 'x-inventory-key', value: 'sdk-supplied-key' },
            { in: 'query', name: 'sig', value: 4242 },
          ],
        },
      }),
    );
    expect(result).toMatchObject({ successful: true, error: null, data: { id: '42' } });
    expect(env.upstream.requests.at(-1)).toMatchObject({ path: '/items/42', query: { sig: '4242' }, headers: { 'x-inventory-key': 'sdk-supplied-key' } });
    const log = await fetch(`${env.server.url}/api/v3.1/execution_logs/${result.logId}`, { headers: { 'x-api-key': env.server.key } });
    expect(log.status).toBe(200);
    expect(await log.text()).not.toContain('sdk-supplied-key');
  });

  it('composio.tools.execute with customConnectionData, and a bad one refused with a 400 naming the field', async () => {
    const result = await withoutShapeWarnings(() =>
      env.server.composio().tools.execute('INVENTORY_GET_ITEM', {
        userId: 'classic-user',
        arguments: { id: '42' },
        dangerouslySkipVersionCheck: true,
        customConnectionData: { authScheme: 'BEARER_TOKEN', toolkitSlug: 'inventory', val: { token: 'sdk-connection-token' } },
      }),
    );
    expect(result.successful).toBe(true);
    expect(env.upstream.requests.at(-1)?.headers['authorization']).toBe('Bearer sdk-connection-token');

    const attempt = env.server.composio().tools.execute('INVENTORY_GET_ITEM', {
      userId: 'classic-user',
      arguments: { id: '42' },
      dangerouslySkipVersionCheck: true,
      customConnectionData: { authScheme: 'BEARER_TOKEN', toolkitSlug: 'github', val: { token: 'sdk-connection-token' } },
    });
    const error = (await attempt.catch((e: unknown) => e)) as { cause?: { status?: number; message?: string } };
    expect(error.cause?.status).toBe(400);
    expect(error.cause?.message).toContain('custom_connection_data.toolkitSlug');
  });

  it('composio.tools.proxyExecute with customConnectionData needs no account', async () => {
    const result = await withoutShapeWarnings(() =>
      env.server.composio().tools.proxyExecute({
        endpoint: '/stats',
        method: 'GET',
        parameters: [{ in: 'query', name: 'view', value: 'short' }],
        customConnectionData: { authScheme: 'OAUTH2', toolkitSlug: 'inventory', val: { access_token: 'sdk-proxy-token' } },
      }),
    );
    expect(result).toMatchObject({ status: 200, data: { query: { view: 'short' } } });
    expect(env.upstream.requests.at(-1)?.headers['authorization']).toBe('Bearer sdk-proxy-token');
  });

  it('composio.tools.proxyExecute without an account answers what it needs', async () => {
    const attempt = env.server.composio().tools.proxyExecute({ endpoint: '/stats', method: 'GET' });
    await expect(attempt).rejects.toThrow(/connected_account_id/);
  });
});
