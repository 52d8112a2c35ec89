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

# `dotnet smtp4dev` starts the tool as a child process: run it in a process group of its own and
# pass a stop on to the whole group, so stopping this resource never leaves the server behind.
setsid dotnet smtp4dev --urls="http://127.0.0.1:$web_port" --smtpport="$smtp_port" --bindaddress=127.0.0.1 \
  --imapport=0 --pop3port=0 --tlsmode=None --db= --messagestokeep=5000 --sessionstokeep=100 \
  --nousersettings --baseappdatapath="$data" --hostname=localhost "${@:4}" &
server_pid=$!
trap 'kill -TERM -- "-$server_pid" 2>/dev/null || true' TERM INT
code=0
wait "$server_pid" || code=$?
while kill -0 "$server_pid" 2>/dev/null; do wait "$server_pid" || code=$?; done
exit "$code"
