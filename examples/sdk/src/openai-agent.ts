/**
 * An OpenAI agent that uses Tool Router. Needs a running server and a model key:
 *
 *   TOOLROUTER_API_KEY=… OPENAI_API_KEY=… npm run openai -w examples/sdk -- "your task"
 *
 * OPENAI_BASE_URL points it at any OpenAI-compatible server; OPENAI_MODEL picks the model.
 */
import OpenAI from 'openai';
import { runOpenAIAgent } from './agents/openai-loop.js';
import { createSession, DEFAULT_TASK, requireEnv, savedNotes } from './agents/setup.js';

requireEnv('OPENAI_API_KEY', 'an OpenAI API key (or any key your OPENAI_BASE_URL server accepts)');
const session = await createSession();
console.log(`session ${session.sessionId}`);
const answer = await runOpenAIAgent({
  openai: new OpenAI(), // reads OPENAI_API_KEY and OPENAI_BASE_URL
  model: process.env.OPENAI_MODEL ?? 'gpt-4.1-mini',
  session,
  task: process.argv[2] ?? DEFAULT_TASK,
});
console.log(`answer: ${answer}`);
console.log(`notes saved: ${savedNotes.length}`);
