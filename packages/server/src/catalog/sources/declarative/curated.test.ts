import { ToolRouterError } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { parseDeclarativeToolkit } from './index.js';

/** Curated tools in toolkit files: template and function bindings, checked when the file loads. */
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
tools:
`;
const inputs = `    input_parameters:
      type: object
      properties:
        id: { type: string, description: The thing. }
        note: { type: string, description: A note. }
      required: [id]
`;
const templateTool = (binding: string, extra = '') => `  - slug: DEMO_UPDATE_THING
    name: Update thing
    description: Updates a thing.
    examples: [change the thing's note, annotate thing 7]
${extra}    binding:
${binding}
${inputs}`;

function problems(text: string): string[] {
  try {
    parseDeclarativeToolkit('demo.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolRouterError);
    return (error as ToolRouterError).errors;
  }
  throw new Error('expected the file to be refused');
}

describe('curated bindings in toolkit files', () => {
  it('loads a template tool with its examples, deriving hints from its method', () => {
    const { tools } = parseDeclarativeToolkit(
      'demo.yaml',
      header +
        templateTool(`      kind: template
      method: PATCH
      path: /things/{id}
      query: { dry_run: 'false' }
      body: '{"note": note}'
      response: '{"id": id}'`),
    );
    expect(tools[0]).toMatchObject({
      binding: {
        kind: 'template',
        method: 'PATCH',
        path: '/things/{id}',
        query: { dry_run: 'false' },
        headers: {},
        body: '{"note": note}',
        content_type: 'application/json',
        response: '{"id": id}',
      },
      examples: ["change the thing's note", 'annotate thing 7'],
      tags: ['openWorldHint'],
    });
  });

  it('refuses templates that do not compile, naming the field', () => {
    const lines = problems(
      header +
        templateTool(`      kind: template
      method: GET
      path: /things/{id +}
      query: { q: 'note ~~ 1' }
      body: '{"a": }'
      response: '{"id": id'`),
    );
    expect(lines.join('\n')).toMatch(/tools\[0\]\.binding\.path: is not a valid JSONata expression/);
    expect(lines.join('\n')).toMatch(/tools\[0\]\.binding\.query\.q: is not a valid JSONata expression/);
    expect(lines.join('\n')).toMatch(/tools\[0\]\.binding\.body: is not a valid JSONata expression/);
    expect(lines.join('\n')).toMatch(/tools\[0\]\.binding\.response: is not a valid JSONata expression/);
    expect(lines.join('\n')).toMatch(/tools\[0\]\.binding\.body: a GET request cannot carry a body/);
  });

  it('refuses a path hole naming an argument that is missing or optional', () => {
    const lines = problems(header + templateTool(`      kind: template\n      method: GET\n      path: /things/{note}/{other}`));
    expect(lines.join('\n')).toMatch(/\{other\} names no argument/);
    expect(lines.join('\n')).toMatch(/input_parameters\.required: must include "note"/);
  });

  it("refuses a function name the server does not register, and lists the toolkit's functions", () => {
    const lines = problems(
      header.replace('slug: demo', 'slug: gmail').replace('DEMO_', 'GMAIL_') +
        templateTool('      kind: function\n      name: gmail.send_emial').replace('DEMO_', 'GMAIL_'),
    );
    expect(lines.some((l) => /binding\.name: no curated function "gmail\.send_emial" is registered \(this toolkit has: gmail\.send_email/.test(l))).toBe(true);
  });

  it('refuses a key without a value in a schema (an unquoted comma in a flow mapping)', () => {
    const lines = problems(
      header +
        templateTool('      kind: function\n      name: gmail.send_email').replace(
          'note: { type: string, description: A note. }',
          'note: { type: string, description: A note, or a comment. }',
        ),
    );
    expect(lines.join('\n')).toMatch(/properties\.note\["or a comment\."\]: has no value \(an unquoted comma/);
  });

  it('refuses a tool that has both a binding and method/path, or neither', () => {
    const both = problems(header + templateTool('      kind: function\n      name: gmail.send_email', '    method: GET\n    path: /things\n'));
    expect(both.join('\n')).toMatch(/tools\[0\]\.method: cannot be combined with binding/);
    expect(both.join('\n')).toMatch(/tools\[0\]\.path: cannot be combined with binding/);
    const neither = problems(`${header}  - slug: DEMO_X\n    name: X\n    description: X.\n${inputs}`);
    expect(neither.join('\n')).toMatch(/needs method and path \(a plain HTTP call\) or binding/);
  });
});
