/** `session.search()` in SDK form (camelCase). Raw fields the SDK does not know are left out. */
export interface SearchResult {
  index: number;
  useCase: string;
  primaryToolSlugs: string[];
  relatedToolSlugs: string[];
  toolkits: string[];
  difficulty: string | undefined;
  reasoning: string | undefined;
  recommendedPlanSteps: string[];
  knownPitfalls: string[];
  error: string | null;
}

export type ToolSchemaInfo =
  | { toolSlug: string; toolkit: string; description: string | undefined; hasFullSchema: true; inputSchema: Record<string, unknown> }
  | {
      toolSlug: string;
      toolkit: string;
      description: string | undefined;
      hasFullSchema: false;
      /** Fetch the schema with this meta-tool call. */
      schemaRef: { tool: string; args: { tool_slugs: string[] }; message: string };
    };

export interface ToolkitConnectionStatus {
  toolkit: string;
  description: string;
  hasActiveConnection: boolean;
  statusMessage: string;
}

export interface SearchResponse {
  success: boolean;
  error: string | null;
  results: SearchResult[];
  toolSchemas: Record<string, ToolSchemaInfo>;
  toolkitConnectionStatuses: ToolkitConnectionStatus[];
  nextStepsGuidance: string[];
  session: { id: string; generateId: boolean; instructions: string };
  timeInfo: { currentTimeUtc: string; currentTimeUtcEpochSeconds: number; message: string };
}

export interface SearchOptions {
  /** What the agent wants to do, in plain words; several strings run several searches at once. */
  query: string | string[];
  /** Values already known, as "key: value" pairs; helps ranking and planning. */
  knownFields?: string;
  /** Only tools of these toolkits. */
  toolkits?: string[];
}

// The wire object is read field by field; unknown fields are dropped.
export function searchResponseFrom(w: any): SearchResponse {
  const results: SearchResult[] = (w.results ?? []).map((r: any) => ({
    index: r.index,
    useCase: r.use_case,
    primaryToolSlugs: r.primary_tool_slugs ?? [],
    relatedToolSlugs: r.related_tool_slugs ?? [],
    toolkits: r.toolkits ?? [],
    difficulty: r.difficulty ?? r.task_difficulty,
    reasoning: r.reasoning,
    recommendedPlanSteps: r.recommended_plan_steps ?? [],
    knownPitfalls: r.known_pitfalls ?? [],
    error: r.error ?? null,
  }));
  const toolSchemas = Object.fromEntries(
    Object.entries((w.tool_schemas ?? {}) as Record<string, any>).map(([slug, s]) => [
      slug,
      s.schemaRef
        ? { toolSlug: s.tool_slug ?? slug, toolkit: s.toolkit, description: s.description, hasFullSchema: false, schemaRef: s.schemaRef }
        : { toolSlug: s.tool_slug ?? slug, toolkit: s.toolkit, description: s.description, hasFullSchema: true, inputSchema: s.input_schema ?? {} },
    ]),
  ) as Record<string, ToolSchemaInfo>;
  return {
    success: w.success !== false,
    error: w.error ?? null,
    results,
    toolSchemas,
    toolkitConnectionStatuses: (w.toolkit_connection_statuses ?? []).map((s: any) => ({
      toolkit: s.toolkit,
      description: s.description ?? '',
      hasActiveConnection: s.has_active_connection === true,
      statusMessage: s.status_message ?? '',
    })),
    nextStepsGuidance: w.next_steps_guidance ?? [],
    session: { id: w.session?.id ?? '', generateId: w.session?.generate_id === true, instructions: w.session?.instructions ?? '' },
    timeInfo: {
      currentTimeUtc: w.time_info?.current_time_utc ?? '',
      currentTimeUtcEpochSeconds: w.time_info?.current_time_utc_epoch_seconds ?? 0,
      message: w.time_info?.message ?? '',
    },
  };
}
