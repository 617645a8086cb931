// Loaded with `node --import` by `npm run test:node22` (through NODE_OPTIONS, so processes the tests
// start inherit it): under Node 22, `better-sqlite3` resolves to its Node 22 build from
// scripts/node22-sqlite.sh. Under any other Node (children started as plain `node`) it does nothing.
import { register } from 'node:module';

if (Number(process.versions.node.split('.')[0]) >= 22) register('./node22-resolve-hooks.mjs', import.meta.url);
