import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The SDK's packaging rules: it depends at runtime only on @toolrouter/core, each framework is an
 * optional peer reached only through its own subpath, and the public surface is pinned so a
 * change to it is deliberate.
 */
const sdkRoot = fileURLToPath(new URL('../', import.meta.url));
const repoRoot = path.resolve(sdkRoot, '../..');
const pkg = JSON.parse(readFileSync(path.join(sdkRoot, 'package.json'), 'utf8')) as Record<string, any>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Modules a file imports at runtime (`import type` is erased and so not counted). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^'"]*?from '([^']+)'/gm), ...text.matchAll(/^export [^'"]*? from '([^']+)'/gm)]
    .filter((m) => !m[0].startsWith('export type'))
    .map((m) => m[1]!)
    .filter((spec) => !spec.startsWith('.'));
}

describe('@toolrouter/sdk packaging', () => {
  it('depends at runtime only on @toolrouter/core; frameworks are optional peers', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['@toolrouter/core']);
    for (const peer of ['openai', '@anthropic-ai/sdk', 'ai', '@langchain/core', 'zod']) {
      expect(pkg.peerDependencies[peer], peer).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer], peer).toEqual({ optional: true });
    }
  });

  it('imports only core at runtime, a framework only in its own adapter, node: only in testing/', () => {
    const allowed = (file: string, spec: string) => {
      const rel = path.relative(path.join(sdkRoot, 'src'), file);
      if (spec === '@toolrouter/core') return true;
      if (spec.startsWith('node:')) return rel.startsWith('testing/');
      if (spec === 'ai') return rel.startsWith('providers/ai-sdk/');
      if (spec.startsWith('@langchain/core/')) return rel.startsWith('providers/langchain/');
      return false;
    };
    const offenders = sources(path.join(sdkRoot, 'src')).flatMap((file) =>
      runtimeImports(file)
        .filter((spec) => !allowed(file, spec))
        .map((spec) => `${path.relative(sdkRoot, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('pins the export map and the public names of every entry point', async () => {
    expect(Object.keys(pkg.exports)).toEqual(['.', './openai', './anthropic', './ai-sdk', './mcp', './langchain', './testing']);
    const names = async (specifier: string) => Object.keys(await import(specifier)).sort();
    expect(await names('@toolrouter/sdk/openai')).toEqual(['OpenAIProvider']);
    expect(await names('@toolrouter/sdk/anthropic')).toEqual(['AnthropicProvider']);
    expect(await names('@toolrouter/sdk/ai-sdk')).toEqual(['VercelAIProvider']);
    expect(await names('@toolrouter/sdk/langchain')).toEqual(['LangChainProvider']);
    expect(await names('@toolrouter/sdk/mcp')).toEqual(['anthropicMcpServer', 'mcpServerConfig', 'mcpServersJson', 'mcpTransportOptions', 'openaiMcpTool']);
    expect(await names('@toolrouter/sdk/testing')).toEqual(['startScriptedModelServer', 'toolResults']);
    // Server error classes follow the server's codes (checked in errors.test.ts); the rest is pinned here.
    const root = await import('@toolrouter/sdk');
    const perCode = new Set(Object.values(root.API_ERROR_CLASSES).map((c) => c!.name));
    expect((await names('@toolrouter/sdk')).filter((n) => !perCode.has(n))).toEqual([
      'API_ERROR_CLASSES',
      'ApiConnectionError',
      'ConnectionRequest',
      'ConnectionRequestFailedError',
      'ConnectionRequestTimeoutError',
      'CustomToolDefinitionError',
      'DEFAULT_BASE_URL',
      'MAX_LOCAL_CALL_DEPTH',
      'Page',
      'PagePromise',
      'RequestTimeoutError',
      'SessionPreset',
      'ToolRouter',
      'ToolRouterApiError',
      'ToolRouterConfigError',
      'ToolRouterSdkError',
      'ToolRouterSession',
      'createTool',
      'createToolkit',
    ]);
  });

  it('is importable from the repository root after npm install, without any framework package', () => {
    const script = `
      const sdk = await import('@toolrouter/sdk');
      for (const sub of ['openai', 'anthropic', 'mcp', 'testing']) await import('@toolrouter/sdk/' + sub);
      console.log(typeof sdk.ToolRouter, typeof sdk.createTool);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(out.trim()).toBe('function function');
    // The OpenAI and Anthropic adapters use their frameworks' types only: nothing to load at runtime.
    for (const adapter of ['openai', 'anthropic']) {
      const js = readFileSync(path.join(sdkRoot, `dist/providers/${adapter}/index.js`), 'utf8');
      expect(js).not.toMatch(/from ['"](openai|@anthropic-ai\/sdk)['"]/);
    }
  });
});
