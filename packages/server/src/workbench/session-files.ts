import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ToolRouterError } from '@toolrouter/core';
import { diskUsage } from './disk-usage.js';
import { SANDBOX_FILES } from './sandbox-command.js';
import { sessionFilesDir } from './sandbox-files.js';

/** One file of a session's mount, as the reference lists it. */
export interface MountItem {
  mount_relative_path: string;
  sandbox_mount_prefix: string;
  size: number;
  last_modified: string;
}

const MAX_DEPTH = 32;

/**
 * The session's workbench files (`/mnt/files` inside the sandbox) seen from the server, for the
 * file mount API. Code in the sandbox can leave symbolic links there, so no path component is ever
 * followed through a link: every component is checked with lstat and the final open refuses a link
 * (O_NOFOLLOW), so a mount path cannot reach outside the session's directory.
 */
export class SessionFiles {
  /** `diskBytes`: what one session's files may take in all (TOOLROUTER_WORKBENCH_DISK_MB; 0 = no limit). */
  constructor(
    private readonly root: string,
    private readonly diskBytes = 0,
  ) {}

  readonly prefix = SANDBOX_FILES;

  async list(projectId: string, sessionId: string, relativePrefix: string | undefined): Promise<MountItem[]> {
    const base = sessionFilesDir(this.root, projectId, sessionId);
    const items: MountItem[] = [];
    const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH) return;
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        const child = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(child, childRel, depth + 1);
        else if (entry.isFile()) {
          const info = await lstat(child);
          items.push({ mount_relative_path: childRel, sandbox_mount_prefix: this.prefix, size: info.size, last_modified: info.mtime.toISOString() });
        }
      }
    };
    await walk(base, '', 0);
    const wanted = relativePrefix ? normalise(relativePrefix, true) : '';
    return items.filter((i) => i.mount_relative_path.startsWith(wanted)).sort((a, b) => a.mount_relative_path.localeCompare(b.mount_relative_path));
  }

  async read(projectId: string, sessionId: string, relative: string): Promise<Buffer | undefined> {
    const target = await this.#resolve(projectId, sessionId, relative, false);
    if (!target) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (['ENOENT', 'ELOOP', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw error;
    }
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async write(projectId: string, sessionId: string, relative: string, content: Buffer): Promise<void> {
    if (this.diskBytes > 0) {
      const used = await diskUsage(sessionFilesDir(this.root, projectId, sessionId));
      if (used + content.length > this.diskBytes) {
        throw new ToolRouterError('PAYLOAD_TOO_LARGE', `The session's files would pass their limit of ${this.diskBytes} bytes (${used} used)`, {
          suggestedFix: 'Delete files of the session (…/mounts/files/delete) or upload a smaller one.',
        });
      }
    }
    const target = await this.#resolve(projectId, sessionId, relative, true);
    if (!target) throw invalidPath(relative, 'a directory on the way is a link or a file');
    // Group-writable, as the sandbox users share the session's files through their group.
    const handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o660).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ELOOP' || error.code === 'EISDIR') throw invalidPath(relative, 'it names a link or a directory');
        throw error;
      },
    );
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  }

  /** Removes a file or a whole directory; false when nothing was there. */
  async remove(projectId: string, sessionId: string, relative: string): Promise<boolean> {
    const target = await this.#resolve(projectId, sessionId, relative, false);
    if (!target) return false;
    try {
      await lstat(target);
    } catch {
      return false;
    }
    // rm does not follow links: a link is removed itself, never what it points to.
    await rm(target, { recursive: true, force: true });
    return true;
  }

  /**
   * The host path of `relative` inside the session's directory, checking that no existing
   * component is a link (and, when `create`, making missing directories). Undefined when a
   * component is missing (reads) or is not a directory.
   */
  async #resolve(projectId: string, sessionId: string, relative: string, create: boolean): Promise<string | undefined> {
    const parts = normalise(relative, false).split('/');
    let current = sessionFilesDir(this.root, projectId, sessionId);
    if (create) await mkdir(current, { recursive: true, mode: 0o2770 });
    for (const [i, part] of parts.entries()) {
      const next = path.join(current, part);
      const last = i === parts.length - 1;
      let info: Stats | undefined;
      try {
        info = await lstat(next);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (last) return next;
        if (!create) return undefined;
        await mkdir(next, { mode: 0o2770 });
        info = await lstat(next);
      }
      if (info.isSymbolicLink()) return undefined;
      if (!last && !info.isDirectory()) return undefined;
      current = next;
    }
    return current;
  }
}

/** `a/b.txt` from `/a/b.txt`, `a//b.txt` …; refuses `..`, empty and over-long paths. */
export function normalise(relative: string, allowEmpty: boolean): string {
  const parts = relative.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.includes('\0'))) throw invalidPath(relative, '".." and NUL are not allowed');
  if (!allowEmpty && parts.length === 0) throw invalidPath(relative, 'it names no file');
  if (parts.length > MAX_DEPTH || relative.length > 1024) throw invalidPath(relative, 'it is too long');
  return parts.join('/');
}

function invalidPath(relative: string, why: string): ToolRouterError {
  return new ToolRouterError('VALIDATION_FAILED', `"${relative}" is not a usable path in the session's files: ${why}`, {
    errors: [`mount_relative_path: ${why}`],
    suggestedFix: 'Give a path relative to the mount, such as reports/q1.csv.',
  });
}
