import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ChangeFeed, ChangeSubscription } from '../store/changes/change-feed.js';
import { captureName, readCapturedOutput } from './captured-output.js';
import { DiskWatch, diskUsage } from './disk-usage.js';
import { ownersOfPrivateFiles, shareWithGroup } from './group-access.js';
import { type CallHandler, Kernel, type KernelOutcome, type KernelRequest } from './kernel.js';
import { KernelPool, PoolBusyError } from './kernel-pool.js';
import { checkReadiness, type Readiness, sandboxIdentity } from './readiness.js';
import { SANDBOX_FILES, sandboxCommand } from './sandbox-command.js';
import { KERNEL_PATH, prepareFilesDir, sessionFilesDir, writePasswdFile } from './sandbox-files.js';
import { SANDBOX_LIMITS, SANDBOX_MEMORY_BYTES, type SandboxSize, type WorkbenchSettings } from './settings.js';

/** Which session a workbench call belongs to. */
export interface WorkbenchTarget {
  projectId: string;
  sessionId: string;
  size: SandboxSize;
}

/** A meta-tool answer: `data` in the wire shape, `error` for the agent (null on success). */
export interface WorkbenchAnswer {
  data: Record<string, unknown>;
  error: string | null;
}

/** What a call came to: the kernel's outcome, or stopped because the session's files outgrew their limit. */
type RunOutcome = KernelOutcome | { kind: 'disk'; bytes: number };

const START_TIMEOUT_MS = 20_000;
const RECHECK_MS = 60_000;

/**
 * COMPOSIO_REMOTE_WORKBENCH and COMPOSIO_REMOTE_BASH_TOOL: a persistent Python kernel per session
 * in a bubblewrap sandbox, with the session's files at /mnt/files. Calls the code makes back into
 * the router are answered by the `CallHandler` the caller passes (the execution pipeline).
 */
export class WorkbenchService {
  readonly #settings: WorkbenchSettings;
  readonly #log: Logger | undefined;
  readonly #pool: KernelPool;
  readonly #changes: ChangeFeed | undefined;
  #readiness: Promise<Readiness> | undefined;
  #recheckAt: number | undefined;
  #passwd: Promise<string> | undefined;
  #deletions: ChangeSubscription | undefined;

  constructor(settings: WorkbenchSettings, options: { log?: Logger | undefined; changes?: ChangeFeed | undefined } = {}) {
    this.#settings = settings;
    this.#log = options.log;
    this.#changes = options.changes;
    this.#pool = new KernelPool({ size: settings.maxKernels, idleMs: settings.idleMs, start: (key, slot) => this.#startKernel(key, slot) });
  }

