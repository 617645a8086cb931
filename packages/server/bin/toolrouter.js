#!/usr/bin/env node
// Entry point of `npx toolrouter` and `npm start`. Runs the compiled CLI; `npm install` builds it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('toolrouter: the server is not built yet. Run `npm install` (or `npm run build`) in the repository root.');
  process.exit(1);
}
await import(entry.href);
