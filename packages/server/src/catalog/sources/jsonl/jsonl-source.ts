import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ToolkitBundle, ToolkitSchema, ToolRouterError, ToolSchema } from '@toolrouter/core';
import { z } from 'zod';
import type { ToolSource } from '../../source.js';

/**
 * Tool lists in the common retrieval-benchmark format: one JSON object per line with
 * `{slug, toolkit, toolkit_name, name, description, input_schema}`. Tools are grouped into toolkits
 * and carry no binding: they can be searched and listed but not executed.
 */
const LineSchema = z.object({
  slug: z.string().min(1),
  toolkit: z.string().min(1),
  toolkit_name: z.string().min(1).optional(),
  name: z.string().min(1),
  description: z.string().default(''),
  input_schema: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
});

export function jsonlToolSource(file: string, version = '1'): ToolSource {
  return {
    name: `jsonl:${file}`,
    async load() {
      return parseToolLines(path.basename(file), await readFile(file, 'utf8'), version);
    },
  };
}

export function parseToolLines(fileName: string, text: string, version: string): ToolkitBundle[] {
  const problems: string[] = [];
  const toolkits = new Map<string, ToolkitBundle>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${fileName}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message})`);
      return;
    }
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${where}: ${issue.path.join('.')}: ${issue.message}`));
      return;
    }
    const line_ = parsed.data;
    let bundle = toolkits.get(line_.toolkit);
    if (!bundle) {
      const toolkit = ToolkitSchema.safeParse({ slug: line_.toolkit, name: line_.toolkit_name ?? line_.toolkit, version, auth_schemes: [{ mode: 'NO_AUTH' }] });
      if (!toolkit.success) {
        problems.push(`${where}: toolkit: ${toolkit.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      bundle = { toolkit: toolkit.data, tools: [] };
      toolkits.set(line_.toolkit, bundle);
    }
    const schema = line_.input_schema.type === 'object' ? line_.input_schema : { type: 'object', properties: {} };
    const tool = ToolSchema.safeParse({
      slug: line_.slug,
      name: line_.name.slice(0, 200),
      description: line_.description.slice(0, 10_000),
      toolkit: line_.toolkit,
      input_parameters: schema,
      version,
      no_auth: true,
      binding: { kind: 'none', reason: 'loaded from a tool list for search evaluation; it has no endpoint' },
    });
    if (!tool.success) {
      problems.push(...tool.error.issues.map((issue) => `${where}: ${issue.path.join('.')}: ${issue.message}`));
      return;
    }
    bundle.tools.push(tool.data);
  });
  if (problems.length > 0) {
    throw new ToolRouterError('IMPORT_FAILED', `${fileName}: ${problems.length} invalid lines; first: ${problems[0]}`, { errors: problems.slice(0, 50) });
  }
  return [...toolkits.values()];
}
