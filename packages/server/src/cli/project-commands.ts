import type { Command } from 'commander';
import { pickProject, printJson, printLines, withStore } from './with-runtime.js';

export function registerProjectCommands(program: Command): void {
  const projects = program.command('projects').description('Manage projects (each has its own keys, sessions and imports).');
  projects
    .command('create <name>')
    .description('Create a project and print its first API key (shown only once).')
    .option('--json', 'print JSON')
    .action((name: string, opts: { json?: boolean }) =>
      withStore(async (ctx) => {
        const { project, key } = await ctx.projects.createProject(name);
        if (opts.json) printJson({ project, api_key: key.key, key_id: key.row.id });
        else console.log(`Created project ${project.name} (${project.id}).\nAPI key (shown only once): ${key.key}`);
      }),
    );
  projects
    .command('list')
    .description('List the projects.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withStore(async (ctx) => {
        const rows = await ctx.store.projects.list();
        if (opts.json) printJson(rows);
        else printLines(rows.map((p) => `${p.id}\t${p.name}\t${p.created_at}`));
      }),
    );

  const keys = program.command('keys').description('Create, list and revoke API keys.');
  keys
    .command('create')
    .description('Create an API key; it is printed once and stored only as a hash.')
    .option('--project <id>', 'project (default: the only project)')
    .option('--name <name>', 'label to recognise the key by', 'cli')
    .option('--json', 'print JSON')
    .action((opts: { project?: string; name: string; json?: boolean }) =>
      withStore(async (ctx) => {
        const project = await pickProject(ctx, opts.project);
        const { key, row } = await ctx.projects.issueKey(project.id, opts.name);
        if (opts.json) printJson({ id: row.id, project_id: row.project_id, name: row.name, api_key: key });
        else console.log(`Created key ${row.id} for project ${project.id}.\nAPI key (shown only once): ${key}`);
      }),
    );
  keys
    .command('list')
    .description('List API keys by id, project, name, prefix and state (never the key itself).')
    .option('--project <id>', 'only this project')
    .option('--json', 'print JSON')
    .action((opts: { project?: string; json?: boolean }) =>
      withStore(async (ctx) => {
        const rows = await ctx.store.apiKeys.list(opts.project);
        if (opts.json) printJson(rows);
        else printLines(rows.map((k) => `${k.id}\t${k.project_id}\t${k.name}\t${k.prefix}…\t${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}`));
      }),
    );
  keys
    .command('revoke <id>')
    .description('Revoke a key by id; requests with it, and the MCP URL tokens it issued, are refused from then on.')
    .action((id: string) =>
      withStore(async (ctx) => {
        const row = await ctx.projects.revokeKey(id);
        if (!row) throw new Error(`No key "${id}"; list them with \`toolrouter keys list\``);
        console.log(`Revoked key ${row.id} (${row.name}).`);
      }),
    );
}
