import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

/** A valid document with `count` operations, each with a path parameter (deterministic). */
function bigSpec(count: number) {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) {
    paths[`/things${i}/{id}`] = {
      get: {
        operationId: `getThing${i}`,
        summary: `Get thing ${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    };
  }
  return { openapi: '3.0.3', info: { title: 'Big', version: '1' }, servers: [{ url: 'https://big.example.com' }], paths };
}

const IMPORT = '/api/v3.1/toolkits/import';

let roomy: TestApi;
let tight: TestApi;
let hasty: TestApi;
let specServer: Server;
let bigSpecUrl: string;
beforeAll(async () => {
  roomy = await startTestApi();
  tight = await startTestApi({ egressAllow: ['127.0.0.1'], wiring: { importBudget: { maxSpecBytes: 20_000, maxOperations: 20, maxConcurrent: 1 } } });
  // No conversion can finish in a millisecond (starting the worker alone takes longer).
  hasty = await startTestApi({ wiring: { importBudget: { timeoutMs: 1 } } });
  specServer = createServer((_req, res) => res.end(JSON.stringify(bigSpec(200))));
  await new Promise<void>((resolve) => specServer.listen(0, '127.0.0.1', resolve));
  bigSpecUrl = `http://127.0.0.1:${(specServer.address() as AddressInfo).port}/openapi.json`;
});
afterAll(async () => {
  await Promise.all([roomy.close(), tight.close(), hasty.close()]);
  await new Promise((resolve) => specServer.close(resolve));
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('OpenAPI imports run off the event loop', () => {
  it('answers /health while a heavy import is converting, and the import then completes as before', async () => {
    let settled = false;
    const importing = roomy.call('POST', IMPORT, { slug: 'big', spec: bigSpec(1_500) }).finally(() => {
      settled = true;
    });
    // Wait until the conversion has started; on a blocked event loop this loop only resumes once
    // the import is over, and the assertion below fails.
    while (!(roomy.services.importer.conversionsRunning > 0) && !settled) await pause();
    const health = await roomy.call('GET', '/health', undefined, null);
    const answeredDuringImport = !settled;
    expect(health.status).toBe(200);
    expect(answeredDuringImport).toBe(true);

    const imported = await importing;
    expect(imported.status, JSON.stringify(imported.json).slice(0, 300)).toBe(201);
    expect(imported.json.tool_count).toBe(1_500);
    expect((await roomy.call('GET', '/api/v3.1/tools/BIG_GET_THING_1499')).status).toBe(200);
    expect(roomy.services.importer.conversionsRunning).toBe(0);
  });
});

describe('the import budget', () => {
  it('refuses a document over the size limit with 413, naming the limit and its setting', async () => {
    const wordy = { ...bigSpec(2), info: { title: 'Wordy', version: '1', description: 'x'.repeat(25_000) } };
    const res = await tight.call('POST', IMPORT, { slug: 'toobig', spec: wordy });
    expect(res.status).toBe(413);
    expect(res.json.error.slug).toBe('Catalog_ImportTooLarge');
    expect(res.json.error.message).toMatch(/limit of 20000 bytes \(TOOLROUTER_IMPORT_MAX_SPEC_BYTES\)/);
    expect(res.json.error.errors).toEqual(['spec: at most 20000 bytes']);
    expect((await tight.call('GET', '/api/v3.1/toolkits/toobig')).status).toBe(404);
  });

  it('stops downloading a spec_url past the size limit', async () => {
    const res = await tight.call('POST', IMPORT, { slug: 'remote', spec_url: bigSpecUrl });
    expect(res.status).toBe(413);
    expect(res.json.error.message).toMatch(/limit of 20000 bytes/);
  });

  it('refuses a document with more operations than the limit with 413, naming the limit', async () => {
    const res = await tight.call('POST', IMPORT, { slug: 'many', spec: bigSpec(21) });
    expect(res.status).toBe(413);
    expect(res.json.error.slug).toBe('Catalog_ImportTooLarge');
    expect(res.json.error.message).toMatch(/21 operations, over this server's limit of 20 \(TOOLROUTER_IMPORT_MAX_OPERATIONS\)/);
    const within = await tight.call('POST', IMPORT, { slug: 'few', spec: bigSpec(20) });
    expect(within.status).toBe(201);
    expect(within.json.tool_count).toBe(20);
  });

  it('runs at most the configured number of conversions at once; the others wait and then succeed', async () => {
    let pending = 3;
    let most = 0;
    const imports = ['one', 'two', 'three'].map((slug) =>
      tight.call('POST', IMPORT, { slug, spec: bigSpec(15) }).finally(() => {
        pending -= 1;
      }),
    );
    while (pending > 0) {
      most = Math.max(most, tight.services.importer.conversionsRunning);
      await pause();
    }
    expect((await Promise.all(imports)).map((r) => r.status)).toEqual([201, 201, 201]);
    expect(most).toBe(1);
  });

  it('terminates a conversion past the time limit and answers 422, naming the limit', async () => {
    const res = await hasty.call('POST', IMPORT, { slug: 'slow', spec: bigSpec(50) });
    expect(res.status).toBe(422);
    expect(res.json.error.slug).toBe('Catalog_ImportTooComplex');
    expect(res.json.error.message).toMatch(/limit of 1 ms \(TOOLROUTER_IMPORT_TIMEOUT_MS\) and was stopped/);
    expect(hasty.services.importer.conversionsRunning).toBe(0);
    expect((await hasty.call('GET', '/api/v3.1/toolkits/slow')).status).toBe(404);
    expect((await hasty.call('GET', '/health', undefined, null)).status).toBe(200);
  });
});
