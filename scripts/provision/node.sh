#!/usr/bin/env bash
# The Node.js the image runs (the Dockerfile's NODE_VERSION), from the npm registry's official binary
# package (node-linux-<arch>), unpacked once under $BOOTH_CACHE_DIR/node/<version>; then put first on
# PATH, so tests run on the same major as production. Sourced by tests/harness/test.sh and bench.sh
# after the npm install (which compiles native modules with the machine's own Node and headers).
set -euo pipefail
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BOOTH_NODE_VERSION="$(sed -n 's/^ARG NODE_VERSION=//p' "$_root/Dockerfile" | head -1)"
[ -n "$BOOTH_NODE_VERSION" ] || { echo "node: no ARG NODE_VERSION in the Dockerfile" >&2; exit 1; }
_arch=x64; [ "$(uname -m)" = aarch64 ] && _arch=arm64
_dir="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}/node/$BOOTH_NODE_VERSION"
if [ ! -x "$_dir/package/bin/node" ]; then
  echo "node: fetching node-linux-$_arch@$BOOTH_NODE_VERSION from the npm registry (once)"
  rm -rf "$_dir" && mkdir -p "$_dir"
  (cd "$_dir" && npm pack "node-linux-$_arch@$BOOTH_NODE_VERSION" --silent >/dev/null && tar xzf ./*.tgz && rm -f ./*.tgz)
fi
export PATH="$_dir/package/bin:$PATH"
export BOOTH_NODE_VERSION
echo "node: $(node --version) (the image's Node.js)"
