import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolkitSchema, ToolRouterError, ToolSchema } from '@toolrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { declarativeSource, defaultToolkitsDir, loadDeclarativeToolkits, parseDeclarativeToolkit } from './index.js';

/** A small valid file; cases below break one thing at a time. */
const header = `format: 1
slug: demo
name: Demo
description: A toolkit for tests.
version: "1"
base_url: https://api.example.com
auth_schemes:
  - mode: API_KEY
    in: header
    name: X-Api-Key
`;
const tool = (extra = '', slug = 'DEMO_GET_THING', method = 'GET', path = '/things/{id}') => `  - slug: ${slug}
    name: Get thing
    description: Fetches a thing.
    method: ${method}
    path: ${path}
${extra}    input_parameters:
      type: object
      properties:
        id: { type: string, description: The thing. }
      required: [id]
`;
const valid = `${header}tools:\n${tool()}`;

function problemsOf(fileName: string, text: string): ToolRouterError {
  try {
    parseDeclarativeToolkit(fileName, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolRouterError);
    const e = error as ToolRouterError;
    expect(e.code).toBe('IMPORT_FAILED');
    return e;
  }
  throw new Error(`${fileName} was expected to fail`);
}

describe('shipped toolkit files', () => {
  it('all load, validate against core and follow the conventions', async () => {
    const dir = defaultToolkitsDir();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(expect.arrayContaining(['gmail.yaml', 'hackernews.yaml', 'notion.yaml', 'openweather.yaml', 'slack.yaml']));
    const bundles = await loadDeclarativeToolkits(dir);
    expect(bundles.map((b) => b.toolkit.slug)).toEqual(files.map((f) => f.replace(/\.yaml$/, '')));
    for (const { toolkit, tools } of bundles) {
      expect(ToolkitSchema.parse(toolkit)).toEqual(toolkit);
      expect(toolkit.version).toBe('1');
      expect(tools.length).toBeGreaterThanOrEqual(2);
      for (const t of tools) {
        expect(ToolSchema.parse(t)).toEqual(t);
        expect(t.slug.startsWith(`${toolkit.slug.toUpperCase()}_`)).toBe(true);
        expect(t.tags).toContain('openWorldHint');
        // Curated tools are found by what people ask: each carries a few example requests.
        if (t.binding.kind === 'template' || t.binding.kind === 'function') expect(t.examples?.length ?? 0, t.slug).toBeGreaterThanOrEqual(2);
        for (const [name, schema] of Object.entries(t.input_parameters.properties ?? {})) {
          expect((schema as { description?: string }).description, `${t.slug}.${name}`).toBeTruthy();
        }
      }
    }
  });

  it('have the documented auth and key tools', async () => {
    const bundles = Object.fromEntries((await loadDeclarativeToolkits(defaultToolkitsDir())).map((b) => [b.toolkit.slug, b]));
    const gmail = bundles.gmail!;
    const [oauth] = gmail.toolkit.auth_schemes;
    expect(oauth).toMatchObject({ mode: 'OAUTH2', token_url: 'https://oauth2.googleapis.com/token' });
    expect(Object.keys(oauth?.mode === 'OAUTH2' ? oauth.scopes : {})).toContain('https://www.googleapis.com/auth/gmail.send');
    const send = gmail.tools.find((t) => t.slug === 'GMAIL_SEND_EMAIL')!;
    expect(send.binding).toEqual({ kind: 'function', name: 'gmail.send_email' });
    expect(send.input_parameters.properties).toHaveProperty('attachments');
    expect(bundles.slack!.toolkit.auth_schemes[0]).toMatchObject({ scope_separator: ',' });
    expect(bundles.slack!.tools.map((t) => t.slug)).toContain('SLACK_SEND_MESSAGE');
    expect(bundles.hackernews!.tools.every((t) => t.no_auth)).toBe(true);
    // Every Notion call names the API version: raw tools take it as an argument, curated ones fix it.
    for (const t of bundles.notion!.tools) {
      if (t.binding.kind === 'http') expect(t.binding.args.notion_version?.name).toBe('Notion-Version');
      else if (t.binding.kind === 'template') expect(t.binding.headers['Notion-Version']).toBe('"2022-06-28"');
    }
    expect(bundles.openweather!.toolkit.auth_schemes[0]).toMatchObject({ mode: 'API_KEY', in: 'query', name: 'appid' });
  });
});

