import type { CustomTool as WireCustomTool, CustomToolkit as WireCustomToolkit } from '@toolrouter/core';
import type { JsonSchemaObject } from '../session/results.js';
import type { WireSession } from '../session/wire-types.js';
import type { CustomTool, CustomToolkit } from './create-tool.js';

/** A local tool as the session knows it: its final slug and what it was registered from. */
export interface RegisteredCustomTool {
  /** Final slug the agent calls, e.g. `LOCAL_GREP` or `LOCAL_DEV_TOOLS_GREP`. */
  slug: string;
  /** The slug given to `createTool`. */
  originalSlug: string;
  name: string;
  description: string;
  inputSchema: JsonSchemaObject;
  outputSchema?: Record<string, unknown>;
  /** Catalog toolkit whose connection the tool uses. */
  extendsToolkit?: string;
  /** Custom toolkit the tool belongs to. */
  toolkit?: string;
  preload: boolean;
}

export interface RegisteredCustomToolkit {
  slug: string;
  name: string;
  description: string;
  tools: RegisteredCustomTool[];
}

export interface LocalEntry {
  registered: RegisteredCustomTool;
  tool: CustomTool;
}

export interface InlineCustoms {
  custom_tools?: WireCustomTool[];
  custom_toolkits?: WireCustomToolkit[];
}

function toolToWire(tool: CustomTool): WireCustomTool & { extends_toolkit?: string } {
  return {
    slug: tool.slug,
    name: tool.name,
    description: tool.description,
    input_schema: tool.inputSchema,
    ...(tool.outputSchema ? { output_schema: tool.outputSchema } : {}),
    ...(tool.extendsToolkit ? { extends_toolkit: tool.extendsToolkit } : {}),
    ...(tool.preload ? { preload: true } : {}),
  };
}

/** The `experimental.custom_tools` / `custom_toolkits` the server expects for these definitions. */
export function customsToWire(tools: readonly CustomTool[], toolkits: readonly CustomToolkit[]): InlineCustoms | undefined {
  if (tools.length === 0 && toolkits.length === 0) return undefined;
  return {
    ...(tools.length > 0 ? { custom_tools: tools.map(toolToWire) } : {}),
    ...(toolkits.length > 0
      ? {
          custom_toolkits: toolkits.map((tk) => ({
            slug: tk.slug,
            name: tk.name,
            description: tk.description,
            ...(tk.preload ? { preload: true } : {}),
            // createToolkit refuses tools with extendsToolkit, so none is sent here.
            tools: tk.tools.map(toolToWire),
          })),
        }
      : {}),
  };
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/**
 * Which local function answers which final slug. Built only from the server's echo of the
 * registered tools, so local routing and the names the agent sees can never disagree.
 */
export class LocalToolRegistry {
  readonly #bySlug = new Map<string, LocalEntry>();
  readonly #toolkits: RegisteredCustomToolkit[] = [];
  readonly #wire: InlineCustoms | undefined;

  constructor(tools: readonly CustomTool[], toolkits: readonly CustomToolkit[], echo: WireSession['experimental']) {
    this.#wire = customsToWire(tools, toolkits);
    for (const e of echo?.custom_tools ?? []) {
      const tool = tools.find((t) => t.slug === e.original_slug && same(t.extendsToolkit, e.extends_toolkit));
      if (tool) this.#add(tool, e.slug, { ...(tool.extendsToolkit ? { extendsToolkit: tool.extendsToolkit } : {}) });
    }
    for (const echoed of echo?.custom_toolkits ?? []) {
      const kit = toolkits.find((k) => same(k.slug, echoed.slug));
      if (!kit) continue;
      const registered: RegisteredCustomTool[] = [];
      for (const e of echoed.tools) {
        const tool = kit.tools.find((t) => t.slug === e.original_slug);
        if (tool) registered.push(this.#add(tool, e.slug, { toolkit: kit.slug }, kit.preload));
      }
      this.#toolkits.push({ slug: kit.slug, name: kit.name, description: kit.description, tools: registered });
    }
  }

  #add(tool: CustomTool, finalSlug: string, extra: Partial<RegisteredCustomTool>, toolkitPreload = false): RegisteredCustomTool {
    const registered: RegisteredCustomTool = {
      slug: finalSlug,
      originalSlug: tool.slug,
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      ...extra,
      preload: tool.preload || toolkitPreload,
    };
    this.#bySlug.set(finalSlug.toUpperCase(), { registered, tool });
    return registered;
  }

  get size(): number {
    return this.#bySlug.size;
  }

  /** Inline customs to send with every search and execute (the server keeps no local code). */
  get wire(): InlineCustoms | undefined {
    return this.#wire;
  }

  /** A final slug, or an original slug when exactly one local tool has it (case-insensitive). */
  resolve(slug: string): LocalEntry | undefined {
    const upper = slug.trim().toUpperCase();
    const exact = this.#bySlug.get(upper);
    if (exact) return exact;
    const byOriginal = [...this.#bySlug.values()].filter((e) => e.registered.originalSlug.toUpperCase() === upper);
    return byOriginal.length === 1 ? byOriginal[0] : undefined;
  }

  tools(): RegisteredCustomTool[] {
    return [...this.#bySlug.values()].map((e) => e.registered).filter((t) => t.toolkit === undefined);
  }

  toolkits(): RegisteredCustomToolkit[] {
    return this.#toolkits.map((tk) => ({ ...tk, tools: [...tk.tools] }));
  }

  all(): RegisteredCustomTool[] {
    return [...this.#bySlug.values()].map((e) => e.registered);
  }
}
