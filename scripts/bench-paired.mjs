#!/usr/bin/env node
/**
 * Paired A/B of one hot path between two builds of the router. A benchmark, not a test.
 *
 *   npm run bench:paired -- DIR_A DIR_B [--path rest|rest-oauth|mcp|mcp-direct|mcp-list|search] [--rounds 6] [--burst 3]
 *                                       [--warm 4] [--profile DIR]
 *
 * DIR_A and DIR_B are checkouts that have been built (`npm run build`), e.g. /work/main and a worktree; a path
 * may be `A:B` (e.g. `mcp:rest`) to compare two paths of one build. Both servers (`serve --workers 1`, fresh
 * SQLite data dirs, one loopback upstream, the sessions and toolkits of bench:router) run at the same time; each
 * waits out its start-up work and gets `--warm` seconds of unrecorded load, then short autocannon bursts (16
 * connections) alternate between them, starting with the other one each round, so both see the same machine.
 * On a busy machine this is far steadier than two bench:router runs one after the other. It prints the server
 * CPU ms per request of each side, overall and per round. `--profile DIR` writes V8 CPU profiles to DIR/A and DIR/B.
 *
 * Paths: `rest` and `rest-oauth` REST execute of the no-auth and the OAuth2 tool; `mcp` MCP tools/call through
 * multi-execute, `mcp-direct` the tool called directly over MCP, `mcp-list` tools/list; `search` the search
 * request of bench:router, in a session that may use every toolkit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchSessions, cpuMs, pathRequests, probe, runLoad, settle, startServer, startUpstream } from './bench/router-fixture.mjs';

const PATHS = ['rest', 'rest-oauth', 'mcp', 'mcp-direct', 'mcp-list', 'search'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: 'mcp' },
    rounds: { type: 'string', default: '6' },
    burst: { type: 'string', default: '3' },
    warm: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});
if (positionals.length !== 2) throw new Error('usage: bench-paired.mjs DIR_A DIR_B [--path …] [--rounds N] [--burst S] [--warm S] [--profile DIR]');
const ROUNDS = Number(values.rounds);
const BURST = Number(values.burst);
const WARM = Number(values.warm);
if (!(Number.isInteger(ROUNDS) && ROUNDS > 0)) throw new Error('--rounds must be a whole number above 0');
if (!(BURST > 0 && BURST <= 60) || !(WARM >= 0 && WARM <= 60)) throw new Error('--burst must be in (0, 60], --warm in [0, 60]');
const [pathA, pathB = pathA] = values.path.split(':');
for (const kind of [pathA, pathB]) if (!PATHS.includes(kind)) throw new Error(`unknown --path ${kind}: one of ${PATHS.join(', ')}`);
const log = (message) => process.stderr.write(`[bench:paired] ${message}\n`);
const load = (options) => runLoad({ connections: 16, ...options });

const upstream = await startUpstream();
const sides = [];
try {
  for (const [name, root, kind] of [
    ['A', resolve(positionals[0]), pathA],
    ['B', resolve(positionals[1]), pathB],
  ]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-paired-'));
    const server = startServer({ root, env: { DATA_DIR: dataDir }, workers: 1, profileDir: values.profile && join(values.profile, name) });
    sides.push({ name, kind, root, dataDir, server, cpu: 0, requests: 0, rounds: [] });
    const sessions = await benchSessions(await server.url, upstream.url);
    const { check, ...target } = pathRequests(sessions)[kind];
    await probe(`${name} ${kind}`, { ...target, check });
    sides.at(-1).target = target;
    // The worker builds its search index in the background after listening: let that finish.
    await settle(server.child.pid, `${sessions.api}/tool_router/session/${sessions.bench.id}/search`, 1, (m) => log(`${name}: ${m}`));
  }
  // Warm the JIT of both before anything is recorded.
  for (const side of sides) if (WARM > 0) await load({ ...side.target, duration: WARM });
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const before = cpuMs(side.server.child.pid);
      const result = await load({ ...side.target, duration: BURST });
      const used = cpuMs(side.server.child.pid) - before;
      if (result.non2xx || result.errors) throw new Error(`${side.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      side.cpu += used;
      side.requests += result.requests.total;
      side.rounds.push((used / result.requests.total).toFixed(2));
    }
    log(`round ${round + 1}/${ROUNDS}, load ${loadavg()[0].toFixed(1)}`);
  }
  for (const side of sides) {
    console.log(
      `${side.name} ${side.kind} (${side.root}): ${(side.cpu / side.requests).toFixed(3)} ms CPU/req over ${side.requests} requests; per round ${side.rounds.join(' ')}`,
    );
  }
} finally {
  for (const side of sides) {
    await side.server.stop();
    rmSync(side.dataDir, { recursive: true, force: true });
  }
  await upstream.close();
}
