import { pathToFileURL } from 'node:url';
import { type BaseComposioProvider, Composio, type OpenAIProvider } from '@composio/core';

/**
 * Where the examples find the router. Start one with `npm start` (it prints its admin key on the
 * first start, or uses TOOLROUTER_API_KEY), then run an example with
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/quickstart.ts
 */
export interface ExampleEnv {
  baseURL: string;
  apiKey: string;
  /** Where the example prints what it does; tests pass a silent one. */
  log: (...values: unknown[]) => void;
}

export function envFromProcess(): ExampleEnv {
  const apiKey = process.env.TOOLROUTER_API_KEY ?? process.env.COMPOSIO_API_KEY;
  if (!apiKey) throw new Error('Set TOOLROUTER_API_KEY to your project key (npm start prints one on first start).');
  return { baseURL: process.env.TOOLROUTER_BASE_URL ?? 'http://localhost:8080', apiKey, log: console.log };
}

/** The official Composio client, pointed at the router: `baseURL` is the only change an application makes. */
export function composioFor(env: ExampleEnv): Composio<OpenAIProvider>;
export function composioFor<P extends BaseComposioProvider<any, any, any>>(env: ExampleEnv, provider: P): Composio<P>;
export function composioFor(env: ExampleEnv, provider?: BaseComposioProvider<any, any, any>) {
  return new Composio({
    apiKey: env.apiKey,
    baseURL: env.baseURL,
    allowTracking: false,
    disableVersionCheck: true,
    ...(provider ? { provider } : {}),
  });
}

/** Runs `main` when the file is executed directly (not when a test imports it). */
export function runIfMain(moduleUrl: string, main: (env: ExampleEnv) => Promise<unknown>): void {
  if (process.argv[1] && moduleUrl === pathToFileURL(process.argv[1]).href) {
    main(envFromProcess()).catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
