import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * Classic execute with `text` when the operator configured a model (TOOLROUTER_TEXT_MODEL_*): the
 * router asks the model (a real loopback server speaking the OpenAI chat API) for one call of the
 * tool, then validates and runs the arguments like any caller's.
 */
async function startFakeModel() {
  const requests: any[] = [];
  let reply: (body: any) => unknown = () => ({ choices: [{ message: { role: 'assistant', content: 'no idea' } }] });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      requests.push({ path: req.url, headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    answer(fn: (body: any) => unknown) {
      reply = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const callOf = (name: string, args: unknown) => ({
  choices: [
    { message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: JSON.stringify(args) } }] } },
  ],
});

describe('classic execute with text and a configured model', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let model: Awaited<ReturnType<typeof startFakeModel>>;
  let api: TestApi;
  beforeAll(async () => {
    echo = await startEchoServer();
    model = await startFakeModel();
    api = await startTestApi({
      egressAllow: ['127.0.0.1'],
      wiring: {
        credentials: new FixedCredentials({ mode: 'BEARER_TOKEN', token: 't' }),
        textModel: { url: model.url, model: 'small-model', apiKey: 'model-key' },
      },
    });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await model?.close();
    await echo?.close();
  });

  const execute = (body: Record<string, unknown>) => api.call('POST', '/api/v3.1/tools/execute/ECHO_READ_THING', { user_id: 'alice', ...body });

  it('asks the model for one call of the tool and runs the arguments it gives', async () => {
    model.answer(() => callOf('ECHO_READ_THING', { thingId: 12 }));
    const res = await execute({ text: 'read thing twelve' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ successful: true, data: { path: '/things/12' } });
    const sent = model.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer model-key');
    expect(sent.body).toMatchObject({ model: 'small-model', tool_choice: { type: 'function', function: { name: 'ECHO_READ_THING' } } });
    expect(sent.body.tools[0].function.parameters).toMatchObject({ type: 'object', properties: { thingId: { type: 'integer' } } });
    expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: 'read thing twelve' });
  });

  it('validates what the model produced like any arguments', async () => {
    model.answer(() => callOf('ECHO_READ_THING', { thingId: 'twelve' }));
    const res = await execute({ text: 'read thing twelve' });
    expect(res.json.successful).toBe(false);
    expect(res.json.error).toContain('Invalid arguments');
  });

  it('answers 502 when the model gives no call, and 400 for text together with arguments', async () => {
    model.answer(() => ({ choices: [{ message: { role: 'assistant', content: 'I cannot' } }] }));
    const none = await execute({ text: 'read a thing' });
    expect(none.status).toBe(502);
    expect(none.json.error.slug).toBe('Execution_TextArgumentsFailed');
    expect((await execute({ text: 'x', arguments: { thingId: 1 } })).status).toBe(400);
  });
});
