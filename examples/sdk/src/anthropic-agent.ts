/**
 * An Anthropic agent that uses Tool Router. Needs a running server and a model key:
 *
 *   TOOLROUTER_API_KEY=… ANTHROPIC_API_KEY=… npm run anthropic -w examples/sdk -- "your task"
 *
 * ANTHROPIC_BASE_URL and ANTHROPIC_MODEL override the endpoint and the model.
 */
import Anthropic from '@anthropic-ai/sdk';
import { runAnthropicAgent } from './agents/anthropic-loop.js';
import { createSession, DEFAULT_TASK, requireEnv, savedNotes } from './agents/setup.js';

requireEnv('ANTHROPIC_API_KEY', 'an Anthropic API key');
const session = await createSession();
console.log(`session ${session.sessionId}`);
const answer = await runAnthropicAgent({
  anthropic: new Anthropic(), // reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL
  model: process.env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5',
  session,
  task: process.argv[2] ?? DEFAULT_TASK,
});
console.log(`answer: ${answer}`);
console.log(`notes saved: ${savedNotes.length}`);
