#!/usr/bin/env bash
# Runs smtp4dev, the development mail server (the .NET tool in the repository's tool manifest), on
# loopback: smtp4dev.sh DATA_DIR SMTP_PORT WEB_PORT [smtp4dev options...]. Its web page and API (/api/messages) show every
# message the services send; nothing is relayed anywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
data=$1 smtp_port=$2 web_port=$3
mkdir -p "$data"
cd "$root"
dotnet tool restore >/dev/null

options=(--urls="http://127.0.0.1:$web_port" --smtpport="$smtp_port" --bindaddress=127.0.0.1
  --imapport=0 --pop3port=0 --tlsmode=None --db= --messagestokeep=5000 --sessionstokeep=100
  --nousersettings --baseappdatapath="$data" --hostname=localhost "${@:4}")

# `dotnet smtp4dev` would start the server as a grandchild that outlives a stop sent to this script (a
# SIGKILL cannot be passed on). The restored tool package holds the server's own executable: this
# process becomes the server, so whatever stops the resource stops the server.
version=$(sed -n '/"rnwood.smtp4dev"/,/}/s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json)
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; armv7l) rid=linux-arm ;; *) rid= ;; esac
packages=${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')}
server=$(ls "${packages%/}/rnwood.smtp4dev.$rid/$version"/tools/*/"$rid"/Rnwood.Smtp4dev 2>/dev/null | head -n 1 || true)
if [[ -n "$rid" && -x "$server" ]]; then
  exec "$server" "${options[@]}"
fi

# No executable for this platform: run the tool in a process group of its own and pass a stop on to it.
setsid dotnet smtp4dev "${options[@]}" &
server_pid=$!
trap 'kill -TERM -- "-$server_pid" 2>/dev/null || true' TERM INT
code=0
wait "$server_pid" || code=$?
while kill -0 "$server_pid" 2>/dev/null; do wait "$server_pid" || code=$?; done
exit "$code"
