import { createSandbox, executeCode, getFile, runTerminalCommand, uploadFile as sandboxUploadFile } from './codeinterpreter.js';
import { createEmailDraft, fetchEmails, fetchMessageById, fetchThreadById, replyToThread, sendEmail } from './gmail.js';
import { currentDateTime, findFreeSlots, updateEvent } from './googlecalendar.js';
import { copyDocument, createDocument, createDocumentMarkdown, exportDocumentAsPdf, searchDocuments, updateDocumentMarkdown } from './googledocs.js';
import { createFileFromText, uploadFile } from './googledrive.js';
import { searchSpreadsheets, upsertRows } from './googlesheets.js';
import { insertRow, updateRow } from './notion.js';
import { sendMessage as slackSendMessage } from './slack.js';
import { selectFromTable } from './supabase.js';
import { like as twitterLike, retweet as twitterRetweet, uploadMedia as twitterUploadMedia } from './twitter.js';
import type { CuratedFunction } from './types.js';
import { uploadVideo } from './youtube.js';

export { type CuratedContext, type CuratedFunction, type CuratedSandbox, type SandboxAnswer, ToolInputError } from './types.js';

/**
 * Every curated function, by the name toolkit files use in `binding: {kind: function, name: …}`.
 * The declarative loader refuses a file naming a function that is not here, so a typo stops
 * start-up instead of failing a user's call.
 */
export const CURATED_FUNCTIONS: ReadonlyMap<string, CuratedFunction> = new Map<string, CuratedFunction>([
  ['gmail.send_email', sendEmail],
  ['gmail.create_email_draft', createEmailDraft],
  ['gmail.reply_to_thread', replyToThread],
  ['gmail.fetch_emails', fetchEmails],
  ['gmail.fetch_message_by_message_id', fetchMessageById],
  ['gmail.fetch_message_by_thread_id', fetchThreadById],
  ['googlecalendar.update_event', updateEvent],
  ['googlecalendar.find_free_slots', findFreeSlots],
  ['googlecalendar.get_current_date_time', currentDateTime],
  ['slack.send_message', slackSendMessage],
  ['notion.insert_row', insertRow],
  ['notion.update_row', updateRow],
  ['googlesheets.upsert_rows', upsertRows],
  ['googledocs.create_document', createDocument],
  ['googledocs.create_document_markdown', createDocumentMarkdown],
  ['googledocs.update_document_markdown', updateDocumentMarkdown],
  ['googledocs.search_documents', searchDocuments],
  ['googledocs.copy_document', copyDocument],
  ['googledocs.export_document_as_pdf', exportDocumentAsPdf],
  ['googlesheets.search_spreadsheets', searchSpreadsheets],
  ['supabase.select_from_table', selectFromTable],
  ['youtube.upload_video', uploadVideo],
  ['twitter.upload_media', twitterUploadMedia],
  ['googledrive.upload_file', uploadFile],
  ['googledrive.create_file_from_text', createFileFromText],
  ['twitter.retweet', twitterRetweet],
  ['twitter.like', twitterLike],
  ['codeinterpreter.create_sandbox', createSandbox],
  ['codeinterpreter.execute_code', executeCode],
  ['codeinterpreter.run_terminal_cmd', runTerminalCommand],
  ['codeinterpreter.upload_file', sandboxUploadFile],
  ['codeinterpreter.get_file', getFile],
]);
