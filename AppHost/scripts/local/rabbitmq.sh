#!/usr/bin/env bash
# Runs RabbitMQ from Debian's package on loopback:
#   rabbitmq.sh DATA_DIR AMQP_PORT DIST_PORT EPMD_PORT
# RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS set the account services use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
data=$1 port=$2 dist_port=$3 epmd_port=$4
own_dir rabbitmq "$data"
printf '[].\n' > "$data/enabled_plugins"
cat > "$data/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
disk_free_limit.absolute = 50MB
CONF
[ "$(id -u)" = 0 ] && chown rabbitmq:rabbitmq "$data/enabled_plugins" "$data/rabbitmq.conf"
cd "$data"
export RUN_HOME="$data"

# A private epmd on its own port: Erlang would otherwise start a shared daemon that
# outlives the broker and ties dev and test instances together.
as_user rabbitmq /usr/bin/epmd -port "$epmd_port" -address 127.0.0.1 &
epmd_pid=$!
trap 'kill "$epmd_pid" 2>/dev/null || true' EXIT

supervise TERM as_user rabbitmq env \
  ERL_EPMD_PORT="$epmd_port" \
  RABBITMQ_NODENAME="aethex$port@localhost" \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
  RABBITMQ_NODE_PORT="$port" \
  RABBITMQ_DIST_PORT="$dist_port" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  RABBITMQ_MNESIA_BASE="$data/mnesia" \
  RABBITMQ_LOG_BASE="$data/log" \
  RABBITMQ_LOGS=- \
  RABBITMQ_CONFIG_FILE="$data/rabbitmq.conf" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins" \
  RABBITMQ_PID_FILE="$data/rabbitmq.pid" \
  /usr/lib/rabbitmq/bin/rabbitmq-server
