import type { HttpBinding, Tool } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { deriveHints, parseDeclarativeToolkit } from './index.js';

/** One-tool toolkit with the given method, path, argument names and extra tool lines. */
function toolOf(method: string, path: string, args: string[], extra = '', required: string[] = []) {
  const props = args.map((a) => `        ${a}: { type: string, description: Argument ${a}. }`).join('\n');
  const text = `format: 1
slug: demo
name: Demo
description: Test toolkit.
version: "2"
base_url: https://api.example.com
auth_schemes: [{ mode: BEARER_TOKEN }]
tools:
  - slug: DEMO_CALL
    name: Call
    description: Calls the API.
    method: ${method}
    path: ${path}
${extra}    input_parameters:
      type: object
      properties:
${props || '        {}'}
      required: [${required.join(', ')}]
`;
  const tool = parseDeclarativeToolkit('demo.yaml', text).tools[0];
  if (tool?.binding.kind !== 'http') throw new Error('no HTTP tool');
  return tool as Tool & { binding: HttpBinding };
}

describe('derived MCP hints', () => {
  it.each([
    ['GET', ['readOnlyHint', 'idempotentHint', 'openWorldHint']],
    ['HEAD', ['readOnlyHint', 'idempotentHint', 'openWorldHint']],
    ['PUT', ['idempotentHint', 'openWorldHint']],
    ['DELETE', ['destructiveHint', 'idempotentHint', 'openWorldHint']],
    ['POST', ['openWorldHint']],
    ['PATCH', ['openWorldHint']],
  ] as const)('%s → %j', (method, hints) => {
    expect(deriveHints(method)).toEqual(hints);
    expect(toolOf(method, '/x', []).tags).toEqual(hints);
  });

  it('keeps the method hints when tags list only categories', () => {
    expect(toolOf('GET', '/x', [], '    tags: [search]\n').tags).toEqual(['readOnlyHint', 'idempotentHint', 'openWorldHint', 'search']);
  });

  it('uses the listed hints as they are once any hint is listed', () => {
    expect(toolOf('POST', '/search', [], '    tags: [readOnlyHint, search]\n').tags).toEqual(['readOnlyHint', 'search']);
  });
});

describe('bindings', () => {
  it('GET: path arguments to the path, the rest to the query, no body', () => {
    const tool = toolOf('GET', '/repos/{owner}/{repo}/issues', ['owner', 'repo', 'state'], '', ['owner', 'repo']);
    expect(tool.binding).toEqual({
      kind: 'http',
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues',
      args: {
        owner: { in: 'path', name: 'owner' },
        repo: { in: 'path', name: 'repo' },
        state: { in: 'query', name: 'state' },
      },
    });
    expect(tool.version).toBe('2');
    expect(tool.toolkit).toBe('demo');
  });

  it('DELETE: free arguments go to the query', () => {
    expect(toolOf('DELETE', '/items/{id}', ['id', 'force'], '', ['id']).binding.args).toEqual({
      id: { in: 'path', name: 'id' },
      force: { in: 'query', name: 'force' },
    });
  });

  it.each(['POST', 'PUT', 'PATCH'])('%s: free arguments become JSON body fields', (method) => {
    const { binding } = toolOf(method, '/items/{id}', ['id', 'title', 'body'], '', ['id']);
    expect(binding.args).toEqual({
      id: { in: 'path', name: 'id' },
      title: { in: 'body', name: 'title' },
      body: { in: 'body', name: 'body' },
    });
    expect(binding.body).toEqual({ content_type: 'application/json', mode: 'fields' });
  });

  it('explicit args override the defaults and can rename, and body_content_type is kept', () => {
    const extra = `    args:
      version: { in: header, name: Api-Version }
      page: { in: query }
      item_id: { in: path, name: id }
    body_content_type: application/json; charset=utf-8
`;
    const { binding } = toolOf('POST', '/items/{id}', ['item_id', 'version', 'page', 'text'], extra, ['item_id']);
    expect(binding.args).toEqual({
      item_id: { in: 'path', name: 'id' },
      version: { in: 'header', name: 'Api-Version' },
      page: { in: 'query', name: 'page' },
      text: { in: 'body', name: 'text' },
    });
    expect(binding.body).toEqual({ content_type: 'application/json; charset=utf-8', mode: 'fields' });
  });

  it('a POST without body arguments has no body', () => {
    expect(toolOf('POST', '/items/{id}/archive', ['id'], '', ['id']).binding.body).toBeUndefined();
  });

  it('tool defaults: no_auth false, no scopes, empty output schema', () => {
    expect(toolOf('GET', '/x', ['a'])).toMatchObject({ no_auth: false, scopes: [], output_parameters: {} });
  });

  it('rejects two arguments on the same wire slot and a body type without a body', () => {
    const extra = `    args:
      a: { in: header, name: X-Key }
      b: { in: header, name: x-key }
    body_content_type: text/plain
`;
    expect(() => toolOf('GET', '/x', ['a', 'b'], extra)).toThrow(
      expect.objectContaining({
        errors: [
          expect.stringMatching(/^demo\.yaml: tools\[0\]\.args\.b: goes to the same header parameter "x-key" as argument "a"/),
          expect.stringMatching(/^demo\.yaml: tools\[0\]\.body_content_type: is set, but no argument goes to the body/),
        ],
      }),
    );
  });
});
