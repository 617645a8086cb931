/** Current time as ISO-8601 UTC text, the one timestamp format both dialects store. */
export function now(): string {
  return new Date().toISOString();
}

/** PostgreSQL returns count(*) and bigint as strings, Kysely affected-row counts are bigint. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Splits multi-row inserts so no statement exceeds the dialects' bound-parameter limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
