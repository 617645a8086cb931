// Toolkit logos: the brand's icon from simple-icons (CC0) where it has one, else a monogram.
// Both are built here from plain path data and text, and checked to hold nothing active.
import { readFileSync } from 'node:fs';
import * as icons from 'simple-icons';

const pkg = new URL('../../node_modules/simple-icons/package.json', import.meta.url);
export const SIMPLE_ICONS_VERSION = JSON.parse(readFileSync(pkg, 'utf8')).version;

const bySlug = new Map(
  Object.values(icons)
    .filter((i) => i && typeof i === 'object' && 'slug' in i)
    .map((i) => [i.slug, i]),
);

const escapeXml = (text) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Up to two letters from the name: "Google Sheets" → "GS", "Stripe" → "S". */
function initials(name) {
  const words = name
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function monogram(name, colour) {
  const text = initials(name);
  const size = text.length > 1 ? 26 : 32;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img"><title>${escapeXml(name)}</title>` +
    `<rect width="64" height="64" rx="14" fill="#${colour}"/>` +
    `<text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-weight="700" font-size="${size}" fill="#fff">${escapeXml(text)}</text></svg>\n`
  );
}

/** Nothing that runs or loads: no scripts, event handlers, links, foreign content or entities. */
export function isInertSvg(svg) {
  return !/<script|<foreignObject|<iframe|<!ENTITY|<!DOCTYPE|\son[a-z]+\s*=|href|javascript:|url\(|@import/i.test(svg);
}

export function logoSvg(slug, name, spec = {}) {
  const icon = spec.simple_icons ? bySlug.get(spec.simple_icons) : undefined;
  const svg = icon
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" role="img"><title>${escapeXml(icon.title)}</title><path fill="#${icon.hex}" d="${icon.path}"/></svg>\n`
    : monogram(name, /^[0-9A-Fa-f]{6}$/.test(spec.monogram ?? '') ? spec.monogram : '4B5563');
  if (!isInertSvg(svg)) throw new Error(`the logo of ${slug} is not an inert SVG`);
  return svg;
}
