#!/usr/bin/env bash
# The README's test command (`npm test`): provision what is missing (provision.sh), run the checks,
# then the unit, integration and end-to-end tiers against real services (run.ts).
set -euo pipefail
source "$(dirname "$0")/provision.sh"
# The checks and tests run on the Node.js the image runs (the Dockerfile's NODE_VERSION, from the npm
# registry), not the machine's own.
source scripts/provision/node.sh

# 6. Lint, format, typecheck — zero warnings.
step "npm run check"
npm run check

# 7. Unit, integration and end-to-end tiers against real services.
step "running tests"
exec npx --no-install tsx tests/harness/run.ts "$@"
