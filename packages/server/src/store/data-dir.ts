import { chmod, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Permissions of what the server keeps on disk. The SQLite database holds sealed secrets, token
 * digests and execution logs, so its files are for the server's user alone (0600, like the key
 * file). The data directory is not listable by others: 0700, or 0711 when the workbench lives
 * inside it, because the sandbox users (other uids) must pass through it to reach their files.
 * What the server creates gets these modes whatever the umask; what already exists with wider
 * modes is left as the operator set it and reported, so that start-up can warn.
 */

export const DATABASE_FILE_MODE = 0o600;
/** The files SQLite keeps beside the database in WAL mode. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm'] as const;

export interface WidePermission {
  path: string;
  /** The mode found (permission bits only). */
  mode: number;
  /** The widest mode the server would have used. */
  wanted: number;
}

/** 0711 when the workbench directory is the data directory or below it, else 0700. */
export function dataDirMode(dataDir: string, workbenchRoot: string | undefined): number {
  if (workbenchRoot === undefined) return 0o700;
  const rel = path.relative(path.resolve(dataDir), path.resolve(workbenchRoot));
  const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  return inside ? 0o711 : 0o700;
}

/** Creates the data directory with `mode`, or reports an existing one that others may list or write. */
export async function prepareDataDir(dir: string, mode: number): Promise<WidePermission[]> {
  const found = await modeOf(dir);
  if (found === undefined) {
    await mkdir(dir, { recursive: true, mode });
    // mkdir's mode is filtered by the umask; chmod is not.
    await chmod(dir, mode);
    return [];
  }
  return wider(dir, found, mode);
}

/**
 * Creates the database file, empty, with mode 0600 before SQLite opens it: SQLite creates the
 * -wal and -shm files later with the database file's own mode, so they inherit 0600 too.
 */
export async function createDatabaseFile(file: string): Promise<void> {
  try {
    const handle = await open(file, 'wx', DATABASE_FILE_MODE);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * After SQLite opened the database: side files of a private database are made private too, in
 * case they were created before this run (by another tool) or by a build that does not copy the
 * database file's mode. A database the operator made wider is left alone (reported instead).
 */
export async function privatiseSideFiles(file: string): Promise<void> {
  const own = await modeOf(file);
  if (own === undefined || (own & ~DATABASE_FILE_MODE) !== 0) return;
  for (const suffix of SQLITE_SIDE_FILES) {
    const side = `${file}${suffix}`;
    const mode = await modeOf(side);
    if (mode !== undefined && (mode & ~DATABASE_FILE_MODE) !== 0) await chmod(side, DATABASE_FILE_MODE).catch(() => undefined);
  }
}

/** The database file and its side files that are readable or writable by others than the owner. */
export async function widePermissionsOfDatabase(file: string): Promise<WidePermission[]> {
  const out: WidePermission[] = [];
  for (const candidate of [file, ...SQLITE_SIDE_FILES.map((s) => `${file}${s}`)]) {
    const mode = await modeOf(candidate);
    if (mode !== undefined) out.push(...wider(candidate, mode, DATABASE_FILE_MODE));
  }
  return out;
}

function wider(file: string, mode: number, wanted: number): WidePermission[] {
  return (mode & ~wanted) !== 0 ? [{ path: file, mode, wanted }] : [];
}

async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
