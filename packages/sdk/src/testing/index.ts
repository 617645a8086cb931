export { startScriptedModelServer, type ScriptedModelServer } from './scripted-model-server.js';
export { toolResults, type ReceivedToolResult } from './tool-results.js';
export type { ModelApi, RecordedModelRequest, ScriptedReply, ScriptedToolCall, ScriptedTurn } from './script.js';
