import { resolveClientOptions, type ToolRouterOptions } from './client-options.js';
import type { CustomTool, CustomToolkit } from './custom-tools/create-tool.js';
import { customsToWire } from './custom-tools/local-registry.js';
import { HttpClient } from './http/http-client.js';
import { toSessionCreateBody } from './session/config-to-wire.js';
import { ToolRouterSession } from './session/session.js';
import type { SessionConfigInput } from './session/session-config.js';
import type { WireSession } from './session/wire-types.js';

export interface UseOptions {
  /** Local tools to run for this session; the same definitions given when it was created. */
  customTools?: readonly CustomTool[];
  customToolkits?: readonly CustomToolkit[];
}

/**
 * Entry point of the SDK.
 *
 *     const router = new ToolRouter({ apiKey, baseURL: 'http://localhost:8080' });
 *     const session = await router.create('alice', { toolkits: ['github'] });
 */
export class ToolRouter {
  readonly #http: HttpClient;
  readonly #apiKey: string;

  constructor(options: ToolRouterOptions = {}) {
    const resolved = resolveClientOptions(options);
    this.#apiKey = resolved.apiKey;
    this.#http = new HttpClient(resolved);
  }

  get baseURL(): string {
    return this.#http.baseURL;
  }

  /** Creates a session for one end user. */
  async create(userId: string, config: SessionConfigInput = {}): Promise<ToolRouterSession> {
    const customTools = config.experimental?.customTools ?? [];
    const customToolkits = config.experimental?.customToolkits ?? [];
    const wire = await this.#http.request<WireSession>({
      method: 'POST',
      path: '/api/v3.1/tool_router/session',
      body: toSessionCreateBody(userId, config, customsToWire(customTools, customToolkits)),
    });
    return new ToolRouterSession(this.#http, this.#apiKey, wire, { customTools, customToolkits });
  }

  /**
   * Opens an existing session, e.g. in another request of a stateless app. Local tools live in
   * this process, so pass them again to have them run here.
   */
  async use(sessionId: string, options: UseOptions = {}): Promise<ToolRouterSession> {
    const customTools = options.customTools ?? [];
    const customToolkits = options.customToolkits ?? [];
    const path = `/api/v3.1/tool_router/session/${encodeURIComponent(sessionId)}`;
    const customs = customsToWire(customTools, customToolkits);
    const wire = customs
      ? await this.#http.request<WireSession>({ method: 'POST', path: `${path}/attach`, body: { experimental: customs }, idempotent: true })
      : await this.#http.request<WireSession>({ method: 'GET', path });
    return new ToolRouterSession(this.#http, this.#apiKey, wire, { customTools, customToolkits });
  }
}
