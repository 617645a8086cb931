#!/usr/bin/env node
/**
 * Builds the built-in GraphQL toolkits, `linear` and `monday`, in two steps:
 * 1. packages/server/catalog/graphql/<slug>.graphql.gz: each vendor's schema as SDL (the data);
 * 2. packages/server/catalog/graphql.json.gz: the tools the server's GraphQL source
 *    (packages/server/src/catalog/sources/graphql/, run from dist/) makes from those schemas,
 *    compiled ahead of time like the GitHub catalog: building Linear's schema and its ~470 tools
 *    takes over a second, loading the compiled file a few milliseconds.
 *
 * Neither vendor publishes its schema in an npm package, but each SDK ships the TypeScript types
 * GraphQL Code Generator produced from it; sdl-from-codegen.mjs turns those back into SDL. The
 * pinned tarballs are fetched once with `npm pack`, their integrity checked, and the one file needed
 * extracted; the SDKs are never dependencies. Usage:
 *
 *   node scripts/build-graphql-catalog.mjs [--skip-build]       (npm run catalog:graphql)
 *   node scripts/build-graphql-catalog.mjs --compiled-only      (step 2 alone, from the committed schemas)
 *
 * To move to a newer schema, update `version` and `integrity` below
 * (`npm view <package>@<version> dist.integrity`), check `file` still names the generated types,
 * and rerun.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { buildSchema, parse, printSchema, validate, validateSchema } from 'graphql';
import { sdlFromCodegen } from './graphql/sdl-from-codegen.mjs';

const VENDORS = [
  {
    slug: 'linear',
    package: '@linear/sdk',
    version: '98.0.0',
    integrity: 'sha512-DRakJJiGe4QE2tc49+XQVE0lyeR9CUHJTpCPsx5291LsmDaMvhP8+beCgXQQ7jET+OshHEm2BYtMx6EUt9ZR8Q==',
    // The bundled declarations of src/_generated_documents.ts (schema types and SDK documents).
    file: 'package/dist/index-D2pH4Pk9.d.mts',
    // The SDK's own operations (one per query and mutation, with fragments covering every type's
    // fields) were generated against the real schema; each must validate against the rebuilt one.
    documents: async (dir) => {
      const sdk = await import(pathToFileURL(join(dir, 'package/dist/index.mjs')).href);
      return Object.entries(sdk.LinearDocument)
        .filter(([name]) => name.endsWith('Document'))
        .map(([name, doc]) => [name, String(doc)]);
    },
  },
  {
    slug: 'monday',
    package: '@mondaydotcomorg/api',
    version: '14.0.0',
    integrity: 'sha512-crQd8yxyhFZXHfjxN3Zhb7jv6eZ1grMSN9/gOjfZCKQtolTi+u/sfm0o2abioJqdIF66+GPit+yrH4BHHOAnxA==',
    file: 'package/dist/esm/lib/generated/sdk.d.ts',
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const outputDir = join(root, 'packages/server/catalog/graphql');
const compiledPath = join(root, 'packages/server/catalog/graphql.json.gz');
const sourcePath = join(root, 'packages/server/dist/catalog/builtin.js');
const referencePath = join(root, 'packages/server/dist/catalog/reference-tools.js');
const log = (message) => console.log(`[catalog:graphql] ${message}`);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * Downloads the pinned tarball, checks its integrity and returns the text of the generated types,
 * with the SDK's own operation documents when the vendor entry says how to read them.
 */
