import { ToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { SessionService } from '../../sessions/session-service.js';
import type { FileUrlTokens } from '../../workbench/file-url-tokens.js';
import { normalise, type SessionFiles } from '../../workbench/session-files.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, encodeCursor, limitFrom } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface SessionMountDeps {
  sessions: SessionService;
  files: SessionFiles;
  tokens: FileUrlTokens;
  publicUrl: string | undefined;
  now: () => Date;
  /** Largest upload a URL accepts. */
  maxUploadBytes: number;
}

/** The one mount a session has: its workbench files. */
const MOUNT_ID = 'files';
/** How long a handed-out URL works. */
const URL_TTL_SECONDS = 15 * 60;

const ListQuerySchema = z.strictObject({
  mount_relative_prefix: z.string().max(1024).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});
const PathBodySchema = z.strictObject({ mount_relative_path: z.string().min(1).max(1024) });
const UploadBodySchema = PathBodySchema.extend({ mimetype: z.string().max(200).optional() });

/**
 * `session.experimental.files` of the official clients: `…/session/{id}/mounts/files/items`,
 * `upload_url`, `download_url` and `delete`, over the session's workbench files. Upload and
 * download go through short-lived signed URLs (see `fileTransferRoutes`).
 */
export function sessionMountRoutes(deps: SessionMountDeps) {
  const app = new Hono<AppEnv>();
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;
  const project = (c: Context<AppEnv>) => c.get('project').id;
  const target = async (c: Context<AppEnv>) => {
    if (c.req.param('mount') !== MOUNT_ID) {
      throw new ToolRouterError('VALIDATION_FAILED', `No mount "${c.req.param('mount')}" in this session`, {
        errors: ['mount_id: only "files" exists'],
        suggestedFix: 'Use the mount id "files" (the session\'s workbench files).',
      });
    }
    const { row } = await deps.sessions.load(project(c), c.req.param('id')!);
    return { projectId: row.project_id, sessionId: row.id };
  };
  const expiry = () => Math.floor(deps.now().getTime() / 1000) + URL_TTL_SECONDS;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

  app.get('/:id/mounts/:mount/items', async (c) => {
    const q = readQuery(c, ListQuerySchema);
    const t = await target(c);
    const all = await deps.files.list(t.projectId, t.sessionId, q.mount_relative_prefix);
    const offset = decodeCursor(q.cursor);
    const limit = limitFrom(q.limit, 100, 1_000);
    const items = all.slice(offset, offset + limit);
    const next = offset + items.length;
    return c.json({ items, ...(next < all.length ? { next_cursor: encodeCursor(next) } : {}) });
  });

  app.post('/:id/mounts/:mount/upload_url', async (c) => {
    const body = await readBody(c, UploadBodySchema);
    const t = await target(c);
    const path = normalise(body.mount_relative_path, false);
    const exp = expiry();
    const token = deps.tokens.sign({ op: 'upload', ...t, path, exp, maxBytes: deps.maxUploadBytes, ...(body.mimetype ? { mimetype: body.mimetype } : {}) });
    return c.json({
      upload_url: `${origin(c)}/session_files/${token}`,
      expires_at: iso(exp),
      mount_relative_path: path,
      sandbox_mount_prefix: deps.files.prefix,
    });
  });

  app.post('/:id/mounts/:mount/download_url', async (c) => {
    const body = await readBody(c, PathBodySchema);
    const t = await target(c);
    const path = normalise(body.mount_relative_path, false);
    const exp = expiry();
    const token = deps.tokens.sign({ op: 'download', ...t, path, exp });
    return c.json({
      download_url: `${origin(c)}/session_files/${token}`,
      expires_at: iso(exp),
      mount_relative_path: path,
      sandbox_mount_prefix: deps.files.prefix,
    });
  });

  app.post('/:id/mounts/:mount/delete', async (c) => {
    const body = await readBody(c, PathBodySchema);
    const t = await target(c);
    const path = normalise(body.mount_relative_path, false);
    if (!(await deps.files.remove(t.projectId, t.sessionId, path))) throw fileNotFound(path);
    return c.json({ mount_relative_path: path, sandbox_mount_prefix: deps.files.prefix });
  });

  return app;
}

/**
 * The signed URLs themselves, outside the API key: the token is the credential. A URL works for
 * its one operation on its one file of its one session, until it expires, and only while that
 * session exists; uploads stop at the size the URL was signed for.
 */
export function fileTransferRoutes(deps: SessionMountDeps) {
  const app = new Hono<AppEnv>();
  const grant = async (c: Context<AppEnv>, op: 'upload' | 'download') => {
    const found = deps.tokens.verify(c.req.param('token')!, Math.floor(deps.now().getTime() / 1000));
    if (!found || found.op !== op) {
      throw new ToolRouterError('FILE_URL_INVALID', 'This file URL is invalid or has expired', {
        suggestedFix: 'Ask for a fresh URL (…/mounts/files/upload_url or download_url); they last 15 minutes.',
      });
    }
    await deps.sessions.load(found.projectId, found.sessionId);
    return found;
  };

  app.put(
    '/session_files/:token',
    bodyLimit({
      maxSize: deps.maxUploadBytes,
      onError: () => {
        throw new ToolRouterError('PAYLOAD_TOO_LARGE', `An upload may be at most ${deps.maxUploadBytes} bytes`, { suggestedFix: 'Upload a smaller file.' });
      },
    }),
    async (c) => {
      const g = await grant(c, 'upload');
      const bytes = Buffer.from(await c.req.arrayBuffer());
      if (g.maxBytes !== undefined && bytes.length > g.maxBytes) {
        throw new ToolRouterError('PAYLOAD_TOO_LARGE', `This URL accepts at most ${g.maxBytes} bytes`, { suggestedFix: 'Upload a smaller file.' });
      }
      await deps.files.write(g.projectId, g.sessionId, g.path, bytes);
      return c.body(null, 200);
    },
  );

  app.get('/session_files/:token', async (c) => {
    const g = await grant(c, 'download');
    const bytes = await deps.files.read(g.projectId, g.sessionId, g.path);
    if (!bytes) throw fileNotFound(g.path);
    return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
  });

  return app;
}

function fileNotFound(path: string): ToolRouterError {
  return new ToolRouterError('FILE_NOT_FOUND', `No file "${path}" in the session's files`, {
    suggestedFix: 'List the files with GET …/mounts/files/items.',
  });
}
