import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * House rules that are cheap to check mechanically. Each test names the rule; a failure lists the
 * offending files so the fix is obvious.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.ts$/.test(name) && !/\.(test|contract)\.ts$/.test(name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(root, file);
const offenders = (files: string[], pattern: RegExp, allowed: (file: string) => boolean) =>
  files.filter((f) => !allowed(rel(f)) && pattern.test(readFileSync(f, 'utf8'))).map(rel);

const server = sources(path.join(root, 'server/src'));

/** The files a module imports by relative path, relative to packages/. */
const localImports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => rel(path.resolve(path.dirname(file), m[1]!)));
const core = sources(path.join(root, 'core/src'));

describe('architecture', () => {
  it('reads the environment only in config/', () => {
    expect(offenders(server, /process\.env/, (f) => f.startsWith('server/src/config/'))).toEqual([]);
  });

  it('makes outbound HTTP only through net/ (the guarded client)', () => {
    const outbound = /\bfetch\(|from 'node:https?'|from 'undici'|from 'axios'/;
    // The inbound listener needs node:http for its server, not for requests of its own.
    expect(offenders(server, outbound, (f) => f.startsWith('server/src/net/') || f === 'server/src/http/listener.ts')).toEqual([]);
  });

  it('keeps core free of I/O and of server code', () => {
    expect(offenders(core, /from 'node:|from '@toolrouter\/server|from '(pg|better-sqlite3|kysely|hono)'/, () => false)).toEqual([]);
  });

  it('keeps the store behind its interface: only store/ and the composition roots import implementations', () => {
    const impl = /from '\.\.?\/(\.\.\/)*store\/(sqlite|postgres|kysely-store|open-store)\.js'/;
    // The evaluation harness is a composition root of its own: it builds a throwaway SQLite instance; so is the
    // first process of `serve --workers`, which migrates and bootstraps the store once for all of them.
    const roots = ['server/src/runtime.ts', 'server/src/search/eval/run-eval.ts', 'server/src/serve-cluster.ts'];
    expect(offenders(server, impl, (f) => f.startsWith('server/src/store/') || roots.includes(f))).toEqual([]);
  });

  it('keeps the MCP server side in mcp/: no other module builds MCP servers or transports', () => {
    const mcpServer = /from '@modelcontextprotocol\/sdk\/server\//;
    expect(offenders(server, mcpServer, (f) => f.startsWith('server/src/mcp/'))).toEqual([]);
  });

  it('runs tools only through the execution backends: no module outside execution/ builds tool requests', () => {
    const builders = /buildHttpRequest\(|connectUpstream\(/;
    expect(offenders(server, builders, (f) => f.startsWith('server/src/execution/') || f.startsWith('server/src/upstream-mcp/'))).toEqual([]);
  });

  it('spawns processes only in the upstream MCP supervisor (through the MCP SDK), the workbench sandboxes and the CLI', () => {
    const spawns = /from 'node:child_process'|StdioClientTransport/;
    const allowed = ['server/src/upstream-mcp/', 'server/src/workbench/', 'server/src/cli/'];
    expect(offenders(server, spawns, (f) => allowed.some((dir) => f.startsWith(dir)))).toEqual([]);
  });

  it('encrypts and decrypts secrets only in the vault (connections/vault/)', () => {
    expect(offenders(server, /createCipheriv|createDecipheriv/, (f) => f.startsWith('server/src/connections/vault/'))).toEqual([]);
  });

  it('points dependencies downward: services never import the edges (http/, mcp/, web/, cli/)', () => {
    const edges = ['http', 'mcp', 'web', 'cli'].map((e) => `server/src/${e}/`);
    const isEdge = (f: string) => edges.some((e) => f.startsWith(e));
    const roots = ['server/src/runtime.ts', 'server/src/serve.ts'];
    const bad = server.filter((f) => !isEdge(rel(f)) && !roots.includes(rel(f)) && localImports(f).some(isEdge));
    expect(bad.map(rel)).toEqual([]);
  });

  it('keeps the store at the bottom: store/ imports nothing else of the server', () => {
    const store = server.filter((f) => rel(f).startsWith('server/src/store/'));
    const bad = store.filter((f) => localImports(f).some((target) => !target.startsWith('server/src/store/')));
    expect(bad.map(rel)).toEqual([]);
  });

  it('keeps the hosted pages (web/) on the connections services, away from the store', () => {
    const web = server.filter((f) => rel(f).startsWith('server/src/web/'));
    expect(web.filter((f) => /from '\.\.\/store\//.test(readFileSync(f, 'utf8'))).map(rel)).toEqual([]);
  });

  it('keeps tool sources independent of each other and of the store', () => {
    const sourceFiles = server.filter((f) => rel(f).startsWith('server/src/catalog/sources/'));
    const bad = sourceFiles.filter((f) => {
      const text = readFileSync(f, 'utf8');
      const own = rel(f).split('/')[4];
      const crossSource = [...text.matchAll(/from '\.\.\/([a-z-]+)\//g)].some((m) => m[1] !== own);
      return crossSource || /store\//.test(text);
    });
    expect(bad.map(rel)).toEqual([]);
  });
});
