#!/usr/bin/env bash
# Provisions a real S3-compatible server for tests from PyPI: moto's standalone server (`moto[server]`,
# Apache-2.0) in its own venv. It speaks the S3 REST protocol (signed requests, ranged GETs, multipart
# uploads, paginated ListObjectsV2, presigned URLs), so RECORDING_STORAGE=s3 is tested against the wire
# protocol with the real @aws-sdk/client-s3, not a mock. Started per run by tests/harness/services.ts.
# Usage: scripts/s3/provision.sh DIR   → DIR/venv/bin/moto_server
# Idempotent and cached: a rerun with the pinned version in place downloads nothing.
set -euo pipefail
DIR="${1:?usage: provision.sh DIR}"
MOTO_VERSION=5.2.5
mkdir -p "$DIR"

if ! [ -x "$DIR/venv/bin/moto_server" ] \
  || [ "$("$DIR/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" != "$MOTO_VERSION" ]; then
  echo "s3: installing moto[server] $MOTO_VERSION from PyPI" >&2
  rm -rf "$DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q "moto[server]==$MOTO_VERSION"
  "$DIR/venv/bin/moto_server" --help >/dev/null
fi
echo "$DIR"
