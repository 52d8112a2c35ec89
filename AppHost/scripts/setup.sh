#!/usr/bin/env bash
# Installs what AeThex LIVE needs on a Debian machine that has the .NET SDK: the servers the
# AppHost runs as local processes, and ffmpeg. Safe to run again; does nothing when all is there.
set -euo pipefail

packages=(postgresql redis-server rabbitmq-server nginx libnginx-mod-rtmp ffmpeg)
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
