/**
 * Running tools: bring your own API as a toolkit (an OpenAPI description), then let the agent's
 * tools run it — one call directly, several at once through COMPOSIO_MULTI_EXECUTE_TOOL, and a raw
 * request to the same API with proxyExecute.
 *   TOOLROUTER_API_KEY=trk_… SPEC_URL=https://…/openapi.json npx tsx examples/composio/run-tools.ts
 */
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export interface RunToolsOptions {
  /** The toolkit slug to import the API as. */
  toolkit: string;
  /** An OpenAPI document (object) or its URL. */
  spec: Record<string, unknown> | string;
  /** A first tool to run, with its arguments. */
  call: { tool: string; arguments: Record<string, unknown> };
  /** A path of the API for proxyExecute. */
  proxyPath: string;
}

export async function main(env: ExampleEnv, options: RunToolsOptions) {
  // Importing is part of our API (the reference client has no call for it).
  const body = typeof options.spec === 'string' ? { slug: options.toolkit, spec_url: options.spec } : { slug: options.toolkit, spec: options.spec };
  const imported = await fetch(`${env.baseURL}/api/v3.1/toolkits/import`, {
    method: 'POST',
    headers: { 'x-api-key': env.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!imported.ok) throw new Error(`import failed: ${imported.status} ${await imported.text()}`);
  env.log(`imported ${options.toolkit} with ${((await imported.json()) as { tool_count: number }).tool_count} tools`);

  const session = await composioFor(env).create('henry', { toolkits: [options.toolkit] });

  const single = await session.execute(options.call.tool, options.call.arguments);
  env.log(`${options.call.tool}:`, JSON.stringify(single.data));

  const batch = await session.execute('COMPOSIO_MULTI_EXECUTE_TOOL', {
    tools: [options.call, options.call].map((c) => ({ tool_slug: c.tool, arguments: c.arguments })),
    sync_response_to_workbench: false,
  });
  const counts = batch.data as { total_count: number; success_count: number };
  env.log(`multi-execute: ${counts.success_count} of ${counts.total_count} succeeded`);

  const proxied = await session.proxyExecute({ toolkit: options.toolkit, endpoint: options.proxyPath, method: 'GET' });
  env.log(`proxy ${options.proxyPath}: HTTP ${proxied.status}`);

  return { single: single.data, error: single.error, batch: counts, proxyStatus: proxied.status };
}

runIfMain(import.meta.url, (env) => {
  const spec = process.env.SPEC_URL;
  const tool = process.env.TOOL;
  if (!spec || !tool) throw new Error('Set SPEC_URL (an OpenAPI document) and TOOL (one of its tool slugs), and optionally ARGS (JSON) and PROXY_PATH.');
  return main(env, {
    toolkit: process.env.TOOLKIT ?? 'myapi',
    spec,
    call: { tool, arguments: JSON.parse(process.env.ARGS ?? '{}') as Record<string, unknown> },
    proxyPath: process.env.PROXY_PATH ?? '/',
  });
});
