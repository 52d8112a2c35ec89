#!/usr/bin/env bash
# One command for every test: installs missing packages, builds, runs all test projects
# (each starts the real servers it needs on its own ports and data folders).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/AppHost/scripts/setup.sh"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
cd "$root"
dotnet build AeThexLive.sln -c Release -nologo -v quiet
dotnet test AeThexLive.sln -c Release --no-build -nologo "$@"
