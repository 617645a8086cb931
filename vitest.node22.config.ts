import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The whole suite under Node 22 (`npm run test:node22`): the same configuration, with the one
 * native module, better-sqlite3, taken from its Node 22 build (scripts/node22-sqlite.sh).
 */
export default mergeConfig(
  base,
  defineConfig({
    resolve: {
      alias: { 'better-sqlite3': fileURLToPath(new URL('./node_modules/.cache/node22/better-sqlite3/lib/index.js', import.meta.url)) },
    },
  }),
);
