import { TemplateBindingSchema } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { withDefaults } from './arguments.js';
import { renderTemplateRequest, shapeTemplateResponse, templateProblems } from './template-request.js';

const binding = (fields: Record<string, unknown>) => TemplateBindingSchema.parse({ kind: 'template', method: 'POST', path: '/x', ...fields });

describe('template requests', () => {
  it('fills path holes (encoded), drops undefined query values, repeats arrays and builds nested bodies', async () => {
    const b = binding({
      path: '/calendars/{calendar_id}/events',
      query: { sendUpdates: 'send_updates', tag: 'tags', missing: 'nope' },
      headers: { 'X-Trace': '"t-" & trace' },
      body: '{"summary": title, "start": {"dateTime": start, "timeZone": timezone}, "attendees": [attendees.{"email": $}]}',
    });
    const schema = { properties: { calendar_id: { default: 'primary' }, timezone: { default: 'UTC' } } };
    const request = await renderTemplateRequest(
      b,
      withDefaults(schema, { calendar_id: 'team@group/1', title: 'Sync', start: '2026-01-01T10:00:00Z', attendees: ['a@x.com'], tags: ['p', 'q'], trace: 7 }),
    );
    expect(request).toEqual({
      method: 'POST',
      path: '/calendars/team%40group%2F1/events',
      query: { tag: ['p', 'q'] },
      headers: { 'X-Trace': 't-7' },
      // One attendee stays a list: the [...] wrapper keeps JSONata from collapsing a singleton.
      body: { summary: 'Sync', start: { dateTime: '2026-01-01T10:00:00Z', timeZone: 'UTC' }, attendees: [{ email: 'a@x.com' }] },
      contentType: 'application/json',
    });
  });

  it('keeps "/" in a {+reserved} hole and encodes the rest of each segment', async () => {
    const request = await renderTemplateRequest(binding({ method: 'GET', path: '/src/{ref}/{+file_path}' }), { ref: 'main', file_path: 'docs/read me.md' });
    expect(request.path).toBe('/src/main/docs/read%20me.md');
  });

  it('refuses a path hole without a value instead of calling a wrong URL', async () => {
    await expect(renderTemplateRequest(binding({ path: '/things/{id}' }), {})).rejects.toThrow(/needs a value for \{id\}/);
  });

  it('shapes answers: picks and renames fields, maps arrays, wraps non-objects', async () => {
    const b = binding({ response: '{"labels": [labels.{"id": id, "name": name}], "next": nextPageToken}' });
    expect(await shapeTemplateResponse(b, { labels: [{ id: 'L1', name: 'Work', type: 'user', color: {} }], etag: 'x' })).toEqual({
      labels: [{ id: 'L1', name: 'Work' }],
    });
    expect(await shapeTemplateResponse(binding({ response: 'items.id' }), { items: [{ id: 1 }, { id: 2 }] })).toEqual({ response_data: [1, 2] });
    expect(await shapeTemplateResponse(binding({}), { ok: true })).toEqual({ ok: true });
    expect(await shapeTemplateResponse(binding({ response: '{"deleted": true}' }), undefined)).toEqual({ deleted: true });
  });

  it('reports templates that do not compile', () => {
    expect(templateProblems(binding({ body: '{"a": }' }))[0]?.[0]).toEqual(['body']);
    expect(templateProblems(binding({ method: 'GET', body: '{}' }))).toEqual([[['body'], 'a GET request cannot carry a body']]);
  });
});
