/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** What the scripted model answers on one turn: tool calls, text, or both. */
export interface ScriptedReply {
  text?: string;
  toolCalls?: ScriptedToolCall[];
}

export type ModelApi = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** A request the scripted model received, kept so tests can check what the client sent. */
export interface RecordedModelRequest {
  api: ModelApi;
  path: string;
  headers: Record<string, string>;
  // The request body as the client sent it (the API's own JSON).
  body: any;
}

/** One turn: a fixed reply, or one computed from the request (e.g. from the last tool result). */
export type ScriptedTurn = ScriptedReply | ((request: RecordedModelRequest) => ScriptedReply);
