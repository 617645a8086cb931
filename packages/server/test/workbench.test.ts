import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { WORKBENCH_DEFAULTS } from '../src/workbench/settings.js';
import { WorkbenchService, type WorkbenchTarget } from '../src/workbench/workbench-service.js';
import { listen, startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';
import { connectClient, eventually } from './mcp-harness.js';

/**
 * The workbench meta-tools with real Python kernels in real bubblewrap sandboxes (bwrap must be
 * installed; CI installs it). Tool calls made from the code run against a real loopback API.
 */
const BASE = '/api/v3.1/tool_router/session';
const CELL_TIMEOUT_MS = 4_000;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let api: TestApi;
let root: string;
const broker = new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'tok_workbench_1' });

beforeAll(async () => {
  echo = await startEchoServer();
  root = await mkdtemp(path.join(tmpdir(), 'wb-test-'));
  api = await startTestApi({
    egressAllow: ['127.0.0.1'],
    // Its own uid range: the fork-flood test must not eat the process limit of kernels other test files run.
    wiring: { credentials: broker, workbench: { root, cellTimeoutMs: CELL_TIMEOUT_MS, maxKernels: 3, inlineChars: 2_000, uidBase: 61_000 } },
  });
  expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
});
afterAll(async () => {
  await api.close();
  await echo.close();
  await rm(root, { recursive: true, force: true });
});

async function session(config: Record<string, unknown> = {}): Promise<string> {
  const res = await api.call('POST', BASE, { user_id: 'alice', toolkits: ['echo'], ...config });
  expect(res.status).toBe(201);
  return res.json.session_id;
}

const code = (id: string, source: string) =>
  api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_REMOTE_WORKBENCH', arguments: { code_to_execute: source } });
const bash = (id: string, command: string) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_REMOTE_BASH_TOOL', arguments: { command } });

