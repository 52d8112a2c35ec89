#!/usr/bin/env bash
# One command for the whole system: installs missing packages, then starts the AppHost
# (infrastructure, seven services, ingest, gateway). Ctrl+C stops everything it started.
# Gateway: http://localhost:8080 · RTMP: rtmp://localhost:1935/live · dashboard URL printed below.
# Release: the AppHost starts each service's built output, so this is the configuration the services
# run in; in Debug the JIT never optimizes our own code.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/AppHost/scripts/setup.sh"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
exec dotnet run -c Release --project "$root/AppHost/AppHost.csproj" --launch-profile http -- "$@"
