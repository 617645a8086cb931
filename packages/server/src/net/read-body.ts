import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
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
 * the limit. `onAbortError` turns a fired signal into the error to throw (timeout or caller abort).
 */
export async function readCappedBody(
  res: IncomingMessage,
  opts: { host: string; maxBytes: number; signal: AbortSignal; onAbortError: () => Error },
): Promise<Buffer> {
  if (opts.signal.aborted) {
    res.destroy();
    throw opts.onAbortError();
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.destroy();
    throw tooLarge(opts.host, opts.maxBytes);
  }
  const decoder = decoderFor(res.headers['content-encoding']);
  // pipeline() forwards errors and destroys both ends when either fails or we stop reading.
  const source: Readable = decoder ? pipeline(res, decoder, () => {}) : res;
  const onAbort = () => source.destroy(opts.onAbortError());
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > opts.maxBytes) throw tooLarge(opts.host, opts.maxBytes);
      chunks.push(buf);
    }
  } catch (error) {
    res.destroy();
    if (error instanceof NetworkError) throw error;
    if (opts.signal.aborted) throw opts.onAbortError();
    throw new NetworkError('connection', `Reading the response from ${opts.host} failed: ${describe(error)}`, {
      host: opts.host,
      cause: error,
    });
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
  // A socket closed mid-body can end the stream quietly; a truncated body must not pass as whole.
  if (opts.signal.aborted) throw opts.onAbortError();
  if (!res.complete) {
    throw new NetworkError('connection', `The response from ${opts.host} ended early.`, { host: opts.host });
  }
  return Buffer.concat(chunks);
}

/** Error code or message of a socket/zlib error; these never contain header values. */
export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
