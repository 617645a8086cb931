import { randomBytes } from 'node:crypto';
import { ToolRouterError } from '@toolrouter/core';
import { displayPrefix, hashApiKey, newId } from '../projects/api-keys.js';
import type { SessionService } from '../sessions/session-service.js';
import type { McpTokenRow, Store } from '../store/store.js';

export const MCP_TOKEN_PREFIX = 'trmcp_';

export function isMcpToken(credential: string): boolean {
  return credential.startsWith(MCP_TOKEN_PREFIX);
}

/**
 * Session-scoped credentials for MCP clients that can only be given a URL (many desktop clients,
 * the MCP Inspector CLI). A token opens exactly one session's MCP endpoint and nothing else, so
 * handing one out never exposes the project key. Stored as SHA-256 digests, shown once.
 */
export class McpTokenService {
  readonly #store: Store;
  readonly #sessions: SessionService;
  readonly #now: () => Date;

  constructor(store: Store, sessions: SessionService, now: () => Date) {
    this.#store = store;
    this.#sessions = sessions;
    this.#now = now;
  }

  async issue(projectId: string, sessionId: string, opts: { name?: string | undefined; expiresIn?: number | undefined }) {
    await this.#sessions.load(projectId, sessionId);
    const token = `${MCP_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = opts.expiresIn ? new Date(this.#now().getTime() + opts.expiresIn * 1000).toISOString() : null;
    const row = await this.#store.mcpTokens.create({
      id: newId('mtk'),
      project_id: projectId,
      session_id: sessionId,
      name: opts.name ?? 'mcp',
      prefix: displayPrefix(token),
      hash: hashApiKey(token),
      expires_at: expiresAt,
    });
    return { token, row };
  }

  /** The active token, or undefined when unknown, revoked or expired. */
  verify(token: string): Promise<McpTokenRow | undefined> {
    return this.#store.mcpTokens.findActiveByHash(hashApiKey(token), this.#now().toISOString());
  }

  async list(projectId: string, sessionId: string): Promise<McpTokenRow[]> {
    await this.#sessions.load(projectId, sessionId);
    return this.#store.mcpTokens.list(projectId, sessionId);
  }

  async revoke(projectId: string, sessionId: string, tokenId: string): Promise<void> {
    await this.#sessions.load(projectId, sessionId);
    if (!(await this.#store.mcpTokens.revoke(projectId, sessionId, tokenId))) {
      throw new ToolRouterError('MCP_TOKEN_NOT_FOUND', `No MCP token "${tokenId}" for session "${sessionId}"`, {
        suggestedFix: 'List the session\'s tokens with GET …/mcp_tokens and use one of their ids.',
      });
    }
  }
}
