import { type McpServerCreate, ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import { mcpToolsToBundle } from '../catalog/sources/mcp/mcp-to-bundle.js';
import type { Sealer } from '../connections/vault/sealer.js';
import type { GuardedFetch } from '../net/index.js';
import type { McpServerPublicConfig, McpServerRow, Store } from '../store/store.js';
import { guardedMcpFetch } from './guarded-mcp-fetch.js';
import type { McpSupervisor, UpstreamTarget } from './supervisor.js';
import { connectUpstream, type UpstreamConnection, type UpstreamSpec } from './upstream-connection.js';

export const DEFAULT_MCP_TIMEOUT_MS = 30_000;

export interface McpServerServiceDeps {
  store: Store;
  catalog: CatalogService;
  supervisor: McpSupervisor;
  sealer: Sealer;
  http: GuardedFetch;
  /** Commands the operator lets API callers run as stdio servers (TOOLROUTER_MCP_STDIO_COMMANDS); `*` allows any. */
  stdioCommands: readonly string[];
}

/**
 * Registered upstream MCP servers: each one's tools become a toolkit of the project (searchable,
 * filterable, executable like any other), and calls are forwarded through the supervisor's one
 * connection per server. Registration connects and lists the tools before anything is stored, so
 * a server that cannot start is refused with the reason.
 */
export class McpServerService {
  constructor(private readonly deps: McpServerServiceDeps) {}

  async register(projectId: string, body: McpServerCreate, options: { fromOperator: boolean }) {
    if (this.deps.catalog.isBuiltinToolkit(body.slug)) {
      throw conflict(`"${body.slug}" is a built-in toolkit`);
    }
    const existingToolkit = await this.deps.store.toolkits.get(projectId, body.slug);
    const existingServer = await this.deps.store.mcpServers.get(projectId, body.slug);
    if (existingToolkit && !existingServer) throw conflict(`"${body.slug}" is already an imported toolkit of this project`);
    if (body.transport === 'stdio' && !options.fromOperator && !this.#stdioAllowed(body.command)) {
      throw new ToolRouterError('MCP_STDIO_NOT_ALLOWED', `Starting "${body.command}" as a stdio MCP server is not allowed for API callers`, {
        suggestedFix: 'Ask the operator to list the command in TOOLROUTER_MCP_STDIO_COMMANDS, register the server with the CLI, or use an http server.',
      });
    }

    const spec: UpstreamSpec =
      body.transport === 'stdio'
        ? { transport: 'stdio', command: body.command, args: body.args ?? [], env: body.env ?? {} }
        : { transport: 'http', url: body.url, headers: body.headers ?? {} };
    const secrets = body.transport === 'stdio' ? (body.env ?? {}) : (body.headers ?? {});
    const timeoutMs = body.timeout_ms ?? DEFAULT_MCP_TIMEOUT_MS;
    const publicConfig: McpServerPublicConfig =
      body.transport === 'stdio'
        ? { transport: 'stdio', command: body.command, args: body.args ?? [], env_names: Object.keys(body.env ?? {}) }
        : { transport: 'http', url: body.url, header_names: Object.keys(body.headers ?? {}) };

    const connection = await this.#probe(projectId, spec, timeoutMs);
    let row: McpServerRow;
    let toolCount: number;
    try {
      const listed = await connection.listTools(timeoutMs).catch((error: unknown) => {
        throw unavailable(body.slug, error);
      });
      row = await this.deps.store.mcpServers.put({
        project_id: projectId,
        slug: body.slug,
        name: body.name ?? body.slug,
        transport: body.transport,
        public_config: publicConfig,
        sealed_secrets: Object.keys(secrets).length > 0 ? this.deps.sealer.seal(JSON.stringify(secrets), sealContext(projectId, body.slug)) : null,
        timeout_ms: timeoutMs,
      });
      const bundle = mcpToolsToBundle({
        slug: body.slug,
        name: row.name,
        description: body.description ?? `Tools of the MCP server "${row.name}".`,
        version: `mcp-${row.version}`,
        tools: listed,
      });
      await this.deps.store.toolkits.put(projectId, bundle.toolkit, bundle.tools);
      toolCount = bundle.tools.length;
    } catch (error) {
      await connection.close();
      if (!existingServer) await this.deps.store.mcpServers.delete(projectId, body.slug).catch(() => undefined);
      if (error instanceof ToolRouterError) throw error;
      throw unavailable(body.slug, error);
    }
    // The probe becomes this process's connection: no second process for the same server.
    this.deps.supervisor.adopt(this.target(row), connection);
    return { ...this.render(row), tool_count: toolCount };
  }

  /** Lists the tools again (after the server changed them) and replaces the toolkit. */
  async refresh(projectId: string, slug: string) {
    const row = await this.get(projectId, slug);
    const connection = await this.deps.supervisor.acquire(this.target(row)).catch((error: unknown) => {
      throw unavailable(slug, error);
    });
    const listed = await connection.listTools(row.timeout_ms).catch((error: unknown) => {
      throw unavailable(slug, error);
    });
    const existing = await this.deps.store.toolkits.get(projectId, slug);
    const bundle = mcpToolsToBundle({
      slug,
      name: row.name,
      description: existing?.toolkit.description ?? '',
      version: `mcp-${row.version}-${Date.now()}`,
      tools: listed,
    });
    await this.deps.store.toolkits.put(projectId, bundle.toolkit, bundle.tools);
    return { ...this.render(row), tool_count: bundle.tools.length };
  }

  async get(projectId: string, slug: string): Promise<McpServerRow> {
    const row = await this.deps.store.mcpServers.get(projectId, slug);
    if (!row) {
      throw new ToolRouterError('MCP_SERVER_NOT_FOUND', `No MCP server "${slug}" in this project`, {
        suggestedFix: 'List registered servers with GET /api/v3.1/mcp_servers.',
      });
    }
    return row;
  }

  async list(projectId: string) {
    const rows = await this.deps.store.mcpServers.list(projectId);
    const toolkits = new Map((await this.deps.store.toolkits.list(projectId)).map((t) => [t.toolkit.slug, t.tool_count]));
    return rows.map((row) => ({ ...this.render(row), tool_count: toolkits.get(row.slug) ?? 0 }));
  }

  async delete(projectId: string, slug: string): Promise<void> {
    await this.get(projectId, slug);
    await this.deps.store.toolkits.delete(projectId, slug);
    await this.deps.store.mcpServers.delete(projectId, slug);
    await this.deps.supervisor.stop(`${projectId}/${slug}`);
  }

  /** What the supervisor needs to (re)start this server; secrets are opened only at start. */
  target(row: McpServerRow): UpstreamTarget {
    return {
      key: `${row.project_id}/${row.slug}`,
      version: row.version,
      timeoutMs: row.timeout_ms,
      open: async () => {
        const secrets = row.sealed_secrets
          ? (JSON.parse(this.deps.sealer.open(row.sealed_secrets, sealContext(row.project_id, row.slug))) as Record<string, string>)
          : {};
        const c = row.public_config;
        const spec: UpstreamSpec =
          c.transport === 'stdio'
            ? { transport: 'stdio', command: c.command, args: c.args, env: secrets }
            : { transport: 'http', url: c.url, headers: secrets };
        return this.#connect(row.project_id, spec, row.timeout_ms);
      },
    };
  }

  render(row: McpServerRow) {
    const status = this.deps.supervisor.status(`${row.project_id}/${row.slug}`);
    return {
      slug: row.slug,
      name: row.name,
      transport: row.transport,
      ...(row.public_config.transport === 'stdio'
        ? { command: row.public_config.command, args: row.public_config.args, env: row.public_config.env_names }
        : { url: row.public_config.url, headers: row.public_config.header_names }),
      timeout_ms: row.timeout_ms,
      version: row.version,
      created_at: row.created_at,
      updated_at: row.updated_at,
      process: status,
    };
  }

  async #probe(projectId: string, spec: UpstreamSpec, timeoutMs: number): Promise<UpstreamConnection> {
    try {
      return await this.#connect(projectId, spec, timeoutMs);
    } catch (error) {
      if (error instanceof ToolRouterError) throw error;
      throw unavailable(spec.transport === 'stdio' ? spec.command : new URL(spec.url).host, error);
    }
  }

  /** HTTP servers are reached through the guarded client, bound to their own host. */
  async #connect(projectId: string, spec: UpstreamSpec, timeoutMs: number): Promise<UpstreamConnection> {
    const { egress_allow } = await this.deps.store.projectSettings.get(projectId);
    const fetch = guardedMcpFetch(this.deps.http, spec.transport === 'http' ? spec.url : 'http://unused.invalid', egress_allow, timeoutMs);
    return connectUpstream(spec, { fetch, timeoutMs });
  }

  #stdioAllowed(command: string): boolean {
    return this.deps.stdioCommands.includes('*') || this.deps.stdioCommands.includes(command);
  }
}

export function sealContext(projectId: string, slug: string): string {
  return `mcp_server:${projectId}:${slug}`;
}

function conflict(what: string): ToolRouterError {
  return new ToolRouterError('MCP_SERVER_CONFLICT', `Cannot register MCP server: ${what}`, { suggestedFix: 'Pick another slug.' });
}

function unavailable(what: string, error: unknown): ToolRouterError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ToolRouterError('MCP_SERVER_UNAVAILABLE', `MCP server "${what}" could not be started or listed: ${reason.slice(0, 500)}`, {
    suggestedFix: 'Check the command and arguments (or the URL and headers) by running the server by hand; it must speak MCP over stdio or Streamable HTTP.',
  });
}
