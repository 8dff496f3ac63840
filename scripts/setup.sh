#!/usr/bin/env bash
# Install what building and testing Agora needs. Idempotent: safe to run again and again.
#   - protobuf-compiler (protoc), needed by the networking crates' build scripts
#   - the wasm32v1-none Rust target, for the runtime's wasm blob
#   - chromium (Debian's package), the headless browser of the dashboard's e2e test
#   - the npm workspaces' packages: the client package clients/js, the e2e suite and the
#     dashboard (npm ci at the root, from package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_updated=""
# apt_install PACKAGE...: apt-get update (once per run), then install.
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v protoc >/dev/null 2>&1; then
  log "installing protobuf-compiler"
  apt_install protobuf-compiler
fi
log "protoc: $(protoc --version)"

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (headless browser for e2e/test/dashboard.test.js)"
  apt_install chromium
fi
log "chromium: /usr/bin/chromium"

if ! command -v cargo >/dev/null 2>&1; then
  echo "[setup] cargo is missing: install Rust with rustup first" >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32v1-none; then
  log "adding the wasm32v1-none rust target"
  rustup target add wasm32v1-none
fi
log "rustc: $(rustc --version)"

if ! command -v npm >/dev/null 2>&1; then
  echo "[setup] npm is missing: install Node.js >= 20" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing the npm workspaces' packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "node: $(node --version), npm: $(npm --version)"
log "ready"
