import type { SANDBOX_SIZES } from '@toolrouter/core';

export type SandboxSize = (typeof SANDBOX_SIZES)[number];

/** How the workbench runs kernels; from the TOOLROUTER_WORKBENCH_* settings (see config/). */
export interface WorkbenchSettings {
  /** Each session's files live in `<root>/<project>/<session>/files` (mounted as /mnt/files). */
  root: string;
  /** Wall-clock limit of one cell or command; the kernel is killed when it is exceeded. */
  cellTimeoutMs: number;
  /** Kernels this process keeps at most (one per session in use). */
  maxKernels: number;
  /** A kernel unused this long is stopped; its session's files stay. */
  idleMs: number;
  /** The Python interpreter inside the sandbox; it must live under /usr (the only system tree mounted). */
  python: string;
  bwrap: string;
  /** When the server runs as root, kernel slot n runs as uid `uidBase + n` (its own process limit) in the group `uidBase` shared by every slot. */
  uidBase: number;
  /** Characters of stdout, stderr or results returned inline; more goes to a file in /mnt/files/.workbench/. */
  inlineChars: number;
  /** Disk space one session's files may take; a cell that writes past it is stopped. 0 = no limit. */
  diskBytes: number;
}

export const WORKBENCH_DEFAULTS: Omit<WorkbenchSettings, 'root'> = {
  cellTimeoutMs: 180_000,
  maxKernels: 4,
  idleMs: 15 * 60_000,
  python: '/usr/bin/python3',
  bwrap: 'bwrap',
  uidBase: 60_000,
  inlineChars: 20_000,
  diskBytes: 1024 * 1024 * 1024,
};

/** Address-space limit per kernel by the session's `workbench.sandbox_size`. */
export const SANDBOX_MEMORY_BYTES: Record<SandboxSize, number> = {
  standard: 1 << 30,
  medium: 2 * (1 << 30),
  large: 4 * (1 << 30),
  xlarge: 8 * (1 << 30),
};

/** Further limits every kernel gets, whatever its size. */
export const SANDBOX_LIMITS = {
  /** CPU seconds over a kernel's whole life (idle kernels use none); beyond it the kernel is killed and the next call starts a fresh one. */
  cpuSeconds: 30 * 60,
  /** Processes and threads of one kernel (enforced per kernel only when the server runs as root; see README). */
  processes: 64,
  /** Largest file a kernel may write. */
  fileBytes: 512 * 1024 * 1024,
  /** Size of the private /tmp. */
  tmpBytes: 256 * 1024 * 1024,
} as const;
