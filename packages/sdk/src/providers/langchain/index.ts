import type { AIMessage } from '@langchain/core/messages';
import { ToolMessage } from '@langchain/core/messages';
import { DynamicStructuredTool } from '@langchain/core/tools';
import type { JSONSchema } from '@langchain/core/utils/json_schema';
import type { Modifiers } from '../../session/modifiers.js';
import type { ToolRouterSession } from '../../session/session.js';
import { resultText, SessionTools } from '../shared/session-tools.js';

export interface LangChainProviderOptions {
  modifiers?: Modifiers;
}

/**
 * The session's tools as LangChain.js (`@langchain/core` 1.x) structured tools, for `bindTools`,
 * agents and graphs:
 *
 *     const provider = new LangChainProvider(session);
 *     const model = chat.bindTools(await provider.tools());
 *     const reply = await model.invoke(messages);
 *     messages.push(reply, ...(await provider.handleToolCalls(reply)));
 *
 * Each tool answers the JSON text `{ successful, data, error }`, so a model reads a failed call the
 * same way as a successful one and can correct itself.
 */
export class LangChainProvider {
  readonly #tools: SessionTools;

  constructor(session: ToolRouterSession, options: LangChainProviderOptions = {}) {
    this.#tools = new SessionTools(session, options.modifiers);
  }

  async tools(): Promise<DynamicStructuredTool[]> {
    return (await this.#tools.list()).map(
      (t) =>
        new DynamicStructuredTool({
          name: t.slug,
          description: t.description,
          // Our schemas are plain JSON Schema; LangChain takes them as they are.
          schema: t.inputParameters as JSONSchema,
          func: async (input: unknown) => resultText(await this.#tools.run(t.slug, input)),
        }),
    );
  }

  /**
   * Runs every tool call of a model reply through the session, in parallel, and answers one
   * ToolMessage per call in order. A call of a name that is not a session tool still reaches the
   * session, whose error tells the model what went wrong.
   */
  async handleToolCalls(message: AIMessage): Promise<ToolMessage[]> {
    const calls = message.tool_calls ?? [];
    return Promise.all(
      calls.map(
        async (call, i) =>
          new ToolMessage({
            tool_call_id: call.id ?? `call_${i}`,
            name: call.name,
            content: resultText(await this.#tools.run(call.name, call.args)),
          }),
      ),
    );
  }
}
