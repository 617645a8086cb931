import type { MediaTypeObject } from './types.js';

/** Lower rank is preferred: JSON, then JSON-ish, then the two form encodings, then anything else. */
export function contentTypeRank(contentType: string): number {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'application/json') return 0;
  if (type.endsWith('+json') || type.endsWith('/json') || type.endsWith('-json')) return 1;
  if (type === 'application/x-www-form-urlencoded') return 2;
  if (type === 'multipart/form-data') return 3;
  return 4;
}

export function isJsonish(contentType: string): boolean {
  return contentTypeRank(contentType) <= 1;
}

/** The preferred media type of a content map; ties keep declaration order. */
export function pickContent(content: Record<string, MediaTypeObject> | undefined): { contentType: string; media: MediaTypeObject } | undefined {
  let best: { contentType: string; media: MediaTypeObject; rank: number } | undefined;
  for (const [contentType, media] of Object.entries(content ?? {})) {
    const rank = contentTypeRank(contentType);
    if (best === undefined || rank < best.rank) best = { contentType, media: media ?? {}, rank };
  }
  return best === undefined ? undefined : { contentType: best.contentType, media: best.media };
}
