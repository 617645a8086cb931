/**
 * The origin links and logo URLs are handed out on: the configured public URL, else the origin the
 * request came in on (the HTTP edge sets it as the request's `origin` variable and hands it down to
 * what builds such URLs), else DEFAULT_ORIGIN for callers outside a request (the CLI).
 *
 * It is passed explicitly rather than kept in an AsyncLocalStorage: on Node 20 one `run()` switches on
 * async hooks for every promise of the process for good, which cost about a tenth of the server CPU of an
 * execute call (bench:paired, rest-oauth: 0.388 → 0.349 ms per request).
 */
export const DEFAULT_ORIGIN = 'http://localhost:8080';

/** The configured public URL wins; then the request's origin; then DEFAULT_ORIGIN. */
export function linkOrigin(publicUrl: string | undefined, requestOrigin: string | undefined): string {
  return publicUrl ?? requestOrigin ?? DEFAULT_ORIGIN;
}

/**
 * A catalog logo as an absolute URL: built-in logos are stored as server paths (`/logos/x.svg`)
 * and handed out on `origin`, like other links. Other values pass through unchanged.
 */
export function absoluteLogo(logo: string | null | undefined, origin: string): string | null {
  if (!logo) return null;
  return logo.startsWith('/') ? `${origin}${logo}` : logo;
}