async function vendorFiles(vendor) {
  const spec = `${vendor.package}@${vendor.version}`;
  const dir = mkdtempSync(join(tmpdir(), 'toolrouter-graphql-'));
  try {
    log(`${vendor.slug}: downloading ${spec} with npm pack`);
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = join(dir, JSON.parse(out)[0].filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== vendor.integrity) throw new Error(`${spec} integrity mismatch: expected ${vendor.integrity}, got ${integrity}`);
    log(`${vendor.slug}: extracting`);
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const documents = vendor.documents ? await vendor.documents(dir) : [];
    return { types: readFileSync(join(dir, vendor.file), 'utf8'), documents };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeSchemas() {
  mkdirSync(outputDir, { recursive: true });
  for (const vendor of VENDORS) {
    const { types, documents } = await vendorFiles(vendor);
    log(`${vendor.slug}: rebuilding the SDL from ${kb(types.length)} of generated types`);
    const { sdl, counts } = sdlFromCodegen(types);
    const schema = buildSchema(sdl);
    const problems = validateSchema(schema);
    if (problems.length > 0)
      throw new Error(
        `${vendor.slug}: the rebuilt schema is invalid: ${problems
          .slice(0, 5)
          .map((p) => p.message)
          .join('; ')}`,
      );
    if (documents.length > 0) {
      const invalid = documents.filter(([, text]) => validate(schema, parse(text)).length > 0).map(([name]) => name);
      if (invalid.length > 0)
        throw new Error(
          `${vendor.slug}: ${invalid.length} of the SDK's own operations do not validate against the rebuilt schema, e.g. ${invalid.slice(0, 3).join(', ')}`,
        );
      log(`${vendor.slug}: all ${documents.length} of the SDK's own operations validate against the rebuilt schema`);
    }
    const query = Object.keys(schema.getQueryType()?.getFields() ?? {}).length;
    const mutation = Object.keys(schema.getMutationType()?.getFields() ?? {}).length;
    log(
      `${vendor.slug}: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${query} queries, ${mutation} mutations`,
    );
    const header = `# ${vendor.slug} GraphQL schema, rebuilt from the types generated into ${vendor.package}@${vendor.version} (MIT).\n# Generated by scripts/build-graphql-catalog.mjs; do not edit.\n`;
    const output = join(outputDir, `${vendor.slug}.graphql.gz`);
    writeFileSync(output, gzipSync(header + printSchema(schema), { level: zlib.Z_BEST_COMPRESSION }));
    log(`${vendor.slug}: wrote ${output} (${kb(statSync(output).size)} gzip)`);
  }
}

async function writeCompiled() {
  if (!process.argv.includes('--skip-build')) {
    log('building the server (tsc -b packages/server)');
    execFileSync('npx', ['tsc', '-b', 'packages/server'], { cwd: root, stdio: 'inherit' });
  }
  const { builtinGraphqlSource } = await import(pathToFileURL(sourcePath).href);
  const { isReferenceTool } = await import(pathToFileURL(referencePath).href);
  const started = performance.now();
  // Each toolkit records which of its tools carry the reference's verified slugs (search ranks them like curated tools).
  const toolkits = (await builtinGraphqlSource().load()).map(({ toolkit, tools }) => ({
    toolkit,
    reference_slugs: tools.filter(isReferenceTool).map((t) => t.slug),
    tools,
  }));
  for (const bundle of toolkits) log(`${bundle.toolkit.slug}: ${bundle.tools.length} tools, ${bundle.reference_slugs.length} reference slugs`);
  log(`converted in ${(performance.now() - started).toFixed(0)} ms`);
  const generatedFrom = VENDORS.map((v) => `${v.package}@${v.version}`).join(', ');
  writeFileSync(compiledPath, gzipSync(JSON.stringify({ format: 1, generated_from: generatedFrom, toolkits }), { level: zlib.Z_BEST_COMPRESSION }));
  const loadStart = performance.now();
  JSON.parse(gunzipSync(readFileSync(compiledPath)).toString('utf8'));
  log(`wrote ${compiledPath} (${kb(statSync(compiledPath).size)} gzip; loads in ${(performance.now() - loadStart).toFixed(0)} ms)`);
}

try {
  if (!process.argv.includes('--compiled-only')) await writeSchemas();
  await writeCompiled();
} catch (error) {
  console.error(`[catalog:graphql] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