  /**
   * Checked once per process (the first call waits for it) while it succeeds; a failed check is
   * repeated after a minute, so installing bubblewrap needs no restart. `toolrouter workbench check`
   * shows the same.
   */
  readiness(): Promise<Readiness> {
    if (this.#readiness && this.#recheckAt !== undefined && Date.now() >= this.#recheckAt) this.#readiness = undefined;
    if (!this.#readiness) {
      this.#recheckAt = undefined;
      this.#readiness = checkReadiness(this.#settings).then((r) => {
        if (!r.ready) this.#recheckAt = Date.now() + RECHECK_MS;
        return r;
      });
    }
    return this.#readiness;
  }

  async runCode(target: WorkbenchTarget, code: string, onCall: CallHandler): Promise<WorkbenchAnswer> {
    const outcome = await this.#run(target, { op: 'exec', code }, onCall);
    if ('unavailable' in outcome) return outcome.unavailable;
    if (outcome.kind !== 'done') return this.#failed(outcome, 'code', target);
    const r = outcome.report;
    const error = typeof r['error'] === 'string' ? r['error'] : '';
    const data = {
      results: r['results'] ?? '',
      stdout: r['stdout'] ?? '',
      stderr: r['stderr'] ?? '',
      error,
      ...pick(r, ['results_file_path', 'stdout_file_path', 'stderr_file_path']),
      sandbox_id_suffix: suffix(target),
    };
    const summary = typeof r['summary'] === 'string' && r['summary'] ? r['summary'] : lastLine(error);
    return { data, error: error ? `The code raised an exception: ${summary}` : null };
  }

  async runBash(target: WorkbenchTarget, command: string, onCall: CallHandler): Promise<WorkbenchAnswer> {
    const outcome = await this.#run(target, { op: 'bash', command }, onCall);
    if ('unavailable' in outcome) return outcome.unavailable;
    if (outcome.kind !== 'done') return this.#failed(outcome, 'bash', target);
    const r = outcome.report;
    const data = {
      stdout: r['stdout'] ?? '',
      stdoutLines: r['stdoutLines'] ?? 0,
      stderr: r['stderr'] ?? '',
      stderrLines: r['stderrLines'] ?? 0,
      ...pick(r, ['stdout_file_path', 'stderr_file_path']),
      sandbox_id_suffix: suffix(target),
    };
    const exit = r['exit_code'];
    if (typeof exit !== 'number') return { data, error: `The command could not run: ${String(r['error'] ?? 'unknown error')}` };
    return { data, error: exit === 0 ? null : `The command exited with status ${exit}.` };
  }

  /**
   * Writes a file into the session's /mnt/files (e.g. multi-execute results synced to the
   * workbench) and answers the path the code sees, or why it could not. The kernel writes it, as
   * the sandbox user and inside the sandbox, so links the code left in its files cannot redirect a
   * write of the server's onto the host.
   */
  async writeSessionFile(target: WorkbenchTarget, relative: string, content: string): Promise<{ path: string } | { error: string }> {
    const limit = this.#settings.diskBytes;
    let used: number | undefined;
    if (limit > 0) {
      used = await diskUsage(sessionFilesDir(this.#settings.root, target.projectId, target.sessionId));
      if (used + Buffer.byteLength(content) > limit) {
        return {
          error: `the session's files would pass the workbench disk limit of ${megabytes(limit)} (${megabytes(used)} used); delete some from ${SANDBOX_FILES}`,
        };
      }
    }
    const noCalls: CallHandler = async () => ({ data: null, error: 'no calls while writing a file' });
    const outcome = await this.#run(target, { op: 'write', path: relative, content }, noCalls, used);
    if ('unavailable' in outcome) return { error: outcome.unavailable.error ?? 'the workbench is unavailable' };
    if (outcome.kind === 'disk') return { error: `the session's files passed the workbench disk limit of ${megabytes(this.#settings.diskBytes)}` };
    if (outcome.kind !== 'done') return { error: 'the workbench kernel stopped while writing the file' };
    const written = outcome.report['path'];
    return typeof written === 'string' ? { path: written } : { error: String(outcome.report['error'] ?? 'the file was not written') };
  }

  /** Stops the session's kernels and deletes its files. */
  async removeSession(projectId: string, sessionId: string): Promise<void> {
    for (const size of Object.keys(SANDBOX_MEMORY_BYTES)) await this.#pool.stop(poolKey({ projectId, sessionId, size: size as SandboxSize }));
    await rm(path.dirname(sessionFilesDir(this.#settings.root, projectId, sessionId)), { recursive: true, force: true });
  }

  get runningKernels(): number {
    return this.#pool.size;
  }

  shutdown(): Promise<void> {
    this.#deletions?.unsubscribe();
    return this.#pool.stopAll();
  }

  /**
   * Once this instance runs kernels, a deleted session (on any instance) takes its kernel and files
   * with it. Listening starts only then, so instances that never use the workbench do not watch.
   */
  #watchDeletions(): void {
    if (this.#deletions || !this.#changes) return;
    this.#deletions = this.#changes.subscribe((event) => {
      if (event.kind !== 'session_deleted') return;
      this.removeSession(event.project_id, event.session_id).catch((err: unknown) =>
        this.#log?.warn({ err, sessionId: event.session_id }, "removing a deleted session's workbench failed"),
      );
    });
  }

  /** `usedBefore`: the session's disk usage, when the caller has just measured it. */
  async #run(
    target: WorkbenchTarget,
    request: KernelRequest,
    onCall: CallHandler,
    usedBefore?: number,
  ): Promise<RunOutcome | { unavailable: WorkbenchAnswer }> {
    const readiness = await this.readiness();
    if (!readiness.ready) {
      return {
        unavailable: {
          data: {},
          error: `The workbench is not available on this server: ${readiness.problems.join('; ')}. The operator can run \`toolrouter workbench check\` to see when it is ready.`,
        },
      };
    }
    try {
      return await this.#pool.with(poolKey(target), (kernel) => this.#runWatched(target, kernel, request, onCall, usedBefore));
    } catch (error) {
      if (error instanceof PoolBusyError) return { unavailable: { data: {}, error: `The workbench is busy: ${error.message}. Try again in a little while.` } };
      this.#log?.error({ err: error, sessionId: target.sessionId }, 'workbench kernel failed to start');
      return { unavailable: { data: {}, error: `The workbench kernel could not start: ${(error as Error).message}` } };
    }
  }

  /**
   * Runs the request while watching the session's disk use: the files live on the server's disk, so
   * a cell that writes past the limit is stopped like one that runs too long.
   */
  async #runWatched(target: WorkbenchTarget, kernel: Kernel, request: KernelRequest, onCall: CallHandler, usedBefore?: number): Promise<RunOutcome> {
    const limit = this.#settings.diskBytes;
    if (!(limit > 0)) return kernel.run(request, this.#settings.cellTimeoutMs, onCall);
    const filesDir = sessionFilesDir(this.#settings.root, target.projectId, target.sessionId);
    const watch = await DiskWatch.start(filesDir, limit, () => kernel.kill(), usedBefore === undefined ? {} : { baseline: usedBefore });
    const outcome = await kernel.run(request, this.#settings.cellTimeoutMs, onCall);
    const exceeded = await watch.finish();
    if (exceeded === undefined) return outcome;
    // A cell that finished past the limit may have left writers running in the background.
    kernel.kill();
    return { kind: 'disk', bytes: exceeded };
  }

  /** The answer when the kernel did not finish: what the code had printed until then, and what happened. */
  async #failed(outcome: Exclude<RunOutcome, { kind: 'done' }>, tool: 'code' | 'bash', target: WorkbenchTarget): Promise<WorkbenchAnswer> {
    const seconds = Math.round(this.#settings.cellTimeoutMs / 1000);
    const why =
      outcome.kind === 'timeout'
        ? `The code ran longer than the workbench limit of ${seconds} s and was stopped.`
        : outcome.kind === 'disk'
          ? `The session's files grew past the workbench disk limit of ${megabytes(this.#settings.diskBytes)} (${megabytes(outcome.bytes)} in ${SANDBOX_FILES}), so the code was stopped; delete files that are not needed (e.g. with rm through COMPOSIO_REMOTE_BASH_TOOL) before writing more.`
          : `The workbench kernel stopped while running the code (it may have hit a memory, CPU or process limit${outcome.detail.trim() ? `: ${lastLine(outcome.detail)}` : ''}).`;
    const message = `${why} The kernel was restarted, so variables from earlier calls are gone; files in ${SANDBOX_FILES} are kept.`;
    // A kernel that was gone before the call never ran it: its capture files hold an older cell.
    const ran = outcome.kind !== 'died' || outcome.during;
    const [stdout, stderr] = ran ? await Promise.all([this.#printed(target, 'stdout'), this.#printed(target, 'stderr')]) : ['', ''];
    const data =
      tool === 'code' ? { results: '', stdout, stderr, error: message } : { stdout, stdoutLines: countLines(stdout), stderr, stderrLines: countLines(stderr) };
    return { data, error: message };
  }

  /** The head of what the stopped cell printed to one stream (the kernel wrote it as it went). */
  async #printed(target: WorkbenchTarget, stream: 'stdout' | 'stderr'): Promise<string> {
    const filesDir = sessionFilesDir(this.#settings.root, target.projectId, target.sessionId);
    const { text, cut } = await readCapturedOutput(filesDir, target.size, stream, this.#settings.inlineChars);
    const file = `${SANDBOX_FILES}/${captureName(target.size)}.${stream}`;
    return cut ? `${text}\n... [cut at ${this.#settings.inlineChars} characters; all of it is in ${file} until the next call]` : text;
  }

  async #startKernel(key: string, slot: number): Promise<Kernel> {
    const [projectId, sessionId, size] = key.split('/') as [string, string, SandboxSize];
    this.#watchDeletions();
    const identity = sandboxIdentity(this.#settings, slot);
    const filesDir = sessionFilesDir(this.#settings.root, projectId, sessionId);
    await prepareFilesDir(filesDir, identity);
    this.#passwd ??= writePasswdFile(this.#settings.root);
    const limits = {
      memory_bytes: SANDBOX_MEMORY_BYTES[size],
      cpu_seconds: SANDBOX_LIMITS.cpuSeconds,
      // Without a user of its own the limit would count every process of the server's user.
      processes: identity === undefined ? 0 : SANDBOX_LIMITS.processes,
      file_bytes: SANDBOX_LIMITS.fileBytes,
    };
    const { command, args } = sandboxCommand({
      bwrap: this.#settings.bwrap,
      python: this.#settings.python,
      filesDir,
      kernelPath: KERNEL_PATH,
      passwdPath: await this.#passwd,
      tmpBytes: SANDBOX_LIMITS.tmpBytes,
      disableNestedUserns: (await this.readiness()).disableNestedUserns,
      kernelArgs: [JSON.stringify({ limits, inline_chars: this.#settings.inlineChars, capture_name: captureName(size) })],
    });
    if (identity !== undefined) {
      // Owner-only files an earlier kernel of the session (another slot, another uid) left behind.
      const owners = await ownersOfPrivateFiles(filesDir, { firstUid: this.#settings.uidBase, count: this.#settings.maxKernels }, identity.uid);
      const bare = { command, args: args.slice(0, args.indexOf(this.#settings.python)) };
      for (const uid of owners) await shareWithGroup(bare, { uid, gid: identity.gid });
    }
    this.#log?.debug({ sessionId, slot, size }, 'starting a workbench kernel');
    return Kernel.start({ command, args, identity, startTimeoutMs: START_TIMEOUT_MS });
  }
}

function poolKey(target: WorkbenchTarget): string {
  return `${target.projectId}/${target.sessionId}/${target.size}`;
}

/** A short, stable name of the session's sandbox for the agent (never the session id itself). */
function suffix(target: WorkbenchTarget): string {
  return target.sessionId.slice(-6);
}

function pick(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => typeof record[k] === 'string').map((k) => [k, record[k]]));
}

/** Lines as `wc -l` would count them, plus an unterminated last one. */
function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? text;
}
