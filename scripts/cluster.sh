#!/usr/bin/env bash
# Runs a three-node gateway cluster on this machine, everything on 127.0.0.1: a private PostgreSQL
# (its own data folder and port), a private mosquitto 2 (devices connect to it) and three gateway
# nodes that find each other through Akka.Management config discovery. Logs and pid files are in
# $CLUSTER_DIR (./cluster-data); the data stays there across stop and start (rm -rf it to start afresh).
#
#   scripts/cluster.sh [start]        build the host, start everything, wait until the nodes are ready
#   scripts/cluster.sh status         what runs, each node's readiness and how many members it sees up
#   scripts/cluster.sh stop           SIGTERM the nodes one at a time, then mosquitto and PostgreSQL
#   scripts/cluster.sh start-node N   start node N (1-3) again, after a kill -9 for instance
#   scripts/cluster.sh failover-test  kill -9 the node hosting a new drone, print the seconds until a
#                                     survivor serves its shadow and command history again, restart it
#
# Ports (environment): CLUSTER_MQTT_PORT 1883, CLUSTER_PG_PORT 5544, CLUSTER_HTTP_PORTS 8081,8082,8083,
# CLUSTER_REMOTE_PORTS 4053,4054,4055 (Akka remoting), CLUSTER_MANAGEMENT_PORTS 8558,8559,8560.
# The names are not GATEWAY_*, because the gateway reads those itself.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER_DIR=${CLUSTER_DIR:-./cluster-data}
STATE_FILE="$CLUSTER_DIR/cluster.env"
# The ports a running cluster was started with win over the environment, so that status, stop,
# start-node and failover-test find it whatever the shell they run in; start takes them afresh.
if [ "${1:-start}" != start ] && [ -f "$STATE_FILE" ]; then
  # shellcheck disable=SC1090
  . "$STATE_FILE"
fi
MQTT_PORT=${CLUSTER_MQTT_PORT:-1883}
PG_PORT=${CLUSTER_PG_PORT:-5544}
IFS=, read -r -a HTTP_PORTS <<<"${CLUSTER_HTTP_PORTS:-8081,8082,8083}"
IFS=, read -r -a REMOTE_PORTS <<<"${CLUSTER_REMOTE_PORTS:-4053,4054,4055}"
IFS=, read -r -a MANAGEMENT_PORTS <<<"${CLUSTER_MANAGEMENT_PORTS:-8558,8559,8560}"
NODES=3
DATABASE=gateway
READY_TIMEOUT=${CLUSTER_READY_TIMEOUT:-180}
STOP_TIMEOUT=60
EXAMPLE_TELEMETRY=tests/Gateway.IntegrationTests/Fixtures/telemetry.json