describe('parseDeclarativeToolkit errors', () => {
  it('accepts the base snippet', () => {
    expect(parseDeclarativeToolkit('demo.yaml', valid).tools).toHaveLength(1);
  });

  // Each case: a broken file and a fragment of the error line it must produce (file + field path).
  const cases: Array<[string, string, string, string]> = [
    ['unknown toolkit key', 'demo.yaml', valid.replace('version:', 'colour: red\nversion:'), 'demo.yaml: colour: unknown key (line 5)'],
    ['unknown tool key', 'demo.yaml', `${header}tools:\n${tool('    inputs: {}\n')}`, 'demo.yaml: tools[0].inputs: unknown key'],
    [
      'unknown arg placement key',
      'demo.yaml',
      `${header}tools:\n${tool('    args: { id: { in: path, where: x } }\n')}`,
      'demo.yaml: tools[0].args.id.where: unknown key',
    ],
    [
      'bad method',
      'demo.yaml',
      `${header}tools:\n${tool('', 'DEMO_GET_THING', 'FETCH')}`,
      'demo.yaml: tools[0].method: expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
    ],
    ['bad slug prefix', 'demo.yaml', `${header}tools:\n${tool('', 'OTHER_GET_THING')}`, 'demo.yaml: tools[0].slug: must start with "DEMO_"'],
    ['lower-case tool slug', 'demo.yaml', `${header}tools:\n${tool('', 'demo_get')}`, 'demo.yaml: tools[0].slug: must be UPPER_SNAKE_CASE'],
    ['duplicate slug', 'demo.yaml', `${header}tools:\n${tool()}${tool()}`, 'demo.yaml: tools[1].slug: duplicate of tools[0].slug "DEMO_GET_THING"'],
    [
      'missing path argument',
      'demo.yaml',
      `${header}tools:\n${tool('', 'DEMO_GET_THING', 'GET', '/things/{thing_id}')}`,
      'demo.yaml: tools[0].path: placeholder {thing_id} has no matching argument',
    ],
    [
      'path argument not required',
      'demo.yaml',
      `${header}tools:\n${tool()}`.replace('required: [id]', 'required: []'),
      'demo.yaml: tools[0].input_parameters.required: must include "id"',
    ],
    ['file name and slug differ', 'other.yaml', valid, 'other.yaml: slug: "demo" does not match the file name (expected "other")'],
    ['numeric version', 'demo.yaml', valid.replace('version: "1"', 'version: 1'), 'demo.yaml: version: expected string, got number 1 (quote it: "1")'],
    ['missing field', 'demo.yaml', valid.replace('name: Demo\n', ''), 'demo.yaml: name: is required'],
    ['wrong format', 'demo.yaml', valid.replace('format: 1', 'format: 2'), 'demo.yaml: format: expected 1'],
    [
      'bad auth mode',
      'demo.yaml',
      valid.replace('mode: API_KEY', 'mode: TOKEN'),
      'demo.yaml: auth_schemes[0].mode: expected one of OAUTH2, API_KEY, BASIC, BEARER_TOKEN, NO_AUTH',
    ],
    ['undeclared scope', 'demo.yaml', `${header}tools:\n${tool('    scopes: [read]\n')}`, 'demo.yaml: tools[0].scopes: the toolkit has no OAUTH2 auth scheme'],
    [
      'argument without description',
      'demo.yaml',
      valid.replace('{ type: string, description: The thing. }', '{ type: string }'),
      'demo.yaml: tools[0].input_parameters.properties.id.description: is required',
    ],
    [
      'args names unknown argument',
      'demo.yaml',
      `${header}tools:\n${tool('    args: { nope: { in: query } }\n')}`,
      'demo.yaml: tools[0].args.nope: names no argument',
    ],
    [
      'body on GET',
      'demo.yaml',
      `${header}tools:\n${tool('    args: { id: { in: body } }\n', 'DEMO_GET_THING', 'GET', '/things')}`,
      'demo.yaml: tools[0].args.id: cannot go to the body of a GET request',
    ],
    ['typo in hint', 'demo.yaml', `${header}tools:\n${tool('    tags: [readonlyHint]\n')}`, 'demo.yaml: tools[0].tags[0]: unknown hint "readonlyHint"'],
    [
      'base_url with trailing slash',
      'demo.yaml',
      valid.replace('https://api.example.com', 'https://api.example.com/'),
      'demo.yaml: base_url: must not end with "/"',
    ],
    ['YAML syntax error', 'demo.yaml', 'format: 1\nslug: demo\ntools: [a, b\nname: x\n', 'demo.yaml: line 4, column 1: YAML syntax error'],
    [
      'duplicate YAML key',
      'demo.yaml',
      valid.replace('name: Demo', 'name: Demo\nname: Again'),
      'demo.yaml: line 4, column 1: YAML syntax error: Map keys must be unique',
    ],
    ['not a mapping', 'demo.yaml', '- just\n- a list\n', 'demo.yaml: expected a mapping'],
    ['empty file', 'demo.yaml', '', 'demo.yaml: expected a mapping'],
  ];

  it.each(cases)('%s', (_label, fileName, text, expected) => {
    const error = problemsOf(fileName, text);
    expect(
      error.errors.some((line) => line.includes(expected)),
      error.errors.join('\n'),
    ).toBe(true);
    // The message itself names the file and the first problem's field.
    expect(error.message.startsWith(`${fileName}: `)).toBe(true);
  });

  it('lets a function binding name other origins: whole origins, or one tenant label as "*"', () => {
    const fn = (origins: string) => `${header}tools:
  - slug: DEMO_FIND_FILES
    name: Find files
    description: Finds files.
    binding: { kind: function, name: googledocs.search_documents, origins: ${origins} }
    input_parameters: { type: object, properties: {} }
`;
    const ok = parseDeclarativeToolkit('demo.yaml', fn("{ drive: https://www.googleapis.com, project: 'https://*.supabase.co' }"));
    expect(ok.tools[0]!.binding).toMatchObject({ origins: { drive: 'https://www.googleapis.com', project: 'https://*.supabase.co' } });
    for (const bad of ['{ drive: https://www.googleapis.com/drive }', "{ x: 'https://*.*.example.com' }", '{ x: ftp://files.example.com }']) {
      expect(problemsOf('demo.yaml', fn(bad)).message).toContain('tools[0].binding.origins');
    }
  });

  it('reports every problem of a file together', () => {
    const text = `${header.replace('name: Demo\n', '')}tools:\n${tool('', 'OTHER_ONE', 'FETCH')}${tool('    bogus: true\n', 'DEMO_TWO', 'GET', '/x/{missing}')}`;
    const error = problemsOf('demo.yaml', text);
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('demo.yaml: name: is required'),
        expect.stringContaining('demo.yaml: tools[0].method: expected one of GET'),
        expect.stringContaining('demo.yaml: tools[1].bogus: unknown key'),
      ]),
    );
    expect(error.errors.length).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^demo\.yaml: .*\(and \d+ more problems\)$/);
  });

  it('reports cross-field problems of several tools together', () => {
    const text = `${header}tools:\n${tool('', 'OTHER_ONE')}${tool('', 'DEMO_TWO', 'GET', '/x/{missing}')}`;
    const error = problemsOf('demo.yaml', text);
    expect(error.errors.map((l) => l.replace(/ \(line \d+\)$/, ''))).toEqual([
      'demo.yaml: tools[0].slug: must start with "DEMO_" followed by the action, e.g. DEMO_LIST_ITEMS',
      'demo.yaml: tools[1].path: placeholder {missing} has no matching argument in input_parameters.properties',
    ]);
  });
});

