import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config/config.js';

/**
 * The deployment files cannot be run on the machines this project is built on (no container runtime,
 * no systemd), so this checks them against the code: the port they publish is the server's, the
 * variables they set are ones the server reads, the paths they start exist, and the health check
 * they call answers.
 */
const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const defaultPort = String(loadConfig({}).port);

/** Variables the files may set that the server itself does not read (MALLOC_ARENA_MAX is glibc's, see config/worker-env.ts). */
const NOT_THE_SERVERS = new Set(['NODE_ENV', 'MALLOC_ARENA_MAX', 'POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB']);
const unknownVariables = (names: Iterable<string>) => [...names].filter((n) => !CONFIG_VARIABLES.includes(n) && !NOT_THE_SERVERS.has(n));

describe('deployment files', () => {
  it('LICENSE is the licence package.json names', () => {
    const license = read('LICENSE');
    for (const file of ['package.json', 'packages/core/package.json', 'packages/server/package.json', 'packages/sdk/package.json']) {
      expect(JSON.parse(read(file)).license, file).toBe('Apache-2.0');
    }
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
  });

  it('the Dockerfile exposes the server port, runs as a non-root user, checks /health and starts the CLI that exists', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort}$`, 'm'));
    expect(dockerfile).toMatch(/^USER (?!root)\w+$/m);
    expect(dockerfile).toMatch(/^FROM .+ AS build$/m); // multi-stage
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    const cmd = /^CMD \["node", ((?:"--[^"]+", )*)"([^"]+)", "serve"\]$/m.exec(dockerfile);
    expect(cmd, 'CMD runs node [flags] <bin> serve').not.toBeNull();
    // The serving process gets the same small young generation as `npm start` and its followers.
    expect(cmd![1]).toContain('"--max-semi-space-size=4"');
    expect(existsSync(new URL(cmd![2]!, root))).toBe(true);
    const envNames = [...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(envNames.length).toBeGreaterThan(0);
    expect(unknownVariables(envNames)).toEqual([]);
    // Dev dependencies are dropped and the TypeScript is built in the image.
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(JSON.parse(read('package.json')).scripts.prepare).toContain('tsc -b');
  });

  it('compose.yaml runs the image on PostgreSQL with variables the server reads and the port it serves', () => {
    const compose = parseYaml(read('compose.yaml')) as {
      services: Record<
        string,
        { environment?: Record<string, string>; ports?: string[]; image?: string; build?: string; depends_on?: Record<string, unknown> }
      >;
    };
    const app = compose.services.toolrouter!;
    expect(app.build).toBe('.');
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    expect(Object.keys(app.depends_on ?? {})).toContain('postgres');
    expect(unknownVariables(Object.keys(app.environment ?? {}))).toEqual([]);
    expect(app.environment!.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(app.environment!.PORT).toBe(defaultPort);
    expect(app.ports).toContain(`${defaultPort}:${defaultPort}`);
    // The key sealing credentials must be given, not left to a file inside one replica's volume.
    expect(app.environment!.TOOLROUTER_ENCRYPTION_KEY).toMatch(/:\?/);
  });

  it('the systemd unit and the example environment file use variables the server reads and paths that exist', () => {
    const unit = read('deploy/toolrouter.service');
    const exec = /^ExecStart=\/usr\/bin\/node ((?:--\S+ )*)(\S+) serve$/m.exec(unit);
    expect(exec).not.toBeNull();
    expect(exec![1]).toContain('--max-semi-space-size=4');
    expect(existsSync(new URL(exec![2]!, root))).toBe(true);
    const unitVars = [...unit.matchAll(/^Environment=([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(unitVars).toContain('DATA_DIR');
    expect(unitVars).toContain('PORT');
    expect(unknownVariables(unitVars)).toEqual([]);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    const example = read('deploy/toolrouter.env.example');
    const exampleVars = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(exampleVars).toContain('TOOLROUTER_ENCRYPTION_KEY');
    expect(unknownVariables(exampleVars)).toEqual([]);
  });

  it('the health check path answers on the server', async () => {
    const { startTestApi } = await import('./harness.js');
    const api = await startTestApi();
    try {
      const res = await api.call('GET', '/health');
      expect(res.status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
