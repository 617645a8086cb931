import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mask } from './mask.js';
import { loadMasterKey, parseKey } from './master-key.js';
import { Sealer } from './sealer.js';

describe('Sealer (AES-256-GCM)', () => {
  const sealer = new Sealer(randomBytes(32));

  it('round-trips, with a fresh IV each time', () => {
    const a = sealer.seal('secret token', 'account:p:ca_1');
    const b = sealer.seal('secret token', 'account:p:ca_1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('secret');
    expect(sealer.open(a, 'account:p:ca_1')).toBe('secret token');
  });

  it('refuses a value moved to another row, altered, or sealed under another key', () => {
    const sealed = sealer.seal('secret token', 'account:p:ca_1');
    expect(() => sealer.open(sealed, 'account:p:ca_2')).toThrow();
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    body[body.length - 1]! ^= 1;
    expect(() => sealer.open(`v1.${sealer.keyId}.${body.toString('base64url')}`, 'account:p:ca_1')).toThrow();
    expect(() => new Sealer(randomBytes(32)).open(sealed, 'account:p:ca_1')).toThrow(/different encryption key/);
  });

  it('masks secrets to at most their last four characters, and short ones to nothing', () => {
    expect(mask('sk-0123456789abcdef')).toBe('••••••••cdef');
    expect(mask('0123456789abcdef')).toBe('••••••••cdef');
    // Under 16 characters four revealed ones would be a quarter of the secret or more.
    expect(mask('0123456789abcde')).toBe('••••••••');
    expect(mask('abcdefghijkl')).toBe('••••••••');
    expect(mask('short')).toBe('••••••••');
    expect(mask('')).toBe('••••••••');
  });
});

describe('master key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'toolrouter-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a 0600 key file on first start and reuses it afterwards', async () => {
    const first = await loadMasterKey({ configured: undefined, dataDir: dir });
    expect(first.key).toHaveLength(32);
    expect(statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    const second = await loadMasterKey({ configured: undefined, dataDir: dir });
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('refuses a key file others can read, and malformed or weak keys', async () => {
    const loose = mkdtempSync(path.join(tmpdir(), 'toolrouter-key-'));
    writeFileSync(path.join(loose, 'encryption.key'), randomBytes(32).toString('base64'), { mode: 0o644 });
    await expect(loadMasterKey({ configured: undefined, dataDir: loose })).rejects.toThrow(/chmod 600/);
    rmSync(loose, { recursive: true, force: true });
    expect(() => parseKey('too-short', 'TOOLROUTER_ENCRYPTION_KEY')).toThrow(/32 random bytes/);
    expect(() => parseKey('00'.repeat(32), 'TOOLROUTER_ENCRYPTION_KEY')).toThrow(/repeated byte/);
    expect(parseKey(randomBytes(32).toString('hex'), 'x')).toHaveLength(32);
    const configured = randomBytes(32).toString('base64');
    expect((await loadMasterKey({ configured, dataDir: dir })).key.toString('base64')).toBe(configured);
  });
});
