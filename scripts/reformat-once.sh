#!/usr/bin/env bash
# One-time reformat of the whole repository with Biome, for the integrator to run AFTER every parallel branch
# is merged (formatting earlier would make each of those merges conflict on nearly every file).
#
# It (1) switches Biome's formatter and import sorting on in biome.jsonc, so `npm test` checks them from now on,
# (2) rewrites every file accordingly, (3) checks that lint, formatting and the type-check pass, and
# (4) leaves the result uncommitted for review. Commit it on its own:
#     git commit -am "Reformat the code base once with Biome (no behaviour change)"
# To undo instead: git checkout .
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git diff --quiet || ! git diff --cached --quiet; then
  echo "reformat-once: the work tree has uncommitted changes; commit them first so the reformat stays its own commit." >&2
  exit 1
fi
if ! grep -q '"enabled": false, // reformat-once: formatter' biome.jsonc; then
  echo "reformat-once: biome.jsonc does not show the formatter switch turned off; has the reformat already been done?" >&2
  exit 1
fi

echo "== switching the formatter and import sorting on in biome.jsonc"
sed -i \
  -e 's|"enabled": false, // reformat-once: formatter|"enabled": true, // reformat-once: formatter|' \
  -e 's|"organizeImports": "off" // reformat-once: imports|"organizeImports": "on" // reformat-once: imports|' \
  biome.jsonc

echo "== formatting and sorting imports in every file"
npx biome check --write --linter-enabled=false .

echo "== checking: lint + formatting (npm run lint), then the type-check"
npx biome check .
npm run typecheck

echo "== done; what changed:"
git diff --shortstat
echo "Review with 'git diff', then commit it on its own (see the top of this script)."
