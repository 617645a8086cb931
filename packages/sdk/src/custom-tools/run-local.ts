import { type ExecuteResult, errorResult, successResult } from '../session/results.js';
import type { CustomToolContext } from './create-tool.js';
import type { LocalEntry } from './local-registry.js';

/**
 * Runs a local tool: arguments are checked against its zod schema first, and whatever goes wrong
 * (bad input, a thrown error) becomes a result the model can read, never an exception.
 */
export async function runLocalTool(entry: LocalEntry, args: unknown, ctx: CustomToolContext): Promise<ExecuteResult> {
  const slug = entry.registered.slug;
  const parsed = await entry.tool.inputParams.safeParseAsync(args ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(input)'}: ${i.message}`);
    return errorResult(`Input validation failed for ${slug}: ${issues.join('; ')}`);
  }
  try {
    return successResult(asData(await entry.tool.execute(parsed.data, ctx)));
  } catch (error) {
    return errorResult(`${slug} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `data` is always an object: plain objects pass through, anything else is wrapped as `{ result }`. */
function asData(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value };
}
