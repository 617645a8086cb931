import { execFile } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Kernel slots run as different host uids that share one group, and the kernel's umask keeps new
 * files group-writable. Programs that choose an owner-only mode themselves (tempfile.mkstemp,
 * ssh-keygen, `install -m 600`) still leave files that a later kernel of the session, in another
 * slot, cannot open. Before a kernel starts, the files whose group lacks the owner's access are
 * found here, and each owner hands the access on to the group (`chmod -R g=u`) from inside a
 * sandbox running as that owner: the server itself never changes a mode or owner in a tree that
 * sandboxed code can rearrange.
 */

/** Entries looked at per kernel start at most; a larger tree is only partly repaired. */
const MAX_ENTRIES = 200_000;
const REPAIR_TIMEOUT_MS = 60_000;

/**
 * The uids in `[firstUid, firstUid + count)` other than `exceptUid` that own a file or directory
 * under `dir` whose group permissions differ from its owner's. Links are neither followed nor counted.
 */
export async function ownersOfPrivateFiles(dir: string, range: { firstUid: number; count: number }, exceptUid: number): Promise<number[]> {
  const owners = new Set<number>();
  const pending = [dir];
  let seen = 0;
  for (let current = pending.pop(); current !== undefined && seen < MAX_ENTRIES; current = pending.pop()) {
    const names = await readdir(current).catch(() => [] as string[]);
    for (const name of names) {
      if (++seen > MAX_ENTRIES) break;
      const entry = path.join(current, name);
      const stat = await lstat(entry).catch(() => undefined);
      if (!stat || stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) pending.push(entry);
      const inRange = stat.uid >= range.firstUid && stat.uid < range.firstUid + range.count;
      const ownerBits = (stat.mode >> 6) & 7;
      const groupBits = (stat.mode >> 3) & 7;
      if (inRange && stat.uid !== exceptUid && ownerBits !== groupBits) owners.add(stat.uid);
    }
  }
  return [...owners];
}

/**
 * Runs `chmod -R g=u /mnt/files` in a sandbox as `uid`: it can change only what that uid owns, sees
 * only the session's files, and skips links. Errors (files of other owners) are expected and ignored.
 */
export function shareWithGroup(sandbox: { command: string; args: string[] }, identity: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve) => {
    execFile(sandbox.command, [...sandbox.args, '/bin/chmod', '-R', 'g=u', '/mnt/files'], { timeout: REPAIR_TIMEOUT_MS, ...identity }, () => resolve());
  });
}
