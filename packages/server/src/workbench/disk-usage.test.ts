import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskWatch, diskUsage } from './disk-usage.js';

let dir: string;
let outside: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'disk-usage-'));
  outside = await mkdtemp(path.join(tmpdir(), 'disk-usage-outside-'));
  await writeFile(path.join(outside, 'elsewhere.bin'), Buffer.alloc(4 << 20, 1));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('diskUsage', () => {
  it('adds up nested files by allocated blocks and never follows links out of the tree', async () => {
    const empty = await diskUsage(dir);
    await mkdir(path.join(dir, 'a/b'), { recursive: true });
    await writeFile(path.join(dir, 'a/b/one.bin'), Buffer.alloc(1 << 20, 1));
    await writeFile(path.join(dir, 'two.bin'), Buffer.alloc(1 << 20, 2));
    await symlink(outside, path.join(dir, 'link-to-outside'));
    const used = (await diskUsage(dir)) - empty;
    expect(used).toBeGreaterThanOrEqual(2 << 20);
    expect(used).toBeLessThan(3 << 20); // the 4 MB behind the link do not count
    expect(await diskUsage(path.join(dir, 'missing'))).toBe(0);
  });
});

describe('DiskWatch', () => {
  it('stops once the tree passes the limit, and lets a tree already over it shrink', async () => {
    const tree = await mkdtemp(path.join(tmpdir(), 'disk-watch-'));
    try {
      let stopped = 0;
      const watch = await DiskWatch.start(tree, 1 << 20, () => stopped++, { intervalMs: 20 });
      await writeFile(path.join(tree, 'big.bin'), Buffer.alloc(2 << 20, 1));
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(1);
      expect(await watch.finish()).toBeGreaterThan(1 << 20);

      // Over the limit from the start: deleting is fine, growing is not.
      const again = await DiskWatch.start(tree, 1 << 20, () => stopped++, { intervalMs: 20 });
      await rm(path.join(tree, 'big.bin'));
      await writeFile(path.join(tree, 'small.bin'), Buffer.alloc(1024, 1));
      expect(await again.finish()).toBeUndefined();
      expect(stopped).toBe(1);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
