import { withDefaults } from '../../catalog/curated/arguments.js';
import { TemplateError } from '../../catalog/curated/expressions.js';
import { CURATED_FUNCTIONS, type CuratedFunction, type CuratedSandbox, ToolInputError } from '../../catalog/curated/functions/index.js';
import { renderTemplateRequest, reportedFailure, shapeTemplateResponse } from '../../catalog/curated/template-request.js';
import type { GuardedFetch } from '../../net/index.js';
import type { BackendCall, BackendOutcome, ToolBackend } from './backend.js';
import { ProviderClient, ProviderFailure } from './provider-client.js';

/**
 * Curated tools bound by templates: friendly arguments → one provider request → a shaped answer.
 * Errors from the provider are returned as they come (status, host, excerpt), unshaped.
 */
export class TemplateBackend implements ToolBackend {
  constructor(private readonly http: GuardedFetch) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const binding = call.tool.binding;
    if (binding.kind !== 'template') throw new Error(`TemplateBackend cannot run a ${binding.kind} tool`);
    const args = withDefaults(call.tool.input_parameters, call.arguments);
    const api = new ProviderClient(this.http, call);
    try {
      const reply = await api.send(await renderTemplateRequest(binding, args));
      if (!reply.ok) return reply.outcome;
      const failure = await reportedFailure(binding, reply.payload);
      if (failure !== undefined) return { data: reply.outcome.data, error: `${call.tool.slug} failed: ${failure}` };
      return { data: await shapeTemplateResponse(binding, reply.payload, args), error: null };
    } catch (error) {
      if (error instanceof TemplateError) return { data: {}, error: `${call.tool.slug} could not use these arguments: ${error.message}.` };
      throw error;
    }
  }
}

/** Curated tools bound to a registered TypeScript function (see catalog/curated/functions). */
export class FunctionBackend implements ToolBackend {
  constructor(
    private readonly http: GuardedFetch,
    private readonly functions: ReadonlyMap<string, CuratedFunction> = CURATED_FUNCTIONS,
    private readonly now: () => Date = () => new Date(),
    /** The calling session's workbench, for functions that run code (unset: they report it unavailable). */
    private readonly sandboxFor?: (call: BackendCall) => CuratedSandbox,
  ) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const binding = call.tool.binding;
    if (binding.kind !== 'function') throw new Error(`FunctionBackend cannot run a ${binding.kind} tool`);
    const fn = this.functions.get(binding.name);
    // The loader refuses unknown names; a tool from another source could still name one.
    if (!fn) return { data: {}, error: `${call.tool.slug} names the function "${binding.name}", which this server does not have.` };
    const api = new ProviderClient(this.http, call);
    try {
      const data = await fn({
        args: withDefaults(call.tool.input_parameters, call.arguments),
        api,
        tool: call.tool,
        toolkit: call.toolkit,
        now: this.now,
        sandbox: this.sandboxFor?.(call),
      });
      return { data, error: null };
    } catch (error) {
      if (error instanceof ProviderFailure) return { ...error.outcome, ...(api.unauthorized ? { unauthorized: true } : {}) };
      if (error instanceof ToolInputError) return { data: {}, error: `Invalid arguments for ${call.tool.slug}: ${error.message}.` };
      throw error;
    }
  }
}
