import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('server settings', () => {
  it('serves on port 8080 with SQLite under ./data when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.bootstrapApiKey).toBeUndefined();
  });

  it('lets PORT, DATA_DIR and DATABASE_URL override them, and treats empty values as unset', () => {
    const config = loadConfig({ PORT: '9123', DATA_DIR: '/tmp/tr-data', DATABASE_URL: 'postgres://u@db:5432/tr' });
    expect(config.port).toBe(9123);
    expect(config.dataDir).toBe('/tmp/tr-data');
    expect(config.databaseUrl).toBe('postgres://u@db:5432/tr');
    expect(loadConfig({ PORT: '', DATA_DIR: '' }).port).toBe(8080);
  });

  it('names each bad server setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ TOOLROUTER_API_KEY: 'short' })).toThrow(/TOOLROUTER_API_KEY: must be at least 16 characters/);
  });

  it('limits failed authentication to 20 per minute per socket address by default', () => {
    expect(loadConfig({}).authFailures).toEqual({ maxFailures: 20, windowMs: 60_000, trustedProxies: [] });
    const tuned = loadConfig({
      TOOLROUTER_AUTH_MAX_FAILURES: '0',
      TOOLROUTER_AUTH_FAILURE_WINDOW_SECONDS: '300',
      TOOLROUTER_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1',
    });
    expect(tuned.authFailures).toEqual({ maxFailures: 0, windowMs: 300_000, trustedProxies: ['10.0.0.0/8', '127.0.0.1', '::1'] });
    expect(() => loadConfig({ TOOLROUTER_TRUSTED_PROXIES: 'proxy.local' })).toThrow(/TOOLROUTER_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR/);
    expect(() => loadConfig({ TOOLROUTER_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/invalid prefix length/);
  });
});

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
      expect(config.mcpTokenTtlSeconds).toBe(30 * 24 * 3600);
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
    expect(loadConfig({ TOOLROUTER_MCP_TOKEN_TTL_SECONDS: '3600' }).mcpTokenTtlSeconds).toBe(3600);
    expect(() => loadConfig({ TOOLROUTER_MCP_TOKEN_TTL_SECONDS: '40000000' })).toThrow(/TOOLROUTER_MCP_TOKEN_TTL_SECONDS: must be at most/);
  });
});

describe('search settings', () => {
  it('turns the word-vector meaning channel on by default and off on request', () => {
    expect(loadConfig({}).searchWordVectors).toBe(true);
    expect(loadConfig({ TOOLROUTER_SEARCH_WORD_VECTORS: 'off' }).searchWordVectors).toBe(false);
    expect(() => loadConfig({ TOOLROUTER_SEARCH_WORD_VECTORS: 'no' })).toThrow(/TOOLROUTER_SEARCH_WORD_VECTORS/);
  });

  it('gives dense retrieval a minority share of fused scores unless told otherwise, within 0 … 1', () => {
    expect(loadConfig({}).denseWeight).toBe(0.3);
    expect(loadConfig({ TOOLROUTER_EMBEDDINGS_WEIGHT: '0.55' }).denseWeight).toBe(0.55);
    expect(() => loadConfig({ TOOLROUTER_EMBEDDINGS_WEIGHT: '1.5' })).toThrow(/TOOLROUTER_EMBEDDINGS_WEIGHT/);
  });
});

describe('workbench settings', () => {
  it('gives each session 1 GiB of disk by default, any other size on request, 0 for no limit', () => {
    expect(loadConfig({}).workbench.diskBytes).toBe(1024 * 1024 * 1024);
    expect(loadConfig({ TOOLROUTER_WORKBENCH_DISK_MB: '50' }).workbench.diskBytes).toBe(50 * 1024 * 1024);
    expect(loadConfig({ TOOLROUTER_WORKBENCH_DISK_MB: '0' }).workbench.diskBytes).toBe(0);
    expect(() => loadConfig({ TOOLROUTER_WORKBENCH_DISK_MB: '-1' })).toThrow(/TOOLROUTER_WORKBENCH_DISK_MB/);
  });
});

describe('import settings', () => {
  it('budgets an OpenAPI import at 10 MB, 5,000 operations, 60 s, 1 GB of heap and 2 at once by default', () => {
    expect(loadConfig({}).importBudget).toEqual({
      maxSpecBytes: 10 * 1024 * 1024,
      maxOperations: 5_000,
      timeoutMs: 60_000,
      maxConcurrent: 2,
      maxHeapMb: 1_024,
    });
  });

  it('takes each limit from the environment and names a bad one', () => {
    const config = loadConfig({
      TOOLROUTER_IMPORT_MAX_SPEC_BYTES: '2048',
      TOOLROUTER_IMPORT_MAX_OPERATIONS: '50',
      TOOLROUTER_IMPORT_TIMEOUT_MS: '5000',
      TOOLROUTER_IMPORT_CONCURRENCY: '4',
      TOOLROUTER_IMPORT_MAX_HEAP_MB: '256',
    });
    expect(config.importBudget).toEqual({ maxSpecBytes: 2048, maxOperations: 50, timeoutMs: 5_000, maxConcurrent: 4, maxHeapMb: 256 });
    expect(() => loadConfig({ TOOLROUTER_IMPORT_MAX_OPERATIONS: '0' })).toThrow(/TOOLROUTER_IMPORT_MAX_OPERATIONS:/);
    expect(() => loadConfig({ TOOLROUTER_IMPORT_TIMEOUT_MS: 'soon' })).toThrow(/TOOLROUTER_IMPORT_TIMEOUT_MS:/);
  });
});

describe('classic-execute model and execute hook settings', () => {
  it('has neither unless set, and reads both with their defaults', () => {
    expect(loadConfig({}).textModel).toBeUndefined();
    expect(loadConfig({}).executeHook).toBeUndefined();
    const config = loadConfig({
      TOOLROUTER_TEXT_MODEL_URL: 'http://localhost:11434/v1',
      TOOLROUTER_TEXT_MODEL: 'llama3.2',
      TOOLROUTER_EXECUTE_HOOK_URL: 'https://hooks.example.com/tools',
      TOOLROUTER_EXECUTE_HOOK_SECRET: 'a-secret-of-16-chars',
    });
    expect(config.textModel).toEqual({ url: 'http://localhost:11434/v1', model: 'llama3.2', apiKey: undefined });
    expect(config.executeHook).toEqual({ url: 'https://hooks.example.com/tools', secret: 'a-secret-of-16-chars', timeoutMs: 5000 });
  });

  it('requires the model name with the model URL, and the secret with the hook URL', () => {
    expect(() => loadConfig({ TOOLROUTER_TEXT_MODEL_URL: 'http://localhost:11434/v1' })).toThrow(/TOOLROUTER_TEXT_MODEL: required/);
    expect(() => loadConfig({ TOOLROUTER_EXECUTE_HOOK_URL: 'https://hooks.example.com/tools' })).toThrow(/TOOLROUTER_EXECUTE_HOOK_SECRET: required/);
    expect(() => loadConfig({ TOOLROUTER_EXECUTE_HOOK_URL: 'ftp://x' })).toThrow(/TOOLROUTER_EXECUTE_HOOK_URL/);
    expect(() => loadConfig({ TOOLROUTER_EXECUTE_HOOK_URL: 'https://h.example', TOOLROUTER_EXECUTE_HOOK_SECRET: 'short' })).toThrow(/at least 16/);
  });
});
