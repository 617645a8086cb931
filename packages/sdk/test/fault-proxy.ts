import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the real server that can inject failures the real server
 * does not produce on demand (a 503, a dropped connection, a slow answer). Everything it does not
 * intercept is forwarded unchanged, so the SDK still talks to the real server.
 */
export type Fault = { kind: 'status'; status: number; headers?: Record<string, string>; body?: string } | { kind: 'drop' } | { kind: 'delay'; ms: number };

export interface FaultRule {
  method: string;
  path: RegExp;
  /** How many matching requests get the fault before requests pass through again. */
  times: number;
  fault: Fault;
}

export interface FaultProxy {
  url: string;
  /** Every request the proxy saw, as "METHOD /path". */
  seen: string[];
  inject(rule: FaultRule): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const rules: FaultRule[] = [];
  const seen: string[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push(`${req.method} ${path}`);
    const rule = rules.find((r) => r.times > 0 && r.method === req.method && r.path.test(path));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (rule) {
      rule.times--;
      const { fault } = rule;
      if (fault.kind === 'drop') return void req.socket.destroy();
      if (fault.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
        return void res.end(fault.body ?? 'injected failure');
      }
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers.set(k, v);
    const upstreamRes = await fetch(`${upstream}${req.url}`, {
      method: req.method!,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const out: Record<string, string> = {};
    upstreamRes.headers.forEach((v, k) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(upstreamRes.status, out);
    res.end(Buffer.from(await upstreamRes.arrayBuffer()));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    inject: (rule) => rules.push({ ...rule }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
