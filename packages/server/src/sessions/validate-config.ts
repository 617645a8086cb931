import { isMetaToolSlug, type SessionConfig, ToolRouterError } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';
import { type AllowedTools, blockedReason, resolveAllowedTools, toolkitPasses } from './allowed-tools.js';
import { customToolProblems, isLocalSlug } from './custom-tools.js';
import { versionPinProblems } from './version-pins.js';

export const PRELOAD_WARNING_THRESHOLD = 20;
export const PRELOAD_ALL_LIMIT = 1_000;

export interface SessionWarning {
  /**
   * `PRELOAD_TOOLS_HIGH_CONTEXT_USAGE` is the reference's; `DISABLED_SLUG_NOT_IN_CATALOG` is ours
   * (the reference client passes the array through without checking codes).
   */
  code: 'PRELOAD_TOOLS_HIGH_CONTEXT_USAGE' | 'DISABLED_SLUG_NOT_IN_CATALOG';
  message: string;
}

export interface ValidatedConfig {
  allowed: AllowedTools;
  warnings: SessionWarning[];
}

/**
 * Checks a (schema-valid) session config against the project's catalog and throws one error that
 * lists every problem, so a caller fixes everything in one round trip. Nothing is stored unless
 * this passes.
 */
export function validateSessionConfig(view: CatalogView, config: SessionConfig): ValidatedConfig {
  const problems: string[] = [];
  const warnings: SessionWarning[] = [];
  const ignored = (field: string, what: string, hint: string | undefined) =>
    warnings.push({
      code: 'DISABLED_SLUG_NOT_IN_CATALOG',
      message: `${field}: this server has no ${what}, so there is nothing to disable; the entry is kept and takes effect if it is added${hint ? ` (did you mean "${hint}"?)` : ''}`,
    });

  /**
   * Whether the toolkit is in the project's catalog. Lists that can only take tools away
   * (`disable`) may name toolkits this server lacks or has turned off: that is a warning (or
   * nothing), since seeds written for a bigger catalog must still run. Everything else is strict.
   */
  const checkToolkit = (slug: string, field: string, onlyDisables = false): boolean => {
    if (view.toolkit(slug)) return true;
    if (view.turnedOff.has(slug)) {
      if (!onlyDisables) problems.push(`${field}: toolkit "${slug}" is turned off for this project`);
      return false;
    }
    const hint = view.suggestToolkit(slug);
    if (onlyDisables) ignored(field, `toolkit "${slug}"`, hint);
    else problems.push(`${field}: unknown toolkit "${slug}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    return false;
  };

  config.toolkits?.enable?.forEach((s, i) => checkToolkit(s, `toolkits.enable[${i}]`));
  config.toolkits?.disable?.forEach((s, i) => checkToolkit(s, `toolkits.disable[${i}]`, true));

  for (const [toolkit, filter] of Object.entries(config.tools ?? {})) {
    const onlyDisables = filter.disable !== undefined;
    if (!checkToolkit(toolkit, `tools.${toolkit}`, onlyDisables)) continue;
    if (!toolkitPasses(toolkit, config)) {
      problems.push(`tools.${toolkit}: toolkit "${toolkit}" is excluded by the toolkits filter; add it to toolkits.enable or remove this entry`);
    }
    const listed = filter.enable ?? filter.disable ?? [];
    const key = filter.enable ? 'enable' : 'disable';
    listed.forEach((slug, i) => {
      const field = `tools.${toolkit}.${key}[${i}]`;
      const tool = view.tool(slug);
      if (!tool) {
        const hint = view.suggestTool(slug, toolkit);
        if (onlyDisables) ignored(field, `tool "${slug}"`, hint);
        else problems.push(`${field}: unknown tool "${slug}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      } else if (tool.toolkit !== toolkit) {
        problems.push(`${field}: tool "${slug}" belongs to toolkit "${tool.toolkit}", not "${toolkit}"`);
      }
    });
  }

  for (const key of Object.keys(config.auth_configs ?? {})) checkToolkit(key, `auth_configs.${key}`);
  for (const key of Object.keys(config.connected_accounts ?? {})) checkToolkit(key, `connected_accounts.${key}`);

  if (config.multi_account?.enable === false && config.multi_account.max_accounts_per_toolkit !== undefined) {
    problems.push('multi_account.max_accounts_per_toolkit: only meaningful with multi_account.enable = true');
  }
  if (!config.multi_account?.enable) {
    for (const [toolkit, ids] of Object.entries(config.connected_accounts ?? {})) {
      if (ids.length > 1) {
        problems.push(`connected_accounts.${toolkit}: ${ids.length} accounts given; enable multi_account to use more than one per toolkit`);
      }
    }
  }

  problems.push(...customToolProblems(view, config.experimental?.custom_tools, config.experimental?.custom_toolkits));

  problems.push(...versionPinProblems(view, config, checkToolkit));

  const allowed = resolveAllowedTools(view, config);
  const preload = config.preload?.tools;
  if (preload === 'all') {
    if (!hasPositiveFilter(config)) {
      problems.push('preload.tools: "all" needs a positive filter (toolkits.enable, tools.<toolkit>.enable or an enabling tag filter) so the set is bounded');
    } else if (allowed.tools.length > PRELOAD_ALL_LIMIT) {
      problems.push(
        `preload.tools: "all" would preload ${allowed.tools.length} tools; the limit is ${PRELOAD_ALL_LIMIT}. Narrow the filters or list the tools`,
      );
    }
  } else if (preload) {
    preload.forEach((slug, i) => {
      const problem = preloadProblem(view, config, slug);
      if (problem) problems.push(`preload.tools[${i}]: ${problem}`);
    });
  }

  if (problems.length > 0) {
    throw new ToolRouterError(
      'SESSION_INVALID_CONFIG',
      problems.length === 1 ? `Invalid session config: ${problems[0]}` : `Invalid session config: ${problems.length} problems`,
      { errors: problems, suggestedFix: 'Correct the fields listed in "errors" and send the request again.' },
    );
  }

  const preloadCount = preload === 'all' ? allowed.tools.length : (preload?.length ?? 0);
  if (preloadCount > PRELOAD_WARNING_THRESHOLD) {
    warnings.push({
      code: 'PRELOAD_TOOLS_HIGH_CONTEXT_USAGE',
      message: `${preloadCount} tools are preloaded; every one adds its schema to the model context. Above ${PRELOAD_WARNING_THRESHOLD}, let the agent find tools through search instead.`,
    });
  }
  return { allowed, warnings };
}

function preloadProblem(view: CatalogView, config: SessionConfig, slug: string): string | undefined {
  if (isMetaToolSlug(slug)) return `"${slug}" is a meta-tool; meta-tools are listed according to their own settings`;
  if (isLocalSlug(slug)) return `"${slug}" is a custom tool; set "preload": true on the custom tool instead`;
  const tool = view.tool(slug);
  if (!tool) {
    const off = view.turnedOffToolkitOf(slug);
    if (off) return `"${slug}" belongs to toolkit "${off}", which is turned off for this project`;
    const hint = view.suggestTool(slug);
    return `unknown tool "${slug}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
  }
  const why = blockedReason(tool, config);
  return why ? `"${slug}" is not allowed in this session because ${why}` : undefined;
}

function hasPositiveFilter(config: SessionConfig): boolean {
  return Boolean(config.toolkits?.enable || Object.values(config.tools ?? {}).some((f) => f.enable || f.tags?.enable?.length) || config.tags?.enable?.length);
}
