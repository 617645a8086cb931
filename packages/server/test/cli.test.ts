import { type ChildProcess, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, TOOLROUTER_BIN } from './helpers/processes.js';

/**
 * The CLI and server as users run them: `node packages/server/bin/toolrouter.js …` (what
 * `npx toolrouter` and `npm start` execute), against the compiled build, on a temp data dir.
 */
const ADMIN_KEY = 'trk_test_admin_key_0123456789abcdef';

let dataDir: string;
let server: ChildProcess;
let baseUrl: string;
let bootOutput = '';
let serverOutput: () => string = () => '';

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [TOOLROUTER_BIN, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `toolrouter serve` on the current data dir. */
const startServer = (env: Record<string, string>) => startServerProcess({ DATA_DIR: dataDir, ...env });

const get = (url: string, key: string) =>
  fetch(url, { headers: { 'x-api-key': key } }).catch((error: unknown) => {
    // Show what the server printed: a failed fetch usually means it stopped.
    throw new Error(`${String(error)} (${String((error as Error).cause)}); server exit code ${server?.exitCode}; server output:\n${serverOutput()}`);
  });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-cli-'));
  const started = await startServer({ TOOLROUTER_API_KEY: ADMIN_KEY });
  server = started.proc;
  baseUrl = started.url;
  bootOutput = started.output();
  serverOutput = started.output;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('serve', () => {
  it('creates the first project with the key from TOOLROUTER_API_KEY, in an SQLite file under DATA_DIR', async () => {
    expect(bootOutput).toMatch(/Created project "default".*TOOLROUTER_API_KEY/);
    expect(bootOutput).not.toContain(ADMIN_KEY);
    const res = await get(`${baseUrl}/api/v3.1/toolkits`, ADMIN_KEY);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ slug: string }> };
    expect(body.items.map((t) => t.slug)).toContain('github');
    const sqlite = spawnSync('ls', [dataDir], { encoding: 'utf8' }).stdout;
    expect(sqlite).toContain('toolrouter.db');
  });

  it('stores the key only as its SHA-256 digest', async () => {
    // The database file and its WAL: the digest is there (so this reads the real data), the key is not.
    const files = readdirSync(dataDir).filter((f) => f.startsWith('toolrouter.db'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(path.join(dataDir, f))));
    expect(bytes.includes(Buffer.from(createHash('sha256').update(ADMIN_KEY).digest('hex')))).toBe(true);
    expect(bytes.includes(Buffer.from(ADMIN_KEY))).toBe(false);
  });

  it('generates and prints a key once when TOOLROUTER_API_KEY is not set', async () => {
    const otherDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-cli2-'));
    const saved = dataDir;
    dataDir = otherDir;
    try {
      const first = await startServer({ TOOLROUTER_API_KEY: '' });
      const key = first.output().match(/\s(trk_[A-Za-z0-9_-]{43})\s/)?.[1];
      expect(key).toBeDefined();
      expect((await get(`${first.url}/api/v3.1/toolkits`, key!)).status).toBe(200);
      first.proc.kill('SIGTERM');
      expect(await new Promise((r) => first.proc.once('exit', r))).toBe(0);
      // The first start says what it does before each slow step, in order (with several workers the
      // primary creates the database and the project, then each worker loads the catalog and listens).
      expect(first.output()).toMatch(/First start: creating the SQLite database \S+toolrouter\.db[\s\S]*Created project "default"/);
      expect(first.output()).toMatch(/Loading the built-in catalog[\s\S]*Loaded \d+ toolkits with \d+ tools[\s\S]*listening on/);
      // A second start on the same data creates nothing and prints no key.
      const second = await startServer({ TOOLROUTER_API_KEY: '' });
      expect(second.output()).not.toMatch(/trk_/);
      expect(second.output()).not.toMatch(/First start/);
      expect(second.output()).toMatch(/Loading the built-in catalog/);
      expect((await get(`${second.url}/api/v3.1/toolkits`, key!)).status).toBe(200);
      second.proc.kill('SIGTERM');
      await new Promise((r) => second.proc.once('exit', r));
    } finally {
      dataDir = saved;
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});

describe('keys and projects', () => {
  it('creates a key that works at once and stops working when revoked', async () => {
    const created = cli(['keys', 'create', '--name', 'ci', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id, api_key } = JSON.parse(created.stdout) as { id: string; api_key: string };
    expect((await get(`${baseUrl}/api/v3.1/toolkits`, api_key)).status).toBe(200);

    const listed = cli(['keys', 'list']);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(api_key);

    const revoked = cli(['keys', 'revoke', id]);
    expect(revoked.code).toBe(0);
    // The CLI is another process: the server learns of the revocation through the change feed
    // (SQLite polls every 0.2 s), so the key is refused within that latency, not at once.
    await expect.poll(async () => (await get(`${baseUrl}/api/v3.1/toolkits`, api_key)).status, { timeout: 3_000, interval: 50 }).toBe(401);
    expect((await get(`${baseUrl}/api/v3.1/toolkits`, ADMIN_KEY)).status).toBe(200);
  });

  it('keeps projects apart', async () => {
    const created = cli(['projects', 'create', 'second', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const other = JSON.parse(created.stdout) as { api_key: string; project: { id: string } };
    const session = await fetch(`${baseUrl}/api/v3.1/tool_router/session`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'alice' }),
    });
    const { session_id } = (await session.json()) as { session_id: string };
    expect((await get(`${baseUrl}/api/v3.1/tool_router/session/${session_id}`, other.api_key)).status).toBe(404);
    // With two projects, commands must say which one they mean.
    const ambiguous = cli(['keys', 'create']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/choose one with --project/);
    expect(cli(['keys', 'create', '--project', other.project.id]).code).toBe(0);
  });
});

describe('catalog commands', () => {
  it('imports an OpenAPI file and shows its tools', async () => {
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Todo API', version: '1.0.0' },
      servers: [{ url: 'https://todo.example.com/v1' }],
      paths: {
        '/todos': {
          get: { operationId: 'listTodos', summary: 'List todos', responses: { '200': { description: 'ok' } } },
          post: {
            operationId: 'createTodo',
            summary: 'Create a todo',
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } } },
            },
            responses: { '201': { description: 'created' } },
          },
        },
      },
    };
    const file = path.join(dataDir, 'todo.json');
    await writeFile(file, JSON.stringify(spec));
    const projects = JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>;
    const project = projects.find((p) => p.name === 'default')!.id;

    const imported = cli(['toolkits', 'import', file, '--slug', 'todo', '--project', project]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported todo version 1: 2 tools/);
    const again = cli(['toolkits', 'import', file, '--slug', 'todo', '--project', project]);
    expect(again.stdout).toMatch(/Imported todo version 2: 2 tools/);

    const tools = cli(['tools', 'list', '--toolkit', 'todo', '--project', project]);
    expect(tools.stdout).toContain('TODO_CREATE_A_TODO');
    const one = JSON.parse(cli(['tools', 'get', 'TODO_CREATE_A_TODO', '--project', project]).stdout);
    expect(one.input_parameters.required).toEqual(['title']);
    const typo = cli(['tools', 'get', 'TODO_CREATE_A_TODOO', '--project', project]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/did you mean "TODO_CREATE_A_TODO"/);

    // The running server sees the import without a restart.
    const res = await get(`${baseUrl}/api/v3.1/tools?toolkit_slug=todo`, ADMIN_KEY);
    expect(((await res.json()) as { total_items: number }).total_items).toBe(2);
  });

  it("refuses to import a spec as the meta-tools' toolkit", async () => {
    const file = path.join(dataDir, 'shadow.json');
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Shadow', version: '1' },
      servers: [{ url: 'https://shadow.example.com' }],
      paths: { '/search': { get: { summary: 'Search tools', responses: { '200': { description: 'ok' } } } } },
    };
    await writeFile(file, JSON.stringify(spec));
    const projects = JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>;
    const res = cli(['toolkits', 'import', file, '--slug', 'composio', '--project', projects[0]!.id]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/COMPOSIO_SEARCH_TOOLS/);
    expect(res.stderr).toMatch(/meta-tools/);
  });

  it('names the likely toolkit when --toolkit is misspelt, instead of listing nothing', () => {
    const project = (JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>).find((p) => p.name === 'default')!.id;
    const typo = cli(['tools', 'list', '--toolkit', 'hackrnews', '--project', project]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/No toolkit "hackrnews" \(did you mean "hackernews"\?\)/);
    const unknown = cli(['tools', 'list', '--toolkit', 'zzzzzzzz', '--project', project]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No toolkit "zzzzzzzz"/);
    // Case does not matter, as for every other slug.
    const right = cli(['tools', 'list', '--toolkit', 'HackerNews', '--project', project]);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/^HACKERNEWS_/m);
  });

  it('says "none" for an empty list, and keeps JSON an empty array', () => {
    const project = (JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>).find((p) => p.name === 'default')!.id;
    const servers = cli(['mcp-servers', 'list', '--project', project]);
    expect(servers.code, servers.stderr).toBe(0);
    expect(servers.stdout).toBe('none\n');
    const keys = cli(['keys', 'list', '--project', 'proj_nobody']);
    expect(keys.stdout).toBe('none\n');
    expect(JSON.parse(cli(['keys', 'list', '--project', 'proj_nobody', '--json']).stdout)).toEqual([]);
  });

  it('fails with the file and field when a spec is broken', async () => {
    const file = path.join(dataDir, 'broken.json');
    await writeFile(file, JSON.stringify({ openapi: '3.0.0', info: { title: 'x' }, paths: {} }));
    const projects = JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>;
    const res = cli(['toolkits', 'import', file, '--slug', 'broken', '--project', projects[0]!.id]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/toolrouter: /);
  });
});

