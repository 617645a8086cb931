import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, startTestApi, type TestApi } from '../harness.js';
import { FixedCredentials } from '../helpers/echo-server.js';

/**
 * codeinterpreter runs in the session's real workbench (Python kernel in a bubblewrap sandbox, as
 * COMPOSIO_REMOTE_WORKBENCH does; bwrap must be installed). Calls go through a session like any tool.
 */
const BASE = '/api/v3.1/tool_router/session';
let api: TestApi;
let root: string;
let session: string;

const run = async (slug: string, args: Record<string, unknown>) =>
  (await api.call('POST', `${BASE}/${session}/execute`, { tool_slug: slug, arguments: args })).json;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ci-test-'));
  api = await startTestApi({
    builtin: await builtinCatalog(),
    // Its own uid range, away from the ones workbench.test.ts uses (61_000, 61_100, 62_000).
    wiring: { credentials: new FixedCredentials({ mode: 'NO_AUTH' }), workbench: { root, cellTimeoutMs: 20_000, maxKernels: 2, uidBase: 63_000 } },
  });
  session = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['codeinterpreter'] })).json.session_id;
}, 60_000);
afterAll(async () => {
  await api?.close();
  await rm(root, { recursive: true, force: true });
});

describe('codeinterpreter tools in the session workbench', () => {
  it('creates the sandbox and keeps Python state between runs', async () => {
    const created = await run('CODEINTERPRETER_CREATE_SANDBOX', {});
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ sandbox_id: session.slice(-6), files_dir: '/mnt/files' });
    expect(created.data.python_version).toMatch(/^3\./);
    expect((await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: 'total = 40\nprint("hi")' })).data.stdout).toContain('hi');
    const second = await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: 'total + 2', sandbox_id: created.data.sandbox_id });
    expect(second.error).toBeNull();
    expect(second.data.results).toBe('42');
  }, 60_000);

  it('reports an exception and a failing command as errors, and refuses another sandbox id', async () => {
    const failed = await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: '1/0' });
    expect(failed.error).toMatch(/ZeroDivisionError/);
    const bad = await run('CODEINTERPRETER_RUN_TERMINAL_CMD', { command: 'exit 3' });
    expect(bad.error).toMatch(/status 3/);
    expect((await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: '1', sandbox_id: 'other' })).error).toMatch(/one sandbox/);
  }, 60_000);

  it('uploads text and binary files that code, the shell and GET_FILE see', async () => {
    const text = await run('CODEINTERPRETER_UPLOAD_FILE_CMD', { destination_path: 'data/notes.txt', content: 'héllo\nworld\n' });
    expect(text.error).toBeNull();
    expect(text.data).toMatchObject({ path: '/mnt/files/data/notes.txt', size_bytes: 13 });
    expect((await run('CODEINTERPRETER_RUN_TERMINAL_CMD', { command: 'wc -l data/notes.txt' })).data.stdout).toContain('2 data/notes.txt');
    const bytes = Buffer.from([0, 255, 1, 254]);
    expect(
      (await run('CODEINTERPRETER_UPLOAD_FILE_CMD', { destination_path: '/mnt/files/blob.bin', content_base64: bytes.toString('base64') })).error,
    ).toBeNull();
    expect((await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: 'list(open("/mnt/files/blob.bin","rb").read())' })).data.results).toBe(
      '[0, 255, 1, 254]',
    );

    expect((await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: 'data/notes.txt' })).data).toMatchObject({
      encoding: 'text',
      content: 'héllo\nworld\n',
      size: 13,
      next_offset: null,
    });
    expect((await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: 'blob.bin' })).data).toMatchObject({
      encoding: 'base64',
      content: bytes.toString('base64'),
    });
    await run('CODEINTERPRETER_EXECUTE_CODE', { code_to_execute: 'open("/mnt/files/big.txt","w").write("x" * 20000)' });
    const first = await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: 'big.txt' });
    expect(first.data.content).toHaveLength(15_000);
    expect(first.data.next_offset).toBe(15_000);
    expect((await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: 'big.txt', offset: 15_000 })).data.content).toHaveLength(5_000);
    expect((await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: 'missing.txt' })).error).toMatch(/no file at \/mnt\/files\/missing.txt/);
  }, 90_000);

  it('keeps paths inside /mnt/files and wants exactly one kind of content', async () => {
    expect((await run('CODEINTERPRETER_GET_FILE_CMD', { file_path: '../../etc/passwd' })).error).toMatch(/outside \/mnt\/files/);
    expect((await run('CODEINTERPRETER_UPLOAD_FILE_CMD', { destination_path: '/tmp/x', content: 'a' })).error).toMatch(/outside \/mnt\/files/);
    expect((await run('CODEINTERPRETER_UPLOAD_FILE_CMD', { destination_path: 'x', content: 'a', content_base64: 'YQ==' })).error).toMatch(/exactly one/);
  }, 30_000);
});
