export type { ModelApi, RecordedModelRequest, ScriptedReply, ScriptedToolCall, ScriptedTurn } from './script.js';
export { type ScriptedModelServer, startScriptedModelServer } from './scripted-model-server.js';
export { type ReceivedToolResult, toolResults } from './tool-results.js';
