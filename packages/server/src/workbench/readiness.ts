import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { sandboxCommand } from './sandbox-command.js';
import { KERNEL_PATH, prepareFilesDir, type SandboxIdentity, writePasswdFile } from './sandbox-files.js';
import { SANDBOX_LIMITS, type WorkbenchSettings } from './settings.js';

export interface Readiness {
  ready: boolean;
  bwrap: string | null;
  python: string | null;
  /** Whether this bubblewrap can forbid user namespaces inside the sandbox (0.8 and later). */
  disableNestedUserns: boolean;
  /** Each thing that stops the workbench, with what to do about it. */
  problems: string[];
}

const PROBE_TIMEOUT_MS = 20_000;

function run(command: string, args: string[], identity?: SandboxIdentity): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, ...identity }, (error, stdout, stderr) =>
      resolve({ ok: !error, out: `${stdout}${stderr}`.trim() || (error ? error.message : '') }),
    );
  });
}

/**
 * Who the kernel in `slot` runs as: when the server is root, uid `uidBase + slot` (its own process
 * limit) in group `uidBase` (shared files); otherwise undefined — kernels run as the server's user.
 */
export function sandboxIdentity(settings: WorkbenchSettings, slot: number): SandboxIdentity | undefined {
  return process.getuid?.() === 0 ? { uid: settings.uidBase + slot, gid: settings.uidBase } : undefined;
}

/**
 * Whether kernels can run here: bubblewrap present, Python present, and a real sandbox (user,
 * network and mount namespaces, the files mount) starting and running Python without network.
 */
export async function checkReadiness(settings: WorkbenchSettings): Promise<Readiness> {
  const problems: string[] = [];
  const bwrap = await run(settings.bwrap, ['--version']);
  if (!bwrap.ok)
    problems.push(
      `bubblewrap is not installed or not runnable ("${settings.bwrap}": ${bwrap.out}); install it, e.g. apt-get install -y bubblewrap, or set TOOLROUTER_WORKBENCH_BWRAP`,
    );
  const python = await run(settings.python, ['--version']);
  if (!python.ok) problems.push(`Python is not runnable at ${settings.python} (${python.out}); install python3 or set TOOLROUTER_WORKBENCH_PYTHON`);
  else if (!path.resolve(settings.python).startsWith('/usr/'))
    problems.push(`TOOLROUTER_WORKBENCH_PYTHON must live under /usr (the only system tree mounted into the sandbox), not ${settings.python}`);
  const disableNestedUserns = bwrap.ok && (await run(settings.bwrap, ['--help'])).out.includes('--disable-userns');
  if (problems.length === 0) {
    const probe = await probeSandbox(settings, disableNestedUserns);
    if (probe) problems.push(probe);
  }
  return { ready: problems.length === 0, bwrap: bwrap.ok ? bwrap.out : null, python: python.ok ? python.out : null, disableNestedUserns, problems };
}

/** Starts one throwaway sandbox the way kernels start; returns what went wrong, if anything. */
async function probeSandbox(settings: WorkbenchSettings, disableNestedUserns: boolean): Promise<string | undefined> {
  let dir: string | undefined;
  try {
    const passwdPath = await writePasswdFile(settings.root);
    const identity = sandboxIdentity(settings, 0);
    dir = await mkdtemp(path.join(settings.root, '.probe-'));
    await prepareFilesDir(path.join(dir, 'probe', 'files'), identity);
    const code =
      'import socket\ntry:\n    socket.create_connection(("1.1.1.1", 53), timeout=2)\n    print("NETWORK")\nexcept OSError:\n    print("ISOLATED")\n';
    const { command, args } = sandboxCommand({
      bwrap: settings.bwrap,
      python: settings.python,
      filesDir: path.join(dir, 'probe', 'files'),
      kernelPath: KERNEL_PATH,
      passwdPath,
      tmpBytes: SANDBOX_LIMITS.tmpBytes,
      disableNestedUserns,
      kernelArgs: [],
    });
    const probeArgs = [...args.slice(0, args.indexOf(settings.python) + 1), '-I', '-c', code];
    const result = await run(command, probeArgs, identity);
    if (!result.ok) {
      const who = identity === undefined ? "the server's user" : `the sandbox users (uid ${identity.uid} to ${identity.uid + settings.maxKernels - 1})`;
      const hint = /Permission denied|Can't find source path/.test(result.out)
        ? `every directory above ${settings.root} must be searchable (chmod o+x) by ${who}; or set TOOLROUTER_WORKBENCH_DIR to a directory such as /var/lib/toolrouter/workbench`
        : 'bubblewrap needs user namespaces: check the sysctls user.max_user_namespaces (and kernel.unprivileged_userns_clone where it exists); in Docker allow unshare/clone with namespaces (e.g. --security-opt seccomp=unconfined --security-opt apparmor=unconfined)';
      return `bubblewrap could not start a sandbox (${result.out}); ${hint}`;
    }
    if (!result.out.includes('ISOLATED')) return 'the sandbox reached the network although it should not; refusing to run kernels';
    return undefined;
  } catch (error) {
    return `the workbench directory ${settings.root} is not usable: ${(error as Error).message}`;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
