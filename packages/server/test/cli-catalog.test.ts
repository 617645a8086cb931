import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLROUTER_BIN } from './helpers/processes.js';

/**
 * `toolrouter catalog list|show|diff` and `toolrouter toolkits enable|disable` as users run them:
 * the compiled CLI in a child process, on real catalog directories and a real SQLite data dir.
 */
let root: string;
let dataDir: string;

function cli(args: string[]) {
  const res = spawnSync(process.execPath, [TOOLROUTER_BIN, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A declarative toolkit file with GET tools named `<SLUG>_<NAME>`. */
function toolkitYaml(slug: string, opts: { version?: string; description?: string; tools: Array<{ name: string; param?: string; description?: string }> }) {
  const tools = opts.tools
    .map(
      (t) => `  - slug: ${slug.toUpperCase()}_${t.name}
    name: ${t.name.toLowerCase()}
    description: ${t.description ?? `Reads ${t.name.toLowerCase()}.`}
    method: GET
    path: /${t.name.toLowerCase()}
    input_parameters:
      type: object
      properties:
        ${t.param ?? 'id'}:
          type: string
          description: Which one.`,
    )
    .join('\n');
  return `format: 1
slug: ${slug}
name: ${slug[0]!.toUpperCase()}${slug.slice(1)}
description: ${opts.description ?? `The ${slug} API.`}
version: "${opts.version ?? '1'}"
base_url: https://${slug}.example.com
auth_schemes:
  - mode: API_KEY
    in: header
    name: X-Key
tools:
${tools}
`;
}

/** A compiled catalog file (the format of packages/server/catalog/*.json.gz) with one toolkit. */
function compiledCatalog(slug: string) {
  const toolkit = {
    slug,
    name: 'Compiled',
    description: '',
    logo: null,
    categories: [],
    auth_schemes: [{ mode: 'NO_AUTH' }],
    base_url: 'https://c.example.com',
    version: '7',
  };
  const tool = {
    slug: `${slug.toUpperCase()}_PING`,
    name: 'Ping',
    description: 'Pings.',
    toolkit: slug,
    input_parameters: { type: 'object', properties: {} },
    output_parameters: {},
    tags: [],
    version: '7',
    no_auth: true,
    scopes: [],
    binding: { kind: 'http', method: 'GET', path: '/ping', args: {} },
  };
  return gzipSync(JSON.stringify({ format: 1, generated_from: 'test', toolkits: [{ toolkit, tools: [tool] }] }));
}

async function catalogDir(name: string, files: Record<string, string>, compiled?: Buffer) {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'toolkits'), { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, 'toolkits', file), text);
  if (compiled) await writeFile(path.join(dir, 'compiled.json.gz'), compiled);
  return dir;
}

let before: string;
let after: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'toolrouter-catalog-cli-'));
  dataDir = path.join(root, 'data');
  before = await catalogDir('before', {
    'alpha.yaml': toolkitYaml('alpha', { tools: [{ name: 'ONE' }, { name: 'TWO' }, { name: 'THREE' }] }),
    'beta.yaml': toolkitYaml('beta', { tools: [{ name: 'ONE' }] }),
    'gamma.yaml': toolkitYaml('gamma', { tools: [{ name: 'ONE' }] }),
  });
  after = await catalogDir(
    'after',
    {
      // alpha: new version and description; ONE's schema changes, TWO's description, THREE goes, FOUR comes.
      'alpha.yaml': toolkitYaml('alpha', {
        version: '2',
        description: 'The alpha API, second edition.',
        tools: [{ name: 'ONE', param: 'key' }, { name: 'TWO', description: 'Reads two, better.' }, { name: 'FOUR' }],
      }),
      'gamma.yaml': toolkitYaml('gamma', { tools: [{ name: 'ONE' }] }),
      'delta.yaml': toolkitYaml('delta', { tools: [{ name: 'ONE' }, { name: 'TWO' }] }),
    },
    compiledCatalog('compiledkit'),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('toolrouter catalog list / show', () => {
  it('lists the toolkits of a catalog directory, compiled files included', () => {
    const { code, stdout, stderr } = cli(['catalog', 'list', '--dir', after]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'alpha\tAlpha\t3 tools\tAPI_KEY\tv2',
      'compiledkit\tCompiled\t1 tools\tNO_AUTH\tv7',
      'delta\tDelta\t2 tools\tAPI_KEY\tv1',
      'gamma\tGamma\t1 tools\tAPI_KEY\tv1',
    ]);
    const json = JSON.parse(cli(['catalog', 'list', '--dir', after, '--json']).stdout);
    expect(json[0]).toEqual({ slug: 'alpha', name: 'Alpha', tools: 3, auth_modes: ['API_KEY'], version: '2', origin: 'builtin' });
  });

  it('lists the shipped catalog by default', () => {
    const { code, stdout } = cli(['catalog', 'list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^github\tGitHub\t\d+ tools\tOAUTH2,BEARER_TOKEN\tv/m);
    expect(stdout).toMatch(/^hackernews\tHacker News\t6 tools\tNO_AUTH\tv1$/m);
  });

  it("shows a toolkit's details and tools, and suggests a slug for a typo", () => {
    const { code, stdout } = cli(['catalog', 'show', 'alpha', '--dir', after]);
    expect(code).toBe(0);
    expect(stdout).toContain('Alpha (alpha), version 2, builtin');
    expect(stdout).toContain('Base URL: https://alpha.example.com');
    expect(stdout).toContain('Tools (3):');
    expect(stdout).toMatch(/^ {2}ALPHA_FOUR\tfour\t\[readOnlyHint, idempotentHint, openWorldHint\]$/m);
    const json = JSON.parse(cli(['catalog', 'show', 'alpha', '--dir', after, '--json']).stdout);
    expect(json.tools.map((t: { slug: string }) => t.slug)).toEqual(['ALPHA_ONE', 'ALPHA_TWO', 'ALPHA_FOUR']);
    const typo = cli(['catalog', 'show', 'alpah', '--dir', after]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('No toolkit "alpah" (did you mean "alpha"?)');
  });
});

describe('toolrouter catalog diff', () => {
  it('prints added, removed and changed toolkits and tools, with what changed', () => {
    const { code, stdout, stderr } = cli(['catalog', 'diff', before, after]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'Toolkits added: compiledkit (1 tools), delta (2 tools)',
      'Toolkits removed: beta (1 tools)',
      'Toolkits changed:',
      '  alpha (description, version)',
      '    tools added: ALPHA_FOUR',
      '    tools removed: ALPHA_THREE',
      '    tools changed: ALPHA_ONE (schema, binding), ALPHA_TWO (description)',
    ]);
  });

  it('answers --json with the same facts', () => {
    const json = JSON.parse(cli(['catalog', 'diff', before, after, '--json']).stdout);
    expect(json).toEqual({
      added: [
        { slug: 'compiledkit', tools: 1 },
        { slug: 'delta', tools: 2 },
      ],
      removed: [{ slug: 'beta', tools: 1 }],
      changed: [
        {
          slug: 'alpha',
          fields: ['description', 'version'],
          tools: {
            added: ['ALPHA_FOUR'],
            removed: ['ALPHA_THREE'],
            changed: [
              { slug: 'ALPHA_ONE', fields: ['schema', 'binding'] },
              { slug: 'ALPHA_TWO', fields: ['description'] },
            ],
          },
        },
      ],
    });
  });

  it('says "none" for two identical builds', () => {
    const { code, stdout } = cli(['catalog', 'diff', before, before]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['Toolkits added: none', 'Toolkits removed: none', 'Toolkits changed: none']);
    expect(JSON.parse(cli(['catalog', 'diff', before, before, '--json']).stdout)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('fails clearly for a directory that does not exist', () => {
    const { code, stderr } = cli(['catalog', 'diff', before, path.join(root, 'missing')]);
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot read the catalog directory');
  });
});

describe('toolrouter toolkits disable / enable', () => {
  it('turns a toolkit off and on for the project, as catalog list --project shows', () => {
    const created = cli(['projects', 'create', 'ops', '--json']);
    expect(created.code).toBe(0);
    const project = JSON.parse(created.stdout).project.id as string;

    const off = cli(['toolkits', 'disable', 'slack', '--project', project]);
    expect(off.stdout.trim()).toBe(`Turned slack off for project ${project}.`);
    expect(cli(['toolkits', 'disable', 'slack', '--project', project]).stdout.trim()).toBe(`slack was already off for project ${project}.`);
    const listed = cli(['catalog', 'list', '--project', project]).stdout;
    expect(listed).toMatch(/^slack\tSlack\t\d+ tools\tOAUTH2\tv1\tdisabled$/m);
    expect(listed).toMatch(/^gmail\tGmail\t\d+ tools\tOAUTH2\tv1\tenabled$/m);
    expect(cli(['toolkits', 'list', '--project', project]).stdout).not.toMatch(/^slack\t/m);

    const on = cli(['toolkits', 'enable', 'slack', '--project', project]);
    expect(on.stdout.trim()).toBe(`Turned slack on for project ${project}.`);
    expect(cli(['catalog', 'list', '--project', project]).stdout).toMatch(/^slack\t.*\tenabled$/m);

    const typo = cli(['toolkits', 'disable', 'slak', '--project', project]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('No toolkit "slak" (did you mean "slack"?)');
  });
});
