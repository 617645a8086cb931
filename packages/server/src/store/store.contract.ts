import { randomUUID } from 'node:crypto';
import type { SessionConfig, Tool, Toolkit } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.js';

/**
 * The behaviour every `Store` must show. `open` returns a new, un-migrated store on the SAME
 * database each call (so tests can reopen it); tests use fresh random ids, never a clean slate.
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store?.close();
    });

    const newProject = async () => store.projects.create({ id: uid('prj'), name: 'Project' });

    describe('migrate', () => {
      it('can run again, also concurrently, without changing data', async () => {
        const p = await newProject();
        await store.migrate();
        await Promise.all([store.migrate(), store.migrate()]);
        expect(await store.projects.get(p.id)).toEqual(p);
      });

      it('a second store on the same database sees committed data', async () => {
        const p = await newProject();
        const other = await open();
        try {
          await other.migrate();
          expect(other.dialect).toBe(store.dialect);
          expect(await other.projects.get(p.id)).toEqual(p);
        } finally {
          await other.close();
        }
      });
    });

    describe('projects', () => {
      it('creates with revision 0 and an ISO UTC timestamp, and reads back', async () => {
        const id = uid('prj');
        const created = await store.projects.create({ id, name: 'Acme' });
        expect(created).toEqual({ id, name: 'Acme', created_at: expect.stringMatching(ISO_UTC), catalog_revision: 0 });
        expect(await store.projects.get(id)).toEqual(created);
        expect(await store.projects.get(uid('missing'))).toBeUndefined();
      });

      it('lists and counts (count is a number, not a string)', async () => {
        const before = await store.projects.count();
        const a = await newProject();
        const b = await newProject();
        const count = await store.projects.count();
        expect(typeof count).toBe('number');
        expect(count).toBe(before + 2);
        const list = await store.projects.list();
        expect(list).toHaveLength(count);
        expect(list).toEqual(expect.arrayContaining([a, b]));
      });

      it('rejects a duplicate id', async () => {
        const p = await newProject();
        await expect(store.projects.create({ id: p.id, name: 'again' })).rejects.toThrow();
        expect((await store.projects.get(p.id))?.name).toBe('Project');
      });
    });

    describe('api keys', () => {
      const newKey = (projectId: string) => ({ id: uid('key'), project_id: projectId, name: 'ci', prefix: 'tr_ab', hash: uid('hash') });

      it('creates without exposing the hash and finds active keys by hash', async () => {
        const p = await newProject();
        const input = newKey(p.id);
        const row = await store.apiKeys.create(input);
        expect(row).toEqual({
          id: input.id,
          project_id: p.id,
          name: 'ci',
          prefix: 'tr_ab',
          created_at: expect.stringMatching(ISO_UTC),
          last_used_at: null,
          revoked_at: null,
        });
        expect(await store.apiKeys.findActiveByHash(input.hash)).toEqual(row);
        expect(await store.apiKeys.findActiveByHash(uid('nope'))).toBeUndefined();
      });

      it('lists per project or all', async () => {
        const [p, q] = [await newProject(), await newProject()];
        const k1 = await store.apiKeys.create(newKey(p.id));
        const k2 = await store.apiKeys.create(newKey(p.id));
        const k3 = await store.apiKeys.create(newKey(q.id));
        expect(await store.apiKeys.list(p.id)).toEqual([k1, k2].sort(byCreatedThenId));
        expect(await store.apiKeys.list(q.id)).toEqual([k3]);
        expect(await store.apiKeys.list()).toEqual(expect.arrayContaining([k1, k2, k3]));
      });

      it('revokes once; revoked keys are not found; unknown ids give undefined', async () => {
        const p = await newProject();
        const input = newKey(p.id);
        await store.apiKeys.create(input);
        const revoked = await store.apiKeys.revoke(input.id);
        expect(revoked?.revoked_at).toMatch(ISO_UTC);
        expect(await store.apiKeys.findActiveByHash(input.hash)).toBeUndefined();
        await sleep(5);
        expect(await store.apiKeys.revoke(input.id)).toEqual(revoked);
        expect(await store.apiKeys.revoke(uid('missing'))).toBeUndefined();
      });

      it('touch records last use', async () => {
        const p = await newProject();
        const input = newKey(p.id);
        await store.apiKeys.create(input);
        const at = '2030-01-02T03:04:05.678Z';
        await store.apiKeys.touch(input.id, at);
        expect((await store.apiKeys.findActiveByHash(input.hash))?.last_used_at).toBe(at);
      });

      it('rejects a duplicate hash and a key for an unknown project', async () => {
        const p = await newProject();
        const input = newKey(p.id);
        await store.apiKeys.create(input);
        await expect(store.apiKeys.create({ ...newKey(p.id), hash: input.hash })).rejects.toThrow();
        await expect(store.apiKeys.create(newKey(uid('missing')))).rejects.toThrow();
      });
    });

    describe('toolkits', () => {
      it('put inserts the toolkit and its tools and bumps the revision', async () => {
        const p = await newProject();
        const kit = toolkit('github');
        const tools = [tool('github', 'GITHUB_B'), tool('github', 'GITHUB_A')];
        const stored = await store.toolkits.put(p.id, kit, tools);
        expect(stored).toEqual({
          project_id: p.id,
          toolkit: kit,
          tool_count: 2,
          created_at: expect.stringMatching(ISO_UTC),
          updated_at: stored.created_at,
        });
        expect(await store.toolkits.get(p.id, 'github')).toEqual(stored);
        expect(await store.toolkits.list(p.id)).toEqual([stored]);
        expect(await store.toolkits.listTools(p.id)).toEqual([tools[1], tools[0]]);
        expect(await store.toolkits.revision(p.id)).toBe(1);
        expect((await store.projects.get(p.id))?.catalog_revision).toBe(1);
        expect(await store.toolkits.get(p.id, 'gitlab')).toBeUndefined();
      });

      it('put replaces the toolkit and ALL its tools, keeping created_at', async () => {
        const p = await newProject();
        const first = await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'GITHUB_OLD'), tool('github', 'GITHUB_KEEP')]);
        await store.toolkits.put(p.id, toolkit('slack'), [tool('slack', 'SLACK_POST')]);
        await sleep(5);
        const kit = { ...toolkit('github'), name: 'GitHub v2', version: '2' };
        const tools = [{ ...tool('github', 'GITHUB_KEEP'), description: 'changed' }, tool('github', 'GITHUB_NEW')];
        const second = await store.toolkits.put(p.id, kit, tools);
        expect(second.created_at).toBe(first.created_at);
        expect(second.updated_at > first.updated_at).toBe(true);
        expect(second).toMatchObject({ toolkit: kit, tool_count: 2 });
        const slugs = (await store.toolkits.listTools(p.id)).map((t) => t.slug);
        expect(slugs).toEqual(['GITHUB_KEEP', 'GITHUB_NEW', 'SLACK_POST']);
        expect((await store.toolkits.listTools(p.id))[0]?.description).toBe('changed');
        expect((await store.toolkits.list(p.id)).map((s) => s.toolkit.slug)).toEqual(['github', 'slack']);
        expect(await store.toolkits.revision(p.id)).toBe(3);
      });

      it('a failing put (duplicate tool slugs violate the key) leaves the old toolkit, tools and revision intact', async () => {
        const p = await newProject();
        const old = await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'GITHUB_A'), tool('github', 'GITHUB_B')]);
        const dup = tool('github', 'GITHUB_DUP');
        await expect(store.toolkits.put(p.id, { ...toolkit('github'), name: 'broken' }, [tool('github', 'GITHUB_C'), dup, dup])).rejects.toThrow();
        expect(await store.toolkits.get(p.id, 'github')).toEqual(old);
        expect((await store.toolkits.listTools(p.id)).map((t) => t.slug)).toEqual(['GITHUB_A', 'GITHUB_B']);
        expect(await store.toolkits.revision(p.id)).toBe(1);
      });

      it('a failing put of a new toolkit (tool slug taken by another toolkit) writes nothing', async () => {
        const p = await newProject();
        await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'SHARED_SLUG')]);
        await expect(store.toolkits.put(p.id, toolkit('gitlab'), [{ ...tool('gitlab', 'SHARED_SLUG') }])).rejects.toThrow();
        expect(await store.toolkits.get(p.id, 'gitlab')).toBeUndefined();
        expect((await store.toolkits.listTools(p.id)).map((t) => t.toolkit)).toEqual(['github']);
        expect(await store.toolkits.revision(p.id)).toBe(1);
      });

      it("refuses the meta-tools' toolkit slug and tool slugs in their COMPOSIO_ namespace, without writing", async () => {
        const p = await newProject();
        await expect(store.toolkits.put(p.id, toolkit('composio'), [tool('composio', 'COMPOSIO_SEARCH_TOOLS')])).rejects.toMatchObject({
          code: 'IMPORT_CONFLICT',
          errors: ['toolkit slug "composio" is the meta-tools\' own toolkit', 'COMPOSIO_SEARCH_TOOLS: is a meta-tool'],
        });
        await expect(store.toolkits.put(p.id, toolkit('composio_x'), [tool('composio_x', 'COMPOSIO_X_RUN')])).rejects.toMatchObject({
          errors: ['COMPOSIO_X_RUN: is in the reserved COMPOSIO_ namespace'],
        });
        expect(await store.toolkits.list(p.id)).toEqual([]);
        expect(await store.toolkits.revision(p.id)).toBe(0);
      });

      it('refuses tools JSON cannot represent, or that name another toolkit, without writing', async () => {
        const p = await newProject();
        const old = await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'GITHUB_A')]);
        const unserialisable = { ...tool('github', 'GITHUB_BIG'), output_parameters: { n: 1n } } as unknown as Tool;
        await expect(store.toolkits.put(p.id, toolkit('github'), [unserialisable])).rejects.toThrow();
        await expect(store.toolkits.put(p.id, toolkit('github'), [tool('slack', 'SLACK_X')])).rejects.toThrow(/belongs to toolkit/);
        expect(await store.toolkits.get(p.id, 'github')).toEqual(old);
        expect((await store.toolkits.listTools(p.id)).map((t) => t.slug)).toEqual(['GITHUB_A']);
        expect(await store.toolkits.revision(p.id)).toBe(1);
      });

      it('put for an unknown project fails', async () => {
        const id = uid('missing');
        await expect(store.toolkits.put(id, toolkit('github'), [])).rejects.toThrow();
        expect(await store.toolkits.list(id)).toEqual([]);
        expect(await store.toolkits.revision(id)).toBe(0);
      });

      it('switches toolkits off and on per project, bumping the revision only on a change', async () => {
        const [p, other] = [await newProject(), await newProject()];
        expect(await store.toolkits.listDisabled(p.id)).toEqual([]);
        expect(await store.toolkits.setEnabled(p.id, 'slack', false)).toBe(true);
        expect(await store.toolkits.setEnabled(p.id, 'gmail', false)).toBe(true);
        expect(await store.toolkits.revision(p.id)).toBe(2);
        expect(await store.toolkits.setEnabled(p.id, 'gmail', false)).toBe(false);
        expect(await store.toolkits.setEnabled(p.id, 'github', true)).toBe(false);
        expect(await store.toolkits.revision(p.id)).toBe(2);
        expect(await store.toolkits.listDisabled(p.id)).toEqual(['gmail', 'slack']);
        expect(await store.toolkits.listDisabled(other.id)).toEqual([]);
        expect(await store.toolkits.setEnabled(p.id, 'gmail', true)).toBe(true);
        expect(await store.toolkits.listDisabled(p.id)).toEqual(['slack']);
        expect(await store.toolkits.revision(p.id)).toBe(3);
        await expect(store.toolkits.setEnabled(uid('missing'), 'slack', false)).rejects.toThrow(/does not exist/);
      });

      it("drops an imported toolkit's switch with the toolkit, so importing it again starts switched on", async () => {
        const p = await newProject();
        await store.toolkits.put(p.id, toolkit('inventory'), [tool('inventory', 'INVENTORY_A')]);
        await store.toolkits.setEnabled(p.id, 'inventory', false);
        expect(await store.toolkits.delete(p.id, 'inventory')).toBe(true);
        expect(await store.toolkits.listDisabled(p.id)).toEqual([]);
      });

      it('handles a large toolkit (multi-batch insert) and an empty one', async () => {
        const p = await newProject();
        const tools = Array.from({ length: 1_234 }, (_, i) => tool('big', `BIG_${String(i).padStart(4, '0')}`));
        expect((await store.toolkits.put(p.id, toolkit('big'), tools)).tool_count).toBe(1_234);
        expect(await store.toolkits.listTools(p.id)).toEqual(tools);
        expect((await store.toolkits.put(p.id, toolkit('big'), [])).tool_count).toBe(0);
        expect(await store.toolkits.listTools(p.id)).toEqual([]);
      });

      it('is scoped by project', async () => {
        const [a, b] = [await newProject(), await newProject()];
        await store.toolkits.put(a.id, toolkit('github'), [tool('github', 'GITHUB_A')]);
        expect(await store.toolkits.get(b.id, 'github')).toBeUndefined();
        expect(await store.toolkits.list(b.id)).toEqual([]);
        expect(await store.toolkits.listTools(b.id)).toEqual([]);
        expect(await store.toolkits.revision(b.id)).toBe(0);
        expect(await store.toolkits.delete(b.id, 'github')).toBe(false);
        // The same slugs in another project are independent rows.
        await store.toolkits.put(b.id, { ...toolkit('github'), name: 'B' }, [tool('github', 'GITHUB_A'), tool('github', 'GITHUB_B')]);
        expect((await store.toolkits.get(a.id, 'github'))?.toolkit.name).toBe('github toolkit');
        expect(await store.toolkits.listTools(a.id)).toHaveLength(1);
        expect(await store.toolkits.revision(a.id)).toBe(1);
      });

      it('delete removes the toolkit and its tools and bumps the revision; absent gives false without a bump', async () => {
        const p = await newProject();
        await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'GITHUB_A')]);
        await store.toolkits.put(p.id, toolkit('slack'), [tool('slack', 'SLACK_A')]);
        expect(await store.toolkits.delete(p.id, 'github')).toBe(true);
        expect(await store.toolkits.get(p.id, 'github')).toBeUndefined();
        expect((await store.toolkits.listTools(p.id)).map((t) => t.slug)).toEqual(['SLACK_A']);
        expect(await store.toolkits.revision(p.id)).toBe(3);
        expect(await store.toolkits.delete(p.id, 'github')).toBe(false);
        expect(await store.toolkits.delete(uid('missing'), 'slack')).toBe(false);
        expect(await store.toolkits.revision(p.id)).toBe(3);
        // The slug can be imported again after deletion.
        await store.toolkits.put(p.id, toolkit('github'), [tool('github', 'GITHUB_A')]);
        expect(await store.toolkits.revision(p.id)).toBe(4);
      });

      it('concurrent puts to one project all land, each bumping the revision once', async () => {
        const p = await newProject();
        const slugs = ['alpha', 'bravo', 'charlie', 'delta'];
        await Promise.all(slugs.map((s) => store.toolkits.put(p.id, toolkit(s), [tool(s, `${s.toUpperCase()}_X`)])));
        expect((await store.toolkits.list(p.id)).map((s) => s.toolkit.slug)).toEqual(slugs);
        expect(await store.toolkits.revision(p.id)).toBe(4);
      });
    });

    describe('sessions', () => {
      const config = (extra: Partial<SessionConfig> = {}): SessionConfig => ({ user_id: 'user-1', ...extra });

      it('create stores version 1 and records it in the history', async () => {
        const p = await newProject();
        const id = uid('trs');
        const cfg = config({ toolkits: { enable: ['github'] }, tags: { enable: ['readOnlyHint'] } });
        const row = await store.sessions.create({ id, project_id: p.id, user_id: 'user-1', config: cfg });
        expect(row).toEqual({
          id,
          project_id: p.id,
          user_id: 'user-1',
          config: cfg,
          config_version: 1,
          created_at: expect.stringMatching(ISO_UTC),
          updated_at: row.created_at,
        });
        expect(await store.sessions.get(p.id, id)).toEqual(row);
        expect(await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).toEqual({
          items: [{ version: 1, config: cfg, created_at: row.created_at }],
          total: 1,
        });
        expect(await store.sessions.get(p.id, uid('missing'))).toBeUndefined();
      });

      it('rejects a duplicate id and an unknown project', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        await expect(store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() })).rejects.toThrow();
        await expect(store.sessions.create({ id: uid('trs'), project_id: uid('missing'), user_id: 'u', config: config() })).rejects.toThrow();
        expect((await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).total).toBe(1);
      });

      it("is invisible through another project's id", async () => {
        const [a, b] = [await newProject(), await newProject()];
        const id = uid('trs');
        await store.sessions.create({ id, project_id: a.id, user_id: 'u', config: config() });
        expect(await store.sessions.get(b.id, id)).toBeUndefined();
        expect(await store.sessions.update(b.id, id, 1, config({ user_id: 'evil' }))).toEqual({ ok: false, reason: 'not_found' });
        expect(await store.sessions.history(b.id, id, { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        expect(await store.sessions.delete(b.id, id)).toBe(false);
        const still = await store.sessions.get(a.id, id);
        expect(still).toMatchObject({ config_version: 1, config: config() });
      });

      it('update with the current version replaces the config and appends history', async () => {
        const p = await newProject();
        const id = uid('trs');
        const created = await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        await sleep(5);
        const next = config({ search: { enable: false } });
        const result = await store.sessions.update(p.id, id, 1, next);
        expect(result).toEqual({
          ok: true,
          session: { ...created, config: next, config_version: 2, updated_at: expect.stringMatching(ISO_UTC) },
        });
        if (!result.ok) throw new Error('unreachable');
        expect(result.session.updated_at > created.updated_at).toBe(true);
        expect(await store.sessions.get(p.id, id)).toEqual(result.session);
        const history = await store.sessions.history(p.id, id, { offset: 0, limit: 10 });
        expect(history.total).toBe(2);
        expect(history.items.map((v) => [v.version, v.config])).toEqual([
          [2, next],
          [1, config()],
        ]);
      });

      it('update with a stale version reports the current version and changes nothing', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        await store.sessions.update(p.id, id, 1, config({ search: { enable: true } }));
        const before = await store.sessions.get(p.id, id);
        expect(await store.sessions.update(p.id, id, 1, config({ search: { enable: false } }))).toEqual({
          ok: false,
          reason: 'version_conflict',
          current_version: 2,
        });
        expect(await store.sessions.update(p.id, id, 7, config())).toMatchObject({ reason: 'version_conflict', current_version: 2 });
        expect(await store.sessions.get(p.id, id)).toEqual(before);
        expect((await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).total).toBe(2);
        expect(await store.sessions.update(p.id, uid('missing'), 1, config())).toEqual({ ok: false, reason: 'not_found' });
      });

      it('of two concurrent updates with the same expected version exactly one wins', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        const results = await Promise.all(['a', 'b', 'c'].map((tag) => store.sessions.update(p.id, id, 1, config({ user_id: tag }))));
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([
          { ok: false, reason: 'version_conflict', current_version: 2 },
          { ok: false, reason: 'version_conflict', current_version: 2 },
        ]);
        const stored = await store.sessions.get(p.id, id);
        expect(stored?.config_version).toBe(2);
        expect(stored?.config).toEqual(winners[0]?.ok && winners[0].session.config);
        expect((await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).total).toBe(2);
      });

      it('updateWith serialises concurrent read-modify-writes: each sees the one before, none is lost', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config({ preload: { tools: [] } }) });
        // Each writer appends its tool to the list it reads; a lost update would drop a tool.
        const tools = Array.from({ length: 40 }, (_, i) => `TOOL_${i}`);
        const results = await Promise.all(
          tools.map((tool) =>
            store.sessions.updateWith(p.id, id, (current) => {
              const seen = current.config.preload?.tools;
              return { ...current.config, preload: { tools: [...(Array.isArray(seen) ? seen : []), tool] } };
            }),
          ),
        );
        expect(results.every((r) => r?.changed)).toBe(true);
        const stored = await store.sessions.get(p.id, id);
        expect(stored?.config_version).toBe(41);
        expect([...((stored?.config.preload?.tools ?? []) as string[])].sort()).toEqual([...tools].sort());
        expect((await store.sessions.history(p.id, id, { offset: 0, limit: 100 })).total).toBe(41);
      });

      it('updateWith writes nothing when the change is undefined or throws, and reports an absent session', async () => {
        const p = await newProject();
        const id = uid('trs');
        const created = await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        expect(await store.sessions.updateWith(p.id, id, () => undefined)).toEqual({ session: created, changed: false });
        await expect(
          store.sessions.updateWith(p.id, id, () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        expect(await store.sessions.get(p.id, id)).toEqual(created);
        expect((await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).total).toBe(1);
        expect(await store.sessions.updateWith(p.id, uid('missing'), (c) => c.config)).toBeUndefined();
      });

      it('delete is soft: the session disappears from get, update, history and delete', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() });
        expect(await store.sessions.delete(p.id, id)).toBe(true);
        expect(await store.sessions.get(p.id, id)).toBeUndefined();
        expect(await store.sessions.update(p.id, id, 1, config())).toEqual({ ok: false, reason: 'not_found' });
        expect(await store.sessions.history(p.id, id, { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        expect(await store.sessions.delete(p.id, id)).toBe(false);
        expect(await store.sessions.delete(p.id, uid('missing'))).toBe(false);
        // Soft: the id stays taken.
        await expect(store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config() })).rejects.toThrow();
      });

      it('history pages newest first with the total count', async () => {
        const p = await newProject();
        const id = uid('trs');
        await store.sessions.create({ id, project_id: p.id, user_id: 'u', config: config({ user_id: 'v1' }) });
        for (let v = 1; v < 5; v++) {
          const r = await store.sessions.update(p.id, id, v, config({ user_id: `v${v + 1}` }));
          expect(r.ok).toBe(true);
        }
        const page = await store.sessions.history(p.id, id, { offset: 1, limit: 2 });
        expect(page.total).toBe(5);
        expect(page.items.map((i) => [i.version, i.config.user_id])).toEqual([
          [4, 'v4'],
          [3, 'v3'],
        ]);
        expect((await store.sessions.history(p.id, id, { offset: 4, limit: 10 })).items.map((i) => i.version)).toEqual([1]);
        expect(await store.sessions.history(p.id, id, { offset: 10, limit: 10 })).toEqual({ items: [], total: 5 });
        expect(typeof page.total).toBe('number');
        expect(typeof page.items[0]?.version).toBe('number');
      });
    });

    describe('MCP URL tokens', () => {
      it('finds an active token by hash only, scoped to its session, until revoked or expired', async () => {
        const p = await newProject();
        const sid = uid('trs');
        await store.sessions.create({ id: sid, project_id: p.id, user_id: 'u', config: { user_id: 'u' } });
        const base = { project_id: p.id, session_id: sid, name: 'n', prefix: 'trmcp_ab' };
        const live = await store.mcpTokens.create({ ...base, id: uid('mtk'), hash: uid('h'), expires_at: null, api_key_id: null });
        expect(live).not.toHaveProperty('hash');
        const soon = await store.mcpTokens.create({ ...base, id: uid('mtk'), hash: uid('h2'), expires_at: '2030-01-01T00:00:00.000Z', api_key_id: null });
        expect(await store.mcpTokens.findActiveByHash(uid('nope'), '2020-01-01T00:00:00.000Z')).toBeUndefined();
        expect((await store.mcpTokens.list(p.id, sid)).map((t) => t.id).sort()).toEqual([live.id, soon.id].sort());
        expect(await store.mcpTokens.list(uid('other'), sid)).toEqual([]);
        expect(await store.mcpTokens.revoke(uid('other'), sid, live.id)).toBe(false);
        expect(await store.mcpTokens.revoke(p.id, sid, live.id)).toBe(true);
        expect(await store.mcpTokens.revoke(p.id, sid, live.id)).toBe(true);
        expect((await store.mcpTokens.list(p.id, sid)).find((t) => t.id === live.id)?.revoked_at).toMatch(ISO_UTC);
      });

      it('treats expiry and revocation as inactive', async () => {
        const p = await newProject();
        const sid = uid('trs');
        await store.sessions.create({ id: sid, project_id: p.id, user_id: 'u', config: { user_id: 'u' } });
        const hash = uid('hash');
        const row = await store.mcpTokens.create({
          id: uid('mtk'),
          project_id: p.id,
          session_id: sid,
          name: 'n',
          prefix: 'x',
          hash,
          expires_at: '2030-01-01T00:00:00.000Z',
          api_key_id: null,
        });
        expect(await store.mcpTokens.findActiveByHash(hash, '2029-12-31T23:59:59.000Z')).toEqual(row);
        expect(await store.mcpTokens.findActiveByHash(hash, '2030-01-01T00:00:00.000Z')).toBeUndefined();
        await store.mcpTokens.revoke(p.id, sid, row.id);
        expect(await store.mcpTokens.findActiveByHash(hash, '2029-01-01T00:00:00.000Z')).toBeUndefined();
      });

      it("revokes a key together with the tokens it issued and the project's tokens of unknown issuer", async () => {
        const p = await newProject();
        const q = await newProject();
        const key = async (projectId: string) => store.apiKeys.create({ id: uid('key'), project_id: projectId, name: 'k', prefix: 'trk_x', hash: uid('kh') });
        const [k1, k2, kq] = [await key(p.id), await key(p.id), await key(q.id)];
        const token = async (projectId: string, apiKeyId: string | null) => {
          const sid = uid('trs');
          await store.sessions.create({ id: sid, project_id: projectId, user_id: 'u', config: { user_id: 'u' } });
          const hash = uid('th');
          const row = await store.mcpTokens.create({
            id: uid('mtk'),
            project_id: projectId,
            session_id: sid,
            name: 'n',
            prefix: 'x',
            hash,
            expires_at: null,
            api_key_id: apiKeyId,
          });
          return { row, hash };
        };
        const at = '2029-01-01T00:00:00.000Z';
        const [ofK1, ofK2, legacy, otherProject] = [await token(p.id, k1.id), await token(p.id, k2.id), await token(p.id, null), await token(q.id, null)];
        expect((await store.mcpTokens.findActiveByHash(ofK1.hash, at))?.api_key_id).toBe(k1.id);

        const revoked = await store.apiKeys.revoke(k1.id);
        expect(revoked?.revoked_at).toMatch(ISO_UTC);
        expect(await store.mcpTokens.findActiveByHash(ofK1.hash, at)).toBeUndefined();
        expect(await store.mcpTokens.findActiveByHash(legacy.hash, at)).toBeUndefined();
        expect((await store.mcpTokens.list(p.id, ofK1.row.session_id))[0]?.revoked_at).toBe(revoked?.revoked_at);
        expect(await store.mcpTokens.findActiveByHash(ofK2.hash, at)).toMatchObject({ id: ofK2.row.id });
        expect(await store.mcpTokens.findActiveByHash(otherProject.hash, at)).toMatchObject({ id: otherProject.row.id });
        expect(await store.apiKeys.revoke(uid('key'))).toBeUndefined();
        expect(kq.revoked_at).toBeNull();

        // A token written after its key was revoked (issued while the revocation ran) never opens.
        await store.apiKeys.revoke(k2.id);
        expect(await store.mcpTokens.findActiveByHash(ofK2.hash, at)).toBeUndefined();
        const late = await token(p.id, k2.id);
        expect(await store.mcpTokens.findActiveByHash(late.hash, at)).toBeUndefined();
      });
    });

    describe('search log and usage', () => {
      const entry = (projectId: string, sessionId: string | null, query: string, slugs: string[], at: string) => ({
        id: uid('srch'),
        request_id: uid('req'),
        project_id: projectId,
        session_id: sessionId,
        query,
        slugs,
        latency_ms: 1.6,
        created_at: at,
      });

      it("logs searches and finds a session's recent ones, newest first, within its project only", async () => {
        const p = await newProject();
        const other = await newProject();
        await store.search.log([
          entry(p.id, 'trs_a', 'old query', ['X_OLD'], '2026-01-01T00:00:00.000Z'),
          entry(p.id, 'trs_a', 'send mail', ['MAIL_SEND', 'MAIL_DRAFT'], '2026-01-02T00:00:00.000Z'),
          entry(p.id, 'trs_a', 'list issues', ['GH_LIST'], '2026-01-03T00:00:00.000Z'),
          entry(p.id, 'trs_b', 'other session', ['Y'], '2026-01-03T00:00:00.000Z'),
          entry(other.id, 'trs_a', 'other project', ['Z'], '2026-01-03T00:00:00.000Z'),
        ]);
        const recent = await store.search.recentForSession(p.id, 'trs_a', '2026-01-02T00:00:00.000Z');
        expect(recent.map((r) => r.query)).toEqual(['list issues', 'send mail']);
        expect(recent[1]?.slugs).toEqual(['MAIL_SEND', 'MAIL_DRAFT']);
        expect(recent[1]?.latency_ms).toBe(2);
        const page = await store.search.listLog(p.id, { offset: 0, limit: 2 });
        expect(page.total).toBe(4);
        expect(page.items).toHaveLength(2);
        const onlyB = await store.search.listLog(p.id, { sessionId: 'trs_b', offset: 0, limit: 10 });
        expect(onlyB.items.map((r) => r.query)).toEqual(['other session']);
      });

      it('counts usage per (tool, query), reads changes since a time, prunes old pairs, per project', async () => {
        const p = await newProject();
        const other = await newProject();
        await store.search.recordUsage(p.id, 'MAIL_SEND', 'email bob', '2026-02-01T00:00:00.000Z');
        await store.search.recordUsage(p.id, 'MAIL_SEND', 'email bob', '2026-02-02T00:00:00.000Z');
        await store.search.recordUsage(p.id, 'GH_LIST', 'list issues', '2026-02-03T00:00:00.000Z');
        await store.search.recordUsage(other.id, 'MAIL_SEND', 'email bob', '2026-02-03T00:00:00.000Z');
        const all = await store.search.usageSince(p.id);
        expect(all.sort((a, b) => a.tool_slug.localeCompare(b.tool_slug))).toEqual([
          { tool_slug: 'GH_LIST', query: 'list issues', count: 1, last_used_at: '2026-02-03T00:00:00.000Z' },
          { tool_slug: 'MAIL_SEND', query: 'email bob', count: 2, last_used_at: '2026-02-02T00:00:00.000Z' },
        ]);
        expect((await store.search.usageSince(p.id, '2026-02-02T00:00:00.000Z')).map((r) => r.tool_slug)).toEqual(['GH_LIST']);
        expect(await store.search.pruneUsage(p.id, '2026-02-03T00:00:00.000Z')).toBe(1);
        expect((await store.search.usageSince(p.id)).map((r) => r.tool_slug)).toEqual(['GH_LIST']);
        expect(await store.search.usageSince(other.id)).toHaveLength(1);
      });

      it('counts concurrent usage of the same pair without losing increments', async () => {
        const p = await newProject();
        await Promise.all(Array.from({ length: 10 }, () => store.search.recordUsage(p.id, 'T', 'q', '2026-03-01T00:00:00.000Z')));
        expect((await store.search.usageSince(p.id))[0]?.count).toBe(10);
      });
    });
  });
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function uid(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function byCreatedThenId(a: { created_at: string; id: string }, b: { created_at: string; id: string }): number {
  return a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1;
}

export function toolkit(slug: string): Toolkit {
  return {
    slug,
    name: `${slug} toolkit`,
    description: '',
    logo: null,
    categories: ['dev'],
    auth_schemes: [{ mode: 'NO_AUTH' }],
    base_url: 'https://api.example.com',
    version: '1',
  };
}

export function tool(toolkitSlug: string, slug: string): Tool {
  return {
    slug,
    name: slug.toLowerCase(),
    description: `Does ${slug}`,
    toolkit: toolkitSlug,
    input_parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    output_parameters: {},
    tags: ['readOnlyHint'],
    version: '1',
    no_auth: true,
    scopes: [],
    binding: { kind: 'http', method: 'GET', path: '/search', args: { q: { in: 'query', name: 'q' } } },
  };
}
