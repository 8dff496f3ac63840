#!/usr/bin/env bash
# The dashboard (dashboard/): build it with Vite if it is missing or older than its sources, then
# serve dashboard/dist and print the URL. The page talks to ws://127.0.0.1:9944 (scripts/dev.sh)
# unless --rpc (or ?rpc=ws://host:port in the URL) names another node.
#
#   scripts/dashboard.sh                       # http://127.0.0.1:5173/
#   scripts/dashboard.sh --rpc ws://127.0.0.1:9945 --port 8080
#   scripts/dashboard.sh --host 0.0.0.0        # reachable from a phone on the same network
#   scripts/dashboard.sh --dev                 # Vite's dev server (reloads on source changes)
#
# Needs only scripts/setup.sh (the npm workspaces' packages).
set -euo pipefail
cd "$(dirname "$0")/.."

port=5173
host=127.0.0.1
rpc=""
mode=preview
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --rpc) rpc="$2"; shift 2 ;;
    --dev) mode=dev; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "[dashboard] unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

vite="$PWD/node_modules/.bin/vite"
if [ ! -x "$vite" ]; then
  echo "[dashboard] the npm packages are missing: run scripts/setup.sh first" >&2
  exit 1
fi
cd dashboard

url="http://$( [ "$host" = 0.0.0.0 ] && echo 127.0.0.1 || echo "$host" ):$port/"
[ -n "$rpc" ] && url="${url}?rpc=$rpc"

if [ "$mode" = dev ]; then
  echo "[dashboard] dev server: open $url (node: ${rpc:-ws://127.0.0.1:9944})"
  exec "$vite" --host "$host" --port "$port" --strictPort
fi

# Rebuild when dist/ is missing or any source (the page's or the client package's) is newer.
if [ ! -f dist/index.html ] || [ -n "$(find index.html vite.config.js package.json src ../clients/js/src \
    -newer dist/index.html -print -quit)" ]; then
  echo "[dashboard] building dashboard/dist (vite build)"
  "$vite" build --logLevel warn
fi
echo "[dashboard] serving dashboard/dist: open $url (node: ${rpc:-ws://127.0.0.1:9944}; Ctrl-C stops)"
exec "$vite" preview --host "$host" --port "$port" --strictPort
