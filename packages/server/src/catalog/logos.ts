import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';

/** `<toolkit slug>.svg`: the only names served, so no path can leave the logo directory. */
const LOGO_FILE = /^[a-z0-9][a-z0-9_-]{0,59}\.svg$/;

/**
 * True when an SVG holds nothing that runs or loads: no scripts, event handlers, links, foreign
 * content, entities or external styles. The build writes only such logos (simple-icons paths or a
 * generated monogram); this check stands guard at serving time too.
 */
export function isInertSvg(svg: string): boolean {
  return svg.trimStart().startsWith('<svg') && !/<script|<foreignObject|<iframe|<!ENTITY|<!DOCTYPE|\son[a-z]+\s*=|href|javascript:|url\(|@import/i.test(svg);
}

/** The headers every logo is served with: an image that may not run or fetch anything, even when opened directly. */
export const LOGO_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'public, max-age=86400',
} as const;

/**
 * `GET /logos/{slug}.svg`: toolkit logos from the catalog's logo directory. Public, like any
 * image a page embeds (an <img> cannot send an API key); the files are built from CC0 icons or
 * generated, and hold nothing private.
 */
export function logoRoutes(dir: string) {
  const app = new Hono();
  const cache = new Map<string, string | null>();
  app.get('/logos/:file', async (c) => {
    const file = c.req.param('file');
    if (!LOGO_FILE.test(file)) return c.notFound();
    let svg = cache.get(file);
    if (svg === undefined) {
      svg = await readFile(join(dir, file), 'utf8').then(
        (text) => (isInertSvg(text) ? text : null),
        () => null,
      );
      cache.set(file, svg);
    }
    if (svg === null) return c.notFound();
    return c.body(svg, 200, LOGO_HEADERS);
  });
  return app;
}

/** The logo path of a toolkit whose logo file exists in `dir`, else null. */
export async function logoPathIfPresent(dir: string, slug: string): Promise<string | null> {
  try {
    await readFile(join(dir, `${slug}.svg`));
    return `/logos/${slug}.svg`;
  } catch {
    return null;
  }
}
