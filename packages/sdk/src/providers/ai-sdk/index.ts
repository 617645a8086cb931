import { jsonSchema, type ToolSet, tool } from 'ai';
import type { Modifiers } from '../../session/modifiers.js';
import type { ExecuteResult } from '../../session/results.js';
import type { ToolRouterSession } from '../../session/session.js';
import { SessionTools } from '../shared/session-tools.js';

export interface VercelAIProviderOptions {
  modifiers?: Modifiers;
}

/**
 * The session's tools as Vercel AI SDK (v5) tools whose `execute` runs through the session, for
 * `generateText` / `streamText`:
 *
 *     const tools = await new VercelAIProvider(session).tools();
 *     const { text } = await generateText({ model, tools, prompt, stopWhen: stepCountIs(8) });
 */
export class VercelAIProvider {
  readonly #tools: SessionTools;

  constructor(session: ToolRouterSession, options: VercelAIProviderOptions = {}) {
    this.#tools = new SessionTools(session, options.modifiers);
  }

  /** A tool set keyed by slug; each result is `{ successful, data, error }`. */
  async tools(): Promise<ToolSet> {
    const set: ToolSet = {};
    for (const t of await this.#tools.list()) {
      set[t.slug] = tool({
        description: t.description,
        // Our schemas are plain JSON Schema objects; the AI SDK types them as JSONSchema7.
        inputSchema: jsonSchema<Record<string, unknown>>(t.inputParameters as Parameters<typeof jsonSchema>[0]),
        execute: async (input: Record<string, unknown>): Promise<Omit<ExecuteResult, 'logId'>> => {
          const { successful, data, error } = await this.#tools.run(t.slug, input);
          return { successful, data, error };
        },
      });
    }
    return set;
  }
}
