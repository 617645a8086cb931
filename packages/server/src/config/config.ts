import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_MCP_TOKEN_TTL_SECONDS, MAX_MCP_TOKEN_TTL_SECONDS } from '@toolrouter/core';
import { z } from 'zod';
import { IMPORT_BUDGET_DEFAULTS, type ImportBudget } from '../catalog/openapi-import/budget.js';
import { DEFAULT_DENSE_WEIGHT } from '../search/dense/fuse.js';
import { WORKBENCH_DEFAULTS, type WorkbenchSettings } from '../workbench/settings.js';

/**
 * All settings, read from the environment once at boot into a frozen object. This is the only
 * module that touches `process.env`; everything else receives a `Config`.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres|postgresql):\/\//, 'must be a postgres:// URL; leave it unset to use SQLite in DATA_DIR')
    .optional(),
  TOOLROUTER_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  TOOLROUTER_PUBLIC_URL: z.url('must be an absolute URL such as https://tools.example.com').optional(),
  TOOLROUTER_EGRESS_ALLOW: z.string().default(''),
  TOOLROUTER_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  TOOLROUTER_AUTH_MAX_FAILURES: z.coerce.number().int().min(0).max(1_000_000).default(20),
  TOOLROUTER_AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  TOOLROUTER_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = trustedProxyProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; list IPs or CIDRs separated by commas` });
      }
    }),
  TOOLROUTER_SEARCH_LEARNING: z.enum(['on', 'off'], 'must be "on" or "off"').default('on'),
  TOOLROUTER_SEARCH_WORD_VECTORS: z.enum(['on', 'off'], 'must be "on" or "off"').default('on'),
  TOOLROUTER_EMBEDDINGS_URL: z.url('must be the base URL of an OpenAI-compatible embeddings server, e.g. http://localhost:11434').optional(),
  TOOLROUTER_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  TOOLROUTER_EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  TOOLROUTER_EMBEDDINGS_WEIGHT: z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(DEFAULT_DENSE_WEIGHT),
  TOOLROUTER_ENCRYPTION_KEY: z.string().min(1).optional(),
  TOOLROUTER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  TOOLROUTER_EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  TOOLROUTER_TEXT_MODEL_URL: z
    .url({ protocol: /^https?$/, error: 'must be the base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1' })
    .optional(),
  TOOLROUTER_TEXT_MODEL: z.string().min(1).optional(),
  TOOLROUTER_TEXT_MODEL_API_KEY: z.string().min(1).optional(),
  TOOLROUTER_EXECUTE_HOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL of the operator webhook' }).optional(),
  TOOLROUTER_EXECUTE_HOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TOOLROUTER_EXECUTE_HOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  TOOLROUTER_MCP_STDIO_COMMANDS: z.string().default(''),
  TOOLROUTER_MANAGED_AUTH: z.string().min(1).optional(),
  TOOLROUTER_MANAGED_AUTH_FILE: z.string().min(1).optional(),
  TOOLROUTER_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60, 'must be at least 60')
    .max(7 * 24 * 3600, 'must be at most 604800 (7 days)')
    .default(900),
  TOOLROUTER_MCP_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60, 'must be at least 60')
    .max(MAX_MCP_TOKEN_TTL_SECONDS, `must be at most ${MAX_MCP_TOKEN_TTL_SECONDS} (one year)`)
    .default(DEFAULT_MCP_TOKEN_TTL_SECONDS),
  TOOLROUTER_EMBEDDINGS_ONNX_MODEL: z.string().min(1).optional(),
  TOOLROUTER_EMBEDDINGS_ONNX_VOCAB: z.string().min(1).optional(),
  TOOLROUTER_WORKBENCH_DIR: z.string().min(1).optional(),
  TOOLROUTER_WORKBENCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(180),
  TOOLROUTER_WORKBENCH_MAX_KERNELS: z.coerce.number().int().min(1).max(256).default(4),
  TOOLROUTER_WORKBENCH_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .default(900),
  TOOLROUTER_WORKBENCH_DISK_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(WORKBENCH_DEFAULTS.diskBytes / (1024 * 1024)),
  TOOLROUTER_WORKBENCH_PYTHON: z.string().startsWith('/', 'must be an absolute path such as /usr/bin/python3').default('/usr/bin/python3'),
  TOOLROUTER_WORKBENCH_BWRAP: z.string().min(1).default('bwrap'),
  TOOLROUTER_WORKBENCH_UID_BASE: z.coerce.number().int().min(1000).max(4_000_000_000).default(60_000),
  TOOLROUTER_IMPORT_MAX_SPEC_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(1024 * 1024 * 1024)
    .default(IMPORT_BUDGET_DEFAULTS.maxSpecBytes),
  TOOLROUTER_IMPORT_MAX_OPERATIONS: z.coerce.number().int().min(1).max(1_000_000).default(IMPORT_BUDGET_DEFAULTS.maxOperations),
  TOOLROUTER_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(IMPORT_BUDGET_DEFAULTS.timeoutMs),
  TOOLROUTER_IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(IMPORT_BUDGET_DEFAULTS.maxConcurrent),
  TOOLROUTER_IMPORT_MAX_HEAP_MB: z.coerce.number().int().min(64).max(65_536).default(IMPORT_BUDGET_DEFAULTS.maxHeapMb),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** When set on first start, becomes the admin key of the first project. */
  bootstrapApiKey: string | undefined;
  /** Origin used in URLs we hand out (MCP URL, Connect Links); defaults to the request's origin. */
  publicUrl: string | undefined;
  /** Hosts / IPs / CIDRs outbound requests may reach even though they are private or loopback. */
  egressAllow: string[];
  maxBodyBytes: number;
  /**
   * Wrong API keys / MCP tokens one client may send per window before it gets 429 (0 = no limit).
   * The client is the socket address, or X-Forwarded-For when the peer is a trusted proxy.
   */
  authFailures: { maxFailures: number; windowMs: number; trustedProxies: string[] };
  /** Whether search learns from executions (per project, never across projects). */
  searchLearning: boolean;
  /** Whether search adds the meaning channel of the bundled static word vectors (catalog/word-vectors.bin). */
  searchWordVectors: boolean;
  /** Dense retrieval through an OpenAI-compatible embeddings server; undefined = lexical only. */
  embeddings: { url: string; model: string; apiKey: string | undefined } | undefined;
  /** Dense share of a fused search score (0 … 1) when an embedder is configured. */
  denseWeight: number;
  /** How long a stopping server lets requests in flight finish before it cuts their connections. */
  shutdownGraceMs: number;
  /** Per-call timeout of tool executions. */
  executionTimeoutMs: number;
  /** The model that turns a classic execute's `text` into arguments; unset = `text` is refused. */
  textModel: { url: string; model: string; apiKey: string | undefined } | undefined;
  /** The operator webhook sessions may route their app-tool calls through (before/after execute). */
  executeHook: { url: string; secret: string; timeoutMs: number } | undefined;
  /** Commands API callers may start as stdio MCP servers; `*` allows any (the CLI is never limited). */
  mcpStdioCommands: string[];
  /** Master key for sealing credentials (base64 or hex); unset = key file in the data dir. */
  encryptionKey: string | undefined;
  /** The operator's own OAuth apps per toolkit, used by `use_composio_managed_auth` configs. */
  managedAuth: Readonly<Record<string, ManagedAuthApp>>;
  /** How long a Connect Link stays valid. */
  linkTtlSeconds: number;
  /** Lifetime of an MCP URL token whose request names none. */
  mcpTokenTtlSeconds: number;
  /** Dense retrieval with a local ONNX model file and its WordPiece vocabulary; undefined = not used. */
  onnxEmbeddings: { modelPath: string; vocabPath: string } | undefined;
  /** The workbench sandboxes (see workbench/settings.ts). */
  workbench: WorkbenchSettings;
  /** Limits of one OpenAPI import, which runs in a worker thread (see catalog/openapi-import/budget.ts). */
  importBudget: ImportBudget;
  /** Unset means each command's own default: info for the server, warn for the CLI. */
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** One managed OAuth app; endpoints default to the toolkit's own. */
export const ManagedAuthAppSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  authorization_url: z.url().optional(),
  token_url: z.url().optional(),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
});
export type ManagedAuthApp = z.infer<typeof ManagedAuthAppSchema>;
const ManagedAuthSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'keys are toolkit slugs'), ManagedAuthAppSchema);

