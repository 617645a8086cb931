import { existsSync, lstatSync, readlinkSync } from 'node:fs';

/** Where things appear inside the sandbox. */
export const SANDBOX_FILES = '/mnt/files';
export const SANDBOX_KERNEL = '/opt/toolrouter/kernel.py';

export interface SandboxSpec {
  bwrap: string;
  python: string;
  /** The session's files directory on the host, mounted read-write at /mnt/files. */
  filesDir: string;
  /** kernel.py on the host, mounted read-only. */
  kernelPath: string;
  /** A passwd file naming the sandbox user (some libraries look the user up). */
  passwdPath: string;
  tmpBytes: number;
  /** Forbid new user namespaces inside (bubblewrap 0.8+; older versions lack the option). */
  disableNestedUserns: boolean;
  /** Arguments after the script (the kernel's settings as JSON). */
  kernelArgs: string[];
}

// Host paths of the read-only system: /usr, plus the top-level links into it (merged /usr) or the
// directories themselves (older layouts); a few files of /etc that TLS, time zones and the loader need.
const SYSTEM_TOP = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
const ETC_FILES = [
  '/etc/alternatives',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/localtime',
  '/etc/ld.so.cache',
  '/etc/mime.types',
  '/etc/python3',
  '/etc/python3.11',
];

/**
 * The bubblewrap command line for one kernel: every namespace unshared (no network at all — the
 * router is reached only through the inherited control socket), a read-only system, a private /tmp,
 * the session's own files directory and nothing else of the host.
 */
export function sandboxCommand(spec: SandboxSpec): { command: string; args: string[] } {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '1000',
    '--gid',
    '1000',
    '--hostname',
    'workbench',
    ...(spec.disableNestedUserns ? ['--disable-userns'] : []),
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--setenv',
    'HOME',
    SANDBOX_FILES,
    '--setenv',
    'PATH',
    '/usr/local/bin:/usr/bin:/bin',
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--setenv',
    'MPLBACKEND',
    'Agg',
    '--ro-bind',
    '/usr',
    '/usr',
  ];
  for (const top of SYSTEM_TOP) {
    if (!existsSync(top)) continue;
    const stat = lstatSync(top);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else args.push('--ro-bind', top, top);
  }
  for (const file of ETC_FILES) args.push('--ro-bind-try', file, file);
  args.push(
    '--ro-bind',
    spec.passwdPath,
    '/etc/passwd',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(spec.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--bind',
    spec.filesDir,
    SANDBOX_FILES,
    '--ro-bind',
    spec.kernelPath,
    SANDBOX_KERNEL,
    '--chdir',
    SANDBOX_FILES,
    spec.python,
    '-I',
    '-B',
    SANDBOX_KERNEL,
    ...spec.kernelArgs,
  );
  return { command: spec.bwrap, args };
}
