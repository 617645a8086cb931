import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('connection settings', () => {
  it('reads managed OAuth apps from a file and from the environment (the environment wins)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolrouter-config-'));
    try {
      const file = path.join(dir, 'managed.json');
      writeFileSync(file, JSON.stringify({ github: { client_id: 'from-file', client_secret: 's' }, gmail: { client_id: 'g' } }));
      const config = loadConfig({ TOOLROUTER_MANAGED_AUTH_FILE: file, TOOLROUTER_MANAGED_AUTH: JSON.stringify({ github: { client_id: 'from-env' } }) });
      expect(config.managedAuth['github']?.client_id).toBe('from-env');
      expect(config.managedAuth['gmail']?.client_id).toBe('g');
      expect(config.linkTtlSeconds).toBe(900);
      expect(config.encryptionKey).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the setting and the problem', () => {
    expect(() => loadConfig({ TOOLROUTER_MANAGED_AUTH: '{nope' })).toThrow(/TOOLROUTER_MANAGED_AUTH: not valid JSON/);
    expect(() => loadConfig({ TOOLROUTER_MANAGED_AUTH: '{"github":{"client_secret":"x"}}' })).toThrow(/github\.client_id/);
    expect(() => loadConfig({ TOOLROUTER_MANAGED_AUTH_FILE: '/nonexistent/managed.json' })).toThrow(/cannot read/);
    expect(() => loadConfig({ TOOLROUTER_LINK_TTL_SECONDS: '5' })).toThrow(/TOOLROUTER_LINK_TTL_SECONDS: must be at least 60/);
  });
});

describe('search settings', () => {
  it('turns the word-vector meaning channel on by default and off on request', () => {
    expect(loadConfig({}).searchWordVectors).toBe(true);
    expect(loadConfig({ TOOLROUTER_SEARCH_WORD_VECTORS: 'off' }).searchWordVectors).toBe(false);
    expect(() => loadConfig({ TOOLROUTER_SEARCH_WORD_VECTORS: 'no' })).toThrow(/TOOLROUTER_SEARCH_WORD_VECTORS/);
  });
});
