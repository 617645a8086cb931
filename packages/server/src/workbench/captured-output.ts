import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxSize } from './settings.js';

/**
 * While a cell runs, the kernel writes its stdout and stderr to `<name>.stdout` / `<name>.stderr` at
 * the top of the session's files (see sandbox/kernel.py). One pair per sandbox size: two kernels of
 * one session (different sizes) never share a file.
 */
export function captureName(size: SandboxSize): string {
  return `.cell-output-${size}`;
}

export interface CapturedText {
  text: string;
  /** More was printed than `text` holds. */
  cut: boolean;
}

/**
 * What a killed cell had printed to one stream, at most `maxChars` characters of it. The sandboxed
 * code could have replaced the file with a link to a host file, a FIFO or a directory, so it is
 * opened without following links or blocking and read only if it is a regular file; anything else
 * reads as nothing. (The files directory itself is the sandbox's mount point and cannot be swapped.)
 */
export async function readCapturedOutput(filesDir: string, size: SandboxSize, stream: 'stdout' | 'stderr', maxChars: number): Promise<CapturedText> {
  const file = path.join(filesDir, `${captureName(size)}.${stream}`);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { text: '', cut: false };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { text: '', cut: false };
    // UTF-8 takes at most 4 bytes a character.
    const buffer = Buffer.alloc(Math.min(stat.size, maxChars * 4));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    return { text: text.slice(0, maxChars), cut: text.length > maxChars || stat.size > buffer.length };
  } catch {
    return { text: '', cut: false };
  } finally {
    await handle.close();
  }
}
