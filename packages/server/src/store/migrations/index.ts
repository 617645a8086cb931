import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-search.js';
import * as m003 from './003-connections.js';
import * as m004 from './004-execution.js';
import * as m005 from './005-mcp.js';
import * as m006 from './006-toolkit-switches.js';
import * as m007 from './007-mcp-token-keys.js';
import * as m008 from './008-console-sessions.js';

/**
 * Every migration, in code rather than read from disk, so the bundled build needs no file lookup.
 * Names sort lexically; add new ones as `002-...` and never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-search': m002,
  '003-connections': m003,
  '004-execution': m004,
  '005-mcp': m005,
  '006-toolkit-switches': m006,
  '007-mcp-token-keys': m007,
  '008-console-sessions': m008,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
