import { describe, expect, it } from 'vitest';
import { sandboxCommand } from './sandbox-command.js';

const spec = {
  bwrap: 'bwrap',
  python: '/usr/bin/python3',
  filesDir: '/data/workbench/prj_1/trs_1/files',
  kernelPath: '/app/sandbox/kernel.py',
  passwdPath: '/data/workbench/.sandbox/passwd',
  tmpBytes: 1024,
  disableNestedUserns: true,
  kernelArgs: ['{}'],
};

/** Pairs of (option, operands…) → the host paths mounted writable, and every option used. */
function parse(args: string[]) {
  const writable: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === '--bind' || args[i] === '--bind-try') writable.push(`${args[i + 1]} -> ${args[i + 2]}`);
  return { writable, options: args.filter((a) => a.startsWith('--')) };
}

describe('sandboxCommand', () => {
  it('unshares everything, shares no network, and mounts only the session files writable', () => {
    const { command, args } = sandboxCommand(spec);
    const { writable, options } = parse(args);
    expect(command).toBe('bwrap');
    expect(options).toEqual(
      expect.arrayContaining(['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--clearenv', '--disable-userns']),
    );
    expect(options).not.toContain('--share-net');
    expect(options).not.toContain('--dev-bind');
    expect(writable).toEqual(['/data/workbench/prj_1/trs_1/files -> /mnt/files']);
    expect(args.slice(args.indexOf('/usr/bin/python3'))).toEqual(['/usr/bin/python3', '-I', '-B', '/opt/toolrouter/kernel.py', '{}']);
  });

  it('leaves out --disable-userns for a bubblewrap that lacks it', () => {
    expect(sandboxCommand({ ...spec, disableNestedUserns: false }).args).not.toContain('--disable-userns');
  });
});
