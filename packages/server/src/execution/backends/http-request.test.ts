import type { HttpBinding } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { buildHttpRequest, secretValues } from './http-request.js';

const binding = (b: Partial<HttpBinding>): HttpBinding => ({ kind: 'http', method: 'GET', path: '/', args: {}, ...b });

describe('buildHttpRequest', () => {
  it('encodes path values, repeats array query values, joins base paths and skips null arguments', () => {
    const req = buildHttpRequest(
      'https://api.example.com/v1/',
      binding({ path: '/files/{path}', args: { path: { in: 'path', name: 'path' }, tag: { in: 'query', name: 'tag' }, skip: { in: 'query', name: 'skip' } } }),
      { path: 'a b/c', tag: ['x', 'y'], skip: null, unlisted: 'never sent' },
      { mode: 'NO_AUTH' },
    );
    expect(req.url).toBe('https://api.example.com/v1/files/a%20b%2Fc?tag=x&tag=y');
    expect(req.body).toBeUndefined();
  });

  it('builds a form body, a whole JSON body, and an empty JSON object for a declared body without fields', () => {
    const form = buildHttpRequest(
      'https://x.example',
      binding({ method: 'POST', args: { a: { in: 'body', name: 'a' } }, body: { content_type: 'application/x-www-form-urlencoded', mode: 'fields' } }),
      { a: [1, 2] },
      { mode: 'NO_AUTH' },
    );
    expect(String(form.body)).toBe('a=1&a=2');
    const whole = buildHttpRequest(
      'https://x.example',
      binding({ method: 'PUT', args: { body: { in: 'body', name: 'body' } }, body: { content_type: 'application/json', mode: 'whole' } }),
      { body: [{ id: 1 }] },
      { mode: 'NO_AUTH' },
    );
    expect(whole.body).toBe('[{"id":1}]');
    const empty = buildHttpRequest(
      'https://x.example',
      binding({ method: 'DELETE', args: { a: { in: 'body', name: 'a' } }, body: { content_type: 'application/json', mode: 'fields' } }),
      {},
      { mode: 'NO_AUTH' },
    );
    expect(empty).toMatchObject({ body: '{}', headers: { 'content-type': 'application/json' } });
  });

  it('applies credentials after the arguments, so an argument cannot replace them', () => {
    const req = buildHttpRequest(
      'https://x.example',
      binding({ args: { Authorization: { in: 'header', name: 'Authorization' }, sid: { in: 'cookie', name: 'sid' } } }),
      { Authorization: 'Bearer attacker', sid: 's1' },
      { mode: 'OAUTH2', token: 'real' },
    );
    expect(req.headers['authorization']).toBe('Bearer real');
    expect(req.headers['cookie']).toBe('sid=s1');
  });

  it('lists the secret strings of each credential for log scrubbing', () => {
    expect(secretValues({ mode: 'API_KEY', in: 'query', name: 'k', value: 'v-123' })).toEqual(['v-123']);
    expect(secretValues({ mode: 'BASIC', username: 'u', password: 'p' })).toEqual(['p', Buffer.from('u:p').toString('base64')]);
    expect(secretValues({ mode: 'NO_AUTH' })).toEqual([]);
  });
});
