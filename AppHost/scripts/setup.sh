#!/usr/bin/env bash
# Installs what AeThex LIVE needs on a Debian machine that has the .NET SDK: the servers the
# AppHost runs as local processes, ffmpeg, Chromium (and an emoji font) for the browser tests, and
# the web app's packages and build (web/dist, which the gateway serves). Safe to run again; does
# nothing when all is there.
set -euo pipefail

packages=(postgresql redis-server rabbitmq-server nginx libnginx-mod-rtmp ffmpeg chromium fonts-noto-color-emoji)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  # Debian's postinst scripts would start system-wide servers on the default ports; the
  # AppHost runs its own instances, so keep the package scripts from starting any.
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET SDK (10.0) is required: https://dot.net" >&2; exit 1; }

# The web app: npm ci when the lockfile changed since the last install, a build when any source
# is newer than the last build. Playwright drives Debian's Chromium; it never downloads a browser.
command -v npm >/dev/null || { echo "Node.js (20.19 or later) with npm is required to build the web app: https://nodejs.org" >&2; exit 1; }
web="$(cd "$(dirname "$0")/../.." && pwd)/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "Installing the web app's packages (npm ci)"
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
sources=("$web/src" "$web/public" "$web/index.html" "$web/vite.config.ts" "$web/tsconfig.json" "$web/package-lock.json")
if [ ! -f "$web/dist/index.html" ] || [ -n "$(find "${sources[@]}" -newer "$web/dist/index.html" -print -quit)" ]; then
  echo "Building the web app (web/dist)"
  (cd "$web" && npm run build --silent)
fi
