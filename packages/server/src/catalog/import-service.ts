import { type ToolkitImport, ToolRouterError } from '@toolrouter/core';
import { type GuardedFetch, isNetworkError } from '../net/index.js';
import type { Store, StoredToolkit } from '../store/store.js';
import type { CatalogService } from './catalog-service.js';
import { IMPORT_BUDGET_DEFAULTS, type ImportBudget, specTooLarge } from './openapi-import/budget.js';
import { OpenApiConverter } from './openapi-import/converter.js';
import type { ConversionJob } from './openapi-import/protocol.js';

/**
 * Imports OpenAPI documents as project-owned toolkits. Re-importing a slug replaces the toolkit
 * and its tools in one transaction and bumps the toolkit version; built-in toolkits cannot be
 * replaced. Parsing, validation and conversion run in worker threads within the import budget,
 * so a large or hostile document cannot stall other requests.
 */
export class ImportService {
  readonly #store: Store;
  readonly #catalog: CatalogService;
  readonly #http: GuardedFetch;
  readonly #budget: ImportBudget;
  readonly #converter: OpenApiConverter;

  constructor(store: Store, catalog: CatalogService, fetch: GuardedFetch, budget: Partial<ImportBudget> = {}) {
    this.#store = store;
    this.#catalog = catalog;
    this.#http = fetch;
    this.#budget = { ...IMPORT_BUDGET_DEFAULTS, ...budget };
    this.#converter = new OpenApiConverter(this.#budget);
  }

  /** Conversions in progress (each in its own worker thread). */
  get conversionsRunning(): number {
    return this.#converter.running;
  }

  /** Stops conversions still running; their requests fail. */
  close(): Promise<void> {
    return this.#converter.close();
  }

  async importOpenApi(projectId: string, input: ToolkitImport): Promise<StoredToolkit> {
    if (this.#catalog.isBuiltinToolkit(input.slug)) {
      throw new ToolRouterError('IMPORT_CONFLICT', `"${input.slug}" is a built-in toolkit and cannot be replaced`, {
        suggestedFix: `Import under another slug, e.g. "${input.slug}_custom".`,
      });
    }
    const document = input.spec !== undefined ? inlineDocument(input.spec) : await this.#download(input.spec_url!);
    const bytes = Buffer.byteLength(document.text);
    if (bytes > this.#budget.maxSpecBytes) throw specTooLarge(bytes, this.#budget.maxSpecBytes);
    const previous = await this.#store.toolkits.get(projectId, input.slug);
    const version = String(previous ? Number.parseInt(previous.toolkit.version, 10) + 1 || 1 : 1);
    const bundle = await this.#converter.convert({
      ...document,
      maxOperations: this.#budget.maxOperations,
      input: {
        slug: input.slug,
        version,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.base_url !== undefined ? { baseUrl: input.base_url } : {}),
        ...(input.logo !== undefined ? { logo: input.logo } : {}),
        ...(input.categories !== undefined ? { categories: input.categories } : {}),
      },
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

  /** The document as text, parsed later in the worker; at most the budget's size is read. */
  async #download(url: string): Promise<Pick<ConversionJob, 'text' | 'format' | 'origin'>> {
    try {
      const response = await this.#http(url, { maxResponseBytes: this.#budget.maxSpecBytes, timeoutMs: 30_000 });
      if (response.status < 200 || response.status >= 300) {
        throw new ToolRouterError('SPEC_FETCH_FAILED', `Fetching ${url} answered HTTP ${response.status}`, {
          suggestedFix: 'Check that the URL serves the OpenAPI document without authentication.',
        });
      }
      return { text: response.text(), format: 'yaml', origin: url };
    } catch (error) {
      if (error instanceof ToolRouterError) throw error;
      if (isNetworkError(error) && error.kind === 'too_large') throw specTooLarge(undefined, this.#budget.maxSpecBytes);
      throw new ToolRouterError('SPEC_FETCH_FAILED', `Could not fetch ${url}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** An inline document travels to the worker as JSON text: one copy, and its size is the budget's measure. */
function inlineDocument(spec: unknown): Pick<ConversionJob, 'text' | 'format' | 'origin'> {
  return { text: JSON.stringify(spec), format: 'json', origin: 'The "spec" field' };
}
