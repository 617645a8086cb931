import type { SessionConfig, Tool, Toolkit } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';
import type { ConnectionStatusSource, ToolkitConnectionState } from '../connections/connection-status.js';
import { newId } from '../ids.js';
import { blockedReason, toolkitPasses } from '../sessions/allowed-tools.js';
import { isLocalSlug } from '../sessions/custom-tools.js';
import type { SessionRow, Store } from '../store/store.js';
import { indexedCustomTools } from './indexed-tool.js';
import { schemaJsonLength } from './response-json.js';
import { type Difficulty, difficulty, knownFieldNames, pitfalls, planSteps } from './result-text.js';
import type { SearchService } from './search-service.js';
import type { IndexedTool, ToolkitVerdict } from './types.js';

/** Most tools reported per query: primary (the best matches) plus related. */
export const MAX_TOOLS_PER_QUERY = 8;
export const MAX_PRIMARY = 3;
/**
 * Budget, in characters of JSON, for the input schemas inlined in one search response (≈ 8k
 * tokens). Primary tools come first; schemas beyond the budget are replaced by a schemaRef pointing
 * to COMPOSIO_GET_TOOL_SCHEMAS, so one response never floods the model's context.
 */
export const SCHEMA_BUDGET_CHARS = 32_000;

export interface SearchQueryInput {
  use_case: string;
  known_fields?: string | undefined;
}

export interface SessionSearchInput {
  projectId: string;
  session: SessionRow;
  view: CatalogView;
  queries: readonly SearchQueryInput[];
  /** Restricts results to these toolkits (the client's `toolkits` option). */
  toolkits?: readonly string[] | undefined;
  /** Inline custom tools sent with this request; else the session's stored ones. */
  customs?: Pick<NonNullable<SessionConfig['experimental']>, 'custom_tools' | 'custom_toolkits'> | undefined;
  workflow: { id: string; generated: boolean };
  /** Tools per query; agents get MAX_TOOLS_PER_QUERY, the evaluation asks for its cut-off. */
  limit?: number;
  /** The evaluation's override of the dense weight (0 = lexical only); agents use the server's. */
  denseWeight?: number;
}

export interface SearchResult {
  index: number;
  use_case: string;
  primary_tool_slugs: string[];
  related_tool_slugs: string[];
  toolkits: string[];
  difficulty: Difficulty;
  task_difficulty: Difficulty;
  reasoning: string;
  recommended_plan_steps: string[];
  known_pitfalls: string[];
  error: string | null;
}

export type ToolSchemaEntry =
  | { tool_slug: string; toolkit: string; description: string; hasFullSchema: true; input_schema: Record<string, unknown> }
  | {
      tool_slug: string;
      toolkit: string;
      description: string;
      hasFullSchema: false;
      schemaRef: { tool: 'COMPOSIO_GET_TOOL_SCHEMAS'; args: { tool_slugs: string[] }; message: string };
    };

export interface SessionSearchOutput {
  success: boolean;
  error: string | null;
  results: SearchResult[];
  tool_schemas: Record<string, ToolSchemaEntry>;
  toolkit_connection_statuses: Array<{
    toolkit: string;
    description: string;
    has_active_connection: boolean;
    connection_details: Record<string, unknown>;
    current_user_info: Record<string, unknown>;
    status_message: string;
    accounts: Array<{
      id: string;
      created_at: string;
      is_default: boolean;
      status: string;
      alias: string | null;
      user_info: Record<string, unknown>;
      account_type: 'PRIVATE';
    }>;
  }>;
  next_steps_guidance: string[];
  session: { id: string; generate_id: boolean; instructions: string };
  time_info: { current_time_utc: string; current_time_utc_epoch_seconds: number; message: string };
  log_id: string;
  /** Ranking time of each query in milliseconds (not part of the wire response). */
  timings: number[];
}

export function newWorkflowId(): string {
  return newId('wf');
}

/**
 * The search behind both `POST …/search` and the COMPOSIO_SEARCH_TOOLS meta-tool: rank within the
 * session's allowed tools (plus its custom tools), explain each result from what we know, attach
 * schemas within a budget, report connection state, and log every query.
 */
