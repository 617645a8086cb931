import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, type ErrorCode, type ToolkitBundle, ToolRouterError } from '@toolrouter/core';
import { conversionOutOfMemory, conversionTimedOut, type ImportBudget } from './budget.js';
import type { ConversionJob, ConversionReply, ErrorData } from './protocol.js';

/**
 * Runs OpenAPI conversions off the event loop: one short-lived worker thread per import, at most
 * `maxConcurrent` at once (later imports queue), each stopped by `terminate()` when it outlives
 * the time budget or its heap limit. A fresh thread per import costs a few tens of milliseconds
 * and guarantees that a runaway document leaves nothing behind (no stuck thread, no grown heap).
 */
export class OpenApiConverter {
  readonly #budget: Pick<ImportBudget, 'timeoutMs' | 'maxConcurrent' | 'maxHeapMb'>;
  readonly #workers = new Set<Worker>();
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(budget: Pick<ImportBudget, 'timeoutMs' | 'maxConcurrent' | 'maxHeapMb'>) {
    this.#budget = budget;
  }

  /** Conversions holding a slot right now (started or starting). */
  get running(): number {
    return this.#running;
  }

  async convert(job: ConversionJob): Promise<ToolkitBundle> {
    await this.#acquire();
    try {
      return await this.#runWorker(job);
    } finally {
      this.#release();
    }
  }

  /** Stops every running conversion (server shutdown); their callers get an error. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
  }

  #acquire(): Promise<void> {
    if (this.#running < this.#budget.maxConcurrent) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiting import, so the count never dips and overshoots. */
  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }

  #runWorker(job: ConversionJob): Promise<ToolkitBundle> {
    const { timeoutMs, maxHeapMb } = this.#budget;
    const script = workerScript();
    return new Promise((resolve, reject) => {
      const worker = new Worker(script.entry, {
        workerData: job,
        eval: script.eval,
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
      });
      this.#workers.add(worker);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#workers.delete(worker);
        outcome();
        void worker.terminate();
      };
      const timer = setTimeout(() => settle(() => reject(conversionTimedOut(timeoutMs))), timeoutMs);
      worker.once('message', (reply: ConversionReply) => settle(() => (reply.ok ? resolve(reply.bundle) : reject(fromData(reply.error)))));
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? conversionOutOfMemory(maxHeapMb)
              : new ToolRouterError('INTERNAL', `The OpenAPI conversion failed: ${error.message}`, { cause: error }),
          ),
        ),
      );
      worker.once('exit', (code) =>
        settle(() => reject(new ToolRouterError('INTERNAL', `The OpenAPI conversion stopped (exit code ${code}) without an answer`))),
      );
    });
  }
}

function fromData(data: ErrorData): ToolRouterError {
  const code: ErrorCode = data.code in ERROR_CODES ? (data.code as ErrorCode) : 'IMPORT_FAILED';
  return new ToolRouterError(code, data.message, {
    errors: data.errors,
    ...(data.suggestedFix !== undefined ? { suggestedFix: data.suggestedFix } : {}),
  });
}

/**
 * The worker is the compiled module beside this one. When this module itself runs from its
 * TypeScript source (the test runner, `tsx`), the worker starts from a one-line bootstrap that
 * installs tsx's loader first: Node 20 does not apply `--import` hooks to a worker's entry module.
 */
function workerScript(): { entry: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./worker.js', import.meta.url), eval: false };
  // The package's ESM entry (its CommonJS twin cannot register the ESM hooks in a worker).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const source = new URL('./worker.ts', import.meta.url).href;
  return { entry: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}