describe('workbench check', () => {
  it('starts a real sandbox and reports readiness, or names what to install', async () => {
    const root = path.join(dataDir, 'wb');
    // The sandbox users must be able to cross the directories above the files root (mkdtemp made 0700).
    await chmod(dataDir, 0o711);
    const ready = cli(['workbench', 'check', '--json'], { TOOLROUTER_WORKBENCH_DIR: root });
    expect(ready.code, ready.stdout + ready.stderr).toBe(0);
    expect(JSON.parse(ready.stdout)).toMatchObject({
      ready: true,
      bwrap: expect.stringMatching(/^bubblewrap /),
      python: expect.stringMatching(/^Python 3\./),
      problems: [],
      root,
    });
    // --project is accepted like on every other command, and must name a project.
    const project = (JSON.parse(cli(['projects', 'list', '--json']).stdout) as Array<{ id: string; name: string }>).find((p) => p.name === 'default')!.id;
    const forProject = cli(['workbench', 'check', '--project', project, '--json'], { TOOLROUTER_WORKBENCH_DIR: root });
    expect(forProject.code, forProject.stdout + forProject.stderr).toBe(0);
    expect(JSON.parse(forProject.stdout)).toMatchObject({ ready: true, project });
    const noSuch = cli(['workbench', 'check', '--project', 'proj_nobody'], { TOOLROUTER_WORKBENCH_DIR: root });
    expect(noSuch.code).toBe(1);
    expect(noSuch.stderr).toMatch(/No project "proj_nobody"/);
    const missing = cli(['workbench', 'check'], { TOOLROUTER_WORKBENCH_DIR: root, TOOLROUTER_WORKBENCH_BWRAP: '/nonexistent/bwrap' });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/bubblewrap: missing[\s\S]*cannot run[\s\S]*apt-get install -y bubblewrap/);
  });
});
