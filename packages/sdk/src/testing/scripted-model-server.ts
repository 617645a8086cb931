import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicMessagesResponse, errorBody, openaiChatResponse, openaiResponsesResponse } from './formats.js';
import type { ModelApi, RecordedModelRequest, ScriptedReply, ScriptedTurn } from './script.js';

/**
 * A stand-in for a language model: a small local HTTP server that speaks the wire formats of
 * OpenAI Chat Completions, OpenAI Responses and Anthropic Messages, and answers each request with
 * the next scripted turn. It exists because no model can run where this project is tested; point
 * the official client at it to test an agent loop end to end without a model or a network.
 */
export interface ScriptedModelServer {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** For `new OpenAI({ baseURL })` and `createOpenAI({ baseURL })`. */
  openaiBaseURL: string;
  /** For `new Anthropic({ baseURL })`. */
  anthropicBaseURL: string;
  /** Every request received, in order. */
  requests: RecordedModelRequest[];
  /** Turns not used yet. */
  readonly remainingTurns: number;
  close(): Promise<void>;
}

const ROUTES: Record<string, ModelApi> = {
  '/v1/chat/completions': 'openai-chat',
  '/v1/responses': 'openai-responses',
  '/v1/messages': 'anthropic-messages',
};

export async function startScriptedModelServer(options: { turns: ScriptedTurn[]; host?: string }): Promise<ScriptedModelServer> {
  const turns = [...options.turns];
  const requests: RecordedModelRequest[] = [];
  let used = 0;

  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => send(res, 500, errorBody('openai', `scripted model server failed: ${String(error)}`)));
  });

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    const api = req.method === 'POST' ? ROUTES[path] : undefined;
    const family = api === 'anthropic-messages' ? 'anthropic' : 'openai';
    if (!api) return send(res, 404, errorBody(family, `The scripted model server has no route ${req.method} ${path}`));

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { model?: string; stream?: boolean };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return send(res, 400, errorBody(family, 'The request body is not JSON'));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const recorded: RecordedModelRequest = { api, path, headers, body };
    requests.push(recorded);
    if (body.stream) return send(res, 400, errorBody(family, 'The scripted model server answers without streaming; call the API with stream off.'));

    const turn = turns[used];
    if (!turn) return send(res, 500, errorBody(family, `The script has ${turns.length} turns and request ${used + 1} asked for another`));
    used++;
    const reply: ScriptedReply = typeof turn === 'function' ? turn(recorded) : turn;
    const model = body.model ?? 'scripted-model';
    const payload =
      api === 'openai-chat'
        ? openaiChatResponse(reply, model, used)
        : api === 'openai-responses'
          ? openaiResponsesResponse(reply, model, used)
          : anthropicMessagesResponse(reply, model, used);
    return send(res, 200, payload);
  }

  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    requests,
    get remainingTurns() {
      return turns.length - used;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_scripted_${Date.now()}` });
  res.end(JSON.stringify(body));
}
