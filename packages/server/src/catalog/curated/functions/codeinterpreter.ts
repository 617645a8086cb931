import { ProviderFailure } from '../../../execution/backends/provider-client.js';
import { type CuratedContext, type CuratedFunction, type CuratedSandbox, type SandboxAnswer, ToolInputError } from './types.js';

/**
 * codeinterpreter: Composio runs these in a hosted sandbox; here they run in the session's own
 * workbench kernel (bubblewrap, Python, files under /mnt/files), so a file written by one tool is
 * there for the next and for COMPOSIO_REMOTE_WORKBENCH. One session has one sandbox.
 */
const FILES = '/mnt/files';
/** The kernel answers up to ~20,000 characters inline; a file is read in slices below that. */
export const MAX_SLICE_CHARS = 15_000;

function sandboxOf(ctx: CuratedContext): CuratedSandbox {
  if (!ctx.sandbox) throw new ToolInputError('this server has no workbench for running code');
  const given = ctx.args['sandbox_id'];
  if (typeof given === 'string' && given !== '' && given !== ctx.sandbox.id) {
    throw new ToolInputError(`this session has one sandbox, "${ctx.sandbox.id}"; leave sandbox_id out or pass that id`);
  }
  return ctx.sandbox;
}

/** A failed step (exception, non-zero exit, sandbox unavailable) is the tool's error, with the output as data. */
function settled(sandbox: CuratedSandbox, answer: SandboxAnswer, keep: string[]): Record<string, unknown> {
  const data: Record<string, unknown> = { sandbox_id: sandbox.id };
  for (const key of keep) if (answer.data[key] !== undefined) data[key] = answer.data[key];
  if (answer.error !== null) throw new ProviderFailure({ data: { ...answer.data, sandbox_id: sandbox.id }, error: answer.error });
  return data;
}

/** Paths are taken inside /mnt/files: relative ones are joined to it, absolute ones must lie in it. */
export function filesPath(raw: unknown): string {
  const text = String(raw ?? '').trim();
  const joined = text.startsWith('/') ? text : `${FILES}/${text}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const normal = `/${parts.join('/')}`;
  if (!normal.startsWith(`${FILES}/`)) throw new ToolInputError(`"${text}" is outside ${FILES}, the only place files are kept`);
  return normal;
}

/** A Python literal for any JSON value (JSON text is valid Python once true/false/null are named). */
const py = (value: unknown) => `__import__("json").loads(${JSON.stringify(JSON.stringify(value))})`;

/** Runs a helper cell whose last expression is json.dumps(...) and parses what it answered. */
async function helperCell(sandbox: CuratedSandbox, code: string): Promise<Record<string, unknown>> {
  const answer = await sandbox.runCode(code);
  if (answer.error !== null) throw new ProviderFailure({ data: { ...answer.data, sandbox_id: sandbox.id }, error: answer.error });
  const parsed = JSON.parse(String(answer.data['results'] ?? 'null')) as Record<string, unknown> | null;
  if (parsed === null || typeof parsed !== 'object') throw new ProviderFailure({ data: answer.data, error: 'the sandbox gave no answer' });
  if (typeof parsed['error'] === 'string') throw new ProviderFailure({ data: { sandbox_id: sandbox.id }, error: parsed['error'] });
  return parsed;
}

export const createSandbox: CuratedFunction = async (ctx) => {
  const sandbox = sandboxOf(ctx);
  const info = await helperCell(sandbox, 'import json, os, sys\njson.dumps({"python": sys.version.split()[0], "cwd": os.getcwd()})');
  return { sandbox_id: sandbox.id, files_dir: FILES, python_version: info['python'] };
};

export const executeCode: CuratedFunction = async (ctx) => {
  const sandbox = sandboxOf(ctx);
  const answer = await sandbox.runCode(String(ctx.args['code_to_execute']));
  return settled(sandbox, answer, ['results', 'stdout', 'stderr', 'results_file_path', 'stdout_file_path', 'stderr_file_path']);
};

export const runTerminalCommand: CuratedFunction = async (ctx) => {
  const sandbox = sandboxOf(ctx);
  const answer = await sandbox.runBash(String(ctx.args['command']));
  return settled(sandbox, answer, ['stdout', 'stderr', 'stdout_file_path', 'stderr_file_path']);
};

export const uploadFile: CuratedFunction = async (ctx) => {
  const sandbox = sandboxOf(ctx);
  const { content, content_base64: base64 } = ctx.args;
  if ((content === undefined) === (base64 === undefined)) throw new ToolInputError('give exactly one of content (text) or content_base64 (binary)');
  const target = filesPath(ctx.args['destination_path']);
  const code = [
    'import base64, json, os',
    `_p = ${py(target)}`,
    'os.makedirs(os.path.dirname(_p), exist_ok=True)',
    base64 !== undefined ? `_b = base64.b64decode(${py(base64)}, validate=True)` : `_b = ${py(content)}.encode("utf-8")`,
    'open(_p, "wb").write(_b)',
    'json.dumps({"path": _p, "size": len(_b)})',
  ].join('\n');
  const written = await helperCell(sandbox, code);
  return { sandbox_id: sandbox.id, path: written['path'], size_bytes: written['size'] };
};

export const getFile: CuratedFunction = async (ctx) => {
  const sandbox = sandboxOf(ctx);
  const target = filesPath(ctx.args['file_path']);
  const offset = Number(ctx.args['offset'] ?? 0);
  const code = [
    'import base64, json, os',
    `_p, _o, _n = ${py(target)}, ${py(offset)}, ${py(MAX_SLICE_CHARS)}`,
    'if not os.path.isfile(_p):',
    '    _r = {"error": "no file at " + _p}',
    'else:',
    '    _d = open(_p, "rb").read()',
    '    try:',
    '        _t = _d.decode("utf-8"); _s = _t[_o:_o + _n]',
    '        _r = {"path": _p, "size": len(_d), "encoding": "text", "content": _s, "next_offset": _o + _n if _o + _n < len(_t) else None}',
    '    except UnicodeDecodeError:',
    '        _w = _n // 4 * 3; _s = _d[_o:_o + _w]',
    '        _r = {"path": _p, "size": len(_d), "encoding": "base64", "content": base64.b64encode(_s).decode(), "next_offset": _o + _w if _o + _w < len(_d) else None}',
    'json.dumps(_r, ensure_ascii=False)',
  ].join('\n');
  const file = await helperCell(sandbox, code);
  return { sandbox_id: sandbox.id, ...file };
};
