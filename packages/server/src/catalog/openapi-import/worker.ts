import { parentPort, workerData } from 'node:worker_threads';
import { ToolRouterError } from '@toolrouter/core';
import { parse as parseYaml } from 'yaml';
import { openApiToBundle } from '../sources/openapi/index.js';
import { countOperations, tooManyOperations } from './budget.js';
import type { ConversionJob, ConversionReply } from './protocol.js';

/**
 * Entry point of one conversion worker: parses the document, checks the operation budget before
 * the expensive validation, converts, and posts one reply. The thread ends after it.
 */
async function convert(job: ConversionJob): Promise<ConversionReply> {
  try {
    const spec = parse(job);
    const operations = countOperations(spec);
    if (operations > job.maxOperations) throw tooManyOperations(operations, job.maxOperations);
    return { ok: true, bundle: await openApiToBundle({ ...job.input, spec }) };
  } catch (error) {
    if (error instanceof ToolRouterError) {
      return { ok: false, error: { code: error.code, message: error.message, suggestedFix: error.suggestedFix, errors: error.errors } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'IMPORT_FAILED', message: `The OpenAPI document could not be converted: ${message}`, suggestedFix: undefined, errors: [] },
    };
  }
}

function parse(job: ConversionJob): unknown {
  try {
    // YAML is a superset of JSON, so one parser reads both; plain JSON takes the faster path.
    return job.format === 'json' ? JSON.parse(job.text) : parseYaml(job.text, { maxAliasCount: 1_000 });
  } catch (error) {
    throw new ToolRouterError('IMPORT_FAILED', `${job.origin} is neither JSON nor YAML: ${(error as Error).message}`);
  }
}

parentPort?.postMessage(await convert(workerData as ConversionJob));
