import { isMetaToolSlug, LATEST_VERSION, META_TOOLKIT, META_TOOLS, PaginationQuerySchema, ToolkitImportSchema, ToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { CatalogService } from '../../catalog/catalog-service.js';
import { toolkitTurnedOff } from '../../catalog/catalog-view.js';
import type { ImportService } from '../../catalog/import-service.js';
import { metaToolItems, metaToolkitDetail, metaToolkitItem } from '../../catalog/meta-toolkit.js';
import { metaToolItem, toolItem } from '../../catalog/tool-item.js';
import { toolkitDetail, toolkitItem } from '../../catalog/toolkit-item.js';
import { authConfigDetails } from '../../connections/auth-config-details.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, paginate } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface CatalogRouteDeps {
  catalog: CatalogService;
  importer: ImportService;
}

const csv = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .optional();

/**
 * Query of `GET /tools`. Besides our filters it names the parameters the reference client adds on
 * its own (important, toolkit_versions[...], ...) so those requests are accepted; they do not
 * change the result.
 */
const ToolsQuerySchema = PaginationQuerySchema.extend({
  toolkit_slug: csv,
  tool_slugs: csv,
  search: z.string().max(500).optional(),
  query: z.string().max(500).optional(),
  tags: csv,
  important: z.enum(['true', 'false']).optional(),
  include_deprecated: z.enum(['true', 'false']).optional(),
  scopes: z.string().optional(),
  auth_config_ids: z.string().optional(),
  version: z.string().optional(),
  toolkit_versions: z.string().optional(),
}).strict();

/** Body of `PATCH /toolkits/{slug}`: the per-project on/off switch. */
const ToolkitSwitchSchema = z.strictObject({ enabled: z.boolean() });

const ToolkitsQuerySchema = PaginationQuerySchema.extend({
  category: z.string().optional(),
  managed_by: z.string().optional(),
  sort_by: z.enum(['usage', 'alphabetically']).optional(),
}).strict();

/**
 * The version a `GET /tools/{slug}` asks for: `version`, else `toolkit_versions[<toolkit>]`, else a
 * plain `toolkit_versions=<v>` that applies to every toolkit. "latest" (or nothing) is always held;
 * any other version must be one this server has, or the answer is a 404 rather than another version.
 */
function requireHeldVersion(c: Context, toolkit: string, held: readonly string[], slug: string): void {
  const asked = c.req.query('version') ?? c.req.query(`toolkit_versions[${toolkit}]`) ?? c.req.query('toolkit_versions');
  if (asked === undefined || asked === '' || asked === LATEST_VERSION || held.includes(asked)) return;
  throw new ToolRouterError('TOOL_VERSION_NOT_FOUND', `Tool "${slug}" has no version "${asked}"`, {
    suggestedFix: `Ask for "${LATEST_VERSION}" or one of: ${held.map((v) => `"${v}"`).join(', ')}.`,
  });
}

/** Bracketed object params (`toolkit_versions[gmail]=...`) arrive as separate keys; fold them. */
function queryWithoutVersionPins(c: Context) {
  const query = c.req.query();
  for (const key of Object.keys(query)) if (key.startsWith('toolkit_versions[')) delete query[key];
  return query;
}

