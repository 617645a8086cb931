/**
 * The pinned GitHub OpenAPI description the built-in catalog was converted from, and a cached way
 * to get just that one file. `@octokit/openapi` is ~400 MB unpacked, so it is never installed: the
 * tarball is fetched with `npm pack`, its integrity checked, the one file extracted into
 * node_modules/.cache/toolrouter/ and the tarball deleted. Later calls read the cached file.
 *
 * Used by scripts/build-catalog.mjs and by the Prism execution test.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OCTOKIT_OPENAPI_VERSION = '23.0.2';
export const OCTOKIT_OPENAPI_INTEGRITY = 'sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==';
/** api.github.com (not GHES/GHEC), with $refs kept: a fifth of the size of the .deref variant. */
export const SPEC_PATH = 'package/generated/api.github.com.json';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CACHE_DIR = join(root, 'node_modules/.cache/toolrouter', `octokit-openapi-${OCTOKIT_OPENAPI_VERSION}`);

/** Path of the cached spec file, downloading it first when absent. */
export function githubSpecFile({ log = () => {} } = {}) {
  const target = join(CACHE_DIR, 'api.github.com.json');
  if (existsSync(target)) return target;
  const spec = `@octokit/openapi@${OCTOKIT_OPENAPI_VERSION}`;
  const dir = mkdtempSync(join(tmpdir(), 'toolrouter-octokit-'));
  try {
    log(`downloading ${spec} with npm pack`);
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [packed] = JSON.parse(out);
    const tarball = join(dir, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== OCTOKIT_OPENAPI_INTEGRITY) {
      throw new Error(`${spec} integrity mismatch: expected ${OCTOKIT_OPENAPI_INTEGRITY}, got ${integrity}`);
    }
    log(`extracting ${SPEC_PATH}`);
    execFileSync('tar', ['-xzf', tarball, '-C', dir, SPEC_PATH]);
    mkdirSync(CACHE_DIR, { recursive: true });
    // Rename is atomic: a concurrent or interrupted run never leaves a half-written cache file.
    const staged = join(CACHE_DIR, `.api.github.com.json.${process.pid}`);
    renameSync(join(dir, SPEC_PATH), staged);
    renameSync(staged, target);
    return target;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(githubSpecFile({ log: (m) => console.error(`[github-spec] ${m}`) }));
}
