import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OpenAIProvider } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompatServer, startCompatServer } from './composio-server.js';
import { importInventory, startInventoryUpstream } from './inventory-upstream.js';
import { completionCalling } from './scripted-model.js';

/**
 * The workbench pair through the official client: session.execute, and a scripted model's tool
 * call handled by the OpenAI provider, with a tool run from inside the sandbox.
 */
let server: CompatServer;
let upstream: Awaited<ReturnType<typeof startInventoryUpstream>>;
let workbenchDir: string;

beforeAll(async () => {
  upstream = await startInventoryUpstream();
  // The sandbox users must be able to cross the directories above the files (mkdtemp makes 0700).
  workbenchDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-compat-wb-'));
  await chmod(workbenchDir, 0o711);
  server = await startCompatServer({ TOOLROUTER_WORKBENCH_DIR: workbenchDir });
  await importInventory(server, upstream.url);
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
  await rm(workbenchDir, { recursive: true, force: true });
});

describe('@composio/core: the workbench', () => {
  it('session.execute runs code that keeps its state and calls a tool of the session', async () => {
    const session = await server.composio().create('user-wb', { toolkits: ['inventory'] });
    const first = await session.execute('COMPOSIO_REMOTE_WORKBENCH', {
      code_to_execute: 'item, error = run_composio_tool("INVENTORY_GET_ITEM", {"id": "42"})',
    });
    expect(first.error).toBeNull();
    const second = await session.execute('COMPOSIO_REMOTE_WORKBENCH', { code_to_execute: "f\"{item['name']} x{item['units']}\"" });
    expect(second.data).toMatchObject({ results: 'bulb x7', stdout: '', stderr: '' });
    const shell = await session.execute('COMPOSIO_REMOTE_BASH_TOOL', { command: 'echo hello > note.txt && cat note.txt' });
    expect(shell.data).toMatchObject({ stdout: 'hello\n', stdoutLines: 1, stderrLines: 0 });
    expect(upstream.calls.some((c) => c.path === '/items/42')).toBe(true);
  });

  it("answers a scripted model's workbench call through provider.handleToolCalls", async () => {
    const provider = new OpenAIProvider();
    const session = await server.composio(provider).create('user-wb', { toolkits: ['inventory'] });
    const messages = await provider.handleToolCalls(
      session,
      completionCalling([{ name: 'COMPOSIO_REMOTE_WORKBENCH', args: { code_to_execute: 'sum(range(10))' } }]),
    );
    const content = JSON.parse(String(messages[0]!.content));
    expect(content).toMatchObject({ successful: true, data: { results: '45' } });
  });
});
