export { startScriptedModelServer, type ScriptedModelServer } from './scripted-model-server.js';
export type { ModelApi, RecordedModelRequest, ScriptedReply, ScriptedToolCall, ScriptedTurn } from './script.js';
