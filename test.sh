#!/usr/bin/env bash
# Runs the whole test suite. Installs the Debian packages the tests start for real when they are
# missing (as root; otherwise it says what to install), then runs `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
# The deployment topology test puts nginx in front of two instances.
[[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
# Event times are shown in IANA zones (Europe/Berlin…), which .NET reads from the system's tzdata.
[[ -d /usr/share/zoneinfo/Europe ]] || missing+=(tzdata)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing ${missing[*]}…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them (sudo apt-get install ${missing[*]}) or run this script as root." >&2
    exit 1
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution Uplink.slnx "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, whatever the runner printed.
passed=$(grep -Eo '^\s*succeeded: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo '^\s*failed: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
echo "${passed} passed, ${failed} failed"
exit "$status"