describe('COMPOSIO_REMOTE_WORKBENCH', () => {
  it('keeps state between cells, answers the last expression, and captures output of the code and its child processes', async () => {
    const id = await session();
    const first = await code(id, 'import os\ncounter = 41\nprint("from python")\nos.system("echo from a child process")');
    expect(first.status).toBe(200);
    expect(first.json.error).toBeNull();
    expect(first.json.data.stdout).toContain('from python');
    expect(first.json.data.stdout).toContain('from a child process');
    expect(first.json.data.results).toBe('0'); // os.system's exit status is the last expression
    expect(first.json.data.sandbox_id_suffix).toBe(id.slice(-6));
    const second = await code(id, 'counter += 1\n{"counter": counter, "user": os.getuid()}');
    expect(JSON.parse(second.json.data.results)).toEqual({ counter: 42, user: 1000 });
    const log = (await api.call('GET', `/api/v3.1/execution_logs/${second.json.log_id}`)).json;
    expect(log).toMatchObject({ tool_slug: 'COMPOSIO_REMOTE_WORKBENCH', status: 'success' });
  });

  it('reports an exception with its traceback and keeps the kernel', async () => {
    const id = await session();
    await code(id, 'kept = "still here"');
    const failed = await code(id, 'def divide():\n    return 1 / 0\ndivide()');
    expect(failed.json.error).toBe('The code raised an exception: ZeroDivisionError: division by zero');
    expect(failed.json.data.error).toMatch(/Traceback[\s\S]*divide\(\)[\s\S]*ZeroDivisionError/);
    expect(failed.json.data.error).not.toContain('kernel.py');
    expect((await code(id, 'kept')).json.data.results).toBe('still here');
    const syntax = await code(id, 'x = (1 +');
    expect(syntax.json.error).toMatch(/^The code raised an exception: SyntaxError: /);
    expect(syntax.json.data.error).toMatch(/^ {2}File "<cell \d+>", line 1/);
    // A huge exception message is cut like any other output.
    const huge = await code(id, 'raise ValueError("v" * 100000)');
    expect(huge.json.data.error.length).toBeLessThan(2_200);
    expect(huge.json.error).toBe(`The code raised an exception: ValueError: ${'v'.repeat(488)}`);
    expect(huge.json.data.error).toMatch(/the whole error is in \/mnt\/files\/\.workbench\/cell-\d+-error\.txt/);
    // exit() in user code is an error of that cell, not the end of the kernel.
    expect((await code(id, 'exit(3)')).json.error).toMatch(/SystemExit: 3/);
    expect((await code(id, 'kept')).json.data.results).toBe('still here');
  });

  it('runs a catalog tool and proxy_execute through the session pipeline, with the user credentials the router holds', async () => {
    const id = await session();
    const before = echo.received.length;
    const res = await code(
      id,
      [
        'data, error = run_composio_tool("ECHO_READ_THING", {"thingId": 7})',
        'bad_data, bad_error = run_composio_tool("ECHO_READ_THING", {"thingId": "seven"})',
        'proxied, proxy_error = proxy_execute("GET", "/things/9", "echo", query_params={"q": "x"})',
        '{"path": data["path"], "error": error, "bad": bad_error, "proxied": proxied["status"], "proxied_path": proxied["data"]["path"], "query": proxied["data"]["query"], "proxy_error": proxy_error}',
      ].join('\n'),
    );
    expect(res.json.error).toBeNull();
    const out = JSON.parse(res.json.data.results);
    expect(out).toMatchObject({ path: '/things/7', error: null, proxied: 200, proxied_path: '/things/9', query: { q: 'x' }, proxy_error: null });
    expect(out.bad).toMatch(/Invalid arguments for ECHO_READ_THING: .*thingId/);
    const calls = echo.received.slice(before);
    expect(calls.map((c) => c.url)).toEqual(['/things/7', '/things/9?q=x']);
    expect(calls.every((c) => c.headers.authorization === 'Bearer tok_workbench_1')).toBe(true);
    // The tool call is logged as a child of the workbench call; the key never entered the sandbox.
    const logs = (await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}&tool_slug=ECHO_READ_THING`)).json.items;
    expect(logs[0]).toMatchObject({ parent_id: res.json.log_id });
    const env = await code(id, 'import os\nsorted(os.environ)');
    expect(JSON.parse(env.json.data.results)).toEqual(['HOME', 'LANG', 'MPLBACKEND', 'PATH', 'PWD']);
  });

  it('refuses calls the session does not allow, and says what invoke_llm needs', async () => {
    const id = await session({ workbench: { enable_proxy_execution: false } });
    const res = await code(id, 'a = run_composio_tool("GITHUB_GET_THE_AUTHENTICATED_USER", {})\nb = proxy_execute("GET", "/x", "echo")\n[a[1], b[1]]');
    const [toolError, proxyError] = JSON.parse(res.json.data.results);
    expect(toolError).toMatch(/not available in this session/);
    expect(proxyError).toMatch(/proxy_execute is turned off/);
    const llm = await code(id, 'invoke_llm("summarise")');
    expect(llm.json.data.error).toMatch(/invoke_llm is not available in this workbench: this Tool Router server has no language model configured/);
  });

  it('has no network: connections to the loopback API fail from inside', async () => {
    const id = await session();
    const before = echo.received.length;
    const port = new URL(echo.url).port;
    const res = await code(
      id,
      `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2)\n    out = "connected"\nexcept OSError as e:\n    out = type(e).__name__ + ": " + str(e)\nout`,
    );
    expect(res.json.data.results).toMatch(/^(ConnectionRefusedError|OSError)/);
    expect(echo.received.length).toBe(before);
  });

  it("keeps sessions apart: one session cannot see another session's files or the host", async () => {
    const a = await session();
    const b = await session();
    await code(a, 'open("/mnt/files/secret.txt", "w").write("only for a")');
    expect((await code(a, 'open("/mnt/files/secret.txt").read()')).json.data.results).toBe('only for a');
    const probe = await code(
      b,
      `import os\n[os.path.exists("/mnt/files/secret.txt"), os.listdir("/mnt/files"), os.path.exists(${JSON.stringify(root)}), sorted(os.listdir("/"))]`,
    );
    const [exists, listing, hostRoot, top] = JSON.parse(probe.json.data.results);
    expect(exists).toBe(false);
    // Only b's own capture files (what its running cell prints goes there).
    expect(listing.sort()).toEqual(['.cell-output-standard.stderr', '.cell-output-standard.stdout']);
    expect(hostRoot).toBe(false);
    expect(top).not.toContain('work');
    expect(top).not.toContain('root');
    // The system is read-only; only /mnt/files and /tmp take writes.
    const ro = await code(b, 'try:\n    open("/usr/evil", "w")\nexcept OSError as e:\n    out = str(e)\nout');
    expect(ro.json.data.results).toMatch(/Read-only file system/);
  });

  it('stops a cell at the time limit; the next call gets a fresh kernel and the files are kept', async () => {
    const id = await session();
    await code(id, 'state = 1\nopen("kept.txt", "w").write("yes")');
    const started = Date.now();
    const slow = await code(
      id,
      'import sys, time, subprocess\nprint("step 1 done")\nprint("half a line", end="")\nsys.stderr.write("warned\\n")\nsubprocess.Popen(["sleep", "600"])\ntime.sleep(600)',
    );
    expect(Date.now() - started).toBeLessThan(CELL_TIMEOUT_MS + 5_000);
    expect(slow.json.error).toMatch(
      /longer than the workbench limit of 4 s and was stopped.*variables from earlier calls are gone.*files in \/mnt\/files are kept/,
    );
    // What the cell printed before the kill comes back with the error.
    expect(slow.json.data).toMatchObject({ stdout: 'step 1 done\nhalf a line', stderr: 'warned\n' });
    const after = await code(id, '[("state" in globals()), open("kept.txt").read()]');
    expect(after.json.error, JSON.stringify(after.json)).toBeNull();
    expect(JSON.parse(after.json.data.results)).toEqual([false, 'yes']);
  });

  it('returns what a shell command printed before the time limit, and never follows a link planted in its place', async () => {
    const id = await session();
    const slow = await bash(id, 'echo one; echo two; sleep 600');
    expect(slow.json.error).toMatch(/longer than the workbench limit/);
    expect(slow.json.data).toMatchObject({ stdout: 'one\ntwo\n', stdoutLines: 2, stderr: '', stderrLines: 0 });
    // The code swaps its capture file for a link to a host file while it runs: the server reads nothing through it.
    const hostSecret = path.join(root, 'host-secret.txt');
    await writeFile(hostSecret, 'HOST SECRET');
    const sneaky = await code(
      id,
      `import os, time\nos.remove("/mnt/files/.cell-output-standard.stdout")\nos.symlink(${JSON.stringify(hostSecret)}, "/mnt/files/.cell-output-standard.stdout")\ntime.sleep(600)`,
    );
    expect(sneaky.json.error).toMatch(/longer than the workbench limit/);
    expect(sneaky.json.data.stdout).toBe('');
  });

  it('writes large output to /mnt/files and returns its head with the path', async () => {
    const id = await session();
    const res = await code(id, 'for i in range(3000):\n    print("line", i)\n"x" * 5000');
    expect(res.json.data.stdout.length).toBeLessThan(2_200);
    expect(res.json.data.stdout_file_path).toMatch(/^\/mnt\/files\/\.workbench\/cell-\d+-stdout\.txt$/);
    expect(res.json.data.results_file_path).toMatch(/results\.txt$/);
    const count = await bash(id, `wc -l < ${res.json.data.stdout_file_path}; wc -c < ${res.json.data.results_file_path}`);
    expect(count.json.data.stdout.trim().split('\n')).toEqual(['3000', '5000']);
  });
});

describe('limits and lifecycle', () => {
  it('limits memory by sandbox_size, and processes, CPU and file size for every kernel', async () => {
    const limits =
      'import resource\n{name: resource.getrlimit(getattr(resource, name))[0] for name in ["RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_CPU", "RLIMIT_FSIZE"]}';
    const standard = await session();
    expect(JSON.parse((await code(standard, limits)).json.data.results)).toEqual({
      RLIMIT_AS: 2 ** 30,
      RLIMIT_NPROC: process.getuid?.() === 0 ? 64 : -1,
      RLIMIT_CPU: 1800,
      RLIMIT_FSIZE: 512 * 2 ** 20,
    });
    // The allocation is refused at once (address space), so nothing is really touched.
    expect((await code(standard, 'block = bytearray(3 * 1024 ** 3)')).json.error).toBe('The code raised an exception: MemoryError');
    const large = JSON.parse((await code(await session({ workbench: { sandbox_size: 'large' } }), limits)).json.data.results);
    expect(large.RLIMIT_AS).toBe(4 * 2 ** 30);
    // A hard limit cannot be raised from inside.
    const raise = await code(await session(), 'import resource\nresource.setrlimit(resource.RLIMIT_AS, (2 ** 40, 2 ** 40))');
    expect(raise.json.error).toMatch(/ValueError|not allowed/);
  });

  it.runIf(process.getuid?.() === 0)(
    'stops a fork flood at the per-kernel process limit (the server runs as root: each kernel slot has its own uid)',
    async () => {
      const id = await session();
      const res = await code(
        id,
        [
          'import subprocess',
          'children, failure = [], None',
          'try:',
          '    for _ in range(200):',
          '        children.append(subprocess.Popen(["sleep", "30"]))',
          'except OSError as e:',
          '    failure = type(e).__name__',
          'for c in children:',
          '    c.kill()',
          '    c.wait()',
          '[len(children), failure]',
        ].join('\n'),
      );
      const [started, failure] = JSON.parse(res.json.data.results);
      expect(started).toBeLessThan(64);
      expect(failure).toBe('BlockingIOError');
    },
  );

  it('bounds the kernels per process: idle ones make room, and running ones are never taken away', async () => {
    const ids = await Promise.all([session(), session(), session(), session()]);
    await Promise.all(ids.slice(0, 3).map((id, i) => code(id, `mine = ${i}`)));
    // A fourth session takes the least recently used kernel's slot; that session starts afresh later.
    expect((await code(ids[3]!, 'mine = 3\nmine')).json.data.results).toBe('3');
    expect(api.services.workbench.runningKernels).toBeLessThanOrEqual(3);
    const busy = ids.slice(0, 3).map((id) => code(id, 'import time\ntime.sleep(2.5)'));
    await new Promise((r) => setTimeout(r, 1_000));
    const refused = await code(await session(), '1');
    expect(refused.json.error).toMatch(/The workbench is busy: all 3 workbench kernels of this server are running code right now/);
    for (const r of await Promise.all(busy)) expect(r.json.error).toBeNull();
  });

  it('runs calls of one session one after another', async () => {
    const id = await session();
    await code(id, 'log = []');
    const calls = [0, 1, 2].map((i) => code(id, `import time\nlog.append(("start", ${i}))\ntime.sleep(0.2)\nlog.append(("end", ${i}))`));
    await Promise.all(calls);
    const log = JSON.parse((await code(id, 'log')).json.data.results) as Array<[string, number]>;
    for (let i = 0; i < log.length; i += 2) expect([log[i]![0], log[i + 1]![0], log[i]![1]]).toEqual(['start', 'end', log[i + 1]![1]]);
  });

  it('removes the kernel and the files when the session is deleted', async () => {
    const id = await session();
    await code(id, 'open("doomed.txt", "w").write("x")');
    const dir = path.join(root, api.projectA, id);
    expect(await readFile(path.join(dir, 'files', 'doomed.txt'), 'utf8')).toBe('x');
    expect((await api.call('DELETE', `${BASE}/${id}`)).status).toBe(200);
    await eventually(
      async () => ((await readFile(path.join(dir, 'files', 'doomed.txt')).catch(() => undefined)) === undefined ? true : undefined),
      5_000,
      'files removed',
    );
  });
});

describe('sessions moving between kernel slots', () => {
  // Runs as root only: then each slot has a uid of its own, and an owner-only file of one slot is closed to the others.
  it.runIf(process.getuid?.() === 0)('keeps owner-only files (tempfile.mkstemp) usable when the session comes back in another slot', async () => {
    const settings = { ...WORKBENCH_DEFAULTS, root: path.join(root, 'slots'), cellTimeoutMs: 20_000, maxKernels: 2, uidBase: 62_000 };
    // The sandbox users must be able to cross every directory above their files (as in production).
    await chmod(root, 0o711);
    await mkdir(settings.root, { mode: 0o711 });
    const noCalls = async () => ({ data: null, error: 'no calls here' });
    const moved: WorkbenchTarget = { projectId: 'prj_slots', sessionId: 'trs_moved', size: 'standard' };
    const other: WorkbenchTarget = { projectId: 'prj_slots', sessionId: 'trs_other', size: 'standard' };
    const first = new WorkbenchService(settings);
    const made = await first.runCode(
      moved,
      'import os, tempfile\nfd, name = tempfile.mkstemp(dir="/mnt/files", suffix=".txt")\nos.write(fd, b"private")\nos.close(fd)\nos.makedirs("nested", mode=0o700)\nopen("nested/inner.txt", "w").write("inner")\nos.chmod("nested/inner.txt", 0o600)\nos.path.basename(name)',
      noCalls,
    );
    expect(made.error, JSON.stringify(made)).toBeNull();
    const tempName = String(made.data['results']);
    await first.shutdown();
    // A fresh pool: the other session takes slot 0, so the moved one runs in slot 1 as another uid.
    const second = new WorkbenchService(settings);
    try {
      expect((await second.runCode(other, '1', noCalls)).error).toBeNull();
      const read = await second.runCode(moved, `import os\n[open(${JSON.stringify(tempName)}).read(), open("nested/inner.txt").read(), os.getuid()]`, noCalls);
      expect(read.error, JSON.stringify(read.data)).toBeNull();
      expect(JSON.parse(String(read.data['results'])).slice(0, 2)).toEqual(['private', 'inner']);
      const files = path.join(settings.root, moved.projectId, moved.sessionId, 'files');
      // The file still belongs to the first slot's uid: access was shared, ownership was not changed.
      expect((await stat(path.join(files, tempName))).uid).toBe(62_000);
      expect((await stat(path.join(files, tempName))).mode & 0o777).toBe(0o660);
    } finally {
      await second.shutdown();
    }
  });
});

describe('deleting a session', () => {
  it('removes its files at once on the instance that deletes it, even without a kernel there', async () => {
    const id = await session();
    const dir = path.join(root, api.projectA, id, 'files');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'left-by-an-earlier-process.txt'), 'x');
    expect((await api.call('DELETE', `${BASE}/${id}`)).status).toBe(200);
    await expect(readdir(path.dirname(dir))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('over MCP', () => {
  it('runs the workbench through tools/call like any other tool', async () => {
    const app = createApp({ ...api.services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1 << 20 });
    const server = await listen(app);
    try {
      const id = await session();
      const { client } = await connectClient(`${server.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': api.keyA } });
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['COMPOSIO_REMOTE_WORKBENCH', 'COMPOSIO_REMOTE_BASH_TOOL']));
      const result = await client.callTool({
        name: 'COMPOSIO_REMOTE_WORKBENCH',
        arguments: { code_to_execute: 'data, error = run_composio_tool("ECHO_READ_THING", {"thingId": 5})\ndata["path"]' },
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ successful: true, error: null, data: { results: '/things/5' } });
      const shell = await client.callTool({ name: 'COMPOSIO_REMOTE_BASH_TOOL', arguments: { command: 'exit 4' } });
      expect(shell.isError).toBe(true);
      expect(shell.structuredContent).toMatchObject({ successful: false, error: 'The command exited with status 4.' });
      await client.close();
    } finally {
      await server.close();
    }
  });
});

