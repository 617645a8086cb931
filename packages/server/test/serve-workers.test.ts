import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startProcess, TOOLROUTER_BIN } from './helpers/processes.js';

/**
 * `toolrouter serve --workers 2` as users run it: the primary bootstraps once (one project, one key
 * printed once), both workers listen on the same port, and SIGTERM ends them all cleanly.
 */
let dataDir: string;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Child processes of `pid`, from /proc (field 4 of stat is the parent; split after ")" past the name). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    if (stat && Number(stat.split(')').pop()!.trim().split(' ')[1]) === pid) children.push(Number(name));
  }
  return children;
}

describe('serve --workers', () => {
  it('bootstraps once in the primary, serves from two workers on one port, and stops cleanly', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-workers-'));
    const server = await startProcess(process.execPath, [TOOLROUTER_BIN, 'serve', '--workers', '2'], {
      ready: /listening on (http:\/\/\S+)[\s\S]*listening on (http:\/\/\S+)/,
      env: { DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOOLROUTER_API_KEY: '' },
      timeoutMs: 60_000,
    });
    try {
      // Both workers bound the same port (cluster shares the listening socket).
      expect(server.match[1]).toBe(server.match[2]);
      const out = server.output();
      expect(out.match(/Created project "default"/g)).toHaveLength(1);
      const key = /admin API key, shown only this once:\s+(trk_\S+)/.exec(out)?.[1];
      expect(key).toBeDefined();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => fetch(`${server.match[1]}/api/v3.1/toolkits?limit=1`, { headers: { 'x-api-key': key! } })),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
      // Workers run with fewer malloc arenas (config/worker-env.ts), unless the operator chose a number.
      if (process.platform === 'linux') {
        const workers = await childrenOf(server.proc.pid!);
        expect(workers).toHaveLength(2);
        for (const pid of workers) {
          const env = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
          expect(env).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '2'}`);
        }
      }
    } finally {
      const exited = new Promise<number | null>((resolve) => server.proc.once('exit', (code) => resolve(code)));
      server.proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
