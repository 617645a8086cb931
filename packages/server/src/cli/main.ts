import { Command } from 'commander';
import { registerCatalogCommand } from './catalog-command.js';
import { registerCatalogCommands } from './catalog-commands.js';
import { registerEvalCommand } from './eval-command.js';
import { registerExecutionCommands } from './execution-commands.js';
import { registerProjectCommands } from './project-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerWorkbenchCommand } from './workbench-command.js';

const program = new Command().name('toolrouter').description('Tool Router: a self-hosted tool router for AI agents.').showHelpAfterError();

registerServeCommand(program);
registerProjectCommands(program);
registerCatalogCommands(program);
registerCatalogCommand(program);
registerEvalCommand(program);
registerExecutionCommands(program);
registerWorkbenchCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`toolrouter: ${error instanceof Error ? error.message : String(error)}`);
  const details = (error as { errors?: unknown }).errors;
  if (Array.isArray(details)) for (const line of details) console.error(`  - ${String(line)}`);
  process.exitCode = 1;
}