describe('COMPOSIO_REMOTE_BASH_TOOL', () => {
  it('runs in the same sandbox and files as the Python kernel, with line counts and the exit status', async () => {
    const id = await session();
    await code(id, 'open("/mnt/files/notes.txt", "w").write("alpha\\nbeta\\n")');
    const res = await bash(id, 'cat notes.txt; echo oops >&2; pwd');
    expect(res.json).toMatchObject({ error: null, data: { stdout: 'alpha\nbeta\n/mnt/files\n', stdoutLines: 3, stderr: 'oops\n', stderrLines: 1 } });
    const failed = await bash(id, 'ls /nowhere');
    expect(failed.json.error).toBe('The command exited with status 2.');
    expect(failed.json.data.stderrLines).toBe(1);
    // No new user namespaces inside (bubblewrap 0.8+), so no further privileges to build on.
    expect((await bash(id, 'unshare -U true 2>&1; echo status $?')).json.data.stdout).toMatch(/status 1/);
    const net = await bash(id, 'python3 -c "import urllib.request; urllib.request.urlopen(\'http://example.com\', timeout=3)" 2>&1 | tail -1');
    expect(net.json.data.stdout).toMatch(/URLError|Temporary failure|Name or service not known|unreachable/);
  });
});

describe('workbench settings', () => {
  it('is refused when the session turns the workbench off', async () => {
    const id = await session({ workbench: { enable: false } });
    const tools = (await api.call('GET', `${BASE}/${id}/tools`)).json.items.map((t: { slug: string }) => t.slug);
    expect(tools).not.toContain('COMPOSIO_REMOTE_WORKBENCH');
    const res = await code(id, '1 + 1');
    expect(res.json.error).toMatch(/COMPOSIO_REMOTE_WORKBENCH is not enabled in this session/);
    expect((await bash(id, 'echo hi')).json.error).toMatch(/COMPOSIO_REMOTE_BASH_TOOL is not enabled/);
  });

  it("stops a cell whose files pass the session's disk limit, and still lets the agent delete files", async () => {
    await chmod(root, 0o711); // the sandbox users cross it to reach their files
    const small = await startTestApi({
      wiring: { workbench: { root: path.join(root, 'small-disk'), diskBytes: 2 * 1024 * 1024, maxKernels: 1, uidBase: 61_100 } },
    });
    try {
      const id = (await small.call('POST', BASE, { user_id: 'carol' })).json.session_id;
      const run = (tool: string, args: Record<string, unknown>) => small.call('POST', `${BASE}/${id}/execute`, { tool_slug: tool, arguments: args });
      // A slow writer is caught while it writes: the cell never gets to its last line.
      const slow = await run('COMPOSIO_REMOTE_WORKBENCH', {
        code_to_execute:
          'import time\nkept = 1\nwith open("/mnt/files/big.bin", "wb") as f:\n    for _ in range(40):\n        f.write(b"x" * 262144); f.flush(); time.sleep(0.1)\nprint("finished")',
      });
      expect(slow.json.error, JSON.stringify(slow.json)).toMatch(
        /The session's files grew past the workbench disk limit of 2 MB \(\d+ MB in \/mnt\/files\), so the code was stopped/,
      );
      expect(slow.json.data.stdout).not.toContain('finished');
      // Over the limit, a command that frees space still runs.
      const cleanup = await run('COMPOSIO_REMOTE_BASH_TOOL', { command: 'ls /mnt/files && rm /mnt/files/big.bin && echo freed' });
      expect(cleanup.json.error).toBeNull();
      expect(cleanup.json.data.stdout).toContain('big.bin');
      expect(cleanup.json.data.stdout).toContain('freed');
      // A writer quicker than the watch is told when the cell ends, and its kernel is restarted.
      await run('COMPOSIO_REMOTE_WORKBENCH', { code_to_execute: 'kept = 2' });
      const quick = await run('COMPOSIO_REMOTE_WORKBENCH', { code_to_execute: 'open("/mnt/files/quick.bin", "wb").write(b"y" * 4194304)' });
      expect(quick.json.error).toMatch(/grew past the workbench disk limit of 2 MB/);
      expect((await run('COMPOSIO_REMOTE_WORKBENCH', { code_to_execute: '"kept" in globals()' })).json.data.results).toBe('false');
    } finally {
      await small.close();
    }
  });

  it('answers a clear error naming what to install when bubblewrap is missing', async () => {
    const other = await startTestApi({ wiring: { workbench: { root, bwrap: '/nonexistent/bwrap' } } });
    try {
      const id = (await other.call('POST', BASE, { user_id: 'bob' })).json.session_id;
      const res = await other.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_REMOTE_WORKBENCH', arguments: { code_to_execute: '1' } });
      expect(res.status).toBe(200);
      expect(res.json.error).toMatch(/The workbench is not available on this server: bubblewrap is not installed.*apt-get install -y bubblewrap/);
    } finally {
      await other.close();
    }
  });

  it('writes multi-execute results into the workbench when asked', async () => {
    const id = await session();
    const res = await api.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'COMPOSIO_MULTI_EXECUTE_TOOL',
      arguments: { tools: [{ tool_slug: 'ECHO_READ_THING', arguments: { thingId: 3 } }], sync_response_to_workbench: true },
    });
    expect(res.json.error).toBeNull();
    const file = res.json.data.remote_file_info.file_path;
    expect(file).toMatch(/^\/mnt\/files\/multi_execute\/log_.+\.json$/);
    const read = await code(id, `import json\njson.load(open(${JSON.stringify(file)}))["results"][0]["response"]["data"]["path"]`);
    expect(read.json.data.results).toBe('/things/3');
    const onHost = path.join(root, api.projectA, id, 'files', file.slice('/mnt/files/'.length));
    expect(JSON.parse(await readFile(onHost, 'utf8')).results).toHaveLength(1);
  });

  it('runs multi-execute from inside the workbench without syncing into itself', async () => {
    const id = await session();
    const res = await code(
      id,
      'data, error = run_composio_tool("COMPOSIO_MULTI_EXECUTE_TOOL", {"tools": [{"tool_slug": "ECHO_READ_THING", "arguments": {"thingId": 8}}], "sync_response_to_workbench": True})\n[error, "remote_file_info" in data, data["results"][0]["response"]["data"]["path"]]',
    );
    expect(JSON.parse(res.json.data.results)).toEqual([null, false, '/things/8']);
  });

  it('writes synced results as the sandbox user: a link the code planted cannot send the write onto the host', async () => {
    const id = await session();
    const outside = await mkdtemp(path.join(tmpdir(), 'wb-outside-'));
    try {
      await bash(id, `rm -rf multi_execute && ln -s ${outside} multi_execute`);
      const res = await api.call('POST', `${BASE}/${id}/execute`, {
        tool_slug: 'COMPOSIO_MULTI_EXECUTE_TOOL',
        arguments: { tools: [{ tool_slug: 'ECHO_READ_THING', arguments: { thingId: 4 } }], sync_response_to_workbench: true },
      });
      // Inside the sandbox the link points at a path that does not exist there.
      expect(res.json.data.remote_file_info.error).toMatch(/could not be synced to the workbench: FileExistsError/);
      // The kernel survived the refused write.
      expect((await code(id, '1 + 1')).json.data.results).toBe('2');
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
