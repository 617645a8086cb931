import { randomBytes } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { ChangeFeed, ChangeSubscription } from '../store/store.js';

/** PostgreSQL NOTIFY payloads must stay under 8,000 bytes; client answers are far smaller. */
const MAX_FORWARDED_BYTES = 7_000;

interface Pending {
  projectId: string;
  sessionId: string;
  deliver(message: JSONRPCMessage): void;
}

export type ReplyOutcome = 'delivered' | 'forwarded' | 'too_large';

/**
 * Brings a client's answers back to the server request that asked. An MCP server here lives for
 * one HTTP request, and when it asks the client something (elicitation) the answer arrives in a
 * NEW request — possibly at another instance. Requests sent to clients get unguessable ids; an
 * answer for an id waiting in this process is handed over directly, any other is forwarded
 * through the database-wide change feed to the instance that waits for it.
 */
export class ReplyRouter {
  readonly #feed: ChangeFeed;
  readonly #log: Logger;
  readonly #pending = new Map<string, Pending>();
  #subscription: ChangeSubscription | undefined;

  constructor(feed: ChangeFeed, log: Logger) {
    this.#feed = feed;
    this.#log = log;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Registers a request about to be sent; returns its wire id and the function that forgets it. */
  async register(pending: Pending): Promise<{ id: string; forget(): void }> {
    const id = `srv_${randomBytes(18).toString('base64url')}`;
    this.#pending.set(id, pending);
    this.#subscription ??= this.#feed.subscribe((event) => {
      if (event.kind === 'mcp_reply') this.#deliver(event.project_id, event.session_id, event.reply_to, event.message as JSONRPCMessage);
    });
    // Listening before the request leaves: an answer relayed by another instance cannot be missed.
    await this.#subscription.ready;
    return { id, forget: () => this.#forget(id) };
  }

  /** An answer that arrived over HTTP at this instance, for the session the request named. */
  async route(projectId: string, sessionId: string, message: JSONRPCMessage & { id: string | number }): Promise<ReplyOutcome> {
    const id = String(message.id);
    if (this.#deliver(projectId, sessionId, id, message)) return 'delivered';
    const payload = message as unknown as Record<string, unknown>;
    if (JSON.stringify(payload).length > MAX_FORWARDED_BYTES) return 'too_large';
    await this.#feed.publish({ kind: 'mcp_reply', project_id: projectId, session_id: sessionId, reply_to: id, message: payload });
    return 'forwarded';
  }

  #deliver(projectId: string, sessionId: string, id: string, message: JSONRPCMessage): boolean {
    const pending = this.#pending.get(id);
    // An answer only counts for the session (and project) the request was sent in.
    if (!pending || pending.projectId !== projectId || pending.sessionId !== sessionId) return false;
    this.#forget(id);
    try {
      pending.deliver(message);
    } catch (error) {
      this.#log.warn({ err: error }, 'could not hand an MCP client answer to its request');
    }
    return true;
  }

  #forget(id: string): void {
    this.#pending.delete(id);
    if (this.#pending.size === 0 && this.#subscription) {
      this.#subscription.unsubscribe();
      this.#subscription = undefined;
    }
  }
}
