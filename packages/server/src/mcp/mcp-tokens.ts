import { DEFAULT_MCP_TOKEN_TTL_SECONDS, ToolRouterError } from '@toolrouter/core';
import { digest, newId, randomToken } from '../ids.js';
import { displayPrefix } from '../projects/api-keys.js';
import type { SessionService } from '../sessions/session-service.js';
import type { McpTokenRow, Store } from '../store/store.js';

export const MCP_TOKEN_PREFIX = 'trmcp_';

export function isMcpToken(credential: string): boolean {
  return credential.startsWith(MCP_TOKEN_PREFIX);
}

/**
 * Session-scoped credentials for MCP clients that can only be given a URL (many desktop clients,
 * the MCP Inspector CLI). A token opens exactly one session's MCP endpoint and nothing else, so
 * handing one out never exposes the project key. Stored as SHA-256 digests, shown once. Every
 * token expires (by default after `defaultTtlSeconds`) and is revoked with the key that issued it.
 */
export class McpTokenService {
  readonly #store: Store;
  readonly #sessions: SessionService;
  readonly #now: () => Date;
  readonly #defaultTtlSeconds: number;

  constructor(store: Store, sessions: SessionService, now: () => Date, defaultTtlSeconds = DEFAULT_MCP_TOKEN_TTL_SECONDS) {
    this.#store = store;
    this.#sessions = sessions;
    this.#now = now;
    this.#defaultTtlSeconds = defaultTtlSeconds;
  }

  /** `apiKeyId` is the key the request authenticated with: revoking it revokes the token. */
  async issue(projectId: string, sessionId: string, opts: { apiKeyId: string; name?: string | undefined; expiresIn?: number | undefined }) {
    await this.#sessions.load(projectId, sessionId);
    const token = randomToken(MCP_TOKEN_PREFIX, 32);
    const lifetimeSeconds = opts.expiresIn ?? this.#defaultTtlSeconds;
    const expiresAt = new Date(this.#now().getTime() + lifetimeSeconds * 1000).toISOString();
    const row = await this.#store.mcpTokens.create({
      id: newId('mtk'),
      project_id: projectId,
      session_id: sessionId,
      name: opts.name ?? 'mcp',
      prefix: displayPrefix(token),
      hash: digest(token),
      expires_at: expiresAt,
      api_key_id: opts.apiKeyId,
    });
    return { token, row };
  }

  /** The active token, or undefined when unknown, revoked or expired. */
  verify(token: string): Promise<McpTokenRow | undefined> {
    return this.#store.mcpTokens.findActiveByHash(digest(token), this.#now().toISOString());
  }

  async list(projectId: string, sessionId: string): Promise<McpTokenRow[]> {
    await this.#sessions.load(projectId, sessionId);
    return this.#store.mcpTokens.list(projectId, sessionId);
  }

  async revoke(projectId: string, sessionId: string, tokenId: string): Promise<void> {
    await this.#sessions.load(projectId, sessionId);
    if (!(await this.#store.mcpTokens.revoke(projectId, sessionId, tokenId))) {
      throw new ToolRouterError('MCP_TOKEN_NOT_FOUND', `No MCP token "${tokenId}" for session "${sessionId}"`, {
        suggestedFix: "List the session's tokens with GET …/mcp_tokens and use one of their ids.",
      });
    }
  }
}
