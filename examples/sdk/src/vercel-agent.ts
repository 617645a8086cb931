/**
 * A Vercel AI SDK (v5) agent that uses Tool Router, with an OpenAI model:
 *
 *   TOOLROUTER_API_KEY=… OPENAI_API_KEY=… npm run vercel -w examples/sdk -- "your task"
 *
 * OPENAI_BASE_URL and OPENAI_MODEL override the endpoint and the model.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { createSession, DEFAULT_TASK, requireEnv, savedNotes } from './agents/setup.js';
import { runVercelAgent } from './agents/vercel-loop.js';

const apiKey = requireEnv('OPENAI_API_KEY', 'an OpenAI API key (or any key your OPENAI_BASE_URL server accepts)');
const openai = createOpenAI({ apiKey, ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}) });
const session = await createSession();
console.log(`session ${session.sessionId}`);
const answer = await runVercelAgent({ model: openai(process.env.OPENAI_MODEL ?? 'gpt-4.1-mini'), session, task: process.argv[2] ?? DEFAULT_TASK });
console.log(`answer: ${answer}`);
console.log(`notes saved: ${savedNotes.length}`);
