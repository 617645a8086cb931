import type { McpServerService } from '../../upstream-mcp/mcp-server-service.js';
import type { McpSupervisor } from '../../upstream-mcp/supervisor.js';
import type { BackendCall, BackendOutcome, ToolBackend } from './backend.js';

/** Tools of registered upstream MCP servers: forwarded over the supervisor's one connection. */
export class McpBackend implements ToolBackend {
  constructor(
    private readonly servers: McpServerService,
    private readonly supervisor: McpSupervisor,
  ) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const binding = call.tool.binding;
    if (binding.kind !== 'mcp') throw new Error(`McpBackend cannot run a ${binding.kind} tool`);
    const row = await this.servers.get(call.projectId, binding.server).catch(() => undefined);
    if (!row) return { data: {}, error: `The MCP server "${binding.server}" behind ${call.tool.slug} is no longer registered.` };
    const started = Date.now();
    try {
      const connection = await this.supervisor.acquire(this.servers.target(row));
      const remaining = Math.max(1, row.timeout_ms - (Date.now() - started));
      const result = await connection.callTool(binding.tool, call.arguments, remaining);
      const content = Array.isArray(result.content) ? result.content : [];
      const text = content
        .filter((c): c is { type: 'text'; text: string } => c.type === 'text' && typeof c.text === 'string')
        .map((c) => c.text)
        .join('\n');
      const structured = result.structuredContent;
      const data: Record<string, unknown> = structured && typeof structured === 'object' ? { ...structured } : { content };
      if (result.isError) return { data, error: `${call.tool.slug} failed on the MCP server "${binding.server}": ${text.slice(0, 600) || 'no details given'}` };
      return { data, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const timedOut = /timed? ?out/i.test(message);
      return {
        data: {},
        error: timedOut
          ? `${call.tool.slug} timed out after ${row.timeout_ms} ms on the MCP server "${binding.server}".`
          : `The MCP server "${binding.server}" could not run ${call.tool.slug}: ${message.slice(0, 400)}`,
      };
    }
  }
}
