import { ApprovalListQuerySchema, ExecutionLogQuerySchema, ProxyExecuteSchema, ToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { ApprovalService } from '../../execution/permissions/approval-service.js';
import { renderApproval } from '../../execution/permissions/approval-service.js';
import type { ProxyService } from '../../execution/proxy.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { ExecutionLogEntry, Store } from '../../store/store.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, pageOf } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface ExecutionRouteDeps {
  store: Store;
  sessions: SessionService;
  approvals: ApprovalService;
  proxy: ProxyService;
  egressAllow: readonly string[];
}

/** Execution logs, approval requests, offloaded results and proxy_execute. */
export function executionRoutes(deps: ExecutionRouteDeps) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.get('/execution_logs', async (c) => {
    const q = readQuery(c, ExecutionLogQuerySchema);
    const limit = limitFrom(q.limit, 50, 500);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await deps.store.executionLogs.list(project(c), {
      ...(q.session_id ? { sessionId: q.session_id } : {}),
      ...(q.user_id ? { userId: q.user_id } : {}),
      ...(q.tool_slug ? { toolSlug: q.tool_slug.toUpperCase() } : {}),
      ...(q.toolkit ? { toolkit: q.toolkit } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.since ? { since: new Date(q.since).toISOString() } : {}),
      ...(q.until ? { until: new Date(q.until).toISOString() } : {}),
      offset,
      limit,
    });
    return c.json(pageOf(items.map(renderLog), total, offset, limit));
  });

  app.get('/execution_logs/:logId', async (c) => {
    const entry = await deps.store.executionLogs.get(project(c), c.req.param('logId'));
    if (!entry) {
      throw new ToolRouterError('EXECUTION_LOG_NOT_FOUND', `No execution log "${c.req.param('logId')}" in this project`, {
        suggestedFix: 'Use a log_id returned by an execute call, or list logs with GET /execution_logs.',
      });
    }
    return c.json(renderLog(entry));
  });

  app.get('/approvals', async (c) => {
    const q = readQuery(c, ApprovalListQuerySchema);
    const limit = limitFrom(q.limit, 50, 500);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await deps.approvals.list(project(c), {
      ...(q.session_id ? { sessionId: q.session_id } : {}),
      ...(q.status ? { status: q.status } : {}),
      offset,
      limit,
    });
    return c.json(pageOf(items.map(renderApproval), total, offset, limit));
  });

  app.get('/approvals/:approvalId', async (c) => c.json(renderApproval(await deps.approvals.get(project(c), c.req.param('approvalId')))));

  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    app.post(`/approvals/:approvalId/${verb}`, async (c) =>
      c.json(renderApproval(await deps.approvals.decide(project(c), c.req.param('approvalId'), decision))),
    );
  }

  // Read-only over the API: widening egress reaches private networks, so only the operator sets it (CLI).
  app.get('/egress_allowlist', async (c) => {
    const settings = await deps.store.projectSettings.get(project(c));
    return c.json({ project: settings.egress_allow, operator: deps.egressAllow });
  });

  app.get('/tool_router/session/:id/results/:handle', async (c) => {
    const { row } = await deps.sessions.load(project(c), c.req.param('id'));
    const stored = await deps.store.results.get(project(c), c.req.param('handle'));
    if (!stored || stored.session_id !== row.id) {
      throw new ToolRouterError('RESULT_NOT_FOUND', `No stored result "${c.req.param('handle')}" in this session`, {
        suggestedFix: 'Use the result_handle from an offloaded execute response of this session.',
      });
    }
    return c.json({
      result_handle: stored.id,
      log_id: stored.log_id,
      size_chars: stored.size,
      created_at: stored.created_at,
      data: JSON.parse(stored.content) as unknown,
    });
  });

  app.post('/tool_router/session/:id/proxy_execute', async (c) => {
    const body = await readBody(c, ProxyExecuteSchema);
    const result = await deps.proxy.execute(project(c), c.req.param('id'), body).catch((error: unknown) => {
      if (body.method !== 'GET' && body.method !== 'HEAD') c.header('x-should-retry', 'false');
      throw error;
    });
    if (result.status >= 400 && body.method !== 'GET' && body.method !== 'HEAD') c.header('x-should-retry', 'false');
    return c.json(result);
  });

  return app;
}

function renderLog(entry: ExecutionLogEntry) {
  const { project_id: _project, ...rest } = entry;
  return rest;
}
