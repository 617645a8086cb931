import { readFileSync } from 'node:fs';
import { Composio } from '@composio/core';
import { describe, expect, it } from 'vitest';

/** Guards the second compatibility run: it must really be the newer client on Node 22. */
describe('the second compatibility run', () => {
  it('runs @composio/core 0.19 under Node 22 or newer', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    const pkg = JSON.parse(readFileSync(new URL('./node_modules/@composio/core/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(pkg.version).toBe('0.19.0');
    // The alias hands the flows this very package (its Composio class carries the files API).
    expect(typeof Composio).toBe('function');
  });
});
