import { connect } from 'node:net';

/**
 * One request as it goes on the wire. Requests are written byte for byte on a plain TCP socket,
 * because the hostile ones (invalid header names, CR/LF in values, chunked bodies that never end)
 * are exactly what HTTP client libraries refuse to send.
 */
export interface WireRequest {
  method: string;
  /** The request target as sent, already percent-encoded where wanted. */
  path: string;
  /** Sent in order, as given (names and values may be invalid on purpose). */
  headers: Array<[string, string]>;
  body?: string | Buffer;
  /**
   * How the body is framed: `length` adds Content-Length (unless a header sets it), `chunked` sends
   * it in chunks with Transfer-Encoding, `chunked-open` does the same but never sends the last
   * chunk, so only a server that stops reading at its limit can answer.
   */
  framing?: 'length' | 'chunked' | 'chunked-open';
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type WireOutcome = { ok: true; response: WireResponse; ms: number } | { ok: false; problem: string; ms: number };

const CHUNK = 64 * 1024;

/** Sends `req` to 127.0.0.1:`port` and reads one response, giving up after `boundMs`. */
export function send(port: number, req: WireRequest, boundMs: number): Promise<WireOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let settled = false;
    const finish = (outcome: WireOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, problem: `no complete answer within ${boundMs} ms`, ms: elapsed() }), boundMs);
    const tryParse = (ended: boolean) => {
      const parsed = parseResponse(Buffer.concat(received), ended, req.method === 'HEAD');
      if (parsed) finish({ ok: true, response: parsed, ms: elapsed() });
      else if (ended)
        finish({ ok: false, problem: received.length === 0 ? 'connection closed without an answer' : 'connection closed mid-answer', ms: elapsed() });
    };
    socket.on('data', (d: Buffer) => {
      received.push(d);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    // The server may answer (413, 400) and close before the whole body is written: not a failure.
    socket.on('error', () => undefined);
    socket.on('connect', () => void write(socket, req, port).catch(() => undefined));
  });
}

async function write(socket: ReturnType<typeof connect>, req: WireRequest, port: number): Promise<void> {
  const framing = req.framing ?? 'length';
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const has = (name: string) => req.headers.some(([k]) => k.toLowerCase() === name);
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  if (!has('host')) lines.push(`Host: 127.0.0.1:${port}`);
  lines.push('Connection: close');
  for (const [name, value] of req.headers) lines.push(`${name}: ${value}`);
  if (framing === 'length' && body !== undefined && !has('content-length')) lines.push(`Content-Length: ${body.length}`);
  if (framing !== 'length' && !has('transfer-encoding')) lines.push('Transfer-Encoding: chunked');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  if (framing === 'length') {
    await put(socket, body ? Buffer.concat([head, body]) : head);
    return;
  }
  await put(socket, head);
  const data = body ?? Buffer.alloc(0);
  for (let at = 0; at < data.length && !socket.destroyed; at += CHUNK) {
    const piece = data.subarray(at, at + CHUNK);
    await put(socket, Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
  }
  if (framing === 'chunked') await put(socket, Buffer.from('0\r\n\r\n'));
}

function put(socket: ReturnType<typeof connect>, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(new Error('socket closed'));
    socket.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * One HTTP/1.1 response from the bytes so far, or undefined while incomplete. Interim 1xx
 * answers are skipped; an event stream counts as answered once its head has arrived, and so
 * does the answer to a HEAD request, which has no body whatever its Content-Length says.
 */
export function parseResponse(data: Buffer, ended: boolean, headOnly = false): WireResponse | undefined {
  let rest = data;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine = '', ...headerLines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
    const status = Number(statusLine.match(/^HTTP\/1\.[01] (\d{3})/)?.[1]);
    if (!Number.isInteger(status)) return { status: NaN, headers: {}, body: rest.toString('latin1') };
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const payload = rest.subarray(headEnd + 4);
    if (status >= 100 && status < 200) {
      rest = payload;
      continue;
    }
    if (headOnly) return { status, headers, body: '' };
    if (headers['content-type']?.startsWith('text/event-stream')) return { status, headers, body: payload.toString('utf8') };
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const body = dechunk(payload);
      return body === undefined ? (ended ? { status, headers, body: payload.toString('utf8') } : undefined) : { status, headers, body: body.toString('utf8') };
    }
    const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
    if (length !== undefined && payload.length >= length) return { status, headers, body: payload.subarray(0, length).toString('utf8') };
    return ended ? { status, headers, body: payload.toString('utf8') } : undefined;
  }
}

/** The body of a chunked payload, or undefined until its last chunk has arrived. */
function dechunk(payload: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = payload.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(payload.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    if (payload.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(payload.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The request as a failure message shows it: method, path, headers and the body cut to `max` characters. */
export function describeRequest(req: WireRequest, max = 600): string {
  const quote = (text: string) =>
    JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\u202e\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body;
  const shown = body.length > max ? `${body.slice(0, max)}… (${body.length} characters in all)` : body;
  const headers = req.headers.map(([k, v]) => `  ${quote(k)}: ${quote(v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v)}`).join('\n');
  const path = req.path.length > 300 ? `${req.path.slice(0, 300)}…(${req.path.length} characters)` : req.path;
  return `${req.method} ${path}${req.framing && req.framing !== 'length' ? ` [${req.framing}]` : ''}\n${headers}${body ? `\n  body: ${quote(shown)}` : ''}`;
}
