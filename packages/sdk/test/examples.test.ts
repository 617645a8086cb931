import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, toolResults } from '../src/testing/index.js';
import { type LiveServer, startLiveServer } from './live-server.js';

/**
 * The examples in examples/sdk run as real processes (their built JavaScript) against a real
 * server. No live model is called: a scripted model server stands in for OpenAI and Anthropic.
 */
const exec = promisify(execFile);
/** Runs a built example; on failure the error shows what it printed. */
async function run(file: string, args: string[], options: { env: Record<string, string> }) {
  try {
    return await exec(process.execPath, [file, ...args], options);
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    e.message += `\n--- stdout\n${e.stdout}\n--- stderr\n${e.stderr}`;
    throw e;
  }
}
const examples = fileURLToPath(new URL('../../../examples/sdk/dist/', import.meta.url));

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

const envFor = (extra: Record<string, string>) => {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', TOOLROUTER_API_KEY: server.apiKey, TOOLROUTER_BASE_URL: server.url, ...extra };
  return env;
};

describe('examples/sdk', () => {
  it('scripted-agents runs the OpenAI, Anthropic and Vercel AI agents end to end', async () => {
    const { stdout } = await run(path.join(examples, 'scripted-agents.js'), [], { env: envFor({}) });
    for (const name of ['openai', 'anthropic', 'vercel']) expect(stdout).toMatch(new RegExp(`${name}:\\n(  → .*\\n)*  ok: Saved a plan that uses HACKERNEWS_`));
    expect(stdout).toContain('notes saved: 3');
  });

  it.each([
    ['openai-agent.js', 'OPENAI', 'openai-chat'],
    ['anthropic-agent.js', 'ANTHROPIC', 'anthropic-messages'],
    ['vercel-agent.js', 'OPENAI', 'openai-responses'],
  ] as const)('%s runs against any endpoint given by its base URL variable', async (file, prefix, api) => {
    const model = await startScriptedModelServer({
      turns: [
        {
          toolCalls: [
            {
              name: 'COMPOSIO_MULTI_EXECUTE_TOOL',
              arguments: { tools: [{ tool_slug: 'LOCAL_SAVE_NOTE', arguments: { title: 'T', text: 'from the example' } }], sync_response_to_workbench: false },
            },
          ],
        },
        (request) => ({ text: `tool said ${toolResults(request)[0]?.text}` }),
      ],
    });
    try {
      const baseURL = prefix === 'OPENAI' ? model.openaiBaseURL : model.anthropicBaseURL;
      const { stdout } = await run(path.join(examples, file), ['save a note'], {
        env: envFor({ [`${prefix}_API_KEY`]: 'scripted', [`${prefix}_BASE_URL`]: baseURL }),
      });
      expect(model.requests.map((r) => r.api)).toEqual([api, api]);
      expect(stdout).toMatch(/^session trs_/);
      expect(stdout).toContain('  → COMPOSIO_MULTI_EXECUTE_TOOL');
      expect(stdout).toContain('"response":{"successful":true,"data":{"saved":true,"count":1,"user":"example-user"},"error":null}');
      expect(stdout).toContain('notes saved: 1');
    } finally {
      await model.close();
    }
  });

  it('an example without its model key stops with a message saying what to set', async () => {
    const error = (await run(path.join(examples, 'openai-agent.js'), [], { env: envFor({}) }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/Set OPENAI_API_KEY/);
  });
});
