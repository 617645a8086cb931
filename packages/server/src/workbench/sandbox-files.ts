import { chmod, lchown, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** kernel.py ships beside the compiled code: packages/server/sandbox/ (for src/ and dist/ alike). */
export const KERNEL_PATH = fileURLToPath(new URL('../../sandbox/kernel.py', import.meta.url));

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;

/** The host directory mounted as /mnt/files for one session. Ids become path segments, so they are checked. */
export function sessionFilesDir(root: string, projectId: string, sessionId: string): string {
  if (!SAFE_SEGMENT.test(projectId) || !SAFE_SEGMENT.test(sessionId)) throw new Error('project and session ids must be plain identifiers');
  return path.join(root, projectId, sessionId, 'files');
}

/** The session's directory exists and belongs to the sandbox user that will mount it. */
export async function prepareFilesDir(dir: string, owner: number | undefined): Promise<void> {
  // The directories above may be crossed (not listed) by the sandbox users; bubblewrap resolves the
  // path as that user when it mounts it.
  let parent = path.dirname(dir);
  await mkdir(parent, { recursive: true, mode: 0o711 });
  for (let i = 0; i < 3 && owner !== undefined; i++, parent = path.dirname(parent)) await chmod(parent, 0o711);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (owner !== undefined) await chownTree(dir, owner);
}

/** Hands every entry to `owner` (a session's files may have been written by another kernel slot). */
async function chownTree(dir: string, owner: number): Promise<void> {
  const info = await stat(dir);
  if (info.uid !== owner) await lchown(dir, owner, owner);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, owner);
    else if ((await stat(full).catch(() => undefined))?.uid !== owner) await lchown(full, owner, owner);
  }
}

/** The passwd file mounted into every sandbox: the one user code runs as. */
export async function writePasswdFile(root: string): Promise<string> {
  const dir = path.join(root, '.sandbox');
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const file = path.join(dir, 'passwd');
  await writeFile(file, 'root:x:0:0::/:/usr/sbin/nologin\nworkbench:x:1000:1000:workbench:/mnt/files:/bin/bash\n', { mode: 0o644 });
  return file;
}
