#!/usr/bin/env bash
# Measures Uplink's hot paths against this stack's own ceiling on this machine, in one command.
# Loopback only, bounded (about 5 minutes). Prints a table and writes it to bench/results/latest.md.
#   DURATION=8 WARMUP=3 ./bench/run.sh      # seconds per measured wrk run, and of warm-up before it
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-5}   # seconds of unmeasured load before each run: JIT tiering, caches, pools
KEY="bench-signing-key-that-is-at-least-32-bytes"
APIKEY="bench-service-key"
SECRET="bench-webhook-secret"
TOKEN="123456:BENCH-token"
UPLINK_PORT=15080 FAKEBOT_PORT=15081 CEILING_PORT=15082 REDIS_PORT=15083

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; fi
fi

work=$(mktemp -d /tmp/uplink-bench-XXXXXX)
pids=()
cleanup() {
  # Uplink first, so that it does not log a storm of refused connections to the fake Bot API.
  [[ -n ${uplink_pid:-} ]] && { kill "$uplink_pid" 2>/dev/null; wait "$uplink_pid" 2>/dev/null; }
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT

echo "Building (Release, published ReadyToRun as a deployment would be)…"
# ReadyToRun: Uplink and its libraries are compiled ahead of time, so start-up does not wait for
# the JIT (measured: about 2.7 s to ready from a plain build, about 1.9 s published this way). The
# ceiling gets the same treatment, so the comparison stays fair.
for p in src/Uplink bench/Ceiling; do
  dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -v q --nologo "$p" \
    -o "$work/$(basename "$p")" >/dev/null
done
dotnet build -c Release -v q --nologo bench/Uplink.BenchTool >/dev/null
uplink_dll=$work/Uplink/Uplink.dll
ceiling_dll=$work/Ceiling/Ceiling.dll
tool_dll=$root/bench/Uplink.BenchTool/bin/Release/net10.0/Uplink.BenchTool.dll

wait_for() { # url [seconds]
  for _ in $(seq 1 $(( ${2:-30} * 50 ))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.02; done
  echo "timed out waiting for $1" >&2; return 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

dotnet "$tool_dll" fakebot --urls "http://127.0.0.1:$FAKEBOT_PORT" & pids+=($!)
dotnet "$ceiling_dll" --urls "http://127.0.0.1:$CEILING_PORT" --Auth:SigningKey="$KEY" & pids+=($!)
wait_for "http://127.0.0.1:$FAKEBOT_PORT/stats"
wait_for "http://127.0.0.1:$CEILING_PORT/plaintext"

echo "Seeding 10,000 members…"
dotnet "$tool_dll" seed --db "$work/uplink.db" --members 10000 --tokens 1000 --out "$work" --key "$KEY"

uplink_pid=""
start_uplink() { # extra settings as --Key=value
  [[ -n $uplink_pid ]] && { kill "$uplink_pid"; wait "$uplink_pid" 2>/dev/null || true; }
  local started=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$uplink_dll" --urls "http://127.0.0.1:$UPLINK_PORT" \
    --Storage:Directory="$work" --Site:PublicUrl="http://127.0.0.1:$UPLINK_PORT" \
    --Telegram:BotToken="$TOKEN" --Telegram:ApiBaseUrl="http://127.0.0.1:$FAKEBOT_PORT" \
    --Telegram:Mode=Webhook --Telegram:WebhookSecret="$SECRET" \
    --Telegram:MessagesPerSecond=100000 --Telegram:ChatMessageInterval=00:00:00 --Telegram:GroupMessagesPerMinute=100000 \
    --Auth:SigningKey="$KEY" --Auth:ServiceApiKey="$APIKEY" --Auth:RedeemPermitsPerMinute=1000000 \
    "$@" & uplink_pid=$!
  pids+=($uplink_pid)
  wait_for "http://127.0.0.1:$UPLINK_PORT/health/ready" 60
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

results=()
# name url connections [lua script args…]; appends "name|conns|req/s|p50|p99|cpu_us"
run_wrk() {
  local name=$1 url=$2 conns=$3; shift 3
  local script=()
  if (($# > 0)); then script=(-s "$rotate" "$url" -- "$@"); else script=("$url"); fi
  local threads=$(( conns < 2 ? 1 : 2 ))
  local pid=${measure_pid:-}
  wrk -t"$threads" -c"$conns" -d"${WARMUP}s" "${script[@]}" >/dev/null
  local before=0; [[ -n $pid ]] && before=$(cpu_ticks "$pid")
  local out; out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency "${script[@]}")
  local rps p50 p99 requests cpu="-"
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  if [[ -n $pid && $requests -gt 0 ]]; then
    cpu=$(awk -v t=$(( $(cpu_ticks "$pid") - before )) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  fi
  results+=("$name|$conns|$rps|$p50|$p99|$cpu")
  printf '  %-34s c=%-3s %8s req/s  p50 %-9s p99 %-9s cpu/req %s µs\n' "$name" "$conns" "$rps" "$p50" "$p99" "$cpu"
}

U="http://127.0.0.1:$UPLINK_PORT"
C="http://127.0.0.1:$CEILING_PORT"
rotate="$root/bench/wrk/rotate.lua"

echo "Ceiling (bare minimal API)…"
ceiling_pid=$(pgrep -f "$ceiling_dll" | head -1)
wrk -t2 -c64 -d10s -s "$rotate" "$C/jwt" -- "$work/tokens.txt" token >/dev/null
for c in 64 1; do
  measure_pid=$ceiling_pid run_wrk "ceiling plaintext" "$C/plaintext" $c
  measure_pid=$ceiling_pid run_wrk "ceiling JWT" "$C/jwt" $c "$work/tokens.txt" token
done

echo "Uplink, cache on…"
start_uplink
start_ms=$ready_ms
idle_rss=$(rss_mb "$uplink_pid")
# One pass over every path first: the JIT's tiering settles and the cache holds all 10,000 profiles.
for path in "/api/users/me tokens.txt token" "/api/users/x codes.txt path /api/users/" "/u/x codes.txt path /u/"; do
  set -- $path
  wrk -t2 -c64 -d10s -s "$rotate" "$U$1" -- "$work/$2" "${@:3}" >/dev/null
done
for c in 64 1; do
  measure_pid=$uplink_pid run_wrk "/api/users/me" "$U/api/users/me" $c "$work/tokens.txt" token
  measure_pid=$uplink_pid run_wrk "/api/users/{code}" "$U/api/users/x" $c "$work/codes.txt" path /api/users/
  measure_pid=$uplink_pid run_wrk "/u/{code} (page)" "$U/u/x" $c "$work/codes.txt" path /u/
done
read_rss=$(rss_mb "$uplink_pid")

# Before the code flood, whose login notices would also reach the fake Bot API.
echo "Webhook: updates handled end to end…"
dotnet "$tool_dll" webhook --target "$U/telegram/webhook" --fakebot "http://127.0.0.1:$FAKEBOT_PORT" \
  --secret "$SECRET" --updates 1000 --chats 100 --concurrency 64 --first-id 1 >/dev/null
webhook=$(dotnet "$tool_dll" webhook --target "$U/telegram/webhook" --fakebot "http://127.0.0.1:$FAKEBOT_PORT" \
  --secret "$SECRET" --updates 5000 --chats 100 --concurrency 64 --first-id 100000)
echo "  $webhook"

echo "Access codes: issue + redeem…"
dotnet "$tool_dll" codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$WARMUP" >/dev/null
codes_sqlite=$(dotnet "$tool_dll" codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$DURATION")
echo "  $codes_sqlite"
flood_rss=$(rss_mb "$uplink_pid")

echo "Uplink, cache off…"
start_uplink --Cache:Enabled=false
for c in 64 1; do
  measure_pid=$uplink_pid run_wrk "/api/users/me (no cache)" "$U/api/users/me" $c "$work/tokens.txt" token
done

codes_redis="(redis-server not installed)"
if command -v redis-server >/dev/null; then
  echo "Access codes with Redis in front…"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null & pids+=($!)
  sleep 0.3
  start_uplink --ConnectionStrings:Redis="127.0.0.1:$REDIS_PORT"
  dotnet "$tool_dll" codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$WARMUP" >/dev/null
  codes_redis=$(dotnet "$tool_dll" codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$DURATION")
  echo "  $codes_redis"
fi

# The table: each Uplink figure against the matching ceiling at the same connection count.
mkdir -p "$root/bench/results"
report="$root/bench/results/latest.md"
{
  echo "| path | conns | req/s | p50 | p99 | server CPU/req | vs ceiling |"
  echo "|---|---|---|---|---|---|---|"
  for row in "${results[@]}"; do
    IFS='|' read -r name conns rps p50 p99 cpu <<<"$row"
    ceiling=""
    case $name in
      "/api/users/me"*) ceiling="ceiling JWT" ;;
      "/api/users/{code}"|"/u/{code} (page)") ceiling="ceiling plaintext" ;;
    esac
    ratio=""
    if [[ -n $ceiling ]]; then
      for other in "${results[@]}"; do
        IFS='|' read -r n2 c2 r2 _ <<<"$other"
        [[ $n2 == "$ceiling" && $c2 == "$conns" ]] && ratio=$(awk -v a="$rps" -v b="$r2" 'BEGIN {printf "%.0f %% of %s", 100 * a / b, "'"$ceiling"'"}')
      done
    fi
    echo "| $name | $conns | $rps | $p50 | $p99 | ${cpu} µs | $ratio |"
  done
  echo
  echo "- access codes, SQLite: $codes_sqlite"
  echo "- access codes, Redis in front: $codes_redis"
  echo "- $webhook"
  echo "- start to /health/ready = 200: ${start_ms} ms"
  echo "- RSS: idle ${idle_rss} MB; after the read benchmarks (10,000 members, 1,000 sessions cached) ${read_rss} MB; after the code flood ${flood_rss} MB"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), .NET $(dotnet --version)"
} > "$report"
echo
cat "$report"