fail() { echo "cluster.sh: $*" >&2; exit 1; }
note() { echo "cluster.sh: $*"; }
is_root() { [ "$(id -u)" -eq 0 ]; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$1" || true; }
node_pid_file() { echo "$CLUSTER_DIR/node$1.pid"; }
node_log() { echo "$CLUSTER_DIR/node$1.log"; }
node_url() { echo "http://127.0.0.1:${HTTP_PORTS[$(($1 - 1))]}"; }
connection_string() { echo "Host=127.0.0.1;Port=$PG_PORT;Database=$DATABASE;Username=postgres"; }

check_ports_configured() {
  [ ${#HTTP_PORTS[@]} -eq $NODES ] && [ ${#REMOTE_PORTS[@]} -eq $NODES ] && [ ${#MANAGEMENT_PORTS[@]} -eq $NODES ] \
    || fail "CLUSTER_HTTP_PORTS, CLUSTER_REMOTE_PORTS and CLUSTER_MANAGEMENT_PORTS need $NODES comma-separated ports each"
}

# ---- tools --------------------------------------------------------------------------------------

require_tools() {
  command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is missing; install it (https://dot.net)"
  command -v curl >/dev/null 2>&1 || fail "curl is missing; install it: sudo apt-get install -y curl"
  MOSQUITTO=$(command -v mosquitto 2>/dev/null || true)
  [ -n "$MOSQUITTO" ] || { [ -x /usr/sbin/mosquitto ] && MOSQUITTO=/usr/sbin/mosquitto; } \
    || fail "mosquitto 2 is missing; install it: sudo apt-get install -y mosquitto mosquitto-clients"
  PG_BIN=$(find_postgres) || fail "PostgreSQL is missing; install it: sudo apt-get install -y postgresql (its programs land in /usr/lib/postgresql/<version>/bin)"
  if is_root; then
    id postgres >/dev/null 2>&1 || fail "running as root, PostgreSQL must run as the postgres user, which does not exist; install the postgresql package or run as a normal user"
  fi
}

# Debian's newest /usr/lib/postgresql/<version>/bin, else initdb's folder on PATH.
find_postgres() {
  local dir
  dir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  command -v initdb >/dev/null 2>&1 || return 1
  dirname "$(readlink -f "$(command -v initdb)")"
}

# PostgreSQL refuses to run as root; as root its programs run as the postgres user.
as_postgres() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---- start ----------------------------------------------------------------------------------------

start() {
  check_ports_configured
  require_tools
  if alive "$(node_pid_file 1)" || alive "$CLUSTER_DIR/mosquitto.pid"; then
    fail "a cluster is already running from $CLUSTER_DIR; scripts/cluster.sh status, or stop"
  fi
  for port in "$MQTT_PORT" "$PG_PORT" "${HTTP_PORTS[@]}" "${REMOTE_PORTS[@]}" "${MANAGEMENT_PORTS[@]}"; do
    port_busy "$port" && fail "port $port is in use; stop what listens there or choose other ports (see the top of $0)"
  done
  mkdir -p "$CLUSTER_DIR"
  # A start that fails half-way stops what it started; the logs stay to say why.
  trap 'status=$?; [ $status -eq 0 ] || { echo "cluster.sh: stopping what was started; the logs are in $CLUSTER_DIR" >&2; stop >/dev/null 2>&1; }' EXIT
  cat >"$STATE_FILE" <<EOF
CLUSTER_MQTT_PORT=$MQTT_PORT
CLUSTER_PG_PORT=$PG_PORT
CLUSTER_HTTP_PORTS=$(IFS=,; echo "${HTTP_PORTS[*]}")
CLUSTER_REMOTE_PORTS=$(IFS=,; echo "${REMOTE_PORTS[*]}")
CLUSTER_MANAGEMENT_PORTS=$(IFS=,; echo "${MANAGEMENT_PORTS[*]}")
EOF

  note "building the gateway (dotnet build -c Release src/Gateway.Host)"
  dotnet build -c Release src/Gateway.Host --nologo -v quiet >"$CLUSTER_DIR/build.log" 2>&1 \
    || { cat "$CLUSTER_DIR/build.log" >&2; fail "the build failed"; }
  HOST_DLL=$(built_host)

  start_postgres
  start_mosquitto
  note "creating the journal and snapshot tables (Gateway.Host migrate)"
  dotnet "$HOST_DLL" migrate --persistence postgres --connection-string "$(connection_string)" >"$CLUSTER_DIR/migrate.log" 2>&1 \
    || { cat "$CLUSTER_DIR/migrate.log" >&2; fail "migrate failed"; }
  for i in $(seq 1 $NODES); do start_node "$i"; done
  for i in $(seq 1 $NODES); do wait_ready "$i"; done
  trap - EXIT

  cat <<EOF

Three gateway nodes are up:
$(for i in $(seq 1 $NODES); do echo "  node$i  $(node_url "$i")  pid $(cat "$(node_pid_file "$i")")  log $(node_log "$i")"; done)
  mosquitto  localhost:$MQTT_PORT (devices and mosquitto_pub/mosquitto_sub connect here)
  PostgreSQL 127.0.0.1:$PG_PORT, database $DATABASE

Next:
  curl -s localhost:${HTTP_PORTS[0]}/api/cluster | jq     # three members up
  README.md, "Run a cluster on one machine", for a drone's walk through a failover
  scripts/cluster.sh status | failover-test | stop
EOF
}

# The Release build's Gateway.Host.dll, as an absolute path (nodes run in their own folders).
built_host() {
  local dll
  dll=$(find src/Gateway.Host/bin/Release -maxdepth 2 -name Gateway.Host.dll 2>/dev/null | sort | tail -n 1)
  [ -n "$dll" ] || fail "no Gateway.Host.dll under src/Gateway.Host/bin/Release; build it: dotnet build -c Release src/Gateway.Host"
  readlink -f "$dll"
}

start_postgres() {
  local root data
  root=$(postgres_root)
  data="$root/data"
  if [ ! -f "$data/PG_VERSION" ]; then
    note "initialising PostgreSQL in $data"
    as_postgres "$PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C >"$CLUSTER_DIR/initdb.log" 2>&1 \
      || { cat "$CLUSTER_DIR/initdb.log" >&2; fail "initdb failed"; }
  fi
  note "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  # The socket goes into the data's own folder: /var/run/postgresql may not exist or be writable.
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$root/postgres.log" -o "-p $PG_PORT -k $root -c listen_addresses=127.0.0.1" -w -t 60 start >/dev/null \
    || { cat "$root/postgres.log" >&2; fail "PostgreSQL did not start"; }
  if [ -z "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DATABASE"
  fi
}

# The folder PostgreSQL keeps its data, socket and log in: $CLUSTER_DIR/postgres, unless the postgres
# user cannot reach it (a checkout under /root), then a folder under /tmp, remembered in
# $CLUSTER_DIR/postgres.path for the next start and for stop.
postgres_root() {
  if [ -f "$CLUSTER_DIR/postgres.path" ]; then cat "$CLUSTER_DIR/postgres.path"; return; fi
  local root
  root=$(readlink -f "$CLUSTER_DIR")/postgres
  mkdir -p "$root"
  if is_root; then
    chown postgres: "$root"
    if ! runuser -u postgres -- test -w "$root"; then
      rmdir "$root"
      root=$(mktemp -d /tmp/gateway-cluster-postgres.XXXXXX)
      chown postgres: "$root"
    fi
  fi
  echo "$root" >"$CLUSTER_DIR/postgres.path"
  echo "$root"
}

start_mosquitto() {
  note "starting mosquitto on localhost:$MQTT_PORT"
  cat >"$CLUSTER_DIR/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest stdout
log_type error
log_type warning
log_type notice
log_type information
EOF
  nohup "$MOSQUITTO" -c "$CLUSTER_DIR/mosquitto.conf" >"$CLUSTER_DIR/mosquitto.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/mosquitto.pid"
  for _ in $(seq 1 100); do
    port_busy "$MQTT_PORT" && return 0
    alive "$CLUSTER_DIR/mosquitto.pid" || break
    sleep 0.1
  done
  cat "$CLUSTER_DIR/mosquitto.log" >&2
  fail "mosquitto did not listen on $MQTT_PORT"
}

start_node() {
  local i=$1 contacts dir log
  contacts=$(for p in "${MANAGEMENT_PORTS[@]}"; do printf '127.0.0.1:%s,' "$p"; done)
  dir="$CLUSTER_DIR/node$i"
  mkdir -p "$dir"
  log=$(readlink -f "$(node_log "$i")")
  [ -n "${HOST_DLL:-}" ] || HOST_DLL=$(built_host)
  note "starting node$i: HTTP ${HTTP_PORTS[$((i - 1))]}, cluster ${REMOTE_PORTS[$((i - 1))]}, management ${MANAGEMENT_PORTS[$((i - 1))]}"
  # exec keeps the pid: the pid file names the gateway process itself, for kill -9 $(cat ...).
  (cd "$dir" && exec nohup dotnet "$HOST_DLL" \
    --http-port "${HTTP_PORTS[$((i - 1))]}" \
    --mqtt external --broker "mqtt://127.0.0.1:$MQTT_PORT" \
    --persistence postgres --connection-string "$(connection_string)" \
    --cluster-port "${REMOTE_PORTS[$((i - 1))]}" --management-port "${MANAGEMENT_PORTS[$((i - 1))]}" \
    --public-hostname 127.0.0.1 \
    --discovery config --contact-points "${contacts%,}" --required-contact-points "$NODES" \
    >>"$log" 2>&1 </dev/null) &
  echo $! >"$(node_pid_file "$i")"
}

wait_ready() {
  local i=$1 deadline=$((SECONDS + READY_TIMEOUT))
  while [ "$(http_code "$(node_url "$i")/readyz")" != 200 ]; do
    if ! alive "$(node_pid_file "$i")"; then
      tail -n 40 "$(node_log "$i")" >&2
      fail "node$i exited before it was ready; its log is $(node_log "$i")"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 40 "$(node_log "$i")" >&2
      curl -s --max-time 3 "$(node_url "$i")/readyz" >&2 || true
      fail "node$i was not ready within $READY_TIMEOUT s; its log is $(node_log "$i")"
    fi
    sleep 0.5
  done
  note "node$i is ready"
}

# ---- stop -------------------------------------------------------------------------------------

stop() {
  for i in $(seq $NODES -1 1); do stop_process "node$i" "$(node_pid_file "$i")"; done
  stop_process mosquitto "$CLUSTER_DIR/mosquitto.pid"
  if [ -f "$CLUSTER_DIR/postgres.path" ]; then
    local root
    root=$(cat "$CLUSTER_DIR/postgres.path")
    PG_BIN=$(find_postgres) || fail "PostgreSQL's programs are gone; stop it by hand (its data is in $root/data)"
    if as_postgres "$PG_BIN/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
      note "stopping PostgreSQL"
      as_postgres "$PG_BIN/pg_ctl" -D "$root/data" -m fast -w -t 60 stop >/dev/null
    fi
  fi
  note "stopped; the data stays in $CLUSTER_DIR"
}

# SIGTERM, then up to STOP_TIMEOUT for the process to exit by itself (a node leaves the cluster
# and hands its shards over first); SIGKILL only if it does not.
stop_process() {
  local name=$1 pid_file=$2 pid
  if ! alive "$pid_file"; then rm -f "$pid_file"; return 0; fi
  pid=$(cat "$pid_file")
  note "stopping $name (pid $pid, SIGTERM)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "cluster.sh: $name did not exit within $STOP_TIMEOUT s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
}

# ---- status -------------------------------------------------------------------------------------

status() {
  local running=0
  for i in $(seq 1 $NODES); do
    if alive "$(node_pid_file "$i")"; then
      running=$((running + 1))
      local ready up
      ready=$(http_code "$(node_url "$i")/readyz")
      up=$(curl -s --max-time 3 "$(node_url "$i")/api/cluster" | grep -o '"status":"up"' | wc -l || true)
      echo "node$i  pid $(cat "$(node_pid_file "$i")")  $(node_url "$i")  readyz $ready  members up $up"
    else
      echo "node$i  not running"
    fi
  done
  if alive "$CLUSTER_DIR/mosquitto.pid"; then echo "mosquitto  pid $(cat "$CLUSTER_DIR/mosquitto.pid")  localhost:$MQTT_PORT"; else echo "mosquitto  not running"; fi
  if PG_BIN=$(find_postgres) && [ -f "$CLUSTER_DIR/postgres.path" ] \
    && as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    echo "PostgreSQL  127.0.0.1:$PG_PORT  data $(cat "$CLUSTER_DIR/postgres.path")/data"
  else
    echo "PostgreSQL  not running"
  fi
  [ $running -gt 0 ]
}

# ---- failover-test ------------------------------------------------------------------------------

# A new drone reports the example telemetry and acknowledges a LAUNCH; then the node hosting it is
# killed with SIGKILL, and the time is taken from the kill until a survivor serves both the shadow
# and the acknowledged command again. The killed node is started again afterwards.
failover_test() {
  check_ports_configured
  command -v mosquitto_pub >/dev/null 2>&1 || fail "mosquitto_pub is missing; install it: sudo apt-get install -y mosquitto-clients"
  for i in $(seq 1 $NODES); do
    [ "$(http_code "$(node_url "$i")/readyz")" = 200 ] || fail "node$i is not ready; start the cluster first: scripts/cluster.sh"
  done
  local drone battery url command_id host=0 submitter survivor
  drone="Failover-$(date +%s)"
  url=$(node_url 1)
  sed "s/\"Alpha-3\"/\"$drone\"/" "$EXAMPLE_TELEMETRY" | mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -t "/drone/$drone/telemetry" -s
  battery=$(grep -o '"battery": *[0-9]*' "$EXAMPLE_TELEMETRY" | grep -o '[0-9]*$')
  wait_for "drone/$drone's telemetry on node1" 30 served_shadow "$url" "$drone" "$battery"

  local member
  member=$(curl -s --max-time 5 "$url/api/cluster?device=drone%2F$drone" | grep -o '"member":"[^"]*"' | head -n 1 || true)
  for i in $(seq 1 $NODES); do
    [[ "$member" == *":${REMOTE_PORTS[$((i - 1))]}\"" ]] && host=$i
  done
  [ "$host" -gt 0 ] || fail "no node is named as hosting drone/$drone: $member"
  submitter=$((host % NODES + 1))
  survivor=$submitter

  command_id=$(curl -s --max-time 10 -X POST "$(node_url "$submitter")/api/devices/drone/$drone/commands" \
    -d '{"command":"LAUNCH","mission_id":"M-20251201-001","destination":{"latitude":42.3601,"longitude":-71.0589},"priority":"EMERGENCY"}' \
    | sed -n 's/.*"command_id":"\([^"]*\)".*/\1/p')
  [ -n "$command_id" ] || fail "node$submitter did not accept the LAUNCH"
  mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -t "/drone/$drone/events" \
    -m "{\"event\":\"LAUNCH_ACKNOWLEDGED\",\"mission_id\":\"M-20251201-001\",\"command_id\":\"$command_id\"}"
  wait_for "the LAUNCH $command_id to be acknowledged" 30 acknowledged "$(node_url "$submitter")" "$drone" "$command_id"
  # Telemetry is journaled once per coalescing window (1 s), which is what a crash may lose by design.
  sleep 2

  local pid start elapsed
  pid=$(cat "$(node_pid_file "$host")")
  note "drone/$drone lives on node$host (pid $pid); kill -9"
  start=$(date +%s.%N)
  kill -KILL "$pid"
  wait_for "drone/$drone's shadow and command history on node$survivor" 120 served_again "$(node_url "$survivor")" "$drone" "$battery" "$command_id"
  elapsed=$(echo "$start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')
  echo "failover: ${elapsed} s from kill -9 of node$host to drone/$drone's shadow and command history served by node$survivor"

  start_node_again "$host"
}

# Starts one node of a running cluster (its database and broker up) if it is not running.
start_node_again() {
  local i=$1
  [[ "$i" =~ ^[1-3]$ ]] || fail "start-node needs a node number from 1 to $NODES"
  alive "$CLUSTER_DIR/mosquitto.pid" || fail "the cluster is not running; scripts/cluster.sh starts all of it"
  alive "$(node_pid_file "$i")" && fail "node$i is running already (pid $(cat "$(node_pid_file "$i")"))"
  command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is missing; install it (https://dot.net)"
  start_node "$i"
  wait_ready "$i"
}

# Two seconds a poll: a request that reaches a node while the drone's shard still points at the dead
# one gets no answer (the gateway's ask gives up after 10 s), and a longer poll would add that wait
# to the failover time it measures.
served_shadow() { curl -s --max-time 2 "$1/api/devices/drone/$2" | grep -q "\"battery\":$3[,}]"; }
acknowledged() { curl -s --max-time 2 "$1/api/devices/drone/$2/commands/$3" | grep -q '"status":"acknowledged"'; }
served_again() { served_shadow "$1" "$2" "$3" && acknowledged "$1" "$2" "$4"; }

# wait_for <what> <seconds> <check> <arguments...>: polls the check until it passes or time is up.
wait_for() {
  local what=$1 limit=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "gave up waiting $limit s for $what"
    sleep 0.1
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  start-node) check_ports_configured; start_node_again "${2:-}" ;;
  failover-test) failover_test ;;
  *) echo "usage: $0 [start|status|stop|start-node N|failover-test]" >&2; exit 2 ;;
esac
