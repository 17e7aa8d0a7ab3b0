#!/usr/bin/env bash
# What acknowledging QoS 1 messages after the journal costs, end to end: times mosquitto_pub
# publishing 2,000 QoS 1 drone events on one connection, 2,000 QoS 1 telemetry messages
# (coalesced), and 20 connections of 100 events, against a fresh SQLite gateway.
# Usage: benchmarks/puback-cost.sh [path/to/Gateway.Host.dll]   (default: this checkout's Release build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${1:-$root/src/Gateway.Host/bin/Release/net10.0/Gateway.Host.dll}
[ -f "$dll" ] || { echo "no $dll: dotnet build -c Release src/Gateway.Host" >&2; exit 2; }
command -v mosquitto_pub >/dev/null || { echo "mosquitto_pub is missing: apt-get install mosquitto-clients" >&2; exit 2; }
work=$(mktemp -d /tmp/puback-cost-XXXXXX)
port=$((20000 + RANDOM % 10000)); http=$((port + 1))
printf 'gateway.mqtt.limits.publish-rate = 0\n' > "$work/bench.hocon"
dotnet "$dll" --mqtt-port $port --http-port $http --data-dir "$work/data" --config "$work/bench.hocon" > "$work/gateway.log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null; wait $gateway 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$http/readyz" > /dev/null && break; sleep 0.5; done
for i in $(seq 0 1999); do echo "{\"event\":\"AED_DEPLOYED\",\"mission_id\":\"M-1\",\"sequence\":$i}"; done > "$work/events.txt"
for i in $(seq 0 1999); do echo "{\"drone_id\":\"D-T\",\"battery\":80,\"sequence\":$i}"; done > "$work/telemetry.txt"
mosquitto_pub -p $port -q 1 -t /drone/warm-up/events -m '{"event":"AED_DEPLOYED"}'
seconds() { local t0; t0=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $t0" | bc; }
one_connection() { mosquitto_pub -p $port -q 1 -t "$1" -l < "$2"; }
twenty_connections() {
  local pids=()
  for c in $(seq 1 20); do head -100 "$work/events.txt" | mosquitto_pub -p $port -q 1 -t "/drone/P-$c/events" -l & pids+=($!); done
  wait "${pids[@]}"
}
echo "2000 QoS 1 events, one connection:     $(seconds one_connection /drone/D-E/events "$work/events.txt") s"
echo "2000 QoS 1 telemetry, one connection:  $(seconds one_connection /drone/D-T/telemetry "$work/telemetry.txt") s"
echo "20 x 100 QoS 1 events, 20 connections: $(seconds twenty_connections) s"
