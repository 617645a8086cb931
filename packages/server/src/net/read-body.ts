import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { CallAbort } from './call-abort.js';
import { NetworkError } from './errors.js';

/** The encodings we advertise, and therefore must be able to decode. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Whether `readCappedBody` decodes a body sent with this Content-Encoding. */
export function isDecodedEncoding(encoding: string | undefined): boolean {
  return decoderFor(encoding) !== undefined;
}

export function tooLarge(host: string, maxBytes: number): NetworkError {
  return new NetworkError('too_large', `Response from ${host} exceeds the limit of ${maxBytes} bytes.`, { host });
}

/**
 * Buffer a response body, decoded, refusing more than `maxBytes`. The cap counts decoded bytes
 * because that is what lands in memory; a small gzip bomb is stopped as soon as it inflates past
 * the limit. `onAbortError` turns an abort (timeout or caller abort) into the error to throw.
 * Reads with 'data'/'end' listeners rather than an async iterator, which costs a stream watcher
 * and a promise per chunk on every call.
 */
export function readCappedBody(res: IncomingMessage, opts: { host: string; maxBytes: number; abort: CallAbort; onAbortError: () => Error }): Promise<Buffer> {
  if (opts.abort.aborted) {
    res.destroy();
    return Promise.reject(opts.onAbortError());
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge(opts.host, opts.maxBytes));
  }
  const decoder = decoderFor(res.headers['content-encoding']);
  // pipeline() forwards errors and destroys both ends when either fails or we stop reading.
  const source: Readable = decoder ? pipeline(res, decoder, () => {}) : res;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const forgetAbort = opts.abort.onAbort(() => source.destroy(opts.onAbortError()));
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      forgetAbort();
      res.destroy();
      if (error instanceof NetworkError) reject(error);
      else if (opts.abort.aborted) reject(opts.onAbortError());
      else reject(new NetworkError('connection', `Reading the response from ${opts.host} failed: ${describe(error)}`, { host: opts.host, cause: error }));
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > opts.maxBytes) return fail(tooLarge(opts.host, opts.maxBytes));
      chunks.push(chunk);
    });
    source.once('error', fail);
    // Destroyed without an error (the socket went away, or a pipeline end closed): not a whole body.
    // ('close' also follows every 'end': build the error only when it means something.)
    source.once('close', () => {
      if (!settled) fail(Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
    source.once('end', () => {
      if (settled) return;
      settled = true;
      forgetAbort();
      // A socket closed mid-body can end the stream quietly; a truncated body must not pass as whole.
      if (opts.abort.aborted) reject(opts.onAbortError());
      else if (!res.complete) reject(new NetworkError('connection', `The response from ${opts.host} ended early.`, { host: opts.host }));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

/** Error code or message of a socket/zlib error; these never contain header values. */
export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
