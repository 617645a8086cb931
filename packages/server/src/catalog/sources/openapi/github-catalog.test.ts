import { TOOL_SLUG_PATTERN, type ToolkitBundle, ToolkitSchema, ToolSchema } from '@toolrouter/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR } from '../../builtin.js';
import { compiledCatalogSource } from '../../compiled/compiled-source.js';

/** GitHub as compiled into the built-in catalog by scripts/build-catalog.mjs, which runs this converter. */
describe('compiled GitHub toolkit', () => {
  let bundle: ToolkitBundle;
  beforeAll(async () => {
    const bundles = await compiledCatalogSource(`${BUILTIN_CATALOG_DIR}compiled`).load();
    const found = bundles.find((b) => b.toolkit.slug === 'github');
    if (found === undefined) throw new Error('the catalog has no github toolkit');
    bundle = found;
  });

  it('has the expected toolkit', () => {
    expect(bundle.toolkit).toMatchObject({ slug: 'github', name: 'GitHub', base_url: 'https://api.github.com', logo: '/logos/github.svg' });
  });

  // Start-up trusts each tool's details (it checks only their shape), so every tool is validated here.
  it('validates in full against the core schemas', () => {
    expect(ToolkitSchema.safeParse(bundle.toolkit).success).toBe(true);
    const invalid = bundle.tools.filter((t) => !ToolSchema.safeParse(t).success).map((t) => t.slug);
    expect(invalid).toEqual([]);
  });

  it('has over a thousand tools with unique, well-formed slugs', () => {
    expect(bundle.tools.length).toBeGreaterThan(1000);
    const slugs = bundle.tools.map((t) => t.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(TOOL_SLUG_PATTERN);
    expect(slugs.every((slug) => slug.startsWith('GITHUB_'))).toBe(true);
  });

  it('turns "Create an issue" into GITHUB_CREATE_AN_ISSUE with merged path and body arguments', () => {
    const tool = bundle.tools.find((t) => t.slug === 'GITHUB_CREATE_AN_ISSUE');
    expect(tool).toBeDefined();
    expect(Object.keys(tool?.input_parameters.properties ?? {})).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
    expect(tool?.input_parameters.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
    expect(tool?.binding).toMatchObject({
      kind: 'http',
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues',
      args: { owner: { in: 'path', name: 'owner' }, title: { in: 'body', name: 'title' } },
      body: { content_type: 'application/json', mode: 'fields' },
    });
    expect(tool?.no_auth).toBe(false);
  });

  it('offers GitHub OAuth and personal access tokens', () => {
    const oauth = bundle.toolkit.auth_schemes.find((s) => s.mode === 'OAUTH2');
    expect(oauth).toMatchObject({
      authorization_url: 'https://github.com/login/oauth/authorize',
      token_url: 'https://github.com/login/oauth/access_token',
      default_scopes: ['repo', 'user'],
    });
    expect(Object.keys(oauth?.mode === 'OAUTH2' ? oauth.scopes : {})).toEqual(expect.arrayContaining(['repo', 'workflow', 'read:org']));
    expect(bundle.toolkit.auth_schemes.some((s) => s.mode === 'BEARER_TOKEN')).toBe(true);
  });
});
