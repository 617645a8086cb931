/** Secrets shorter than this are shown with no character at all: a few revealed ones would be a real share. */
const MIN_REVEALING_LENGTH = 16;
/** The most of a secret ever shown: its tail, enough to tell two keys apart. */
const REVEALED_TAIL = 4;
const HIDDEN = '••••••••';

/** What the API shows of a secret: never the value, at most its last four characters. */
export function mask(secret: string): string {
  if (secret.length < MIN_REVEALING_LENGTH) return HIDDEN;
  return `${HIDDEN}${secret.slice(-REVEALED_TAIL)}`;
}
