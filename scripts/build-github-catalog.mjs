#!/usr/bin/env node
/**
 * Builds the built-in GitHub catalog, packages/server/catalog/github.json.gz, from GitHub's
 * official OpenAPI description as published in the npm package @octokit/openapi.
 *
 * The package is ~400 MB unpacked (every GitHub edition, plain and dereferenced), so it is not a
 * dependency: github-spec.mjs downloads the pinned tarball with `npm pack`, checks its integrity and
 * caches the one file needed; this script converts it with the server's OpenAPI converter (from
 * dist/, so what ships is what converts). Usage:
 *
 *   node scripts/build-github-catalog.mjs [--skip-build]
 *
 * To move to a newer description, update OCTOKIT_OPENAPI_VERSION and OCTOKIT_OPENAPI_INTEGRITY in
 * github-spec.mjs (`npm view @octokit/openapi version dist.integrity`) and rerun.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { githubSpecFile, OCTOKIT_OPENAPI_VERSION } from './github-spec.mjs';

// The pinned version, its integrity and the one file used live in github-spec.mjs (shared with the
// Prism execution test); to move to a newer description, update them there and rerun.
const root = fileURLToPath(new URL('..', import.meta.url));
const converterPath = join(root, 'packages/server/dist/catalog/sources/openapi/index.js');
const outputPath = join(root, 'packages/server/catalog/github.json.gz');

/** GitHub's OAuth app scopes (docs.github.com, "Scopes for OAuth apps"), summarized. */
const GITHUB_SCOPES = {
  repo: 'Full access to public and private repositories, including code, issues, pull requests and settings.',
  'repo:status': 'Read and write commit statuses on public and private repositories.',
  repo_deployment: 'Read and write deployments and deployment statuses.',
  public_repo: 'Full access to public repositories only.',
  'repo:invite': 'Accept or decline invitations to collaborate on repositories.',
  security_events: 'Read and write code scanning and other security events.',
  'admin:repo_hook': 'Full control of repository webhooks, including deleting them.',
  'write:repo_hook': 'Read, create and update repository webhooks.',
  'read:repo_hook': 'Read repository webhooks.',
  'admin:org': 'Full control of organizations, their teams, projects and memberships.',
  'write:org': 'Read and write organization membership and organization projects.',
  'read:org': 'Read organization membership, teams and projects.',
  'admin:public_key': 'Full control of the user’s public SSH keys.',
  'write:public_key': 'Create, list and view the user’s public SSH keys.',
  'read:public_key': 'List and view the user’s public SSH keys.',
  'admin:org_hook': 'Full control of organization webhooks.',
  gist: 'Create and update gists.',
  notifications: 'Read notifications and mark them as read; watch and unwatch repositories.',
  user: 'Read and write the user’s profile data.',
  'read:user': 'Read the user’s profile data.',
  'user:email': 'Read the user’s email addresses.',
  'user:follow': 'Follow and unfollow other users.',
  project: 'Read and write user and organization projects.',
  'read:project': 'Read user and organization projects.',
  delete_repo: 'Delete repositories the user administers.',
  'write:packages': 'Upload and publish packages to GitHub Packages.',
  'read:packages': 'Download and install packages from GitHub Packages.',
  'delete:packages': 'Delete packages from GitHub Packages.',
  'admin:gpg_key': 'Full control of the user’s GPG keys.',
  'write:gpg_key': 'Create, list and view the user’s GPG keys.',
  'read:gpg_key': 'List and view the user’s GPG keys.',
  codespace: 'Create and manage codespaces.',
  workflow: 'Add and update GitHub Actions workflow files.',
};

const AUTH_SCHEMES = [
  {
    mode: 'OAUTH2',
    authorization_url: 'https://github.com/login/oauth/authorize',
    token_url: 'https://github.com/login/oauth/access_token',
    scopes: GITHUB_SCOPES,
    default_scopes: ['repo', 'user'],
    grants: ['authorization_code'],
    pkce: true,
    scope_separator: ' ',
  },
  {
    mode: 'BEARER_TOKEN',
    fields: [
      {
        name: 'token',
        display_name: 'Personal access token',
        description: 'A classic or fine-grained GitHub personal access token with the permissions the tools need.',
        secret: true,
        required: true,
      },
    ],
  },
];

const log = (message) => console.log(`[catalog:github] ${message}`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

async function loadConverter() {
  if (!process.argv.includes('--skip-build')) {
    log('building packages/server (tsc -b)');
    run('npx', ['tsc', '-b', 'packages/server'], { cwd: root, stdio: 'inherit' });
  }
  try {
    return await import(pathToFileURL(converterPath).href);
  } catch (error) {
    throw new Error(`cannot load the converter from ${converterPath}; build the server first (npx tsc -b packages/server)`, {
      cause: error,
    });
  }
}

/** What a server start pays: read, gunzip and parse, nothing else. Best of five runs. */
function measureLoad(file) {
  let best = Infinity;
  for (let i = 0; i < 5; i += 1) {
    const start = performance.now();
    JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main() {
  const { openApiToBundle } = await loadConverter();
  const spec = JSON.parse(readFileSync(githubSpecFile({ log }), 'utf8'));

  log(`converting ${Object.keys(spec.paths).length} paths`);
  const started = performance.now();
  const bundle = await openApiToBundle({
    slug: 'github',
    name: 'GitHub',
    spec,
    baseUrl: 'https://api.github.com',
    version: OCTOKIT_OPENAPI_VERSION,
    logo: null,
    categories: ['developer-tools'],
    authSchemes: AUTH_SCHEMES,
  });
  log(`converted ${bundle.tools.length} tools in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const catalog = { format: 1, generated_from: `@octokit/openapi@${OCTOKIT_OPENAPI_VERSION}`, toolkits: [bundle] };
  const json = JSON.stringify(catalog);
  writeFileSync(outputPath, gzipSync(json, { level: zlib.Z_BEST_COMPRESSION }));
  log(`wrote ${outputPath}: ${mb(statSync(outputPath).size)} gzip, ${mb(Buffer.byteLength(json))} JSON`);
  log(`load time (gunzip + JSON.parse): ${measureLoad(outputPath).toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(`[catalog:github] failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error?.cause) console.error(error.cause);
  process.exit(1);
});
