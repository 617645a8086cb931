import { randomBytes } from 'node:crypto';
import { ToolRouterError } from '@toolrouter/core';
import type { ApprovalRow, ApprovalStatus, Store } from '../../store/store.js';
import { redact } from '../logs/redact.js';
import { argumentsHash } from './args-hash.js';

export const APPROVAL_TTL_MS = 15 * 60_000;

export interface ApprovalCheck {
  projectId: string;
  sessionId: string;
  toolSlug: string;
  accountKey: string;
  arguments: Record<string, unknown>;
  rule: 'ask_once' | 'ask_always';
}

export type ApprovalVerdict = { allowed: true; approvalId?: string } | { allowed: false; request: ApprovalRow };

/**
 * Approval requests for "ask" permissions. A request is bound to {session, tool, account, hash of
 * the arguments}, expires, and is consumed by exactly one call: re-running the approved call
 * works once, a replay asks again, and changed arguments never ride on an old approval.
 */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly ttlMs = APPROVAL_TTL_MS,
  ) {}

  async check(input: ApprovalCheck): Promise<ApprovalVerdict> {
    const at = this.now().toISOString();
    if (input.rule === 'ask_once' && (await this.store.approvals.hasOnceGrant(input.projectId, input.sessionId, input.toolSlug, input.accountKey))) {
      return { allowed: true };
    }
    const binding = { session_id: input.sessionId, tool_slug: input.toolSlug, account_key: input.accountKey, args_hash: argumentsHash(input.arguments) };
    const used = await this.store.approvals.consume(input.projectId, binding, at);
    if (used) return { allowed: true, approvalId: used.id };
    const pending = await this.store.approvals.findPending(input.projectId, binding, at);
    if (pending) return { allowed: false, request: pending };
    const request = await this.store.approvals.create({
      id: `apr_${randomBytes(12).toString('base64url')}`,
      project_id: input.projectId,
      ...binding,
      arguments: redact(input.arguments),
      rule: input.rule,
      created_at: at,
      expires_at: new Date(this.now().getTime() + this.ttlMs).toISOString(),
    });
    return { allowed: false, request };
  }

  /** Approves or denies a pending request; a request already decided, used or expired is refused. */
  async decide(projectId: string, id: string, decision: 'approved' | 'denied'): Promise<ApprovalRow> {
    const { ok, row } = await this.store.approvals.decide(projectId, id, decision, this.now().toISOString());
    if (!row) throw notFound(id);
    if (!ok) {
      throw new ToolRouterError('APPROVAL_NOT_PENDING', `Approval request ${id} is ${row.status}; only a pending request can be ${decision}`, {
        suggestedFix: 'Each approval is single-use: run the tool again to get a new approval request.',
      });
    }
    return row;
  }

  /** Consumes an approval decided inline (MCP elicitation) for the call that asked for it. */
  async consumeDecided(projectId: string, request: ApprovalRow): Promise<boolean> {
    const used = await this.store.approvals.consume(projectId, request, this.now().toISOString());
    return used !== undefined;
  }

  async get(projectId: string, id: string): Promise<ApprovalRow> {
    const row = await this.store.approvals.get(projectId, id, this.now().toISOString());
    if (!row) throw notFound(id);
    return row;
  }

  list(projectId: string, filter: { sessionId?: string; status?: ApprovalStatus; offset: number; limit: number }) {
    return this.store.approvals.list(projectId, filter, this.now().toISOString());
  }
}

function notFound(id: string): ToolRouterError {
  return new ToolRouterError('APPROVAL_NOT_FOUND', `No approval request "${id}" in this project`, {
    suggestedFix: 'List pending requests with GET /api/v3.1/approvals?status=pending.',
  });
}

/** The approval as the API shows it. */
export function renderApproval(row: ApprovalRow) {
  return {
    id: row.id,
    session_id: row.session_id,
    tool_slug: row.tool_slug,
    connected_account_id: row.account_key === '__none__' ? null : row.account_key,
    arguments: row.arguments,
    arguments_hash: row.args_hash,
    rule: row.rule,
    status: row.status,
    created_at: row.created_at,
    expires_at: row.expires_at,
    decided_at: row.decided_at,
    used_at: row.used_at,
  };
}
