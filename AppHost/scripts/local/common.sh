# Shared by the local-server launchers.

# Replaces the current (sub)shell with a command run as a service account when we are
# root; nothing forks, so signals sent to this pid reach the server itself.
as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid="$user" --regid="$user" --init-groups --reset-env -- \
      env PATH="$PATH" HOME="${RUN_HOME:-/}" "$@"
  else
    exec "$@"
  fi
}

own_dir() {
  local user=$1 dir=$2
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown -R "$user:$user" "$dir"; fi
}

# Runs the server in the background and waits; a TERM/INT to this script is passed on as
# the given signal, then whatever cleanup is registered runs. This keeps the orchestrator's
# stop from leaving helper processes behind.
supervise() {
  local stop_signal=$1; shift
  "$@" &
  server_pid=$!
  trap 'kill -s '"$stop_signal"' "$server_pid" 2>/dev/null || true' TERM INT
  local code=0
  wait "$server_pid" || code=$?
  # wait returns early when a trapped signal arrives: wait again for the real exit.
  while kill -0 "$server_pid" 2>/dev/null; do wait "$server_pid" || code=$?; done
  return "$code"
}
