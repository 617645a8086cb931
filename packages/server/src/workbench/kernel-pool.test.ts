import { describe, expect, it } from 'vitest';
import type { Kernel } from './kernel.js';
import { KernelPool, PoolBusyError } from './kernel-pool.js';

/** Stands in for a sandboxed process: the pool only looks at `alive` and calls `kill`. */
function fakeKernel(name: string) {
  const kernel = { name, alive: true, kill: () => void (kernel.alive = false) };
  return kernel;
}

function pool(size: number, idleMs = 60_000) {
  let clock = 0;
  const started: Array<{ key: string; slot: number; kernel: ReturnType<typeof fakeKernel> }> = [];
  const p = new KernelPool({
    size,
    idleMs,
    now: () => clock,
    start: async (key, slot) => {
      if (key.startsWith('broken')) throw new Error('sandbox would not start');
      const kernel = fakeKernel(key);
      started.push({ key, slot, kernel });
      return kernel as unknown as Kernel;
    },
  });
  return { p, started, advance: (ms: number) => (clock += ms) };
}

describe('KernelPool', () => {
  it('stops kernels idle longer than the limit, never one that is running', async () => {
    const { p, started, advance } = pool(2, 1_000);
    await p.with('a', async () => undefined);
    let release!: () => void;
    const running = p.with('b', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((r) => setTimeout(r, 0));
    advance(5_000);
    p.reapIdle();
    await new Promise((r) => setTimeout(r, 0));
    expect(started.map((s) => [s.key, s.kernel.alive])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(p.size).toBe(1);
    release();
    await running;
    await p.stopAll();
  });

  it('replaces a dead kernel on the next call, in the same slot', async () => {
    const { p, started } = pool(1);
    await p.with('a', async () => undefined);
    started[0]!.kernel.alive = false;
    await p.with('a', async () => undefined);
    expect(started.map((s) => [s.key, s.slot])).toEqual([
      ['a', 0],
      ['a', 0],
    ]);
    await p.stopAll();
  });

  it('forgets a kernel that failed to start, so the slot is free again', async () => {
    const { p } = pool(1);
    await expect(p.with('broken', async () => undefined)).rejects.toThrow('sandbox would not start');
    expect(p.size).toBe(0);
    await p.with('a', async () => undefined);
    await expect(Promise.all([p.with('a', () => new Promise((r) => setTimeout(r, 20))), p.with('b', async () => undefined)])).rejects.toBeInstanceOf(
      PoolBusyError,
    );
    await p.stopAll();
  });
});
