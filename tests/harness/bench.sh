#!/usr/bin/env bash
# `npm run bench` / `npm run bench:transcriber`: provision what is missing (provision.sh), then run
# tests/bench/<script>.ts (run.ts by default), which prints speed and memory figures.
set -euo pipefail
source "$(dirname "$0")/provision.sh"
for m in ${BENCH_MODELS:-tiny.en base}; do
  bash scripts/whisper/provision.sh "$m" "$BOOTH_MODELS_DIR" || echo "no $m weights; skipped"
done
script="${1:-run}"; shift || true
exec npx --no-install tsx "tests/bench/$script.ts" "$@"
