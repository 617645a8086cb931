import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
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

/** Who a kernel runs as on the host: its own uid per pool slot and one group shared by all slots. */
export interface SandboxIdentity {
  uid: number;
  gid: number;
}

/**
 * The session's directory exists and the sandbox users may use it. With identities (server running
 * as root) it belongs to root and the sandbox group (mode 2770): every kernel slot reads and writes
 * through the group, and the kernel's umask keeps new files group-writable, so no file ever needs
 * a chown — the server never changes ownership inside a tree that sandboxed code can rearrange.
 */
export async function prepareFilesDir(dir: string, identity: SandboxIdentity | undefined): Promise<void> {
  // The directories above may be crossed (not listed) by the sandbox users; bubblewrap resolves the
  // path as that user when it mounts it.
  let parent = path.dirname(dir);
  await mkdir(parent, { recursive: true, mode: 0o711 });
  for (let i = 0; i < 3 && identity !== undefined; i++, parent = path.dirname(parent)) await chmod(parent, 0o711);
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  if (identity === undefined) return;
  await chown(dir, 0, identity.gid);
  await chmod(dir, 0o2770);
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
