/**
 * Notion's typed values, both ways: a page's properties (`{"Status": {"type": "status", "status":
 * {"name": "Done"}}}`) as plain values a model reads (`{"Status": "Done"}`), plain values back into
 * the typed form a property of a known type takes, and short text into content blocks.
 */
type Json = Record<string, unknown>;

const text = (rich: unknown): string => (Array.isArray(rich) ? rich.map((r) => (r as { plain_text?: string }).plain_text ?? '').join('') : '');

/** One property's value in plain form. */
export function plainProperty(property: Json): unknown {
  const type = String(property['type']);
  const value = property[type] as unknown;
  switch (type) {
    case 'title':
    case 'rich_text':
      return text(value);
    case 'select':
    case 'status':
      return (value as { name?: string } | null)?.name ?? null;
    case 'multi_select':
      return Array.isArray(value) ? value.map((v) => (v as { name?: string }).name) : [];
    case 'people':
      return Array.isArray(value) ? value.map((p) => (p as { name?: string; id?: string }).name ?? (p as { id?: string }).id) : [];
    case 'relation':
      return Array.isArray(value) ? value.map((r) => (r as { id?: string }).id) : [];
    case 'date':
      return value === null ? null : dropEmpty({ start: (value as Json)['start'], end: (value as Json)['end'] ?? undefined });
    case 'formula': {
      const f = value as Json;
      return f?.[String(f['type'])] ?? null;
    }
    case 'rollup': {
      const r = value as Json;
      return r?.[String(r['type'])] ?? null;
    }
    case 'files':
      return Array.isArray(value) ? value.map((f) => (f as { name?: string }).name) : [];
    case 'unique_id': {
      const u = value as { prefix?: string; number?: number };
      return u ? `${u.prefix ? `${u.prefix}-` : ''}${u.number}` : null;
    }
    default:
      // number, checkbox, url, email, phone_number, created_time, last_edited_time, ...
      return value ?? null;
  }
}

/** All properties in plain form, keyed by property name. */
export function plainProperties(properties: unknown): Json {
  if (properties === null || typeof properties !== 'object') return {};
  return Object.fromEntries(Object.entries(properties as Json).map(([name, p]) => [name, plainProperty(p as Json)]));
}

/** The title of a page or database, whatever its title property is called. */
export function titleOf(object: unknown): string {
  const o = (object ?? {}) as Json;
  if (Array.isArray(o['title'])) return text(o['title']);
  for (const p of Object.values((o['properties'] ?? {}) as Json)) {
    if ((p as Json)['type'] === 'title') return text((p as Json)['title']);
  }
  return '';
}

const richText = (content: string) => [{ type: 'text', text: { content } }];

/** A plain value in the typed form of a property of type `type`; undefined when the type cannot be written. */
export function typedProperty(type: string, value: unknown): Json | undefined {
  const list = (v: unknown) =>
    Array.isArray(v)
      ? v
      : String(v)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  switch (type) {
    case 'title':
    case 'rich_text':
      return { [type]: richText(String(value ?? '')) };
    case 'number':
      return { number: value === null || value === '' ? null : Number(value) };
    case 'checkbox':
      return { checkbox: value === true || value === 'true' };
    case 'select':
    case 'status':
      return { [type]: value === null || value === '' ? null : { name: String(value) } };
    case 'multi_select':
      return { multi_select: list(value).map((name) => ({ name: String(name) })) };
    case 'date':
      if (value === null || value === '') return { date: null };
      return { date: typeof value === 'object' ? value : { start: String(value) } };
    case 'url':
    case 'email':
    case 'phone_number':
      return { [type]: value === '' ? null : value };
    case 'people':
      return { people: list(value).map((id) => ({ id: String(id) })) };
    case 'relation':
      return { relation: list(value).map((id) => ({ id: String(id) })) };
    default:
      return undefined;
  }
}

/**
 * Plain text as Notion blocks, with the little markdown people type: "# ", "## ", "### " headings,
 * "- " or "* " bullets, "1. " numbered items, "[ ] "/"[x] " to-dos, "> " quotes; other lines are
 * paragraphs. Notion caps a text run at 2,000 characters, so long lines are split.
 */
export function textBlocks(content: unknown): Json[] {
  if (typeof content !== 'string') return [];
  const blocks: Json[] = [];
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const rules: Array<[RegExp, string, Json?]> = [
      [/^### (.*)$/, 'heading_3'],
      [/^## (.*)$/, 'heading_2'],
      [/^# (.*)$/, 'heading_1'],
      [/^(?:[-*] )?\[( |x)\] (.*)$/i, 'to_do'],
      [/^[-*] (.*)$/, 'bulleted_list_item'],
      [/^\d+[.)] (.*)$/, 'numbered_list_item'],
      [/^> (.*)$/, 'quote'],
    ];
    let made: Json | undefined;
    for (const [pattern, type] of rules) {
      const m = pattern.exec(line);
      if (!m) continue;
      if (type === 'to_do') made = { object: 'block', type, to_do: { rich_text: chunks(m[2]!), checked: m[1]!.toLowerCase() === 'x' } };
      else made = { object: 'block', type, [type]: { rich_text: chunks(m[1]!) } };
      break;
    }
    blocks.push(made ?? { object: 'block', type: 'paragraph', paragraph: { rich_text: chunks(line) } });
  }
  return blocks;
}

function chunks(line: string): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < line.length; i += 2000) out.push({ type: 'text', text: { content: line.slice(i, i + 2000) } });
  return out;
}

/** A block's own text, for reading page content. */
export function blockText(block: unknown): string {
  const b = (block ?? {}) as Json;
  const body = b[String(b['type'])] as Json | undefined;
  return text(body?.['rich_text'] ?? body?.['text']);
}

function dropEmpty(record: Json): Json {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
