import type Anthropic from '@anthropic-ai/sdk';
import type { Modifiers } from '../../session/modifiers.js';
import type { ToolRouterSession } from '../../session/session.js';
import { resultText, SessionTools } from '../shared/session-tools.js';
import { restoreArgumentNames, sanitizeArgumentNames } from './property-names.js';

type Tool = Anthropic.Messages.Tool;
type Message = Anthropic.Messages.Message;
type ToolResultBlockParam = Anthropic.Messages.ToolResultBlockParam;

export interface AnthropicProviderOptions {
  modifiers?: Modifiers;
  /** Mark the tool list for prompt caching (`cache_control` on the last tool). */
  cacheTools?: boolean;
}

/**
 * The session's tools for the Anthropic Messages API, and the `tool_use` blocks of a reply
 * executed through the session as `tool_result` blocks.
 *
 *     const provider = new AnthropicProvider(session);
 *     const reply = await anthropic.messages.create({ model, max_tokens, messages, tools: await provider.tools() });
 *     messages.push({ role: 'assistant', content: reply.content }, { role: 'user', content: await provider.handleToolCalls(reply) });
 */
export class AnthropicProvider {
  readonly #tools: SessionTools;
  readonly #cache: boolean;
  /** Per tool, safe argument name → original, for tools whose names Anthropic would refuse. */
  readonly #renamed = new Map<string, Map<string, string>>();

  constructor(session: ToolRouterSession, options: AnthropicProviderOptions = {}) {
    this.#tools = new SessionTools(session, options.modifiers);
    this.#cache = options.cacheTools === true;
  }

  async tools(): Promise<Tool[]> {
    const tools: Tool[] = (await this.#tools.list()).map((t) => {
      const { schema, original } = sanitizeArgumentNames(t.inputParameters);
      if (original) this.#renamed.set(t.slug, original);
      return { name: t.slug, description: t.description, input_schema: schema };
    });
    const last = tools.at(-1);
    if (this.#cache && last) last.cache_control = { type: 'ephemeral' };
    return tools;
  }

  /** One `tool_result` block per `tool_use` block of the reply, in order; failed calls carry `is_error`. */
  async handleToolCalls(message: Message): Promise<ToolResultBlockParam[]> {
    const uses = message.content.flatMap((block) => (block.type === 'tool_use' ? [block] : []));
    return Promise.all(
      uses.map(async (use): Promise<ToolResultBlockParam> => {
        const result = await this.#tools.run(use.name, restoreArgumentNames(use.input, this.#renamed.get(use.name)));
        return { type: 'tool_result', tool_use_id: use.id, content: resultText(result), ...(result.successful ? {} : { is_error: true }) };
      }),
    );
  }
}
