import { ToolRouterError, type ToolkitImport } from '@toolrouter/core';
import { parse as parseYaml } from 'yaml';
import type { GuardedFetch } from '../net/index.js';
import type { StoredToolkit, Store } from '../store/store.js';
import type { CatalogService } from './catalog-service.js';
import { openApiToBundle } from './sources/openapi/index.js';

/** Largest spec we download; GitHub's full description is ~12 MB, so leave room for big APIs. */
const MAX_SPEC_BYTES = 50 * 1024 * 1024;

/**
 * Imports OpenAPI documents as project-owned toolkits. Re-importing a slug replaces the toolkit
 * and its tools in one transaction and bumps the toolkit version; built-in toolkits cannot be
 * replaced.
 */
export class ImportService {
  readonly #store: Store;
  readonly #catalog: CatalogService;
  readonly #http: GuardedFetch;

  constructor(store: Store, catalog: CatalogService, fetch: GuardedFetch) {
    this.#store = store;
    this.#catalog = catalog;
    this.#http = fetch;
  }

  async importOpenApi(projectId: string, input: ToolkitImport): Promise<StoredToolkit> {
    if (this.#catalog.isBuiltinToolkit(input.slug)) {
      throw new ToolRouterError('IMPORT_CONFLICT', `"${input.slug}" is a built-in toolkit and cannot be replaced`, {
        suggestedFix: `Import under another slug, e.g. "${input.slug}_custom".`,
      });
    }
    const spec = input.spec ?? (await this.#download(input.spec_url!));
    const previous = await this.#store.toolkits.get(projectId, input.slug);
    const version = String(previous ? Number.parseInt(previous.toolkit.version, 10) + 1 || 1 : 1);
    const bundle = await openApiToBundle({
      slug: input.slug,
      spec,
      version,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.base_url !== undefined ? { baseUrl: input.base_url } : {}),
      ...(input.logo !== undefined ? { logo: input.logo } : {}),
      ...(input.categories !== undefined ? { categories: input.categories } : {}),
    });

    const view = await this.#catalog.view(projectId);
    const clashes = bundle.tools.filter((t) => {
      const existing = view.tool(t.slug);
      return existing !== undefined && existing.toolkit !== input.slug;
    });
    if (clashes.length > 0) {
      throw new ToolRouterError('IMPORT_CONFLICT', `${clashes.length} tool slugs already belong to other toolkits`, {
        errors: clashes.slice(0, 20).map((t) => `${t.slug}: already in toolkit "${view.tool(t.slug)!.toolkit}"`),
        suggestedFix: 'Import under a different toolkit slug; tool slugs are prefixed with it.',
      });
    }
    return this.#store.toolkits.put(projectId, bundle.toolkit, bundle.tools);
  }

  async remove(projectId: string, slug: string): Promise<void> {
    if (this.#catalog.isBuiltinToolkit(slug)) {
      throw new ToolRouterError('IMPORT_CONFLICT', `"${slug}" is a built-in toolkit and cannot be deleted`);
    }
    if (!(await this.#store.toolkits.delete(projectId, slug))) {
      throw new ToolRouterError('TOOLKIT_NOT_FOUND', `No imported toolkit "${slug}" in this project`);
    }
  }

  async #download(url: string): Promise<unknown> {
    let text: string;
    try {
      const response = await this.#http(url, { maxResponseBytes: MAX_SPEC_BYTES, timeoutMs: 30_000 });
      if (response.status < 200 || response.status >= 300) {
        throw new ToolRouterError('SPEC_FETCH_FAILED', `Fetching ${url} answered HTTP ${response.status}`, {
          suggestedFix: 'Check that the URL serves the OpenAPI document without authentication.',
        });
      }
      text = response.text();
    } catch (error) {
      if (error instanceof ToolRouterError) throw error;
      throw new ToolRouterError('SPEC_FETCH_FAILED', `Could not fetch ${url}: ${(error as Error).message}`, { cause: error });
    }
    try {
      // YAML is a superset of JSON, so one parser reads both formats.
      return parseYaml(text, { maxAliasCount: 1_000 });
    } catch (error) {
      throw new ToolRouterError('IMPORT_FAILED', `${url} is neither JSON nor YAML: ${(error as Error).message}`);
    }
  }
}
