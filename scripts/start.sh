#!/usr/bin/env bash
# `npm start`: the whole platform on this Debian/Ubuntu box without Docker. Installs what is missing
# (scripts/provision/platform.sh), then runs `booth start` in the foreground until Ctrl-C; all data in
# BOOTH_DATA_DIR (default ./.booth-data). See README "Running without Docker".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/provision/platform.sh"
exec node --import tsx services/cli/src/main.ts start "$@"
