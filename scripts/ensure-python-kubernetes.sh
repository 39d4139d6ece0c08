#!/usr/bin/env bash
# The third referee of the fake apiserver is the official Kubernetes Python
# client, Debian's python3-kubernetes for Debian's /usr/bin/python3 (the
# python3 first on PATH may be another interpreter that cannot import it).
# Install it with apt when missing and root, as scripts/ensure-chromium.sh
# does for chromium.
set -euo pipefail
PYTHON=/usr/bin/python3
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import kubernetes' 2>/dev/null; then
  echo "python3-kubernetes: $("$PYTHON" -c 'import kubernetes; print(kubernetes.__version__)')"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "python3-kubernetes: installing Debian's python3-kubernetes with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-kubernetes >/dev/null
  exit 0
fi
echo "python3-kubernetes: not found. Install Debian's 'python3-kubernetes' package (for $PYTHON) to run the Python referee tests." >&2
exit 1
