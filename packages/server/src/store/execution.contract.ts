import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.js';

/** The execution repositories' behaviour, run against every Store implementation. */
export function runExecutionStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Execution store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(() => store?.close());
    const project = async () => (await store.projects.create({ id: `prj_${randomUUID()}`, name: 'P' })).id;
    const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

    it('appends execution logs and filters them, newest first, scoped by project', async () => {
      const p = await project();
      const other = await project();
      const base = {
        project_id: p,
        session_id: 's1',
        user_id: 'u',
        toolkit: 'echo',
        connected_account_id: null,
        duration_ms: 3.6,
        error: null,
        arguments: { a: 1 },
        result: { ok: true },
        parent_id: null,
      };
      await store.executionLogs.append([
        { ...base, id: 'log_a', tool_slug: 'A', status: 'success', created_at: at(-2000) },
        { ...base, id: 'log_b', tool_slug: 'B', status: 'error', error: 'x', created_at: at(-1000) },
        { ...base, id: 'log_c', tool_slug: 'A', status: 'denied', session_id: 's2', created_at: at() },
      ]);
      const all = await store.executionLogs.list(p, { offset: 0, limit: 10 });
      expect(all.total).toBe(3);
      expect(all.items.map((i) => i.id)).toEqual(['log_c', 'log_b', 'log_a']);
      expect(all.items[2]).toMatchObject({ duration_ms: 4, arguments: { a: 1 }, result: { ok: true } });
      expect((await store.executionLogs.list(p, { toolSlug: 'A', sessionId: 's1', offset: 0, limit: 10 })).items.map((i) => i.id)).toEqual(['log_a']);
      expect((await store.executionLogs.list(p, { status: 'error', offset: 0, limit: 10 })).total).toBe(1);
      expect((await store.executionLogs.list(p, { since: at(-1500), offset: 0, limit: 10 })).total).toBe(2);
      expect(await store.executionLogs.get(other, 'log_a')).toBeUndefined();
    });

    it('consumes an approval exactly once, even when asked concurrently', async () => {
      const p = await project();
      const binding = { session_id: 's', tool_slug: 'T', account_key: '__none__', args_hash: 'h1' };
      const row = await store.approvals.create({
        id: `apr_${randomUUID()}`,
        project_id: p,
        ...binding,
        arguments: {},
        rule: 'ask_always',
        created_at: at(),
        expires_at: at(60_000),
      });
      expect(row.status).toBe('pending');
      expect(await store.approvals.consume(p, binding, at())).toBeUndefined();
      expect((await store.approvals.decide(p, row.id, 'approved', at())).ok).toBe(true);
      expect((await store.approvals.decide(p, row.id, 'denied', at())).ok).toBe(false);
      const results = await Promise.all(Array.from({ length: 5 }, () => store.approvals.consume(p, binding, at())));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.approvals.get(p, row.id, at()))?.status).toBe('used');
    });

    it('reports a pending approval past its expiry as expired, and refuses to decide it', async () => {
      const p = await project();
      const row = await store.approvals.create({
        id: `apr_${randomUUID()}`,
        project_id: p,
        session_id: 's',
        tool_slug: 'T',
        account_key: 'ca_1',
        args_hash: 'h',
        arguments: {},
        rule: 'ask_once',
        created_at: at(),
        expires_at: at(1_000),
      });
      const later = at(5_000);
      expect((await store.approvals.get(p, row.id, later))?.status).toBe('expired');
      expect((await store.approvals.decide(p, row.id, 'approved', later)).ok).toBe(false);
      expect((await store.approvals.list(p, { status: 'expired', offset: 0, limit: 10 }, later)).total).toBe(1);
      expect(await store.approvals.hasOnceGrant(p, 's', 'T', 'ca_1')).toBe(false);
    });

    it('bumps an MCP server version on re-registration and deletes it', async () => {
      const p = await project();
      const server = {
        project_id: p,
        slug: 'mem',
        name: 'Memory',
        transport: 'stdio' as const,
        public_config: { transport: 'stdio' as const, command: 'node', args: ['x'], env_names: [] },
        sealed_secrets: null,
        timeout_ms: 1000,
      };
      expect((await store.mcpServers.put(server)).version).toBe(1);
      expect((await store.mcpServers.put({ ...server, name: 'Mem 2' })).version).toBe(2);
      expect((await store.mcpServers.list(p)).map((s) => s.name)).toEqual(['Mem 2']);
      expect(await store.mcpServers.delete(p, 'mem')).toBe(true);
      expect(await store.mcpServers.get(p, 'mem')).toBeUndefined();
    });

    it('keeps one webhook secret per project unless replaced, next to the egress allowlist', async () => {
      const p = await project();
      expect(await store.projectSettings.get(p)).toEqual({ egress_allow: [], webhook_secret: null });
      const [a, b] = await Promise.all([
        store.projectSettings.setWebhookSecret(p, 'sealed-a', false),
        store.projectSettings.setWebhookSecret(p, 'sealed-b', false),
      ]);
      expect(a).toBe(b);
      await store.projectSettings.setEgressAllow(p, ['localhost']);
      expect(await store.projectSettings.get(p)).toEqual({ egress_allow: ['localhost'], webhook_secret: a });
      expect(await store.projectSettings.setWebhookSecret(p, 'sealed-c', true)).toBe('sealed-c');
    });
  });
}
