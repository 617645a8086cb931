import { type CustomToolkitRegister, MAX_TOOL_SLUG_LENGTH, type Tool, ToolkitSchema, ToolkitSlugSchema, ToolRouterError, ToolSchema } from '@toolrouter/core';
import type { CatalogService } from '../../catalog/catalog-service.js';
import type { Store } from '../../store/store.js';
import type { WebhookSecrets } from './webhook-secret.js';

/**
 * Project-level custom tools that the server executes by calling the project's webhooks. They are
 * stored as a toolkit of the project, so search, session filters, permissions and logs treat them
 * like any other tool.
 */
export class CustomToolkitService {
  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogService,
    private readonly secrets: WebhookSecrets,
  ) {}

  async put(projectId: string, slug: string, body: CustomToolkitRegister) {
    const slugCheck = ToolkitSlugSchema.safeParse(slug);
    if (!slugCheck.success) {
      throw invalid([`slug: "${slug}" ${slugCheck.error.issues[0]?.message ?? 'is not a valid toolkit slug'}`]);
    }
    if (this.catalog.isBuiltinToolkit(slug) || (await this.store.mcpServers.get(projectId, slug))) {
      throw new ToolRouterError('IMPORT_CONFLICT', `"${slug}" is already a built-in toolkit or an MCP server`, { suggestedFix: 'Pick another slug.' });
    }
    const existing = await this.store.toolkits.get(projectId, slug);
    if (existing && !existing.toolkit.categories.includes('custom')) {
      throw new ToolRouterError('IMPORT_CONFLICT', `"${slug}" is an imported toolkit of this project`, {
        suggestedFix: 'Pick another slug, or delete that toolkit first.',
      });
    }
    const version = `custom-${Date.now()}`;
    const prefix = `${slug.toUpperCase().replace(/-/g, '_')}_`;
    const problems: string[] = [];
    const seen = new Set<string>();
    const tools: Tool[] = [];
    body.tools.forEach((t, i) => {
      const finalSlug = `${prefix}${t.slug.toUpperCase().replace(/-/g, '_')}`;
      const url = t.webhook_url ?? body.webhook_url;
      if (!url) problems.push(`tools[${i}].webhook_url: required (or give webhook_url for the whole toolkit)`);
      if (finalSlug.length > MAX_TOOL_SLUG_LENGTH)
        problems.push(`tools[${i}].slug: the final slug ${finalSlug} is longer than ${MAX_TOOL_SLUG_LENGTH} characters`);
      if (seen.has(finalSlug)) problems.push(`tools[${i}].slug: ${finalSlug} is used twice`);
      seen.add(finalSlug);
      const parsed = ToolSchema.safeParse({
        slug: finalSlug,
        name: t.name,
        description: t.description,
        toolkit: slug,
        input_parameters: t.input_schema,
        output_parameters: t.output_schema ?? {},
        tags: t.tags ?? ['openWorldHint'],
        version,
        no_auth: true,
        scopes: [],
        binding: { kind: 'webhook', url: url ?? 'https://invalid.invalid' },
      });
      if (parsed.success) tools.push(parsed.data);
      else problems.push(...parsed.error.issues.map((issue) => `tools[${i}].${issue.path.join('.')}: ${issue.message}`));
    });
    if (problems.length > 0) throw invalid(problems);
    const toolkit = ToolkitSchema.parse({
      slug,
      name: body.name,
      description: body.description ?? '',
      categories: ['custom'],
      auth_schemes: [{ mode: 'NO_AUTH' }],
      base_url: null,
      version,
    });
    await this.store.toolkits.put(projectId, toolkit, tools);
    const { secret, created } = await this.secrets.ensure(projectId);
    return {
      slug,
      name: toolkit.name,
      tool_count: tools.length,
      tools: tools.map((t) => ({ slug: t.slug, name: t.name, webhook_url: t.binding.kind === 'webhook' ? t.binding.url : null })),
      // Shown once, when the project's secret is created; rotate it to see a new one.
      ...(created ? { webhook_secret: secret } : {}),
    };
  }

  async list(projectId: string) {
    const all = await this.store.toolkits.list(projectId);
    return all
      .filter((t) => t.toolkit.categories.includes('custom'))
      .map((t) => ({ slug: t.toolkit.slug, name: t.toolkit.name, tool_count: t.tool_count, updated_at: t.updated_at }));
  }

  async delete(projectId: string, slug: string): Promise<void> {
    const existing = await this.store.toolkits.get(projectId, slug);
    if (!existing?.toolkit.categories.includes('custom')) {
      throw new ToolRouterError('TOOLKIT_NOT_FOUND', `No custom toolkit "${slug}" in this project`, {
        suggestedFix: 'List them with GET /api/v3.1/custom_toolkits.',
      });
    }
    await this.store.toolkits.delete(projectId, slug);
  }
}

function invalid(errors: string[]): ToolRouterError {
  return new ToolRouterError('VALIDATION_FAILED', errors.length === 1 ? `Invalid request: ${errors[0]}` : `Invalid request: ${errors.length} problems`, {
    errors,
    suggestedFix: 'Correct the fields listed in "errors" and send the request again.',
  });
}
