#!/usr/bin/env bash
# Builds the deployment tools the deploy tests run (tests/integration/deploy), from the Go module proxy,
# once, into $BOOTH_CACHE_DIR/bin (default ~/.cache/booth/bin): caddy, the version of the compose `proxy`
# image, and the docker compose CLI as a standalone `docker-compose`. A binary already there is kept.
# Needs `go` (tests/harness/provision.sh installs it). CGO off: static binaries, no C toolchain.
# Usage: bash scripts/provision/deploy-tools.sh
set -euo pipefail
CADDY_VERSION="${CADDY_VERSION:-v2.10.2}"
COMPOSE_VERSION="${COMPOSE_VERSION:-v2.40.3}"
bin="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}/bin"
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"

# Each binary is built in a temp dir and moved into place, so an interrupted build leaves nothing behind.
if [ ! -x "$bin/caddy" ]; then
  printf '\n==> building caddy %s (once; cached in %s)\n' "$CADDY_VERSION" "$bin"
  start=$(date +%s)
  tmp=$(mktemp -d)
  GOBIN="$tmp" go install -trimpath -ldflags='-s -w' "github.com/caddyserver/caddy/v2/cmd/caddy@$CADDY_VERSION"
  mv "$tmp/caddy" "$bin/caddy"
  rm -rf "$tmp"
  printf '    caddy built in %ss\n' "$(($(date +%s) - start))"
fi

# Compose's go.mod has `exclude` directives, which `go install pkg@version` refuses; so the module itself
# is downloaded (from the proxy, checked against sum.golang.org) and built as the main module, as its
# Makefile does.
if [ ! -x "$bin/docker-compose" ]; then
  printf '\n==> building docker compose %s (once; cached in %s)\n' "$COMPOSE_VERSION" "$bin"
  start=$(date +%s)
  tmp=$(mktemp -d)
  src=$(cd "$tmp" && go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  cp -r "$src" "$tmp/src"
  chmod -R u+w "$tmp/src"
  (cd "$tmp/src" && go build -trimpath -o "$tmp/docker-compose" \
    -ldflags="-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" ./cmd)
  mv "$tmp/docker-compose" "$bin/docker-compose"
  rm -rf "$tmp"
  printf '    docker compose built in %ss\n' "$(($(date +%s) - start))"
fi
