import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';

/** A field path inside a toolkit file, e.g. `['tools', 2, 'method']`. */
export type FieldPath = ReadonlyArray<PropertyKey>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Renders a path the way a reader looks it up in the file: `tools[2].args["Notion-Version"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Collects every problem of one file, so an author fixes them in one pass instead of one per
 * reload. Each line reads `<file>: <field path>: <what is wrong> (line N)`; the line number is
 * looked up in the YAML document when the field (or its nearest existing parent) is found there.
 */
export class Problems {
  readonly lines: string[] = [];
  private readonly doc: Document | undefined;
  private readonly lineCounter: LineCounter | undefined;

  constructor(
    readonly fileName: string,
    source?: { doc: Document; lineCounter: LineCounter },
  ) {
    this.doc = source?.doc;
    this.lineCounter = source?.lineCounter;
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  /** A problem with a field. */
  at(path: FieldPath, message: string): void {
    const line = this.lineOf(path);
    this.lines.push(`${this.fileName}: ${formatPath(path)}: ${message}${line === undefined ? '' : ` (line ${line})`}`);
  }

  /** A problem located only by position in the text (YAML syntax errors). */
  atLine(line: number, column: number, message: string): void {
    this.lines.push(`${this.fileName}: line ${line}, column ${column}: ${message}`);
  }

  /** A problem with the file as a whole (unreadable, empty). */
  file(message: string): void {
    this.lines.push(`${this.fileName}: ${message}`);
  }

  /** Adds every zod issue, with `prefix` prepended to each issue's path (or `map` applied to it). */
  zod(error: z.ZodError, prefix: FieldPath = [], map?: (path: FieldPath) => FieldPath): void {
    for (const issue of error.issues) {
      const path = map ? map(issue.path) : [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        // One line per key, pointing at the key itself: that is what the author has to delete.
        for (const key of issue.keys) this.at([...path, key], 'unknown key');
      } else {
        this.at(path, describeIssue(issue));
      }
    }
  }

  private lineOf(path: FieldPath): number | undefined {
    if (this.doc === undefined || this.lineCounter === undefined) return undefined;
    // Walk up until a node exists: a missing field is reported at the object that lacks it.
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range !== undefined) return this.lineCounter.linePos(range[0]).line;
    }
    return undefined;
  }
}

/** Zod's messages, reworded for someone editing YAML rather than calling an API. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      // YAML reads `version: 1` as a number; say how to get the string the schema wants.
      if (issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')) {
        return `expected string, got ${describeValue(issue.input)} (quote it: "${String(issue.input)}")`;
      }
      return `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${String(issue.values[0])}` : `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return `expected one of ${issue.options.map(String).join(', ')}`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
