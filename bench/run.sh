#!/usr/bin/env bash
# Measures Uplink as a deployment meets it, beside this stack's own ceiling on this machine, in one
# command. Loopback only, bounded (about 12 minutes with the defaults). Writes bench/results/latest.md.
#
#   1. fresh start: a plainly published Uplink (`dotnet publish -c Release`, nothing more), default
#      configuration, members who joined by /start through the fake Bot API, tokens minted through
#      the API; each path measured from the first request of a freshly started process: the first
#      5 s, every second of the first PER_SECOND, then steady state; the ceiling started and measured
#      the same way.
#   2. warmed: the same paths after that, with 10,000 profiles cached; webhook, access codes, RSS.
#   3. PostgreSQL (when Debian's server is installed): /me with the cache on and off, access codes.
#
# Knobs (environment):
#   FRESH=40 PER_SECOND=30   seconds of each fresh run, of which the first PER_SECOND are shown one by one
#   DURATION=8 WARMUP=5      seconds of each warmed wrk run, and of unmeasured load before it
#   SETTLE=15                seconds of unmeasured load before a warmed run on a newly started process
#   MEMBERS=10000            members in the SQLite database: REGISTER of them join by /start, the rest are seeded
#   REGISTER=1000 TOKENS=200 members registered through the bot, and how many of them get a token
#   PG_REGISTER=200          members registered through the bot on PostgreSQL (at least 64: one per code worker)
#   CONNS=64 PORT_BASE=15080 wrk connections; five loopback ports from PORT_BASE on
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
FRESH=${FRESH:-40}
PER_SECOND=${PER_SECOND:-30}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-5}
SETTLE=${SETTLE:-15}   # tiered compilation takes tens of seconds to settle (see the fresh runs)
MEMBERS=${MEMBERS:-10000}
REGISTER=${REGISTER:-1000}
TOKENS=${TOKENS:-200}
PG_REGISTER=${PG_REGISTER:-200}
CONNS=${CONNS:-64}
PORT_BASE=${PORT_BASE:-15080}
UPLINK_PORT=$PORT_BASE FAKEBOT_PORT=$((PORT_BASE + 1)) CEILING_PORT=$((PORT_BASE + 2))
REDIS_PORT=$((PORT_BASE + 3)) PG_PORT=$((PORT_BASE + 4))
KEY="bench-signing-key-that-is-at-least-32-bytes"
APIKEY="bench-service-key"
SECRET="bench-webhook-secret"
TOKEN="123456:BENCH-token"                 # the fake Bot API's (FakeBot.Token)
BOT_USERS=7000000 PG_BOT_USERS=8000000     # Telegram ids of the users who /start; seeded members are 5,000,000 on
HZ=$(getconf CLK_TCK)
# Only for the webhook and access-code drivers: they measure the pipeline's throughput, which
# Telegram's 30 messages a second (replies, login notices) would otherwise bound. Nothing else
# departs from the defaults except the redeem rate limit, which one load generator's address hits.
FLOOD=(--Telegram:MessagesPerSecond=100000 --Telegram:ChatMessageInterval=00:00:00 --Telegram:GroupMessagesPerMinute=100000)

if ((PER_SECOND >= FRESH)); then echo "FRESH must exceed PER_SECOND (steady state is the rest)" >&2; exit 1; fi
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; fi
fi

