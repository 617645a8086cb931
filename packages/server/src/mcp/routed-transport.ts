import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest, type JSONRPCMessage, type MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { ReplyRouter } from './reply-router.js';

/**
 * The per-request transport with one addition: requests the server sends to the client leave
 * with ids from the reply router, and answers routed back are handed to the server under the id
 * it chose. Everything else passes through unchanged.
 */
export class RoutedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly #inner: Transport;
  readonly #router: ReplyRouter;
  readonly #scope: { projectId: string; sessionId: string };
  readonly #forgets = new Set<() => void>();

  constructor(inner: Transport, router: ReplyRouter, scope: { projectId: string; sessionId: string }) {
    this.#inner = inner;
    this.#router = router;
    this.#scope = scope;
    inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    inner.onerror = (error) => this.onerror?.(error);
    inner.onclose = () => {
      for (const forget of this.#forgets) forget();
      this.#forgets.clear();
      this.onclose?.();
    };
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (!isJSONRPCRequest(message)) return this.#inner.send(message, options);
    const original = message.id;
    const routed = await this.#router.register({
      ...this.#scope,
      deliver: (answer) => this.onmessage?.({ ...answer, id: original } as JSONRPCMessage),
    });
    this.#forgets.add(routed.forget);
    return this.#inner.send({ ...message, id: routed.id }, options);
  }
}
