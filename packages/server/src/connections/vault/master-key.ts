import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const KEY_FILE_NAME = 'encryption.key';

/**
 * The master key: TOOLROUTER_ENCRYPTION_KEY when set (32 bytes as base64 or 64 hex digits),
 * otherwise `<DATA_DIR>/encryption.key`, created with mode 0600 on first start. There is no
 * plaintext fallback: a key that is malformed, or a key file readable by others, stops the server.
 */
export async function loadMasterKey(options: { configured: string | undefined; dataDir: string }): Promise<{ key: Buffer; source: string }> {
  if (options.configured) return { key: parseKey(options.configured, 'TOOLROUTER_ENCRYPTION_KEY'), source: 'TOOLROUTER_ENCRYPTION_KEY' };
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  await mkdir(options.dataDir, { recursive: true });
  try {
    // `wx` fails when the file exists, so two processes starting at once cannot both create one.
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\``);
  }
  await chmod(file, 0o600);
  return { key: parseKey((await readFile(file, 'utf8')).trim(), file), source: file };
}

export function parseKey(text: string, where: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(value) && key.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, ''))) {
    throw new Error(`${where}: must be 32 random bytes, written as base64 (44 characters) or hex (64 digits); generate one with \`openssl rand -base64 32\``);
  }
  if (key.every((b) => b === key[0])) throw new Error(`${where}: the key is a repeated byte; use a random key`);
  return key;
}
