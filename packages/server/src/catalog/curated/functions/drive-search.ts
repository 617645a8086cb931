import { ProviderFailure } from '../../../execution/backends/provider-client.js';
import { dropUndefined } from './gmail-message.js';
import type { CuratedContext } from './types.js';

/**
 * Docs and Sheets tools that need the Drive API (find, copy, export a file): their toolkits' hosts
 * serve only documents and spreadsheets, so these call the binding's `drive` origin
 * (https://www.googleapis.com) with the same Google account.
 */
const DRIVE = 'drive';

/** A literal inside a Drive query: backslashes and single quotes escaped, in single quotes. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Files of one Google type (documents, spreadsheets) matching words, a name part and a date, newest first. */
export async function searchFilesOfType(ctx: CuratedContext, mimeType: string): Promise<Record<string, unknown>> {
  const { args } = ctx;
  const clauses = [`mimeType = ${literal(mimeType)}`, 'trashed = false'];
  if (typeof args['query'] === 'string' && args['query'].trim() !== '') clauses.push(`fullText contains ${literal(args['query'].trim())}`);
  if (typeof args['name_contains'] === 'string' && args['name_contains'] !== '') clauses.push(`name contains ${literal(args['name_contains'])}`);
  if (typeof args['modified_after'] === 'string' && args['modified_after'] !== '') clauses.push(`modifiedTime > ${literal(args['modified_after'])}`);
  const answer = (await ctx.api.json({
    origin: DRIVE,
    method: 'GET',
    path: '/drive/v3/files',
    query: {
      q: clauses.join(' and '),
      // Drive refuses an orderBy together with a full-text search; relevance order then.
      orderBy: clauses.some((c) => c.startsWith('fullText')) ? undefined : 'modifiedTime desc',
      pageSize: args['max_results'],
      pageToken: args['page_token'],
      fields: 'nextPageToken, files(id, name, modifiedTime, webViewLink, owners(emailAddress))',
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
    },
  })) as { files?: Array<Record<string, unknown>>; nextPageToken?: string };
  const files = (answer.files ?? []).map((f) =>
    dropUndefined({
      id: f['id'],
      name: f['name'],
      modified_time: f['modifiedTime'],
      url: f['webViewLink'],
      owner: (f['owners'] as Array<{ emailAddress?: string }> | undefined)?.[0]?.emailAddress,
    }),
  );
  return dropUndefined({ files, next_page_token: answer.nextPageToken });
}

/** A copy of a file under a new name, optionally in another folder. */
export async function copyFile(ctx: CuratedContext, id: string): Promise<Record<string, unknown>> {
  const folder = ctx.args['folder_id'];
  const copy = (await ctx.api.json({
    origin: DRIVE,
    method: 'POST',
    path: `/drive/v3/files/${encodeURIComponent(id)}/copy`,
    query: { fields: 'id, name, webViewLink', supportsAllDrives: true },
    body: dropUndefined({ name: ctx.args['title'], parents: typeof folder === 'string' && folder !== '' ? [folder] : undefined }),
  })) as Record<string, unknown>;
  return dropUndefined({ id: copy['id'], name: copy['name'], url: copy['webViewLink'] });
}

/** The bytes of a Google file exported to `mimeType` (Drive exports up to 10 MB), base64-encoded. */
export async function exportFile(ctx: CuratedContext, id: string, mimeType: string): Promise<{ content_base64: string; size_bytes: number }> {
  const reply = await ctx.api.send({ origin: DRIVE, method: 'GET', path: `/drive/v3/files/${encodeURIComponent(id)}/export`, query: { mimeType } });
  if (!reply.ok) throw new ProviderFailure(reply.outcome);
  return { content_base64: Buffer.from(reply.bytes).toString('base64'), size_bytes: reply.bytes.length };
}
