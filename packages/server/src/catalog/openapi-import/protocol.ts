import type { ToolkitBundle } from '@toolrouter/core';
import type { OpenApiImportInput } from '../sources/openapi/index.js';

/** What the main thread hands a conversion worker: the document as text, parsed in the worker. */
export interface ConversionJob {
  input: Omit<OpenApiImportInput, 'spec'>;
  /** The document; JSON, or YAML when `format` says so. */
  text: string;
  format: 'json' | 'yaml';
  /** Where the document came from, for parse errors ("https://…/openapi.yaml is neither …"). */
  origin: string;
  maxOperations: number;
}

/** A ToolRouterError as plain data: errors cross the thread boundary by structured clone. */
export interface ErrorData {
  code: string;
  message: string;
  suggestedFix: string | undefined;
  errors: string[];
}

export type ConversionReply = { ok: true; bundle: ToolkitBundle } | { ok: false; error: ErrorData };
