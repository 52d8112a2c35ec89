#!/usr/bin/env bash
# Measures how long the whole system takes to come up: from starting the AppHost (already
# built) until the gateway's /health reports all seven services healthy. Uses a fresh data
# folder and its own ports, so a running dev instance is not disturbed; stops what it started.
#   AppHost/scripts/measure-startup.sh [timeout-seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
timeout=${1:-180}
data=$(mktemp -d /tmp/aethex-startup-XXXXXX)
chmod 755 "$data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)

"$root/AppHost/scripts/setup.sh"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
build_started=$(now_ms)
dotnet build "$root/AppHost/AppHost.csproj" -c Release -nologo -v quiet >/dev/null
build_ms=$(( $(now_ms) - build_started ))

# Its own dashboard ports too, so a dev instance may keep running.
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export ASPNETCORE_URLS="http://localhost:$(free_port)"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$(free_port)"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://localhost:$(free_port)"
started=$(now_ms)
dotnet run -c Release --project "$root/AppHost/AppHost.csproj" --no-build --no-launch-profile -- \
  --Infrastructure:Mode=local --Infrastructure:DataDirectory="$data" \
  --Infrastructure:Ports:Postgres=0 --Infrastructure:Ports:Redis=0 --Infrastructure:Ports:RabbitMq=0 \
  --Infrastructure:Ports:RabbitMqDistribution=0 --Infrastructure:Ports:RabbitMqEpmd=0 \
  --Infrastructure:Ports:Rtmp=0 --Infrastructure:Ports:IngestHttp=0 --Infrastructure:Ports:Gateway="$port" \
  --Infrastructure:Ports:StripeSandbox=0 --Infrastructure:Ports:Smtp=0 --Infrastructure:Ports:MailUi=0 \
  > "$data/apphost.log" 2>&1 &
apphost=$!
cleanup() {
  # TERM to the AppHost itself (dotnet run's child) stops every resource it started;
  # signalling only dotnet run would orphan them, and a background job ignores SIGINT.
  pkill -TERM -P "$apphost" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$apphost" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$apphost" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

healthy=""
while [ $(( $(now_ms) - started )) -lt $(( timeout * 1000 )) ]; do
  if curl -fs "http://localhost:$port/health" -o "$data/health.json" 2>/dev/null; then
    healthy=$(( $(now_ms) - started ))
    break
  fi
  kill -0 "$apphost" 2>/dev/null || { echo "AppHost exited early:"; tail -40 "$data/apphost.log"; exit 1; }
  sleep 0.5
done

printf 'build (incremental): %d.%03d s\n' $((build_ms / 1000)) $((build_ms % 1000))
if [ -z "$healthy" ]; then
  echo "not healthy after ${timeout} s"; curl -s "http://localhost:$port/health" || true; echo; exit 1
fi
printf 'AppHost start -> all seven services healthy at the gateway: %d.%03d s (issue 19 sets a target of 30 s)\n' $((healthy / 1000)) $((healthy % 1000))

# Where the time went: every process started since the AppHost (Aspire's orchestrator starts the
# resources outside the AppHost's process tree), when it started (seconds after the AppHost) and the
# CPU it had used by the time all seven services were healthy. Only processes still running are
# seen, so short-lived helpers (initdb, a build) are left out of the total.
hz=$(getconf CLK_TCK)
boot=$(awk '/^btime/{print $2}' /proc/stat)
echo "started at (s after the AppHost)  CPU until healthy (s)  process"
rows=$(for stat in /proc/[0-9]*/stat; do
  pid=${stat#/proc/}; pid=${pid%/stat}
  [ "$pid" = $$ ] && continue
  { read -r comm < "/proc/$pid/comm" && read -r line < "$stat"; } 2>/dev/null || continue
  echo "$comm ${line##*) }"
done | awk -v hz="$hz" -v boot="$boot" -v t0="$started" -v t="$healthy" -v cores="$(nproc)" '{
  at = boot + $21 / hz - t0 / 1000; cpu = ($13 + $14) / hz
  if (at > -2 && $1 != "awk") { total += cpu; if (cpu >= 0.5) printf "%8.1f  %8.1f  %s\n", at, cpu, $1 } }
  END { printf "   total  %8.1f  (%.0f %% of the cores over the start-up)\n", total, 100 * total / (t / 1000 * cores) }')
grep -v total <<< "$rows" | sort -n
grep total <<< "$rows"