export function catalogRoutes(deps: CatalogRouteDeps) {
  const app = new Hono<AppEnv>();
  const view = (c: Context<AppEnv>) => deps.catalog.view(c.get('project').id);

  app.get('/tools', async (c) => {
    const parsed = ToolsQuerySchema.safeParse(queryWithoutVersionPins(c));
    const q = parsed.success ? parsed.data : readQuery(c, ToolsQuerySchema);
    const v = await view(c);
    const toolkits = q.toolkit_slug?.map((s) => s.toLowerCase());
    for (const slug of toolkits ?? []) {
      if (slug !== META_TOOLKIT.slug) v.requireToolkit(slug);
    }
    // The meta-tools are listed only when the composio toolkit is asked for by name.
    if (toolkits?.includes(META_TOOLKIT.slug)) {
      const meta = metaToolItems().filter((t) => !q.tool_slugs || q.tool_slugs.some((s) => s.toUpperCase() === t.slug));
      if (toolkits.length === 1) return c.json({ ...paginate(meta, decodeCursor(q.cursor), limitFrom(q.limit, 20, 10_000)) });
    }
    const wanted = q.tool_slugs ? new Set(q.tool_slugs.map((s) => s.toUpperCase())) : undefined;
    const words = (q.search ?? q.query)?.toLowerCase().split(/\s+/).filter(Boolean);
    const tools = [...v.tools.values()].filter(
      (t) =>
        (!toolkits || toolkits.includes(t.toolkit)) &&
        (!wanted || wanted.has(t.slug)) &&
        (!q.tags || q.tags.some((tag) => t.tags.includes(tag))) &&
        (!words || words.every((w) => `${t.slug} ${t.name} ${t.description}`.toLowerCase().includes(w))),
    );
    const limit = limitFrom(q.limit, 20, 10_000);
    const page = paginate(words ? byNameMatch(tools, words) : tools, decodeCursor(q.cursor), limit);
    return c.json({ ...page, items: page.items.map((t) => toolItem(t, v.toolkit(t.toolkit)?.toolkit, c.get('origin'))) });
  });

  app.get('/tools/:slug', async (c) => {
    const slug = c.req.param('slug');
    const upper = slug.trim().toUpperCase();
    // Meta-tools are tools of the built-in "composio" toolkit: the classic execute path fetches
    // them here before running them, like any other tool.
    if (isMetaToolSlug(upper)) {
      const item = metaToolItem(META_TOOLS[upper]);
      requireHeldVersion(c, item.toolkit.slug, item.available_versions, upper);
      return c.json(item);
    }
    const v = await view(c);
    const tool = v.tool(slug) ?? v.tool(upper);
    const off = tool ? undefined : v.turnedOffToolkitOf(upper);
    if (off) throw toolkitTurnedOff(off);
    if (!tool) {
      const hint = v.suggestTool(slug);
      throw new ToolRouterError('TOOL_NOT_FOUND', `No tool "${slug}"`, {
        suggestedFix: hint ? `Did you mean "${hint}"?` : 'List tools with GET /api/v3.1/tools?search=...',
      });
    }
    requireHeldVersion(c, tool.toolkit, v.availableVersions(tool.toolkit), tool.slug);
    return c.json(toolItem(tool, v.toolkit(tool.toolkit)?.toolkit, c.get('origin')));
  });

  app.get('/toolkits', async (c) => {
    const q = readQuery(c, ToolkitsQuerySchema);
    const v = await view(c);
    let entries = [...v.toolkits.values()].map((entry) => toolkitItem(entry, c.get('origin')));
    // The meta-tool toolkit comes first, as in the reference's usage order.
    if (!v.toolkit(META_TOOLKIT.slug)) entries.unshift(metaToolkitItem(c.get('origin')));
    if (q.category) entries = entries.filter((e) => e.meta.categories.some((cat) => cat.id === q.category));
    if (q.sort_by === 'alphabetically') entries.sort((a, b) => a.name.localeCompare(b.name));
    return c.json(paginate(entries, decodeCursor(q.cursor), limitFrom(q.limit, 50, 1_000)));
  });

  app.get('/toolkits/:slug', async (c) => {
    const slug = c.req.param('slug');
    const v = await view(c);
    if (slug.toLowerCase() === META_TOOLKIT.slug && !v.toolkit(META_TOOLKIT.slug)) return c.json(metaToolkitDetail(c.get('origin')));
    // A toolkit turned off for the project is still shown here (enabled: false), so an operator
    // can see what they would turn back on; listings, search and sessions no longer see it.
    const off = v.turnedOff.get(slug) ?? v.turnedOff.get(slug.toLowerCase());
    if (off) return c.json({ ...toolkitDetail(off, c.get('origin'), false), auth_config_details: authConfigDetails(off.toolkit) });
    const entry = v.toolkit(slug) ?? v.requireToolkit(slug.toLowerCase(), slug);
    return c.json({ ...toolkitDetail(entry, c.get('origin')), auth_config_details: authConfigDetails(entry.toolkit) });
  });

  /** Turns a catalog toolkit off (or back on) for the calling project. */
  app.patch('/toolkits/:slug', async (c) => {
    const body = await readBody(c, ToolkitSwitchSchema);
    const projectId = c.get('project').id;
    const slug = c.req.param('slug').toLowerCase();
    const result = await deps.catalog.setEnabled(projectId, slug, body.enabled);
    const v = await deps.catalog.view(projectId);
    const entry = v.toolkit(slug) ?? v.turnedOff.get(slug);
    if (!entry) throw new ToolRouterError('INTERNAL', `Toolkit "${slug}" vanished right after it was switched`);
    return c.json({ ...toolkitDetail(entry, c.get('origin'), body.enabled), auth_config_details: authConfigDetails(entry.toolkit), changed: result.changed });
  });

  app.post('/toolkits/import', async (c) => {
    const body = await readBody(c, ToolkitImportSchema);
    const projectId = c.get('project').id;
    await deps.importer.importOpenApi(projectId, body);
    const entry = (await deps.catalog.view(projectId)).toolkit(body.slug);
    if (!entry) throw new ToolRouterError('INTERNAL', `Toolkit "${body.slug}" vanished right after its import`);
    return c.json({ ...toolkitDetail(entry, c.get('origin')), auth_config_details: authConfigDetails(entry.toolkit), tool_count: entry.tools.length }, 201);
  });

  app.delete('/toolkits/:slug', async (c) => {
    const slug = c.req.param('slug');
    await deps.importer.remove(c.get('project').id, slug);
    return c.json({ slug, deleted: true });
  });

  return app;
}

/**
 * Orders the tools a `search` matched so the ones named after the request come first: most search
 * words in the name, then in the slug, then the shorter (more specific) name; catalog order
 * otherwise. Ranking proper lives in the session search; this keeps the plain listing usable.
 */
function byNameMatch<T extends { slug: string; name: string }>(tools: T[], words: string[]): T[] {
  const hits = (text: string) => words.filter((w) => text.includes(w)).length;
  const keyed = tools.map((tool) => ({ tool, name: hits(tool.name.toLowerCase()), slug: hits(tool.slug.toLowerCase()) }));
  keyed.sort((a, b) => b.name - a.name || b.slug - a.slug || a.tool.name.length - b.tool.name.length);
  return keyed.map((k) => k.tool);
}
