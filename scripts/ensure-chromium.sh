#!/usr/bin/env bash
# The browser tests use Debian's chromium through playwright-core; no tool may
# download a browser of its own. Install it with apt when missing and root.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "chromium: $candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "chromium: installing Debian's chromium with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "chromium: not found. Install Debian's 'chromium' package (or set CHROMIUM_PATH) to run the browser tests." >&2
exit 1
