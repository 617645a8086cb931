import { plainProperties, titleOf, typedProperty } from '../notion-values.js';
import { dropUndefined } from './gmail-message.js';
import { type CuratedContext, type CuratedFunction, ToolInputError } from './types.js';

/** Notion rows written from plain values: the property types are read first, then each value is typed. */

export const NOTION_VERSION = '2022-06-28';
const headers = { 'Notion-Version': NOTION_VERSION };

type Schema = Record<string, { type?: string }>;

function typedProperties(schema: Schema, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const type = schema[name]?.type;
    const typed = type ? typedProperty(type, value) : undefined;
    if (typed === undefined) unknown.push(type ? `${name} (${type} cannot be written)` : name);
    else out[name] = typed;
  }
  if (unknown.length > 0) {
    throw new ToolInputError(
      `these properties cannot be set: ${unknown.join(', ')}; the database has ${Object.entries(schema)
        .map(([n, p]) => `${n} (${p.type})`)
        .join(', ')}`,
    );
  }
  return out;
}

async function rowResult(page: Record<string, unknown>): Promise<Record<string, unknown>> {
  return dropUndefined({ id: page['id'], url: page['url'], title: titleOf(page), properties: plainProperties(page['properties']) });
}

function values(ctx: CuratedContext): Record<string, unknown> {
  const given = ctx.args['properties'];
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new ToolInputError('properties must be an object of property name to value');
  return given as Record<string, unknown>;
}

export const insertRow: CuratedFunction = async (ctx) => {
  const databaseId = String(ctx.args['database_id']);
  const database = (await ctx.api.json({ method: 'GET', path: `/v1/databases/${encodeURIComponent(databaseId)}`, headers })) as { properties?: Schema };
  const page = (await ctx.api.json({
    method: 'POST',
    path: '/v1/pages',
    headers,
    body: { parent: { database_id: databaseId }, properties: typedProperties(database.properties ?? {}, values(ctx)) },
  })) as Record<string, unknown>;
  return rowResult(page);
};

export const updateRow: CuratedFunction = async (ctx) => {
  const rowId = encodeURIComponent(String(ctx.args['row_id']));
  const current = (await ctx.api.json({ method: 'GET', path: `/v1/pages/${rowId}`, headers })) as { properties?: Schema };
  const page = (await ctx.api.json({
    method: 'PATCH',
    path: `/v1/pages/${rowId}`,
    headers,
    body: { properties: typedProperties(current.properties ?? {}, values(ctx)) },
  })) as Record<string, unknown>;
  return rowResult(page);
};
