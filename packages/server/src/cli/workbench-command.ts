import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { checkReadiness } from '../workbench/readiness.js';
import { printJson } from './with-runtime.js';

/** `toolrouter workbench check`: can this machine run workbench kernels, and if not, why. */
export function registerWorkbenchCommand(program: Command): void {
  program
    .command('workbench')
    .description('The sandboxed Python workbench behind COMPOSIO_REMOTE_WORKBENCH.')
    .command('check')
    .description('Start one sandbox the way kernels start and report whether the workbench can run here (exit code 1 if not).')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const settings = loadConfig().workbench;
      const readiness = await checkReadiness(settings);
      if (opts.json) printJson({ ...readiness, root: settings.root });
      else {
        console.log(`bubblewrap: ${readiness.bwrap ?? 'missing'}`);
        console.log(`python:     ${readiness.python ?? 'missing'} (${settings.python})`);
        console.log(`files:      ${settings.root}`);
        console.log(readiness.ready ? 'The workbench is ready.' : `The workbench cannot run:\n${readiness.problems.map((p) => `  - ${p}`).join('\n')}`);
      }
      if (!readiness.ready) process.exitCode = 1;
    });
}
