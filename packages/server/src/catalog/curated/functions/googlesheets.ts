import { searchFilesOfType } from './drive-search.js';
import { dropUndefined } from './gmail-message.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/**
 * Upsert by key column: reads the sheet, updates the rows whose key matches (one batch request)
 * and appends the rest. The first row is the header; rows are objects keyed by header names.
 */
export const upsertRows: CuratedFunction = async ({ args, api }) => {
  const id = encodeURIComponent(String(args['spreadsheet_id']));
  const sheet = String(args['sheet_name']);
  const key = String(args['key_column']);
  const rows = args['rows'] as Array<Record<string, unknown>>;
  const quoted = `'${sheet.replaceAll("'", "''")}'`;
  const current = (await api.json({ method: 'GET', path: `/v4/spreadsheets/${id}/values/${encodeURIComponent(quoted)}` })) as { values?: unknown[][] };
  const values = current.values ?? [];
  const header = (values[0] ?? []).map(String);
  const missing = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((name) => !header.includes(name));
  if (header.length === 0) throw new ToolInputError(`sheet "${sheet}" has no header row; add one (e.g. with GOOGLESHEETS_VALUES_UPDATE) first`);
  if (!header.includes(key)) throw new ToolInputError(`key_column "${key}" is not in the header row (${header.join(', ')})`);
  if (missing.length > 0) throw new ToolInputError(`columns not in the header row: ${missing.join(', ')} (the header is ${header.join(', ')})`);
  const keyIndex = header.indexOf(key);
  const rowOf = new Map<string, number>();
  values.slice(1).forEach((row, i) => rowOf.set(String(row[keyIndex] ?? ''), i + 2));
  const line = (row: Record<string, unknown>, existing: unknown[] = []) => header.map((name, i) => (name in row ? row[name] : (existing[i] ?? '')));
  const updates: Array<{ range: string; values: unknown[][] }> = [];
  const appends: unknown[][] = [];
  for (const row of rows) {
    const at = rowOf.get(String(row[key] ?? ''));
    if (at !== undefined) updates.push({ range: `${quoted}!A${at}`, values: [line(row, values[at - 1])] });
    else appends.push(line(row));
  }
  const option = args['value_input_option'] ?? 'USER_ENTERED';
  if (updates.length > 0) {
    await api.json({ method: 'POST', path: `/v4/spreadsheets/${id}/values:batchUpdate`, body: { valueInputOption: option, data: updates } });
  }
  let appendedRange: string | undefined;
  if (appends.length > 0) {
    const appended = (await api.json({
      method: 'POST',
      path: `/v4/spreadsheets/${id}/values/${encodeURIComponent(quoted)}:append`,
      query: { valueInputOption: option, insertDataOption: 'INSERT_ROWS' },
      body: { values: appends },
    })) as { updates?: { updatedRange?: string } };
    appendedRange = appended.updates?.updatedRange;
  }
  return dropUndefined({
    updated_rows: updates.length,
    appended_rows: appends.length,
    updated_ranges: updates.map((u) => u.range),
    appended_range: appendedRange,
  });
};

/** Spreadsheets the account can see, by words in their cells or title (through the Drive API). */
export const searchSpreadsheets: CuratedFunction = async (ctx) => {
  const found = await searchFilesOfType(ctx, 'application/vnd.google-apps.spreadsheet');
  const files = (found['files'] as Array<Record<string, unknown>>).map(({ id, ...rest }) => ({ spreadsheet_id: id, ...rest }));
  return { ...found, files };
};
