import type { Random } from './random.js';

/**
 * Hostile values for JSON fields: wrong types, huge and deeply nested values, NUL and control
 * characters, prototype keys, odd numbers and broken Unicode. Bodies are built as text where
 * JSON.stringify could not express the trick (duplicate keys, depth past the stack, bare NaN).
 */

/** Characters that have broken servers: NUL, other C0 controls, DEL, line separators, bidi overrides, lone surrogates. */
export const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u001b',
  '\u007f',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\uffff',
  '%00',
  '\\',
];

/** Keys every JavaScript object already answers to, and some that look like paths or operators. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString', 'valueOf'];
export const ODD_KEYS = ['', ' ', '$where', 'a.b', '../x', '\u0000', 'k\u0000k', '🔥', 'x'.repeat(300)];

/** A string with hostile characters mixed into ordinary text. */
export function nastyString(r: Random): string {
  const parts: string[] = [];
  const count = r.between(1, 4);
  for (let i = 0; i < count; i++) parts.push(r.chance(0.5) ? r.word(0, 8) : r.pick(NASTY_CHARS));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  if (r.chance(0.15)) parts.push(r.pick(['<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '{{7*7}}', '%s%s%n', '../../etc/passwd']));
  return parts.join('');
}

/** A string far longer than any field allows (up to `max` characters). */
export function hugeString(r: Random, max: number): string {
  const length = r.between(Math.min(5_000, max), max);
  return r.chance(0.8) ? 'A'.repeat(length) : '\u0000'.repeat(Math.floor(length / 6));
}

export function oddNumber(r: Random): number | string {
  // Strings here are raw JSON number texts that JSON.stringify cannot produce.
  return r.pick<number | string>([
    -1,
    0,
    -0,
    0.5,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    Number.MIN_VALUE,
    '1e400',
    '-1e400',
    '123456789012345678901234567890',
    '1.0e-400',
  ]);
}

/** An object whose keys are prototype names or odd strings, at the top or further down. */
export function prototypeObject(r: Random, inner: () => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = r.between(1, 3);
  for (let i = 0; i < count; i++) {
    const key = r.chance(0.7) ? r.pick(PROTOTYPE_KEYS) : r.pick(ODD_KEYS);
    // defineProperty: plain assignment to "__proto__" would set the prototype instead of a key.
    Object.defineProperty(out, key, {
      value: r.chance(0.5) ? { polluted: true, isAdmin: true } : inner(),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return out;
}

/** A nested array or object `depth` levels deep, as text (building the value first would be wasteful). */
export function deepText(r: Random, depth: number): string {
  if (r.chance(0.5)) return '['.repeat(depth) + ']'.repeat(depth);
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Any hostile JSON value, shallow enough to build and serialise. */
export function hostileValue(r: Random, depth = 0): unknown {
  const kind = r.weighted<string>([
    [3, 'nasty'],
    [1, 'null'],
    [1, 'bool'],
    [2, 'number'],
    [1, 'huge'],
    [depth < 3 ? 2 : 0, 'array'],
    [depth < 3 ? 2 : 0, 'object'],
    [depth < 3 ? 2 : 0, 'proto'],
    [1, 'nested'],
    [1, 'wide'],
  ]);
  switch (kind) {
    case 'nasty':
      return nastyString(r);
    case 'null':
      return null;
    case 'bool':
      return r.chance(0.5);
    case 'number': {
      const n = oddNumber(r);
      return typeof n === 'number' ? n : Number(n);
    }
    case 'huge':
      return hugeString(r, 60_000);
    case 'array':
      return Array.from({ length: r.int(4) }, () => hostileValue(r, depth + 1));
    case 'object':
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.chance(0.3) ? r.pick(ODD_KEYS) : r.word(), hostileValue(r, depth + 1)]));
    case 'proto':
      return prototypeObject(r, () => hostileValue(r, depth + 1));
    case 'nested': {
      // Deep but still serialisable by JSON.stringify (which recurses).
      let v: unknown = 'bottom';
      for (let i = r.between(50, 1500); i > 0; i--) v = r.chance(0.5) ? [v] : { d: v };
      return v;
    }
    default:
      // Wide: many keys or items.
      return r.chance(0.5)
        ? Array.from({ length: r.between(1000, 20_000) }, (_, i) => i)
        : Object.fromEntries(Array.from({ length: r.between(1000, 10_000) }, (_, i) => [`k${i}`, i]));
  }
}

/**
 * Replaces one field of a valid body with a hostile value (or removes it, or adds a stray key),
 * so the rest of the body still passes and the server has to look at that field.
 */
export function mutateBody(r: Random, valid: Record<string, unknown>): Record<string, unknown> {
  // A shallow copy is enough: replaceInside copies every level it changes.
  const body: Record<string, unknown> = { ...valid };
  const keys = Object.keys(body);
  // Mostly inside a field, so the body passes the outer validation and the hostile value
  // travels on into the services; sometimes the field itself, a missing one or a stray one.
  const action = r.weighted<string>([
    [4, 'replace'],
    [6, 'nested'],
    [1, 'remove'],
    [1, 'stray'],
    [1, 'proto'],
  ]);
  const key = keys.length > 0 ? r.pick(keys) : 'x';
  if (action === 'replace' || keys.length === 0) body[key] = hostileValue(r);
  else if (action === 'nested') body[key] = replaceInside(r, body[key]);
  else if (action === 'remove') delete body[key];
  else if (action === 'stray') body[r.chance(0.5) ? r.pick(ODD_KEYS) : `${key}_${r.word(1, 4)}`] = hostileValue(r);
  else Object.defineProperty(body, r.pick(PROTOTYPE_KEYS), { value: hostileValue(r, 2), enumerable: true, configurable: true, writable: true });
  return body;
}

/** The value with one leaf somewhere inside swapped for a hostile one (strings get NUL or control characters). */
function replaceInside(r: Random, value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return [hostileValue(r)];
    const copy = [...value];
    const i = r.int(copy.length);
    copy[i] = replaceInside(r, copy[i]);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0) return { [r.pick(PROTOTYPE_KEYS)]: hostileValue(r, 2) };
    const key = r.pick(keys);
    copy[key] = replaceInside(r, copy[key]);
    return copy;
  }
  if (typeof value === 'string') return r.chance(0.7) ? `${value}${r.pick(NASTY_CHARS)}${value}` : hostileValue(r);
  return hostileValue(r);
}

/** Text that is not a JSON object: broken JSON, other types, other encodings. */
export function brokenJsonText(r: Random, valid: Record<string, unknown>): string {
  const text = JSON.stringify(valid);
  return r.pick<() => string>([
    () => text.slice(0, r.int(text.length)),
    () => `${text}}`,
    () => `${text}${text}`,
    () => text.replace(/"/g, "'"),
    () => `\ufeff${text}`,
    () => text.replace(/:/, ':NaN,"x":'),
    () => text.replace(/\}$/, ',}'),
    () => text.replace(/^\{/, '{"a":1,"a":{"__proto__":{"x":1}},'),
    () => r.pick(['null', '[]', '42', '"x"', 'true', '-', '\u0000', '{"a":"\\u0000"}', '[{}]', '{"":{}}', 'undefined', '{a:1}', '/*x*/{}']),
    () => `{"x": ${oddNumber(r)}}`,
    () => deepText(r, r.between(1_000, 200_000)),
    () => text.replace(/^\{/, `{"deep":${deepText(r, r.between(2_000, 50_000))},`),
    () => '\ud800'.repeat(r.between(1, 100)),
    () => `{"x":"${'\\'.repeat(r.between(1, 5))}"}`,
    () => '{"x":"\\ud800\\u0000\\uZZZZ"}',
    () => 'x'.repeat(r.between(1, 50_000)),
    () => `${text}\u0000garbage`,
  ])();
}

/** Serialises a body, then sometimes swaps one number for a raw number text JSON.stringify cannot write. */
export function jsonText(r: Random, body: unknown): string {
  const text = JSON.stringify(body) ?? 'null';
  if (r.chance(0.1)) {
    const replaced = text.replace(/(?<=:)-?\d+(\.\d+)?(?=[,}])/, String(oddNumber(r)));
    return replaced;
  }
  return text;
}
