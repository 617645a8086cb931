import net from 'node:net';

export interface ChunkedOutcome {
  /** Status line of the answer, or undefined when the server closed without one. */
  status: number | undefined;
  /** Body bytes the client had handed to the socket when the answer's head arrived. */
  sentWhenAnswered: number | undefined;
  /** Body bytes handed to the socket before the server closed it (or before the client gave up). */
  sentTotal: number;
  /** Whether the server closed the connection before the client finished its body. */
  closedEarly: boolean;
  head: string;
}

/**
 * Sends (POST by default) an endless chunked body of zeros over a raw socket, up to `giveUpAfter` bytes, and keeps
 * writing after an answer arrives: a server that stops reading at its limit answers early and
 * closes the connection, one that buffers (or drains) the body lets the client send it all.
 */
export async function streamChunkedBody(
  origin: string,
  path: string,
  headers: Record<string, string>,
  giveUpAfter: number,
  method = 'POST',
): Promise<ChunkedOutcome> {
  const url = new URL(origin);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let head = '';
  let status: number | undefined;
  let sent = 0;
  let sentWhenAnswered: number | undefined;
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  socket.on('error', () => undefined); // EPIPE / ECONNRESET once the server has closed: expected.
  socket.on('data', (data: Buffer) => {
    if (status !== undefined) return;
    head += data.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    head = head.slice(0, end);
    status = Number(head.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
    sentWhenAnswered = sent;
  });

  const lines = Object.entries({ host: url.host, 'transfer-encoding': 'chunked', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
  const zeros = Buffer.alloc(64 * 1024, 0x30);
  const frame = Buffer.concat([Buffer.from(`${zeros.length.toString(16)}\r\n`), zeros, Buffer.from('\r\n')]);
  while (!closed && sent < giveUpAfter) {
    const flushed = socket.write(frame);
    sent += zeros.length;
    if (!flushed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }
  const closedEarly = closed;
  if (!closed) {
    // The whole body went through: let the server answer it, then hang up.
    socket.end('0\r\n\r\n');
    const answered = new Promise<void>((resolve) => socket.on('data', () => status !== undefined && resolve()));
    await Promise.race([closedPromise, answered, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    socket.destroy();
  }
  return { status, sentWhenAnswered, sentTotal: sent, closedEarly, head };
}
