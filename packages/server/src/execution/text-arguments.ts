import { ToolRouterError } from '@toolrouter/core';
import { z } from 'zod';
import type { GuardedFetch } from '../net/index.js';

/** The operator's model for `text` arguments (TOOLROUTER_TEXT_MODEL_*): an OpenAI-compatible API. */
export interface TextModelSettings {
  /** Base URL of the API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  url: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
}

export interface ToolForText {
  slug: string;
  description: string;
  input_parameters: Record<string, unknown>;
}

const CompletionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).optional() }) }))
    .min(1),
});

/**
 * Turns the plain-language `text` of a classic execute into the tool's arguments by asking the
 * operator's model for exactly one call of that tool. The arguments it produces are then validated
 * and run like any caller's; when the model gives none, the call fails and says so.
 */
export class TextArguments {
  constructor(
    private readonly http: GuardedFetch,
    private readonly settings: TextModelSettings,
  ) {}

  async argumentsFor(tool: ToolForText, text: string): Promise<Record<string, unknown>> {
    const body = JSON.stringify({
      model: this.settings.model,
      messages: [
        {
          role: 'system',
          content: `Fill in the arguments of ${tool.slug} for the user's request. Use only what the request states; leave out what it does not.`,
        },
        { role: 'user', content: text },
      ],
      tools: [{ type: 'function', function: { name: tool.slug, description: tool.description, parameters: tool.input_parameters } }],
      tool_choice: { type: 'function', function: { name: tool.slug } },
    });
    const endpoint = `${this.settings.url.replace(/\/+$/, '')}/chat/completions`;
    let answer: unknown;
    try {
      const res = await this.http(endpoint, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
        },
        body,
        // The operator named this endpoint, so it may be on a private network (a local model server).
        allowedHosts: [endpoint],
        allow: [new URL(endpoint).hostname],
        timeoutMs: this.settings.timeoutMs,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      answer = res.json();
    } catch (error) {
      throw failed(`the model endpoint could not be used (${error instanceof Error ? error.message : 'unknown failure'})`);
    }
    const parsed = CompletionSchema.safeParse(answer);
    const call = parsed.success ? parsed.data.choices[0]!.message.tool_calls?.find((c) => c.function.name === tool.slug) : undefined;
    if (!call) throw failed('the model answered without a call of the tool');
    try {
      const args: unknown = JSON.parse(call.function.arguments || '{}');
      if (typeof args === 'object' && args !== null && !Array.isArray(args)) return args as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw failed("the model's arguments are not a JSON object");
  }
}

function failed(why: string): ToolRouterError {
  return new ToolRouterError('TEXT_ARGUMENTS_FAILED', `The "text" could not be turned into arguments: ${why}`, {
    suggestedFix: 'Send the arguments themselves in "arguments", or retry later.',
  });
}
