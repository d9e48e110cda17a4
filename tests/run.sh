#!/usr/bin/env bash
# Runs every OpsCenter test: installs and starts what the tests need, builds once, then runs the
# fast test projects together and the whole-system ones (each starts the full center) one at a time.
# Usage: bash tests/run.sh            (from the repository root; CI calls it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '\n== %s\n' "$*"; }

need_root_or_explain() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing: $1. Install it with: sudo apt-get install -y $2 (Debian), then run this command again." >&2
    exit 1
  fi
}

# --- Chromium and fonts with Vietnamese glyphs, for the browser tests ----------------------------
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ]; then
    need_root_or_explain "Chromium and Noto fonts" "chromium fonts-noto-core fonts-dejavu-core"
    say "Installing Chromium and fonts (Debian packages)"
    apt_install chromium fonts-noto-core fonts-dejavu-core
  fi
  export CHROMIUM_PATH=/usr/bin/chromium
fi

# --- Build once ----------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
say "Building OpsCenter.sln"
dotnet build OpsCenter.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

# --- Run -----------------------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
passed=0
failed=0
skipped=0
status=0

run_tests() {
  local name=$1
  shift
  local log="$results/$name.log"
  say "Testing $name"
  set +e
  dotnet test --no-build "$@" 2>&1 | tee "$log" | grep -E '^(failed|passed|skipped) |Test run summary|^  (total|failed|succeeded|skipped):|error' || true
  local rc=${PIPESTATUS[0]}
  set -e
  local t f s k
  t=$(awk '/^  total:/ {sum += $2} END {print sum + 0}' "$log")
  f=$(awk '/^  failed:/ {sum += $2} END {print sum + 0}' "$log")
  s=$(awk '/^  succeeded:/ {sum += $2} END {print sum + 0}' "$log")
  k=$(awk '/^  skipped:/ {sum += $2} END {print sum + 0}' "$log")
  passed=$((passed + s)); failed=$((failed + f)); skipped=$((skipped + k))
  if [ "$rc" -ne 0 ] || [ "$t" -eq 0 ]; then
    echo "!! $name: exit code $rc, $t tests (log: $log)"
    status=1
  fi
}

for p in Domain Storage Collector Aggregator Wall Simulator; do
  if [ -d "tests/OpsCenter.$p.Tests" ]; then
    run_tests "OpsCenter.$p.Tests" --project "tests/OpsCenter.$p.Tests"
  fi
done
# Whole-system projects each start the whole center: never two at once.
run_tests OpsCenter.AppHost.Tests --project tests/OpsCenter.AppHost.Tests
run_tests OpsCenter.EndToEnd.Tests --project tests/OpsCenter.EndToEnd.Tests

if [ "$skipped" -ne 0 ]; then
  echo "!! $skipped tests were skipped; a skipped test checks nothing."
  status=1
fi

echo
echo "Tests: $passed passed, $failed failed"
exit $status
