import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createRuntime } from '../src/runtime.js';
import { checkReadiness } from '../src/workbench/readiness.js';

/**
 * What the server leaves on disk, checked on real files: a data directory it creates is not
 * listable by others (0711 while the workbench, whose sandbox users must pass through, lives in
 * it; 0700 otherwise), and the SQLite database with its -wal and -shm files is 0600 — even under
 * a umask that would allow everything. Existing wider modes are left alone and warned about.
 */
const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
let umask: number;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'toolrouter-perms-'));
  // The most permissive umask: whatever ends up private was made so on purpose.
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

/** Starts the runtime as the server does, collecting what it logs at warn level. */
async function start(env: Record<string, string>) {
  const warnings: { msg: string; path?: string }[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const runtime = await createRuntime(loadConfig(env), log);
  // A write, so that SQLite has its WAL in use.
  await runtime.projects.createProject('p');
  return { runtime, warnings };
}

describe('data directory and database permissions', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const runtime of opened.splice(0)) await runtime.close();
  });

  it('creates the data dir 0711 around the workbench, and every database file 0600', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const { runtime, warnings } = await start({ DATA_DIR: dataDir });
    opened.push(runtime);
    expect(mode(dataDir)).toBe(0o711);
    const db = path.join(dataDir, 'toolrouter.db');
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
    }
    expect(mode(path.join(dataDir, 'encryption.key'))).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('keeps the workbench sandbox users able to reach their files through the data dir', async () => {
    // The directories above the data dir are the operator's; here they let anyone pass, as /var/lib does.
    chmodSync(root, 0o711);
    mkdirSync(path.join(root, 'sandboxed'), { mode: 0o711 });
    const dataDir = path.join(root, 'sandboxed', 'data');
    const { runtime } = await start({ DATA_DIR: dataDir });
    opened.push(runtime);
    expect(mode(dataDir)).toBe(0o711);
    const readiness = await checkReadiness(runtime.config.workbench);
    expect(readiness.problems).toEqual([]);
  });

  it('creates it 0700 when the workbench lives elsewhere', async () => {
    const dataDir = path.join(root, 'private', 'data');
    const { runtime } = await start({ DATA_DIR: dataDir, TOOLROUTER_WORKBENCH_DIR: path.join(root, 'private', 'workbench') });
    opened.push(runtime);
    expect(mode(dataDir)).toBe(0o700);
  });

  it('warns about an existing data dir and database that others can read, without changing them', async () => {
    const dataDir = path.join(root, 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const db = path.join(dataDir, 'toolrouter.db');
    writeFileSync(db, '', { mode: 0o644 });
    chmodSync(db, 0o644);
    const { runtime, warnings } = await start({ DATA_DIR: dataDir });
    opened.push(runtime);
    expect(mode(dataDir)).toBe(0o755);
    expect(mode(db)).toBe(0o644);
    const flagged = warnings.map((w) => w.path);
    expect(flagged).toContain(dataDir);
    expect(flagged).toContain(db);
    expect(warnings.find((w) => w.path === db)?.msg).toMatch(/chmod 600/);
    expect(warnings.find((w) => w.path === dataDir)?.msg).toMatch(/chmod 711/);
  });
});
