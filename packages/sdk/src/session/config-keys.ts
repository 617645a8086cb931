import { ToolRouterConfigError } from '../errors/sdk-error.js';

/**
 * The camelCase session settings the SDK translates. The translation picks known keys, so without
 * this check a misspelt one (`toolkit`, `callbackURL`, a snake_case `manage_connections`) would be
 * dropped silently and the session created with defaults — e.g. every toolkit instead of one.
 * Blocks passed through as they are (`preload`, `search`, `tools`, `permissions`) are checked by
 * the server, which names their fields itself.
 */
const CREATE_KEYS = [
  'toolkits',
  'tools',
  'tags',
  'preload',
  'manageConnections',
  'authConfigs',
  'connectedAccounts',
  'multiAccount',
  'workbench',
  'search',
  'execute',
  'preset',
  'experimental',
];
const UPDATE_KEYS = [...CREATE_KEYS.filter((k) => k !== 'preset'), 'expectedConfigVersion'];
const NESTED: Record<string, string[]> = {
  manageConnections: ['enable', 'callbackUrl', 'waitForConnections', 'enableConnectionRemoval'],
  workbench: ['enable', 'enableProxyExecution', 'autoOffloadThreshold', 'sandboxSize'],
  multiAccount: ['enable', 'maxAccountsPerToolkit', 'requireExplicitSelection'],
  execute: ['enableMultiExecute'],
  'experimental.assistivePrompt': ['userTimezone'],
};
const CREATE_EXPERIMENTAL = ['permissions', 'customTools', 'customToolkits', 'assistivePrompt', 'linkUrlOverwrite'];
// Local tools are registered on create or use(), not changed by update.
const UPDATE_EXPERIMENTAL = CREATE_EXPERIMENTAL.filter((k) => k !== 'customTools' && k !== 'customToolkits');

export function checkSessionConfigKeys(config: object, kind: 'create' | 'update'): void {
  const problems: string[] = [];
  const check = (value: unknown, known: string[], path: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const hint = suggestion(key, known);
      problems.push(`${path}${key}: not a session setting${hint ? `; did you mean "${hint}"?` : ` (known: ${known.join(', ')})`}`);
    }
  };
  const c = config as Record<string, unknown>;
  check(c, kind === 'create' ? CREATE_KEYS : UPDATE_KEYS, '');
  for (const [block, known] of Object.entries(NESTED)) {
    const [outer, inner] = block.split('.') as [string, string | undefined];
    const value = inner ? (c[outer] as Record<string, unknown> | undefined)?.[inner] : c[outer];
    check(value, known, `${block}.`);
  }
  check(c['experimental'], kind === 'create' ? CREATE_EXPERIMENTAL : UPDATE_EXPERIMENTAL, 'experimental.');
  if (problems.length > 0) throw new ToolRouterConfigError(`Invalid session config: ${problems.join('; ')}`);
}

/** The known key a typo most likely meant: same letters ignoring case and underscores, or a plural. */
function suggestion(key: string, known: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '');
  return known.find((k) => norm(k) === norm(key) || norm(k) === `${norm(key)}s` || `${norm(k)}s` === norm(key));
}