export async function searchSession(
  deps: { search: SearchService; store: Store; connections: ConnectionStatusSource; now: () => Date },
  input: SessionSearchInput,
): Promise<SessionSearchOutput> {
  const { view, session } = input;
  const config = session.config;
  const onlyToolkits = input.toolkits && input.toolkits.length > 0 ? new Set(input.toolkits.map((t) => t.toLowerCase())) : undefined;
  const customs = input.customs ?? config.experimental;
  const customDocs = indexedCustomTools(customs?.custom_tools, customs?.custom_toolkits, (s) => view.toolkit(s)?.toolkit);
  const customBySlug = new Map(customDocs.map((d) => [d.slug, d]));
  const allow = (slug: string) => {
    if (isLocalSlug(slug)) return !onlyToolkits || onlyToolkits.has(customBySlug.get(slug)?.toolkit ?? '');
    // The tool's own verdict from THE rule (blockedReason, which resolveAllowedTools applies too): a
    // session over the whole catalog would otherwise list and hash its 12,000+ slugs per request.
    const tool = view.tool(slug);
    if (!tool || blockedReason(tool, config) !== undefined) return false;
    return !onlyToolkits || onlyToolkits.has(tool.toolkit);
  };
  // The same rule per toolkit, so the ranking asks once per toolkit instead of once per candidate
  // (thousands per query); tool-level lists and tags leave the toolkit's answer to `allow`.
  const allowToolkit = (toolkit: string): ToolkitVerdict => {
    if ((onlyToolkits && !onlyToolkits.has(toolkit)) || !toolkitPasses(toolkit, config)) return 'none';
    return config.tools?.[toolkit] || config.tags ? 'some' : 'all';
  };

  // Cut from the pooled random bytes (ids.ts): a randomBytes call per search was about 1 % of its CPU.
  const requestId = newId('log');
  const ranked: Array<{ query: SearchQueryInput; slugs: string[]; primaryCount: number; ms: number; error: string | null }> = [];
  for (const query of input.queries) {
    const started = performance.now();
    const text = query.known_fields ? `${query.use_case} ${query.known_fields}` : query.use_case;
    const hits = await deps.search.rank(input.projectId, text, {
      limit: input.limit ?? MAX_TOOLS_PER_QUERY,
      allow,
      allowToolkit,
      view,
      extra: customDocs,
      ...(input.denseWeight !== undefined ? { denseWeight: input.denseWeight } : {}),
    });
    const error = hits.length === 0 ? 'No tool in this session matches this use case; rephrase it, or check which toolkits the session enables.' : null;
    // Primary = the clear leaders: tools scoring close to the best one.
    const top = hits[0]?.score ?? 0;
    const primaryCount = Math.max(1, Math.min(MAX_PRIMARY, hits.filter((h) => h.score >= top * 0.8).length));
    ranked.push({ query, slugs: hits.map((h) => h.slug), primaryCount, ms: performance.now() - started, error });
  }

  const toolOf = (slug: string): Tool | IndexedTool | undefined => view.tool(slug) ?? customBySlug.get(slug);
  const resultToolkits = [...new Set(ranked.flatMap((r) => r.slugs.map((s) => toolOf(s)?.toolkit).filter((t): t is string => !!t)))];
  const catalogToolkits = resultToolkits.map((tk) => view.toolkit(tk)?.toolkit).filter((t): t is Toolkit => !!t);
  // No toolkit to report (nothing found): the user's accounts need not be read.
  const states =
    catalogToolkits.length > 0 ? await deps.connections.states(input.projectId, session.user_id, catalogToolkits) : new Map<string, ToolkitConnectionState>();

  const schemas: Record<string, ToolSchemaEntry> = {};
  let budget = SCHEMA_BUDGET_CHARS;
  const withoutSchema = new Set<string>();
  const addSchema = (slug: string) => {
    if (schemas[slug]) return;
    const tool = toolOf(slug);
    if (!tool) return;
    const catalogTool = 'input_parameters' in tool;
    const inputSchema = catalogTool ? tool.input_parameters : tool.inputSchema;
    const size = schemaJsonLength(inputSchema);
    const base = { tool_slug: slug, toolkit: tool.toolkit, description: tool.description };
    if (size <= budget) {
      budget -= size;
      schemas[slug] = { ...base, hasFullSchema: true, input_schema: inputSchema };
    } else {
      withoutSchema.add(slug);
      schemas[slug] = {
        ...base,
        hasFullSchema: false,
        schemaRef: {
          tool: 'COMPOSIO_GET_TOOL_SCHEMAS',
          args: { tool_slugs: [slug] },
          message: 'Schema left out to keep this response small; fetch it before calling the tool.',
        },
      };
    }
  };
  for (const r of ranked) for (const slug of r.slugs.slice(0, r.primaryCount)) addSchema(slug);
  for (const r of ranked) for (const slug of r.slugs) addSchema(slug);

  const results: SearchResult[] = ranked.map((r, i) => {
    const primary = r.slugs.slice(0, r.primaryCount);
    const related = r.slugs.slice(r.primaryCount);
    const known = knownFieldNames(r.query.known_fields);
    const primaryTools = primary.map((s) => view.tool(s)).filter((t): t is Tool => !!t);
    const level = difficulty(primaryTools, states, known);
    return {
      index: i + 1,
      use_case: r.query.use_case,
      primary_tool_slugs: primary,
      related_tool_slugs: related,
      toolkits: [...new Set(r.slugs.map((s) => toolOf(s)?.toolkit).filter((t): t is string => !!t))],
      difficulty: level,
      task_difficulty: level,
      reasoning: r.error ?? reasoning(primary, related, toolOf),
      recommended_plan_steps: r.error ? [] : planSteps(primaryTools, states, known, withoutSchema),
      known_pitfalls: r.error ? [] : pitfalls(primaryTools),
      error: r.error,
    };
  });

  const failed = results.filter((r) => r.error);
  const now = deps.now();
  const statuses = catalogToolkits.map((tk) => {
    const state = states.get(tk.slug);
    return {
      toolkit: tk.slug,
      description: tk.description || tk.name,
      has_active_connection: state?.has_active_connection ?? false,
      connection_details: {},
      current_user_info: {},
      status_message: state?.status_message ?? '',
      accounts: (state?.accounts ?? []).map((a) => ({
        id: a.id,
        created_at: a.created_at,
        is_default: a.id === state?.account?.id && state.has_active_connection,
        status: a.status.toLowerCase(),
        alias: a.alias,
        user_info: {},
        account_type: 'PRIVATE' as const,
      })),
    };
  });

  await deps.store.search.log(
    ranked.map((r, i) => ({
      id: `${requestId}_${i + 1}`,
      request_id: requestId,
      project_id: input.projectId,
      session_id: session.id,
      query: r.query.use_case,
      slugs: r.slugs,
      latency_ms: r.ms,
      created_at: now.toISOString(),
    })),
  );

  return {
    success: failed.length === 0,
    error:
      failed.length === 0
        ? null
        : `${failed.length} out of ${results.length} searches failed, reasons: ${failed.map((r) => `[${r.index}] ${r.error}`).join('; ')}`,
    results,
    tool_schemas: schemas,
    toolkit_connection_statuses: statuses,
    next_steps_guidance: guidance(statuses, withoutSchema.size > 0),
    session: {
      id: input.workflow.id,
      generate_id: input.workflow.generated,
      instructions: `Pass session_id "${input.workflow.id}" to the next meta-tool calls of this task to keep them together.`,
    },
    time_info: {
      current_time_utc: now.toISOString(),
      current_time_utc_epoch_seconds: Math.floor(now.getTime() / 1000),
      message: 'Current UTC time, for resolving relative dates such as "tomorrow".',
    },
    log_id: requestId,
    timings: ranked.map((r) => r.ms),
  };
}

function reasoning(primary: string[], related: string[], toolOf: (s: string) => { name: string } | undefined): string {
  const names = primary.map((s) => `${s} (${toolOf(s)?.name ?? s})`).join(', ');
  return related.length > 0 ? `Best matches: ${names}. Related tools that may help with neighbouring steps: ${related.join(', ')}.` : `Best match: ${names}.`;
}

function guidance(statuses: Array<{ toolkit: string; has_active_connection: boolean }>, schemasOmitted: boolean): string[] {
  const steps: string[] = [];
  const missing = statuses.filter((s) => !s.has_active_connection).map((s) => s.toolkit);
  if (missing.length > 0) steps.push(`Connect ${missing.join(', ')} with COMPOSIO_MANAGE_CONNECTIONS before executing their tools.`);
  if (schemasOmitted) steps.push('Some schemas were left out for size; fetch them with COMPOSIO_GET_TOOL_SCHEMAS before calling those tools.');
  steps.push('Execute the primary tools with COMPOSIO_MULTI_EXECUTE_TOOL, running independent calls together.');
  return steps;
}
