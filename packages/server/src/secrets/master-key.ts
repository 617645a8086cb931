import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const KEY_FILE_NAME = 'encryption.key';

/**
 * The master key: TOOLROUTER_ENCRYPTION_KEY when set (32 bytes as base64 or 64 hex digits),
 * otherwise `<DATA_DIR>/encryption.key`, created with mode 0600 on first start. Same sources and
 * format as the connections vault, so both find the same key.
 */
export async function loadMasterKey(options: { configured: string | undefined; dataDir: string }): Promise<Buffer> {
  if (options.configured) return parseKey(options.configured, 'TOOLROUTER_ENCRYPTION_KEY');
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  await mkdir(options.dataDir, { recursive: true });
  try {
    // `wx` fails when the file exists, so two processes starting at once cannot both create one.
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) throw new Error(`${file} is readable by other users; run \`chmod 600 ${file}\``);
  await chmod(file, 0o600);
  return parseKey((await readFile(file, 'utf8')).trim(), file);
}

export function parseKey(text: string, where: string): Buffer {
  const value = text.trim();
  const hex = /^[0-9a-fA-F]{64}$/.test(value);
  const key = hex ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32 || (!hex && key.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, ''))) {
    throw new Error(`${where}: must be 32 random bytes, written as base64 (44 characters) or hex (64 digits)`);
  }
  return key;
}
