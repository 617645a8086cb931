import { createTool, ToolRouter, type ToolRouterSession } from '@toolrouter/sdk';
import { z } from 'zod';

/** Notes saved by the local tool below; a real app would write them to its own database. */
export const savedNotes: Array<{ title: string; text: string }> = [];

/**
 * A local tool: it runs in this process, never on the server, yet the agent finds it through
 * search and calls it like any other tool (also inside COMPOSIO_MULTI_EXECUTE_TOOL).
 */
export const saveNote = createTool('SAVE_NOTE', {
  name: 'Save a note',
  description: 'Save a short note for the user, e.g. a summary of what was found',
  inputParams: z.object({ title: z.string().min(1), text: z.string().min(1) }),
  execute: ({ title, text }, ctx) => {
    savedNotes.push({ title, text });
    return { saved: true, count: savedNotes.length, user: ctx.userId };
  },
});

function required(name: string, hint: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name}: ${hint}`);
    process.exit(1);
  }
  return value;
}

/** A Tool Router session for one end user, from TOOLROUTER_BASE_URL and TOOLROUTER_API_KEY. */
export async function createSession(userId = 'example-user'): Promise<ToolRouterSession> {
  required('TOOLROUTER_API_KEY', 'the project key printed by `npm start` on first start (or the one you chose)');
  const router = new ToolRouter(); // reads TOOLROUTER_API_KEY and TOOLROUTER_BASE_URL (default http://localhost:8080)
  return router.create(userId, { toolkits: ['hackernews', 'github'], experimental: { customTools: [saveNote] } });
}

export const requireEnv = required;

export const DEFAULT_TASK = 'Find the tools to read the top Hacker News stories, then save a note with your plan.';
