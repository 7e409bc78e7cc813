#!/usr/bin/env bash
# `npm run bench`: provision what is missing (provision.sh), then print speed and memory figures.
set -euo pipefail
source "$(dirname "$0")/provision.sh"
for m in ${BENCH_MODELS:-tiny.en base}; do
  bash scripts/whisper/provision.sh "$m" "$BOOTH_MODELS_DIR" || echo "no $m weights; skipped"
done
exec npx --no-install tsx tests/bench/run.ts "$@"
