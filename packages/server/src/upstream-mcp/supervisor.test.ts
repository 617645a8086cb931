import { describe, expect, it } from 'vitest';
import { McpSupervisor, type UpstreamTarget } from './supervisor.js';
import type { UpstreamConnection } from './upstream-connection.js';

/** A stand-in connection whose "process" the test can crash. */
function fakeConnection(pid: number) {
  let onExit: ((reason: string) => void) | undefined;
  let closed = false;
  const connection: UpstreamConnection = {
    pid,
    listTools: async () => [],
    callTool: async () => ({ content: [] }),
    onExit: (listener) => {
      onExit = listener;
    },
    close: async () => {
      closed = true;
    },
  };
  return { connection, crash: () => onExit?.('killed'), isClosed: () => closed };
}

const backoff = { initialMs: 40, maxMs: 200, stableAfterMs: 60_000 };

describe('McpSupervisor', () => {
  it('shares one start between concurrent callers', async () => {
    let opens = 0;
    const supervisor = new McpSupervisor({ backoff });
    const target: UpstreamTarget = { key: 'p/a', version: 1, timeoutMs: 1_000, open: async () => fakeConnection(++opens).connection };
    const got = await Promise.all(Array.from({ length: 10 }, () => supervisor.acquire(target)));
    expect(new Set(got).size).toBe(1);
    expect(opens).toBe(1);
    await supervisor.stopAll();
  });

  it('backs off exponentially after failed starts, and callers within their timeout wait for the next try', async () => {
    let attempts = 0;
    const supervisor = new McpSupervisor({ backoff });
    const target: UpstreamTarget = {
      key: 'p/b',
      version: 1,
      timeoutMs: 1_000,
      open: async () => {
        attempts += 1;
        if (attempts <= 3) throw new Error(`boom ${attempts}`);
        return fakeConnection(attempts).connection;
      },
    };
    await expect(supervisor.acquire(target)).rejects.toThrow('boom 1');
    expect(supervisor.status('p/b')).toMatchObject({ state: 'backoff', last_error: 'boom 1' });
    const started = Date.now();
    // The proactive restarts fail twice more (40 ms, then 80 ms) before the fourth start succeeds.
    await expect.poll(() => supervisor.status('p/b').state, { timeout: 2_000, interval: 10 }).toBe('running');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(attempts).toBe(4);
    expect((await supervisor.acquire(target)).pid).toBe(4);
    await supervisor.stopAll();
  });

  it('restarts a crashed connection, replaces it on a new version, and refuses callers whose timeout ends before the restart', async () => {
    const fakes: ReturnType<typeof fakeConnection>[] = [];
    const supervisor = new McpSupervisor({ backoff: { initialMs: 5_000, maxMs: 5_000, stableAfterMs: 60_000 } });
    const target = (version: number): UpstreamTarget => ({
      key: 'p/c',
      version,
      timeoutMs: 100,
      open: async () => {
        const fake = fakeConnection(fakes.length + 1);
        fakes.push(fake);
        return fake.connection;
      },
    });
    await supervisor.acquire(target(1));
    fakes[0]!.crash();
    expect(supervisor.status('p/c')).toMatchObject({ state: 'backoff', crashes: 1, last_error: 'exited: killed' });
    await expect(supervisor.acquire(target(1))).rejects.toThrow(/restarts in 5 s/);
    // A re-registration does not wait for the backoff of the old version.
    const fresh = await supervisor.acquire(target(2));
    expect(fresh.pid).toBe(2);
    await supervisor.acquire(target(3));
    expect(fakes[1]!.isClosed()).toBe(true);
    await supervisor.stopAll();
    expect(fakes[2]!.isClosed()).toBe(true);
  });
});
