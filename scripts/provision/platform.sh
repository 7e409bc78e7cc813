#!/usr/bin/env bash
# What running Booth without Docker needs on a Debian/Ubuntu box, installed when missing: the
# PostgreSQL and Redis servers, the npm dependencies (the Prisma client, the built dashboard), and livekit-server
# $LIVEKIT_VERSION built once from the Go module proxy (installing Go for that) into
# $BOOTH_CACHE_DIR/bin (default ~/.cache/booth/bin). Model weights are not here: the transcriber
# downloads them on its first start.
# Sourced by scripts/start.sh (`npm start`) and tests/harness/provision.sh, which adds the test-only
# parts; a caller may list more Debian packages in the array BOOTH_APT_EXTRA, installed in the same
# apt-get run. Leaves the shell in the repository root with ROOT, BOOTH_CACHE_DIR, BOOTH_LIVEKIT_BIN
# and `step` defined.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
export BOOTH_CACHE_DIR="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}"
LIVEKIT_VERSION=v1.13.5
export BOOTH_LIVEKIT_BIN="${BOOTH_LIVEKIT_BIN:-$BOOTH_CACHE_DIR/bin/livekit-server}"
mkdir -p "$BOOTH_CACHE_DIR/bin"

step() { printf '\n==> %s\n' "$*"; }

# 1. System packages (Debian): the Postgres server (with its client tools: pg_dump for backups), Redis,
#    espeak-ng (spoken replies), and Go while livekit-server still has to be built.
need=(${BOOTH_APT_EXTRA[@]+"${BOOTH_APT_EXTRA[@]}"})
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
# espeak-ng: the assistant's spoken replies.
command -v espeak-ng >/dev/null || need+=(espeak-ng)
if [ ! -x "$BOOTH_LIVEKIT_BIN" ] && ! command -v go >/dev/null; then need+=(golang-go); fi
if [ ${#need[@]} -gt 0 ]; then
  step "installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  # The Debian packages start system-wide services we do not use; Booth runs its own instances.
  $SUDO service redis-server stop >/dev/null 2>&1 || true
  $SUDO service postgresql stop >/dev/null 2>&1 || true
fi

# 2. npm dependencies. smart-whisper compiles whisper.cpp on install: AVX/AVX2/FMA/F16C give ~6x, so
#    they are used when this CPU has them (plain -O3 otherwise, e.g. arm64 or an x86 without AVX2);
#    WHISPER_CFLAGS overrides. The flags are recorded in node_modules/.booth-whisper-cflags, which the
#    transcriber checks against the CPU at start (as in the image).
#    onnxruntime-node's postinstall (CUDA download) is skipped; its CPU build ships in the package.
export ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip
whisper_flags="${WHISPER_CFLAGS:-}"
if [ -z "$whisper_flags" ]; then
  whisper_flags="-O3"
  if grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && grep -qw f16c /proc/cpuinfo; then
    whisper_flags="-O3 -mavx -mavx2 -mfma -mf16c"
  fi
fi
export CFLAGS="${CFLAGS:-$whisper_flags}" CXXFLAGS="${CXXFLAGS:-$whisper_flags}"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ ! -f node_modules/smart-whisper/build/Release/smart-whisper.node ]; then
  step "installing npm dependencies"
  # `npm install` rather than `npm ci`: it installs the locked versions too, and npm 11 leaves other
  # platforms' optional packages out of the lock file, which `npm ci` then refuses.
  npm install --no-audit --no-fund
  printf '%s\n' "$CFLAGS" > node_modules/.booth-whisper-cflags
fi
[ -f node_modules/.booth-whisper-cflags ] || printf '%s\n' "$CFLAGS" > node_modules/.booth-whisper-cflags
[ -f prisma/generated/client.ts ] || npm run generate
# The dashboard (web/ → web/dist, served by the API); a few seconds, so always fresh.
step "building the dashboard"
npm run build --silent >/dev/null

# 3. livekit-server, built once from the Go module proxy and cached.
if [ ! -x "$BOOTH_LIVEKIT_BIN" ]; then
  step "building livekit-server $LIVEKIT_VERSION (once; cached in $(dirname "$BOOTH_LIVEKIT_BIN"))"
  tmpbin=$(mktemp -d)
  GOBIN="$tmpbin" CGO_ENABLED=0 go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
  mkdir -p "$(dirname "$BOOTH_LIVEKIT_BIN")"
  mv "$tmpbin/server" "$BOOTH_LIVEKIT_BIN"
  rm -rf "$tmpbin"
fi
