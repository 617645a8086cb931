import { describe, expect, it } from 'vitest';
import { BatchWriter } from './log-batches.js';

function recorder(options: { failFirst?: boolean; writeMs?: number } = {}) {
  const batches: number[][] = [];
  let fail = options.failFirst ?? false;
  const write = async (batch: number[]) => {
    if (options.writeMs) await new Promise((r) => setTimeout(r, options.writeMs));
    if (fail) {
      fail = false;
      throw new Error('store down');
    }
    batches.push(batch);
  };
  return { batches, write };
}

describe('BatchWriter', () => {
  it('writes what waited one interval as one batch, in order', async () => {
    const { batches, write } = recorder();
    const writer = new BatchWriter(write, { intervalMs: 20, maxBatch: 100, maxQueued: 1_000, onError: () => {} });
    for (let i = 0; i < 5; i++) await writer.add(i);
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('splits at maxBatch and makes a caller wait when maxQueued entries are waiting', async () => {
    const { batches, write } = recorder({ writeMs: 5 });
    const writer = new BatchWriter(write, { intervalMs: 60_000, maxBatch: 3, maxQueued: 4, onError: () => {} });
    let highest = 0;
    for (let i = 0; i < 20; i++) {
      await writer.add(i);
      highest = Math.max(highest, writer.pending);
    }
    await writer.flush();
    expect(highest).toBeLessThanOrEqual(4);
    expect(batches.flat()).toEqual([...Array(20).keys()]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('counts a failed batch as lost and goes on with the next', async () => {
    const { batches, write } = recorder({ failFirst: true });
    const errors: number[] = [];
    const writer = new BatchWriter(write, { intervalMs: 60_000, maxBatch: 10, maxQueued: 100, onError: (_e, lost) => errors.push(lost) });
    await writer.add(1);
    await writer.add(2);
    await writer.flush();
    await writer.add(3);
    await writer.flush();
    expect(errors).toEqual([2]);
    expect(writer.lost).toBe(2);
    expect(batches).toEqual([[3]]);
  });

  it('writes the queue on close and each later entry before add resolves', async () => {
    const { batches, write } = recorder();
    const writer = new BatchWriter(write, { intervalMs: 60_000, maxBatch: 10, maxQueued: 100, onError: () => {} });
    await writer.add(1);
    await writer.close();
    expect(batches).toEqual([[1]]);
    await writer.add(2);
    expect(batches).toEqual([[1], [2]]);
  });
});
