import type { Command } from 'commander';
import { pickProject, printJson, printLines, withRuntime, withStore } from './with-runtime.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Pairs `NAME=value` (env) or `Name: value` (headers) into an object. */
function pairs(items: string[] | undefined, separator: RegExp, what: string): Record<string, string> | undefined {
  if (!items || items.length === 0) return undefined;
  return Object.fromEntries(
    items.map((item) => {
      const match = item.match(separator);
      if (!match || match.index === undefined) throw new Error(`${what} "${item}" must look like ${what === '--env' ? 'NAME=value' : 'Name: value'}`);
      return [item.slice(0, match.index).trim(), item.slice(match.index + match[0].length)];
    }),
  );
}

/** `toolrouter mcp-servers …` and `toolrouter egress …`: operator commands for execution. */
export function registerExecutionCommands(program: Command): void {
  const servers = program.command('mcp-servers').description('Register upstream MCP servers; their tools become a toolkit.');
  servers
    .command('add <slug>')
    .description('Register (or replace) a stdio server (--command) or a Streamable HTTP server (--url).')
    .option('--command <command>', 'executable to start (stdio)')
    .option('--arg <arg>', 'argument for the command; repeat for several', collect)
    .option('--env <NAME=value>', 'environment variable for the process; repeat for several (sealed at rest)', collect)
    .option('--url <url>', 'server URL (Streamable HTTP)')
    .option('--header <Name: value>', 'header sent with every request; repeat for several (sealed at rest)', collect)
    .option('--name <name>', 'display name')
    .option('--timeout-ms <ms>', 'per-call timeout', (v) => Number(v))
    .option('--project <id>', 'project (default: the only project)')
    .option('--json', 'print JSON')
    .action(
      (
        slug: string,
        opts: {
          command?: string;
          arg?: string[];
          env?: string[];
          url?: string;
          header?: string[];
          name?: string;
          timeoutMs?: number;
          project?: string;
          json?: boolean;
        },
      ) =>
        withRuntime(async (rt) => {
          const project = await pickProject(rt, opts.project);
          const [{ McpServerCreateSchema }, { check }] = await Promise.all([import('@toolrouter/core'), import('../http/validate.js')]);
          const common = { slug, ...(opts.name ? { name: opts.name } : {}), ...(opts.timeoutMs ? { timeout_ms: opts.timeoutMs } : {}) };
          const body = check(
            McpServerCreateSchema,
            opts.url
              ? { ...common, transport: 'http', url: opts.url, ...(opts.header ? { headers: pairs(opts.header, /:\s*/, '--header') } : {}) }
              : { ...common, transport: 'stdio', command: opts.command, args: opts.arg ?? [], ...(opts.env ? { env: pairs(opts.env, /=/, '--env') } : {}) },
          );
          // The operator may start any command; the API is limited to TOOLROUTER_MCP_STDIO_COMMANDS.
          const server = await rt.mcpServers.register(project.id, body, { fromOperator: true });
          if (opts.json) printJson(server);
          else console.log(`Registered MCP server ${server.slug}: ${server.tool_count} tools (toolkit "${server.slug}").`);
        }),
    );
  servers
    .command('list')
    .description('List the registered MCP servers: transport, tool count, and command or URL.')
    .option('--project <id>', 'project (default: the only project)')
    .option('--json', 'print JSON')
    .action((opts: { project?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const items = await rt.mcpServers.list((await pickProject(rt, opts.project)).id);
        if (opts.json) printJson(items);
        else printLines(items.map((s) => `${s.slug}\t${s.transport}\t${s.tool_count} tools\t${'command' in s ? `${s.command} ${s.args.join(' ')}` : s.url}`));
      }),
    );
  servers
    .command('remove <slug>')
    .description('Unregister a server and delete its toolkit.')
    .option('--project <id>', 'project (default: the only project)')
    .action((slug: string, opts: { project?: string }) =>
      withRuntime(async (rt) => {
        await rt.mcpServers.delete((await pickProject(rt, opts.project)).id, slug);
        console.log(`Removed MCP server ${slug}.`);
      }),
    );

  const egress = program.command('egress').description("A project's egress allowlist, added to TOOLROUTER_EGRESS_ALLOW for its calls.");
  egress
    .command('show')
    .description("Print the project's egress allowlist next to the operator's (JSON).")
    .option('--project <id>', 'project (default: the only project)')
    .action((opts: { project?: string }) =>
      withStore(async (ctx) => {
        const settings = await ctx.store.projectSettings.get((await pickProject(ctx, opts.project)).id);
        printJson({ project: settings.egress_allow, operator: ctx.config.egressAllow });
      }),
    );
  egress
    .command('set [entries...]')
    .description('Replace the list: hosts, IPs or CIDRs (none clears it).')
    .option('--project <id>', 'project (default: the only project)')
    .action((entries: string[], opts: { project?: string }) =>
      withStore(async (ctx) => {
        const list = entries
          .flatMap((e) => e.split(','))
          .map((e) => e.trim())
          .filter(Boolean);
        const { parseAllowlist } = await import('../net/index.js');
        parseAllowlist(list); // refuses typos, listing each
        await ctx.store.projectSettings.setEgressAllow((await pickProject(ctx, opts.project)).id, list);
        console.log(list.length > 0 ? `Egress allowlist: ${list.join(', ')}` : 'Egress allowlist cleared.');
      }),
    );
}
