#!/usr/bin/env bash
# Entry point of `npm start` and `npm test`: set up the toolchain and the
# dependencies (frozen lockfile), then hand over to the Node 24 script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/toolchain.sh
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  pnpm install --frozen-lockfile --reporter=append-only >&2
fi
task=$1; shift
exec node "scripts/$task.mjs" "$@"
