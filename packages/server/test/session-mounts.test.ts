import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { ProjectService } from '../src/projects/project-service.js';
import { wireServices } from '../src/runtime.js';
import { sessionFilesDir } from '../src/workbench/sandbox-files.js';
import { builtinCatalog, openTestStore, startTestApi, type TestApi } from './harness.js';

/**
 * Session file mounts (`session.experimental.files`): list, signed upload and download URLs, delete,
 * over the session's workbench files. URLs are bound to one operation, file and session, expire,
 * cap the size, cannot be forged, never follow links out of the session's files, and work on
 * another instance sharing the database and the master key. Runs on both stores.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each(['sqlite', 'postgres'] as const)('session file mounts on %s', (store) => {
  let api: TestApi;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'toolrouter-mounts-'));
    api = await startTestApi({ store, wiring: { workbench: { root, diskBytes: 100_000 } } });
  });
  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  const newSession = async () => (await api.call('POST', BASE, { user_id: 'files-user', toolkits: ['hackernews'] })).json.session_id as string;
  const pathOf = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };
  const put = (url: string, body: string | Uint8Array) => api.request(pathOf(url), { method: 'PUT', body, headers: { 'content-type': 'text/plain' } });

  it('uploads through a signed URL, lists, downloads and deletes', async () => {
    const id = await newSession();
    const up = await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: '/reports/q1.csv', mimetype: 'text/csv' });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({
      mount_relative_path: 'reports/q1.csv',
      sandbox_mount_prefix: '/mnt/files',
      upload_url: expect.stringContaining('/session_files/'),
    });
    expect(Date.parse(up.json.expires_at)).toBeGreaterThan(Date.now());
    expect((await put(up.json.upload_url, 'a,b\n1,2\n')).status).toBe(200);
    await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: 'notes.txt' }).then((r) => put(r.json.upload_url, 'hello'));

    const all = (await api.call('GET', `${BASE}/${id}/mounts/files/items`)).json;
    expect(all.items.map((i: any) => [i.mount_relative_path, i.size])).toEqual([
      ['notes.txt', 5],
      ['reports/q1.csv', 8],
    ]);
    expect(all.items[0]).toMatchObject({ sandbox_mount_prefix: '/mnt/files', last_modified: expect.any(String) });
    expect(all.next_cursor).toBeUndefined();
    const prefixed = (await api.call('GET', `${BASE}/${id}/mounts/files/items?mount_relative_prefix=reports/`)).json;
    expect(prefixed.items.map((i: any) => i.mount_relative_path)).toEqual(['reports/q1.csv']);
    const paged = (await api.call('GET', `${BASE}/${id}/mounts/files/items?limit=1`)).json;
    expect(paged.items).toHaveLength(1);
    const rest = (await api.call('GET', `${BASE}/${id}/mounts/files/items?limit=1&cursor=${paged.next_cursor}`)).json;
    expect(rest.items.map((i: any) => i.mount_relative_path)).toEqual(['reports/q1.csv']);

    const down = await api.call('POST', `${BASE}/${id}/mounts/files/download_url`, { mount_relative_path: 'reports/q1.csv' });
    expect(down.json).toMatchObject({ mount_relative_path: 'reports/q1.csv', sandbox_mount_prefix: '/mnt/files' });
    const got = await api.request(pathOf(down.json.download_url));
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('a,b\n1,2\n');

    const removed = await api.call('POST', `${BASE}/${id}/mounts/files/delete`, { mount_relative_path: 'reports/q1.csv' });
    expect(removed.json).toEqual({ mount_relative_path: 'reports/q1.csv', sandbox_mount_prefix: '/mnt/files' });
    expect((await api.request(pathOf(down.json.download_url))).status).toBe(404);
    expect((await api.call('POST', `${BASE}/${id}/mounts/files/delete`, { mount_relative_path: 'reports/q1.csv' })).status).toBe(404);
  });

  it('refuses forged, expired, swapped and oversized URLs, and URLs of a deleted session', async () => {
    const id = await newSession();
    const up = (await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: 'a.txt' })).json;
    const [payload, mac] = new URL(up.upload_url).pathname.split('/').at(-1)!.split('.');
    const tampered = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    tampered.path = 'b.txt';
    const forged = `/session_files/${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${mac}`;
    expect((await api.request(forged, { method: 'PUT', body: 'x' })).status).toBe(403);
    // An upload URL does not download, and a download URL does not upload.
    expect((await api.request(pathOf(up.upload_url))).status).toBe(403);
    const expired = api.services.fileUrls.sign({ op: 'upload', projectId: api.projectA, sessionId: id, path: 'a.txt', exp: Math.floor(Date.now() / 1000) - 1 });
    expect((await api.request(`/session_files/${expired}`, { method: 'PUT', body: 'x' })).status).toBe(403);
    const small = api.services.fileUrls.sign({
      op: 'upload',
      projectId: api.projectA,
      sessionId: id,
      path: 'a.txt',
      maxBytes: 4,
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await api.request(`/session_files/${small}`, { method: 'PUT', body: '12345' })).status).toBe(413);
    expect((await api.request(`/session_files/${small}`, { method: 'PUT', body: '1234' })).status).toBe(200);

    // The session's files as a whole stay within the workbench disk limit (100 kB here).
    const big = (await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: 'big.bin' })).json;
    expect((await put(big.upload_url, 'x'.repeat(100_001))).status).toBe(413);
    expect((await put(big.upload_url, 'x'.repeat(1_000))).status).toBe(200);

    await api.call('DELETE', `${BASE}/${id}`);
    expect((await put(up.upload_url, 'late')).status).toBe(404);
  });

  it('never follows a link out of the session files, and refuses ".." and other mounts', async () => {
    const id = await newSession();
    const dir = sessionFilesDir(root, api.projectA, id);
    const outside = await mkdtemp(path.join(tmpdir(), 'toolrouter-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'host secret');
    await mkdir(dir, { recursive: true });
    await symlink(outside, path.join(dir, 'escape'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'secret-link.txt'));

    for (const p of ['escape/secret.txt', 'secret-link.txt']) {
      const down = (await api.call('POST', `${BASE}/${id}/mounts/files/download_url`, { mount_relative_path: p })).json;
      expect((await api.request(pathOf(down.download_url))).status).toBe(404);
    }
    const up = (await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: 'escape/new.txt' })).json;
    expect((await put(up.upload_url, 'x')).status).toBe(400);
    const listed = (await api.call('GET', `${BASE}/${id}/mounts/files/items`)).json.items;
    expect(listed).toEqual([]);
    expect((await api.call('POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: '../x.txt' })).status).toBe(400);
    expect((await api.call('GET', `${BASE}/${id}/mounts/other/items`)).status).toBe(400);
    expect((await api.call('GET', `${BASE}/${id}/mounts/files/items`, undefined, api.keyB)).status).toBe(404);
    await rm(outside, { recursive: true, force: true });
  });
});

describe('session file URLs on another instance (PostgreSQL)', () => {
  it('a URL made by one instance works on another sharing the database, the key and the files', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'toolrouter-mounts-shared-'));
    const masterKey = randomBytes(32);
    const first = await openTestStore('postgres');
    const second = await openTestStore('postgres', { location: first.location });
    const instance = async (s: typeof first.store) =>
      createApp({
        ...wireServices(s, await builtinCatalog(), { egressAllow: [], searchLearning: false, masterKey, workbench: { root } }),
        log: pino({ level: 'silent' }),
        publicUrl: undefined,
        maxBodyBytes: 1024 * 1024,
      });
    const [a, b] = [await instance(first.store), await instance(second.store)];
    const key = (await new ProjectService(first.store).createProject('shared')).key.key;
    const call = (app: typeof a, method: string, url: string, body?: unknown) =>
      app.request(`http://router.test${url}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    try {
      const id = ((await (await call(a, 'POST', BASE, { user_id: 'u', toolkits: ['hackernews'] })).json()) as any).session_id;
      const up = (await (await call(a, 'POST', `${BASE}/${id}/mounts/files/upload_url`, { mount_relative_path: 'x.txt' })).json()) as any;
      expect((await b.request(new URL(up.upload_url).pathname, { method: 'PUT', body: 'from b' })).status).toBe(200);
      const down = (await (await call(b, 'POST', `${BASE}/${id}/mounts/files/download_url`, { mount_relative_path: 'x.txt' })).json()) as any;
      expect(await (await a.request(new URL(down.download_url).pathname)).text()).toBe('from b');
    } finally {
      await first.store.close();
      await second.store.close();
      await first.dispose();
      await second.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });
});
