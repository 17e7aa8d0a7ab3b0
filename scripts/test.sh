#!/usr/bin/env bash
# Runs the whole test suite. On a fresh Debian machine, run as root, it first installs what the
# tests start for real: the mosquitto broker and clients, and a PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is missing; install it (https://dot.net) and run again" >&2
  exit 1
fi

missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing ${missing[*]}; run this script as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# Built once. dotnet test runs a solution's test projects in parallel, which suits all of them but
# the cluster tests: three gateway nodes with their own broker and database need the machine to
# themselves, so they run afterwards, on their own (ClusterTests=false leaves them out of the first
# run). Both runs happen whatever the first one's outcome; the script fails if either failed.
# Each run's output is also kept, so that the failures (name, message, first lines of the stack)
# are repeated at the very end, where a CI log's tail shows them.
dotnet build Gateway.sln -c Release
log=$(mktemp -d)
status=0
dotnet test Gateway.sln -c Release --no-build -p:ClusterTests=false --logger "console;verbosity=normal" "$@" \
  2>&1 | tee "$log/first.log" || status=$?
dotnet test tests/Gateway.ClusterTests -c Release --no-build --logger "console;verbosity=normal" "$@" \
  2>&1 | tee "$log/cluster.log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "test.sh: failed tests (full output in $log):"
  awk '/^  Failed [A-Za-z]/ { shown = 0; printing = 1 }
       printing && shown < 25 { print; shown++ }
       /^  Stack Trace:/ { stack = 0 }
       printing && /^     at / && ++stack > 4 { printing = 0 }' "$log/first.log" "$log/cluster.log"
fi
exit "$status"
