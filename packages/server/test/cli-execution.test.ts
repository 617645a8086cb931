import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServer } from './harness.js';
import { type ServerProcess, startServerProcess, TOOLROUTER_BIN } from './helpers/processes.js';

/**
 * Operator commands for execution, run as real processes next to a running server on the same
 * data dir: an MCP server registered by the CLI is executed by the server (which starts its own
 * upstream process and opens the sealed env with the shared key file).
 */
const EVERYTHING = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
const KEY = 'trk_cli_execution_key_0123456789abcdef';
let dataDir: string;
let server: ServerProcess;
let baseUrl: string;

const cli = (args: string[]) => {
  const res = spawnSync(process.execPath, [TOOLROUTER_BIN, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
};
const call = (method: string, url: string, body?: unknown) => callServer(baseUrl, method, url, body, KEY);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-cli-exec-'));
  server = await startServerProcess({ DATA_DIR: dataDir, TOOLROUTER_API_KEY: KEY });
  baseUrl = server.url;
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('toolrouter mcp-servers and egress', () => {
  it('registers a stdio server that the running server then executes', async () => {
    const added = cli([
      'mcp-servers',
      'add',
      'everything',
      '--command',
      process.execPath,
      '--arg',
      EVERYTHING,
      '--env',
      'EVERYTHING_SECRET=s3cr3t-value',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ slug: 'everything', tool_count: 13, env: ['EVERYTHING_SECRET'] });
    expect(added.stdout).not.toContain('s3cr3t-value');
    expect(((await stat(path.join(dataDir, 'encryption.key'))).mode & 0o777).toString(8)).toBe('600');

    const listed = cli(['mcp-servers', 'list']);
    expect(listed.stdout).toMatch(/^everything\tstdio\t13 tools/m);

    const id = (await call('POST', '/api/v3.1/tool_router/session', { user_id: 'u', toolkits: ['everything'] })).json.session_id;
    const res = await call('POST', `/api/v3.1/tool_router/session/${id}/execute`, { tool_slug: 'EVERYTHING_GET_ENV', arguments: {} });
    expect(res.json.error).toBeNull();
    expect(JSON.stringify(res.json.data)).toContain('s3cr3t-value');
  });

  it('sets and shows a project egress allowlist, refusing typos', () => {
    expect(cli(['egress', 'set', 'localhost,10.0.0.0/8']).code).toBe(0);
    expect(JSON.parse(cli(['egress', 'show']).stdout)).toEqual({ project: ['localhost', '10.0.0.0/8'], operator: [] });
    const bad = cli(['egress', 'set', '10.0.0.0/33']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a valid CIDR/);
  });

  it('removes the server and its toolkit', async () => {
    expect(cli(['mcp-servers', 'remove', 'everything']).code).toBe(0);
    expect((await call('GET', '/api/v3.1/tools/EVERYTHING_ECHO')).status).toBe(404);
    expect(cli(['mcp-servers', 'remove', 'everything']).code).toBe(1);
  });
});
