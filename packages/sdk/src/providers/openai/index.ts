import type OpenAI from 'openai';
import type { Modifiers } from '../../session/modifiers.js';
import type { ToolRouterSession } from '../../session/session.js';
import { resultText, SessionTools } from '../shared/session-tools.js';

type ChatCompletion = OpenAI.Chat.Completions.ChatCompletion;
type ChatTool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;
type ToolMessage = OpenAI.Chat.Completions.ChatCompletionToolMessageParam;
type Response = OpenAI.Responses.Response;
type ResponsesTool = OpenAI.Responses.FunctionTool;
type FunctionCallOutput = OpenAI.Responses.ResponseInputItem.FunctionCallOutput;

export interface OpenAIProviderOptions {
  modifiers?: Modifiers;
}

/**
 * The session's tools for the OpenAI API (Chat Completions and Responses), and the tool calls a
 * response asks for executed through the session.
 *
 *     const provider = new OpenAIProvider(session);
 *     const completion = await openai.chat.completions.create({ model, messages, tools: await provider.tools() });
 *     messages.push(completion.choices[0].message, ...(await provider.handleToolCalls(completion)));
 */
export class OpenAIProvider {
  readonly #tools: SessionTools;

  constructor(session: ToolRouterSession, options: OpenAIProviderOptions = {}) {
    this.#tools = new SessionTools(session, options.modifiers);
  }

  /** Chat Completions function tools. */
  async tools(): Promise<ChatTool[]> {
    return (await this.#tools.list()).map((t) => ({
      type: 'function',
      function: { name: t.slug, description: t.description, parameters: t.inputParameters },
    }));
  }

  /** Responses API function tools. */
  async responsesTools(): Promise<ResponsesTool[]> {
    return (await this.#tools.list()).map((t) => ({
      type: 'function',
      name: t.slug,
      description: t.description,
      parameters: t.inputParameters,
      strict: false,
    }));
  }

  /**
   * Runs every function call of a Chat Completion (answering with `tool` messages) or of a
   * Responses API response (answering with `function_call_output` items), in parallel, in order.
   */
  handleToolCalls(completion: ChatCompletion): Promise<ToolMessage[]>;
  handleToolCalls(response: Response): Promise<FunctionCallOutput[]>;
  async handleToolCalls(response: ChatCompletion | Response): Promise<ToolMessage[] | FunctionCallOutput[]> {
    if ('choices' in response) {
      const calls = (response.choices[0]?.message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c] : []));
      return Promise.all(
        calls.map(
          async (c): Promise<ToolMessage> => ({
            role: 'tool',
            tool_call_id: c.id,
            content: resultText(await this.#tools.run(c.function.name, c.function.arguments)),
          }),
        ),
      );
    }
    const calls = response.output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
    return Promise.all(
      calls.map(
        async (c): Promise<FunctionCallOutput> => ({
          type: 'function_call_output',
          call_id: c.call_id,
          output: resultText(await this.#tools.run(c.name, c.arguments)),
        }),
      ),
    );
  }
}
