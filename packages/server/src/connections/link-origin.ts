import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The origin Connect Links are handed out on. The HTTP edge records the request's origin for the
 * duration of each request, so a meta-tool that creates a link deep inside execution can build a
 * URL the user's browser reaches, without every layer passing it along.
 */
const current = new AsyncLocalStorage<string>();

export function withLinkOrigin<T>(origin: string, fn: () => T): T {
  return current.run(origin, fn);
}

/** The configured public URL wins; then the current request's origin; then `fallback`. */
export function linkOrigin(publicUrl: string | undefined, fallback = 'http://localhost:8080'): string {
  return publicUrl ?? current.getStore() ?? fallback;
}

/**
 * A catalog logo as an absolute URL: built-in logos are stored as server paths (`/logos/x.svg`)
 * and handed out on the same origin as other links. Other values pass through unchanged.
 */
export function absoluteLogo(logo: string | null | undefined): string | null {
  if (!logo) return null;
  return logo.startsWith('/') ? `${current.getStore() ?? 'http://localhost:8080'}${logo}` : logo;
}