work=$(mktemp -d /tmp/uplink-bench-XXXXXX)
pids=() uplink_pid="" ceiling_pid="" pg_dir=""
cleanup() {
  # Uplink first, so that it does not log a storm of refused connections to the fake Bot API.
  stop_uplink; stop_ceiling
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  [[ -n $pg_dir ]] && { pg_tool pg_ctl -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
  rm -rf "$work"
}
trap cleanup EXIT

# ---- building: plainly, as a user would publish; whatever makes it fast must be in the project files ----
echo "Building (dotnet publish -c Release, no other flags)…"
for p in src/Uplink bench/Ceiling; do
  dotnet publish -c Release -v q --nologo "$p" -o "$work/$(basename "$p")" >/dev/null
done
dotnet build -c Release -v q --nologo bench/Uplink.BenchTool >/dev/null
uplink_dll=$work/Uplink/Uplink.dll
ceiling_dll=$work/Ceiling/Ceiling.dll
tool_dll=$root/bench/Uplink.BenchTool/bin/Release/net10.0/Uplink.BenchTool.dll
tool() { dotnet "$tool_dll" "$@"; }
rotate="$root/bench/wrk/rotate.lua"
U="http://127.0.0.1:$UPLINK_PORT" C="http://127.0.0.1:$CEILING_PORT" F="http://127.0.0.1:$FAKEBOT_PORT"

# ---- processes ----
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { # url [seconds]
  for _ in $(seq 1 $(( ${2:-30} * 100 ))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.01; done
  echo "timed out waiting for $1" >&2; return 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_uplink STORAGE_DIR [--Key=value…]: a new process in the default configuration (polling
# the fake Bot API), plus the settings given; sets uplink_pid and ready_ms (start to /health/ready = 200).
start_uplink() {
  stop_uplink
  local dir=$1; shift
  local started; started=$(now_ms)
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$uplink_dll" --urls "$U" --Storage:Directory="$dir" --Site:PublicUrl="$U" \
    --Telegram:BotToken="$TOKEN" --Telegram:ApiBaseUrl="$F" \
    --Auth:SigningKey="$KEY" --Auth:ServiceApiKey="$APIKEY" --Auth:RedeemPermitsPerMinute=1000000 \
    "$@" >>"$work/uplink.log" 2>&1 & uplink_pid=$!
  wait_for "$U/health/ready" 60
  ready_ms=$(( $(now_ms) - started ))
}
stop_uplink() {
  [[ -n $uplink_pid ]] && { kill "$uplink_pid" 2>/dev/null; wait "$uplink_pid" 2>/dev/null || true; }
  uplink_pid=""
}
start_ceiling() { # sets ceiling_pid and ceiling_ready_ms
  stop_ceiling
  local started; started=$(now_ms)
  dotnet "$ceiling_dll" --urls "$C" --Auth:SigningKey="$KEY" & ceiling_pid=$!
  wait_for "$C/plaintext"
  ceiling_ready_ms=$(( $(now_ms) - started ))
}
stop_ceiling() {
  [[ -n $ceiling_pid ]] && { kill "$ceiling_pid" 2>/dev/null; wait "$ceiling_pid" 2>/dev/null || true; }
  ceiling_pid=""
}

# ---- measuring ----
# A fresh run is one wrk run of FRESH seconds from the process's first request. rotate.lua counts
# responses per second inside that run (TIMELINE), so there are no gaps between the seconds, and a
# sampler reads the server's utime+stime from /proc every 0.2 s for CPU per request in each window.
declare -A first5 steady cpu5 cpusteady errs ready
sample_cpu() { # pid file: "ms ticks" lines until killed
  local t0; t0=$(now_ms)
  while kill -0 "$1" 2>/dev/null; do echo "$(( $(now_ms) - t0 )) $(cpu_ticks "$1")"; sleep 0.2; done >"$2"
}
window() { awk -v a="$2" -v b="$3" '$1 > a && $1 <= b {n += $2} END {print n + 0}' "$1"; } # timeline from to → responses
cpu_per_request() { # samples from_s to_s requests → µs of server CPU per request
  awk -v a=$(($2 * 1000)) -v b=$(($3 * 1000)) -v n="$4" -v hz="$HZ" '
    NR == 1 {ta = $2; tb = $2} $1 <= a {ta = $2} $1 <= b {tb = $2}
    END {if (n > 0) printf "%.0f", (tb - ta) / hz * 1e6 / n; else print "-"}' "$1"
}
# Requests that failed: non-2xx/3xx answers and timeouts, from wrk's summary.
wrk_failures() { awk '/Non-2xx/ {n += $NF} /Socket errors/ {n += $NF} END {print n + 0}' <<<"$1"; }
fresh_run() { # key label pid url lua-args…
  local key=$1 label=$2 pid=$3 url=$4; shift 4
  local tl=$work/timeline-$key samples=$work/cpu-$key sampler
  sample_cpu "$pid" "$samples" & sampler=$!
  local out; out=$(TIMELINE=$tl wrk -t2 -c"$CONNS" -d"${FRESH}s" -s "$rotate" "$url" -- "$@")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  local n5 ns; n5=$(window "$tl" 0 5); ns=$(window "$tl" "$PER_SECOND" "$FRESH")
  first5[$key]=$((n5 / 5)); steady[$key]=$((ns / (FRESH - PER_SECOND)))
  cpu5[$key]=$(cpu_per_request "$samples" 0 5 "$n5"); cpusteady[$key]=$(cpu_per_request "$samples" "$PER_SECOND" "$FRESH" "$ns")
  errs[$key]=$(wrk_failures "$out")
  printf '  %-22s ready %5s ms  first 5 s %7s req/s (%s µs CPU/req)  steady %7s req/s (%s µs CPU/req)  failed %s\n' \
    "$label" "${ready[$key]}" "${first5[$key]}" "${cpu5[$key]}" "${steady[$key]}" "${cpusteady[$key]}" "${errs[$key]}"
}

# A warmed run: WARMUP s of unmeasured load, then DURATION s measured.
# run_wrk name pid url conns [lua args…]; appends "name|conns|req/s|p50|p99|cpu_us|failed"
warmed=()
run_wrk() {
  local name=$1 pid=$2 url=$3 conns=$4; shift 4
  local script=()
  if (($# > 0)); then script=(-s "$rotate" "$url" -- "$@"); else script=("$url"); fi
  local threads=$(( conns < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$conns" -d"${WARMUP}s" "${script[@]}" >/dev/null
  local before; before=$(cpu_ticks "$pid")
  local out; out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency "${script[@]}")
  local rps p50 p99 requests cpu="-"
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  ((requests > 0)) && cpu=$(awk -v t=$(( $(cpu_ticks "$pid") - before )) -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  local failed; failed=$(wrk_failures "$out")
  warmed+=("$name|$conns|$rps|$p50|$p99|$cpu|$failed")
  printf '  %-36s c=%-3s %8s req/s  p50 %-9s p99 %-9s cpu/req %s µs  failed %s\n' "$name" "$conns" "$rps" "$p50" "$p99" "$cpu" "$failed"
}

# ---- the data: the bulk seeded, then members who join through the bot, tokens through the API ----
dotnet "$tool_dll" fakebot --urls "$F" & pids+=($!)
wait_for "$F/stats"
sqlite=$work/sqlite; mkdir -p "$sqlite"
seeded=$((MEMBERS - REGISTER))
echo "Seeding $seeded members directly into SQLite (the bot registers the other $REGISTER)…"
tool seed --db "$sqlite/uplink.db" --members "$seeded" --tokens 0 --out "$work/seed" --key "$KEY"

echo "Uplink, first start on that database; $REGISTER members join by /start, $TOKENS get tokens…"
start_uplink "$sqlite"
first_ready_ms=$ready_ms
registered=$(tool register --fakebot "$F" --base "$U" --first-user "$BOT_USERS" --members "$REGISTER" --out "$work/bot-codes.txt" || true)
echo "  $registered"
minted=$(tool mint --base "$U" --key "$APIKEY" --first-user "$BOT_USERS" --count "$TOKENS" --out "$work/tokens.txt" || true)
echo "  $minted"
cat "$work/seed/codes.txt" "$work/bot-codes.txt" >"$work/codes.txt"

# ---- 1. fresh start: each series begins with a newly started process ----
echo "Fresh start ($FRESH s each, from the first request)…"
start_uplink "$sqlite"; ready[me]=$ready_ms; idle_rss=$(rss_mb "$uplink_pid")
fresh_run me "Uplink /api/users/me" "$uplink_pid" "$U/api/users/me" "$work/tokens.txt" token
start_ceiling; ready[jwt]=$ceiling_ready_ms
fresh_run jwt "ceiling JWT" "$ceiling_pid" "$C/jwt" "$work/tokens.txt" token
start_uplink "$sqlite"; ready[page]=$ready_ms
fresh_run page "Uplink /u/{code}" "$uplink_pid" "$U/u/x" "$work/codes.txt" path /u/
start_ceiling; ready[plaintext]=$ceiling_ready_ms
fresh_run plaintext "ceiling plaintext" "$ceiling_pid" "$C/plaintext" - none

# ---- 2. warmed: the same processes, now past their first minute ----
echo "Warmed (${WARMUP} s unmeasured, then ${DURATION} s)…"
wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$rotate" "$C/jwt" -- "$work/tokens.txt" token >/dev/null
# One pass over the profiles by code first, so that all of them are cached.
wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$rotate" "$U/api/users/x" -- "$work/codes.txt" path /api/users/ >/dev/null
for c in "$CONNS" 1; do
  run_wrk "ceiling plaintext" "$ceiling_pid" "$C/plaintext" "$c"
  run_wrk "ceiling JWT" "$ceiling_pid" "$C/jwt" "$c" "$work/tokens.txt" token
  run_wrk "/api/users/me" "$uplink_pid" "$U/api/users/me" "$c" "$work/tokens.txt" token
  run_wrk "/api/users/{code}" "$uplink_pid" "$U/api/users/x" "$c" "$work/codes.txt" path /api/users/
  run_wrk "/u/{code} (page)" "$uplink_pid" "$U/u/x" "$c" "$work/codes.txt" path /u/
done
read_rss=$(rss_mb "$uplink_pid")
stop_ceiling

echo "Webhook: updates handled end to end (webhook mode, flood limits lifted)…"
start_uplink "$sqlite" --Telegram:Mode=Webhook --Telegram:WebhookSecret="$SECRET" "${FLOOD[@]}"
tool webhook --target "$U/telegram/webhook" --fakebot "$F" --secret "$SECRET" --updates 1000 --chats 100 --concurrency 64 --first-id 1 >/dev/null
webhook=$(tool webhook --target "$U/telegram/webhook" --fakebot "$F" --secret "$SECRET" --updates 5000 --chats 100 --concurrency 64 --first-id 100000)
echo "  $webhook"

codes_run() { # [codes driver options…]: on a newly started process, SETTLE s unmeasured, then DURATION s
  tool codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$SETTLE" "$@" >/dev/null || true
  tool codes --base "$U" --key "$APIKEY" --concurrency 64 --seconds "$DURATION" "$@" || true
}
echo "Access codes: issue + redeem…"
codes_sqlite=$(codes_run); echo "  $codes_sqlite"
flood_rss=$(rss_mb "$uplink_pid")

echo "Uplink, cache off…"
start_uplink "$sqlite" --Cache:Enabled=false
WARMUP=$SETTLE run_wrk "/api/users/me (no cache)" "$uplink_pid" "$U/api/users/me" "$CONNS" "$work/tokens.txt" token

codes_redis="(redis-server not installed)"
if command -v redis-server >/dev/null; then
  echo "Access codes with Redis in front…"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null & pids+=($!)
  sleep 0.3
  start_uplink "$sqlite" --ConnectionStrings:Redis="127.0.0.1:$REDIS_PORT" "${FLOOD[@]}"
  codes_redis=$(codes_run); echo "  $codes_redis"
fi

# ---- 3. PostgreSQL: a throwaway server as the tests start it (tests/…/PostgresServer.cs) ----
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
pg_tool() { # the server refuses to run as root: as root, run its tools as the postgres user
  local t=$1; shift
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$pg_bin/$t" "$@"; else "$pg_bin/$t" "$@"; fi
}
pg=()
pg_note="PostgreSQL server not installed (apt-get install postgresql): skipped"
if [[ -n $pg_bin && -x $pg_bin/initdb ]]; then
  echo "PostgreSQL: a throwaway server on 127.0.0.1:$PG_PORT…"
  pg_dir=$(mktemp -d /tmp/uplink-bench-pg-XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pg_dir"
  pg_tool initdb -D "$pg_dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  # As the tests run it: fsync off, but commits still wait for their WAL write.
  pg_tool pg_ctl -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  pg_tool createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres uplink
  pg=(--Database:Provider=Postgres --ConnectionStrings:Database="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=uplink")
  pg_note="$($pg_bin/postgres --version), fsync=off as in the tests"

  start_uplink "$work/pg" "${pg[@]}"; pg_ready_ms=$ready_ms
  pg_registered=$(tool register --fakebot "$F" --base "$U" --first-user "$PG_BOT_USERS" --members "$PG_REGISTER" --out "$work/pg-codes.txt" || true)
  echo "  $pg_registered"
  pg_minted=$(tool mint --base "$U" --key "$APIKEY" --first-user "$PG_BOT_USERS" --count "$PG_REGISTER" --out "$work/pg-tokens.txt" || true)
  echo "  $pg_minted"
  # Measured like SQLite's: a fresh process from its first request, since tiering takes tens of seconds.
  start_uplink "$work/pg" "${pg[@]}"; ready[pgme]=$ready_ms
  fresh_run pgme "Uplink /me, PostgreSQL" "$uplink_pid" "$U/api/users/me" "$work/pg-tokens.txt" token
  start_uplink "$work/pg" "${pg[@]}" --Cache:Enabled=false
  WARMUP=$SETTLE run_wrk "PostgreSQL /api/users/me (no cache)" "$uplink_pid" "$U/api/users/me" "$CONNS" "$work/pg-tokens.txt" token
  start_uplink "$work/pg" "${pg[@]}" "${FLOOD[@]}"
  echo "  access codes: issue + redeem…"
  codes_pg=$(codes_run --first-user "$PG_BOT_USERS"); echo "  $codes_pg"
fi
stop_uplink

# ---- the report ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a ~ /^[0-9.]+$/ && b > 0) printf "%.0f %%", 100 * a / b; else print "-"}'; }
# The warmed row of the ceiling that a path is read against, at the same connection count.
ceiling_of() {
  case $1 in
    *"/api/users/me"*) echo "ceiling JWT" ;;
    "/api/users/{code}"|"/u/{code} (page)") echo "ceiling plaintext" ;;
  esac
}
warmed_rps() { for row in "${warmed[@]}"; do IFS='|' read -r n c r _ <<<"$row"; [[ $n == "$1" && $c == "$2" ]] && { echo "$r"; return; }; done; echo "-"; }
warmed_table() { # rows whose name matches the pattern
  echo "| path | conns | req/s | p50 | p99 | server CPU/req | failed | ceiling | ceiling req/s | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for row in "${warmed[@]}"; do
    IFS='|' read -r name conns rps p50 p99 cpu failed <<<"$row"
    [[ $name == $1 && $name != ceiling* ]] || continue
    local ceiling; ceiling=$(ceiling_of "$name")
    local crps; crps=$(warmed_rps "$ceiling" "$conns")
    echo "| $name | $conns | $rps | $p50 | $p99 | $cpu µs | $failed | $ceiling | $crps | $(ratio "$rps" "$crps") |"
  done
}
mkdir -p "$root/bench/results"
report="$root/bench/results/latest.md"
{
  echo "## Fresh start (first 5 s / per-second / steady)"
  echo
  echo "Each column is a newly started process measured from its first request: one ${FRESH}-second wrk run"
  echo "(c=$CONNS), responses counted per second inside it; steady = seconds $((PER_SECOND + 1))–$FRESH."
  echo "Uplink: plain \`dotnet publish -c Release\`, default configuration (polling) but for the redeem rate limit."
  echo
  echo "| | /api/users/me | ceiling JWT | ratio | /u/{code} (page) | ceiling plaintext | ratio |"
  echo "|---|---|---|---|---|---|---|"
  row() { # label array
    local -n a=$2
    echo "| $1 | ${a[me]} | ${a[jwt]} | $(ratio "${a[me]}" "${a[jwt]}") | ${a[page]} | ${a[plaintext]} | $(ratio "${a[page]}" "${a[plaintext]}") |"
  }
  echo "| start to ready (ms) | ${ready[me]} | ${ready[jwt]} | | ${ready[page]} | ${ready[plaintext]} | |"
  row "first 5 s (req/s)" first5
  row "steady (req/s)" steady
  echo "| server CPU/req, first 5 s (µs) | ${cpu5[me]} | ${cpu5[jwt]} | | ${cpu5[page]} | ${cpu5[plaintext]} | |"
  echo "| server CPU/req, steady (µs) | ${cpusteady[me]} | ${cpusteady[jwt]} | | ${cpusteady[page]} | ${cpusteady[plaintext]} | |"
  echo "| failed requests | ${errs[me]} | ${errs[jwt]} | | ${errs[page]} | ${errs[plaintext]} | |"
  echo
  echo "Per second (responses in that second of the run):"
  echo
  echo "| s | /me | ceiling JWT | ratio | /u/{code} | ceiling plaintext | ratio |"
  echo "|---|---|---|---|---|---|---|"
  at() { awk -v s="$1" '$1 == s {print $2}' "$work/timeline-$2"; } # second key → responses
  for s in $(seq 1 "$PER_SECOND"); do
    m=$(at "$s" me) j=$(at "$s" jwt) p=$(at "$s" page) t=$(at "$s" plaintext)
    echo "| $s | $m | $j | $(ratio "$m" "$j") | $p | $t | $(ratio "$p" "$t") |"
  done
  echo
  echo "- data: $seeded members seeded directly; $registered"
  echo "  (the bot sends its welcomes at Telegram's default 30 messages a second, plus one to the referrer per referral: that bounds registrations/s)"
  echo "- tokens: $minted (the /me runs and the ceiling's /jwt rotate over the same ones)"
  echo "- first start of Uplink on the seeded database: ready in ${first_ready_ms} ms"
  echo
  echo "## Warmed"
  echo
  echo "After the fresh runs, ${WARMUP} s of unmeasured load, then ${DURATION} s of wrk; ceiling at the same connection count."
  echo
  warmed_table "/*"
  echo
  echo "- access codes, SQLite: $codes_sqlite"
  echo "- access codes, Redis in front: $codes_redis"
  echo "- $webhook"
  echo "- webhook and access codes with Telegram's flood limits lifted, so that replies and login notices do not bound them;"
  echo "  access codes and the no-cache run on newly started processes after ${SETTLE} s of unmeasured load"
  echo "- RSS: idle after start ${idle_rss} MB; after the read benchmarks ($MEMBERS members cached) ${read_rss} MB; after the code flood ${flood_rss} MB"
  echo
  echo "## PostgreSQL"
  echo
  if ((${#pg[@]} > 0)); then
    echo "$pg_note; Uplink with \`Database:Provider=Postgres\`, first start (migrations included) ready in ${pg_ready_ms} ms."
    echo
    echo "/api/users/me with the cache on, from a fresh start as above, beside the SQLite and ceiling runs:"
    echo
    echo "| | PostgreSQL | SQLite | ceiling JWT | PostgreSQL / ceiling |"
    echo "|---|---|---|---|---|"
    pgrow() { # label array [ratio]
      local -n a=$2
      echo "| $1 | ${a[pgme]} | ${a[me]} | ${a[jwt]} | $([[ ${3:-} ]] && ratio "${a[pgme]}" "${a[jwt]}") |"
    }
    pgrow "start to ready (ms)" ready
    pgrow "first 5 s (req/s)" first5 ratio
    pgrow "steady (req/s)" steady ratio
    pgrow "server CPU/req, first 5 s (µs)" cpu5
    pgrow "server CPU/req, steady (µs)" cpusteady
    pgrow "failed requests" errs
    echo
    echo "Cache off, on a newly started process after ${SETTLE} s of unmeasured load, then ${DURATION} s:"
    echo
    warmed_table "PostgreSQL*"
    echo
    echo "- data: $pg_registered"
    echo "- tokens: $pg_minted"
    echo "- access codes, PostgreSQL: $codes_pg"
  else
    echo "$pg_note"
  fi
  echo
  echo "## Machine"
  echo
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), .NET $(dotnet --version), load average before the report $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$report"
echo
cat "$report"
