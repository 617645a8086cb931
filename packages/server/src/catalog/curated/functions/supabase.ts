import { ProviderFailure } from '../../../execution/backends/provider-client.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/**
 * Rows of one table through the project's PostgREST API (https://<ref>.supabase.co/rest/v1). That
 * host does not take the Management API token the account holds: the project's secret key is read
 * with it first (GET /v1/projects/{ref}/api-keys) and sent on the PostgREST request instead.
 */
interface Filter {
  column: string;
  operator: string;
  value: unknown;
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function filterValue(f: Filter): string {
  if (f.operator === 'in') {
    const items = Array.isArray(f.value) ? f.value : [f.value];
    return `in.(${items.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')})`;
  }
  if (f.operator === 'is') return `is.${String(f.value)}`;
  return `${f.operator}.${String(f.value)}`;
}

export const selectFromTable: CuratedFunction = async ({ args, api }) => {
  const ref = String(args['project_ref']);
  const filters = (args['filters'] as Filter[] | undefined) ?? [];
  for (const f of filters) if (!COLUMN.test(f.column)) throw new ToolInputError(`"${f.column}" is not a column name`);
  const keys = (await api.json({ method: 'GET', path: `/v1/projects/${encodeURIComponent(ref)}/api-keys`, query: { reveal: true } })) as Array<{
    name?: string;
    type?: string;
    api_key?: string;
  }>;
  const key = (Array.isArray(keys) ? keys : []).find((k) => k.type === 'secret' || k.name === 'service_role')?.api_key;
  if (!key) throw new ToolInputError(`project ${ref} has no secret (service_role) API key this account can read`);
  const query: Record<string, unknown> = { select: args['columns'], order: args['order_by'], limit: args['limit'], offset: args['offset'] };
  for (const f of filters) query[f.column] = [...((query[f.column] as string[] | undefined) ?? []), filterValue(f)];
  const reply = await api.send({
    origin: 'project',
    originLabel: ref,
    credentials: false,
    method: 'GET',
    path: `/rest/v1/${encodeURIComponent(String(args['table']))}`,
    query,
    headers: { apikey: key, authorization: `Bearer ${key}`, 'accept-profile': String(args['schema']) },
  });
  if (!reply.ok) throw new ProviderFailure(reply.outcome);
  const rows = Array.isArray(reply.payload) ? reply.payload : [];
  return { rows, count: rows.length };
};
