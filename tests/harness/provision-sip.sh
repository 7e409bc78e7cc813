#!/usr/bin/env bash
# Provisions the `sip` test tier (tests/sip) when missing: the Debian packages livekit-sip links against
# (libopus, libopusfile, libsoxr; pkg-config finds them) and the SIP test peer (`sip-tester`: sipp), then
# livekit-sip $LIVEKIT_SIP_VERSION built once from the Go module proxy into $BOOTH_CACHE_DIR/bin.
# `go install …@version` fails for this module, so the module is downloaded (checked against
# sum.golang.org) and built as the main module, like docker compose in scripts/provision/deploy-tools.sh.
# Run (not sourced) by tests/harness/provision.sh, which carries on without the tier when this fails.
# Usage: bash tests/harness/provision-sip.sh
set -euo pipefail
LIVEKIT_SIP_VERSION="${LIVEKIT_SIP_VERSION:-v1.8.0}"
bin="${BOOTH_CACHE_DIR:-$HOME/.cache/booth}/bin"
mkdir -p "$bin"

need=()
command -v sipp >/dev/null || need+=(sip-tester)
if [ ! -x "$bin/livekit-sip" ]; then
  command -v go >/dev/null || need+=(golang-go)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  for lib in opus opusfile soxr; do
    pkg-config --exists "$lib" 2>/dev/null || need+=("lib$lib-dev")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  printf '\n==> installing system packages for the sip tier: %s\n' "${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
fi

# Built in a temp dir and moved into place, so an interrupted build leaves nothing behind.
if [ ! -x "$bin/livekit-sip" ]; then
  printf '\n==> building livekit-sip %s (once; cached in %s)\n' "$LIVEKIT_SIP_VERSION" "$bin"
  start=$(date +%s)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # -json reports a failure in its output (an "Error" field), not on stderr.
  json=$(cd "$tmp" && go mod download -json "github.com/livekit/sip@$LIVEKIT_SIP_VERSION") \
    || { printf 'livekit-sip: go mod download failed:\n%s\n' "$json" >&2; exit 1; }
  src=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || { printf 'livekit-sip: no module directory in:\n%s\n' "$json" >&2; exit 1; }
  cp -r "$src" "$tmp/src"
  chmod -R u+w "$tmp/src"
  (cd "$tmp/src" && CGO_ENABLED=1 GOFLAGS=-buildvcs=false go build -trimpath -ldflags='-s -w' \
    -o "$tmp/livekit-sip" ./cmd/livekit-sip)
  mv "$tmp/livekit-sip" "$bin/livekit-sip"
  printf '    livekit-sip built in %ss\n' "$(($(date +%s) - start))"
fi
