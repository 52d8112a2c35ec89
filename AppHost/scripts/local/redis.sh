#!/usr/bin/env bash
# Runs Redis from Debian's package on loopback: redis.sh DATA_DIR PORT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
data=$1 port=$2
own_dir redis "$data"
export RUN_HOME="$data"
as_user redis /usr/bin/redis-server --bind 127.0.0.1 --port "$port" --dir "$data" \
  --daemonize no --appendonly yes --save "" --protected-mode yes --logfile ""