/** Checks a TOOLROUTER_TRUSTED_PROXIES entry (an IP or a CIDR); undefined when it is valid. */
function trustedProxyProblem(entry: string): string | undefined {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
  if (bits === undefined) return undefined;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128) ? undefined : `"${entry}" has an invalid prefix length`;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  // Empty strings mean "unset" so that `FOO= npm start` behaves like not setting FOO.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.TOOLROUTER_EMBEDDINGS_URL && !e.TOOLROUTER_EMBEDDINGS_MODEL) {
    throw new ConfigError('Invalid configuration:\n  TOOLROUTER_EMBEDDINGS_MODEL: required when TOOLROUTER_EMBEDDINGS_URL is set');
  }
  const managedAuth = {
    ...readManagedAuth('TOOLROUTER_MANAGED_AUTH_FILE', e.TOOLROUTER_MANAGED_AUTH_FILE, true),
    ...readManagedAuth('TOOLROUTER_MANAGED_AUTH', e.TOOLROUTER_MANAGED_AUTH, false),
  };
  if (e.TOOLROUTER_EMBEDDINGS_ONNX_MODEL && e.TOOLROUTER_EMBEDDINGS_URL) {
    throw new ConfigError('Invalid configuration:\n  TOOLROUTER_EMBEDDINGS_ONNX_MODEL: set either it or TOOLROUTER_EMBEDDINGS_URL, not both');
  }
  if (e.TOOLROUTER_TEXT_MODEL_URL && !e.TOOLROUTER_TEXT_MODEL) {
    throw new ConfigError('Invalid configuration:\n  TOOLROUTER_TEXT_MODEL: required when TOOLROUTER_TEXT_MODEL_URL is set');
  }
  if (e.TOOLROUTER_EXECUTE_HOOK_URL && !e.TOOLROUTER_EXECUTE_HOOK_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  TOOLROUTER_EXECUTE_HOOK_SECRET: required when TOOLROUTER_EXECUTE_HOOK_URL is set (every delivery is signed with it)',
    );
  }
  const onnxModel = e.TOOLROUTER_EMBEDDINGS_ONNX_MODEL && path.resolve(e.TOOLROUTER_EMBEDDINGS_ONNX_MODEL);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    bootstrapApiKey: e.TOOLROUTER_API_KEY,
    publicUrl: e.TOOLROUTER_PUBLIC_URL?.replace(/\/+$/, ''),
    egressAllow: e.TOOLROUTER_EGRESS_ALLOW.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxBodyBytes: e.TOOLROUTER_MAX_BODY_BYTES,
    authFailures: {
      maxFailures: e.TOOLROUTER_AUTH_MAX_FAILURES,
      windowMs: e.TOOLROUTER_AUTH_FAILURE_WINDOW_SECONDS * 1000,
      trustedProxies: e.TOOLROUTER_TRUSTED_PROXIES,
    },
    searchLearning: e.TOOLROUTER_SEARCH_LEARNING === 'on',
    searchWordVectors: e.TOOLROUTER_SEARCH_WORD_VECTORS === 'on',
    embeddings: e.TOOLROUTER_EMBEDDINGS_URL
      ? { url: e.TOOLROUTER_EMBEDDINGS_URL, model: e.TOOLROUTER_EMBEDDINGS_MODEL!, apiKey: e.TOOLROUTER_EMBEDDINGS_API_KEY }
      : undefined,
    denseWeight: e.TOOLROUTER_EMBEDDINGS_WEIGHT,
    encryptionKey: e.TOOLROUTER_ENCRYPTION_KEY,
    executionTimeoutMs: e.TOOLROUTER_EXECUTION_TIMEOUT_MS,
    shutdownGraceMs: e.TOOLROUTER_SHUTDOWN_GRACE_MS,
    textModel: e.TOOLROUTER_TEXT_MODEL_URL
      ? { url: e.TOOLROUTER_TEXT_MODEL_URL, model: e.TOOLROUTER_TEXT_MODEL!, apiKey: e.TOOLROUTER_TEXT_MODEL_API_KEY }
      : undefined,
    executeHook: e.TOOLROUTER_EXECUTE_HOOK_URL
      ? { url: e.TOOLROUTER_EXECUTE_HOOK_URL, secret: e.TOOLROUTER_EXECUTE_HOOK_SECRET!, timeoutMs: e.TOOLROUTER_EXECUTE_HOOK_TIMEOUT_MS }
      : undefined,
    mcpStdioCommands: e.TOOLROUTER_MCP_STDIO_COMMANDS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    managedAuth: Object.freeze(managedAuth),
    linkTtlSeconds: e.TOOLROUTER_LINK_TTL_SECONDS,
    mcpTokenTtlSeconds: e.TOOLROUTER_MCP_TOKEN_TTL_SECONDS,
    onnxEmbeddings: onnxModel
      ? { modelPath: onnxModel, vocabPath: path.resolve(e.TOOLROUTER_EMBEDDINGS_ONNX_VOCAB ?? path.join(path.dirname(onnxModel), 'vocab.txt')) }
      : undefined,
    workbench: {
      root: path.resolve(e.TOOLROUTER_WORKBENCH_DIR ?? path.join(e.DATA_DIR, 'workbench')),
      cellTimeoutMs: e.TOOLROUTER_WORKBENCH_TIMEOUT_SECONDS * 1000,
      maxKernels: e.TOOLROUTER_WORKBENCH_MAX_KERNELS,
      idleMs: e.TOOLROUTER_WORKBENCH_IDLE_SECONDS * 1000,
      diskBytes: e.TOOLROUTER_WORKBENCH_DISK_MB * 1024 * 1024,
      python: e.TOOLROUTER_WORKBENCH_PYTHON,
      bwrap: e.TOOLROUTER_WORKBENCH_BWRAP,
      uidBase: e.TOOLROUTER_WORKBENCH_UID_BASE,
      inlineChars: WORKBENCH_DEFAULTS.inlineChars,
    },
    importBudget: {
      maxSpecBytes: e.TOOLROUTER_IMPORT_MAX_SPEC_BYTES,
      maxOperations: e.TOOLROUTER_IMPORT_MAX_OPERATIONS,
      timeoutMs: e.TOOLROUTER_IMPORT_TIMEOUT_MS,
      maxConcurrent: e.TOOLROUTER_IMPORT_CONCURRENCY,
      maxHeapMb: e.TOOLROUTER_IMPORT_MAX_HEAP_MB,
    },
    logLevel: e.LOG_LEVEL,
  });
}

/** Managed OAuth apps as JSON `{"<toolkit>": {client_id, client_secret, scopes?}}`, inline or in a file. */
function readManagedAuth(name: string, value: string | undefined, isFile: boolean): Record<string, ManagedAuthApp> {
  if (!value) return {};
  let json: unknown;
  try {
    json = JSON.parse(isFile ? readFileSync(value, 'utf8') : value);
  } catch (cause) {
    throw new ConfigError(`Invalid configuration:\n  ${name}: ${isFile ? `cannot read ${value} as JSON` : 'not valid JSON'} (${(cause as Error).message})`);
  }
  const parsed = ManagedAuthSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${name}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Every environment variable the server reads, e.g. for checking deployment files against it. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));
