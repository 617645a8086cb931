/** What the API shows of a secret: never the value, only enough to tell two apart. */
export function mask(secret: string): string {
  if (secret.length < 12) return '••••••••';
  return `${secret.slice(0, 2)}••••••••${secret.slice(-4)}`;
}
