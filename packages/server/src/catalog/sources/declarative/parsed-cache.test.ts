import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultToolkitsDir, loadDeclarativeToolkits } from './loader.js';
import { readParsedCache, writeParsedCache } from './parsed-cache.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function copyOf(file: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'toolrouter-parsed-cache-'));
  await cp(join(defaultToolkitsDir(), file), join(dir, 'toolkits', file));
  return join(dir, 'toolkits');
}

describe('the parsed cache of curated toolkit files', () => {
  it('gives exactly what parsing gives, and is used only while the file is unchanged', async () => {
    const toolkits = await copyOf('hackernews.yaml');
    const parsed = new Map<string, { digest: string; bundle: ToolkitBundle }>();
    const fromYaml = await loadDeclarativeToolkits(toolkits, { parsed });
    const cacheFile = join(dir!, 'cache.json.gz');
    await writeParsedCache(cacheFile, parsed);
    const cache = await readParsedCache(cacheFile);
    expect(await loadDeclarativeToolkits(toolkits, { cache })).toEqual(fromYaml);

    // Proof that the cache is what was read: a doctored entry comes back as it is while its digest matches.
    const [name, entry] = [...cache][0]!;
    const doctored = new Map([[name, { ...entry, bundle: { ...entry.bundle, toolkit: { ...entry.bundle.toolkit, name: 'From the cache' } } }]]);
    expect((await loadDeclarativeToolkits(toolkits, { cache: doctored }))[0]!.toolkit.name).toBe('From the cache');

    // Once the file changes, its digest no longer matches: the file is parsed again and the edit shows.
    const file = join(toolkits, name);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^name: .*$/m, 'name: Edited after the build'));
    expect((await loadDeclarativeToolkits(toolkits, { cache: doctored }))[0]!.toolkit.name).toBe('Edited after the build');
  });

  it('reads a missing or foreign cache file as empty', async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolrouter-parsed-cache-'));
    expect((await readParsedCache(join(dir, 'none.json.gz'))).size).toBe(0);
    await writeFile(join(dir, 'junk.json.gz'), 'not gzip');
    expect((await readParsedCache(join(dir, 'junk.json.gz'))).size).toBe(0);
  });
});