describe('loadDeclarativeToolkits', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads *.yaml and *.yml in name order, ignores other files, and is a ToolSource', async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolkits-'));
    await writeFile(join(dir, 'zed.yml'), valid.replaceAll('demo', 'zed').replaceAll('DEMO_', 'ZED_'));
    await writeFile(join(dir, 'demo.yaml'), valid);
    await writeFile(join(dir, 'README.md'), '# not a toolkit');
    expect((await loadDeclarativeToolkits(dir)).map((b) => b.toolkit.slug)).toEqual(['demo', 'zed']);
    const source = declarativeSource(dir);
    expect(source.name).toContain(dir);
    expect(await source.load()).toHaveLength(2);
  });

  it('reports the problems of all files, and a slug defined twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolkits-'));
    await writeFile(join(dir, 'demo.yaml'), valid);
    await writeFile(join(dir, 'demo.yml'), valid);
    await writeFile(join(dir, 'bad.yaml'), valid.replace('format: 1', 'format: 9'));
    const error = await loadDeclarativeToolkits(dir).then(
      () => undefined,
      (e: unknown) => e as ToolRouterError,
    );
    expect(error).toBeInstanceOf(ToolRouterError);
    expect(error?.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('bad.yaml: format: expected 1'),
        expect.stringContaining('bad.yaml: slug: "demo" does not match the file name'),
        'demo.yml: slug: toolkit "demo" is already defined by demo.yaml',
      ]),
    );
  });

  it('fails clearly for a missing directory', async () => {
    await expect(loadDeclarativeToolkits('/nonexistent/toolkits')).rejects.toMatchObject({ code: 'IMPORT_FAILED' });
  });
});
