import type { Command } from 'commander';
import { pickProject, printJson, withStore } from './with-runtime.js';

/** `toolrouter workbench check`: can this machine run workbench kernels, and if not, why. */
export function registerWorkbenchCommand(program: Command): void {
  program
    .command('workbench')
    .description('The sandboxed Python workbench behind COMPOSIO_REMOTE_WORKBENCH.')
    .command('check')
    .description('Start one sandbox the way kernels start and report whether the workbench can run here (exit code 1 if not).')
    .option('--project <id>', 'also check that this project exists (the sandbox settings are the same for every project)')
    .option('--json', 'print JSON')
    .action(async (opts: { project?: string; json?: boolean }) => {
      // Imported here so that other commands start without them (see with-runtime.ts).
      const [{ loadConfig }, { checkReadiness }] = await Promise.all([import('../config/config.js'), import('../workbench/readiness.js')]);
      // Accepted like every other command's --project; the store is opened only when one is named.
      const project = opts.project ? await withStore((ctx) => pickProject(ctx, opts.project)) : undefined;
      const settings = loadConfig().workbench;
      const readiness = await checkReadiness(settings);
      if (opts.json) printJson({ ...readiness, root: settings.root, ...(project ? { project: project.id } : {}) });
      else {
        if (project) console.log(`project:    ${project.id} (${project.name})`);
        console.log(`bubblewrap: ${readiness.bwrap ?? 'missing'}`);
        console.log(`python:     ${readiness.python ?? 'missing'} (${settings.python})`);
        console.log(`files:      ${settings.root}`);
        console.log(readiness.ready ? 'The workbench is ready.' : `The workbench cannot run:\n${readiness.problems.map((p) => `  - ${p}`).join('\n')}`);
      }
      if (!readiness.ready) process.exitCode = 1;
    });
}
