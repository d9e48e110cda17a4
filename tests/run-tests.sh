#!/usr/bin/env bash
# Runs every OpsCenter test: installs and starts what the tests need, builds once, then runs the
# fast test projects together and the whole-system ones (each starts the full center) one at a time.
# Usage: bash tests/run-tests.sh            (from the repository root; CI calls it through .ci/run)
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

# --- Debian packages the tests need ------------------------------------------------------------
# What is missing is installed in one apt-get run, in the background while the solution builds.
packages=()
reasons=()
want() { packages+=("$@"); }

# Chromium and fonts with Vietnamese glyphs, for the browser tests.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ]; then
    want chromium fonts-noto-core fonts-dejavu-core; reasons+=("Chromium and Noto fonts")
  fi
  export CHROMIUM_PATH=/usr/bin/chromium
fi
# The printed briefing is checked as a PDF: its text (pdftotext) and its pages as images (pdftoppm).
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  want poppler-utils; reasons+=("poppler-utils (pdftotext, pdftoppm) for the print test")
fi
# The alert rules, scrape configuration and Grafana queries in dashboards/ are checked by promtool.
if ! command -v promtool >/dev/null 2>&1; then
  want prometheus; reasons+=("Prometheus's promtool for the dashboard tests")
fi
# A PostgreSQL server for the store tests on the second engine (unless OPSCENTER_TEST_POSTGRES is set).
pg_bin_dir() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "${OPSCENTER_TEST_POSTGRES:-}" ]; then
  pg_bin=$(pg_bin_dir)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    want postgresql; reasons+=("a PostgreSQL server (initdb, pg_ctl) for the store tests, or OPSCENTER_TEST_POSTGRES set to an Npgsql connection string of a server where the user may CREATE DATABASE")
  fi
fi

installing=""
if [ "${#packages[@]}" -gt 0 ]; then
  need_root_or_explain "$(IFS=';'; echo "${reasons[*]}" | sed 's/;/; /g')" "${packages[*]}"
  say "Installing ${packages[*]} (Debian packages) while the solution builds"
  apt_log=$(mktemp /tmp/opscenter-apt.XXXXXX)
  ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" ) >"$apt_log" 2>&1 &
  installing=$!
fi

# --- smtp4dev, the SMTP server the alert mail tests send to (and the AppHost's inbox) --------------
# A dotnet tool from NuGet, installed into .tools/smtp4dev once (again only for another version).
smtp4dev_version=3.15.0
smtp4dev_dir="$root/.tools/smtp4dev"
if ! dotnet tool list --tool-path "$smtp4dev_dir" 2>/dev/null | grep -Eqi "^rnwood\.smtp4dev +$smtp4dev_version "; then
  say "Installing smtp4dev $smtp4dev_version (dotnet tool) into .tools/smtp4dev"
  rm -rf "$smtp4dev_dir"
  dotnet tool install Rnwood.Smtp4dev --version "$smtp4dev_version" --tool-path "$smtp4dev_dir" >/dev/null
fi

# --- Build once ----------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
say "Building OpsCenter.sln"
dotnet build OpsCenter.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

if [ -n "$installing" ]; then
  if ! wait "$installing"; then
    echo "!! apt-get failed; its output:" >&2
    cat "$apt_log" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

# --- PostgreSQL, for the store tests on the second engine ----------------------------------------
# A throwaway cluster on a free loopback port (trust auth, socket in its own folder), stopped and
# deleted on exit. Set OPSCENTER_TEST_POSTGRES to use a server of your own instead.
if [ -z "${OPSCENTER_TEST_POSTGRES:-}" ]; then
  pg_bin=$(pg_bin_dir)
  # initdb refuses to run as root: run the cluster as the postgres user the package creates.
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  pg_dir=$(mktemp -d /tmp/opscenter-pg.XXXXXX)
  stop_postgres() {
    (cd "$pg_dir" && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1) || true
    rm -rf "$pg_dir"
  }
  trap stop_postgres EXIT
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pg_dir"; fi
  say "Starting a throwaway PostgreSQL ($("$pg_bin/postgres" --version)) in $pg_dir"
  (cd "$pg_dir" && as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1) \
    || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  pg_port=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$(shuf -i 20000-59999 -n 1)
    # Something answers on this port already: try another one.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if (cd "$pg_dir" && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c max_connections=200" start >/dev/null); then
      pg_port=$port
      break
    fi
  done
  if [ -z "$pg_port" ] || ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -t 30; then
    echo "!! PostgreSQL did not start; its log:" >&2
    cat "$pg_dir/server.log" >&2 || true
    exit 1
  fi
  export OPSCENTER_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
fi

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
  local started=$SECONDS
  say "Testing $name"
  set +e
  # No '|| true' here: under pipefail it would run and reset PIPESTATUS (set +e covers a grep without matches).
  dotnet test --no-build "$@" 2>&1 | tee "$log" | grep -E '^(failed|passed|skipped) |Test run summary|^  (total|failed|succeeded|skipped):|error'
  local rc=${PIPESTATUS[0]}
  set -e
  local t f s k
  t=$(awk '/^  total:/ {sum += $2} END {print sum + 0}' "$log")
  f=$(awk '/^  failed:/ {sum += $2} END {print sum + 0}' "$log")
  s=$(awk '/^  succeeded:/ {sum += $2} END {print sum + 0}' "$log")
  k=$(awk '/^  skipped:/ {sum += $2} END {print sum + 0}' "$log")
  passed=$((passed + s)); failed=$((failed + f)); skipped=$((skipped + k))
  echo "   ($name: $((SECONDS - started)) s)"
  if [ "$t" -eq 0 ] && [ "${retrying:-0}" -eq 0 ]; then
    # A test host that ends without running anything (seen once under heavy load) gets one more try;
    # a second empty run fails the build below.
    echo "!! $name ran no test (exit code $rc); last lines of its log:"
    tail -n 15 "$log"
    retrying=1 run_tests "$name" "$@"
    return
  fi
  if [ "$rc" -ne 0 ] || [ "$t" -eq 0 ] || [ "$f" -ne 0 ]; then
    echo "!! $name: exit code $rc, $t tests (log: $log)"
    # The first lines of each failure (message and top of its stack), so that CI's own output explains it.
    awk '/^failed / {n = 25} n > 0 {print "   | " $0; n--}' "$log"
    status=1
  fi
}

for p in Domain Storage Collector Aggregator Wall Simulator; do
  if [ -d "tests/OpsCenter.$p.Tests" ]; then
    run_tests "OpsCenter.$p.Tests" --project "tests/OpsCenter.$p.Tests"
  fi
done
# Whole-system projects each start the whole center: never two at once.
whole_system() {
  local suffix=$1
  run_tests "OpsCenter.AppHost.Tests$suffix" --project tests/OpsCenter.AppHost.Tests
  run_tests "OpsCenter.EndToEnd.Tests$suffix" --project tests/OpsCenter.EndToEnd.Tests
  # The simulator switched on: the default run's figures and each scenario's effect on the wall.
  run_tests "OpsCenter.Simulator.SystemTests$suffix" --project tests/OpsCenter.Simulator.SystemTests
}
unset OPSCENTER_TEST_CLOCK
whole_system ""

# Once more with the center's clock (and the tests') at one of the hard instants, Vietnam time: a
# minute before the new year, the first minutes of a month after a short February, the first
# working day after Tết 2027. One per run, so that every instant is covered over a few runs;
# OPSCENTER_TEST_INSTANT picks one (docs/DECISIONS.md "Time is an input").
hard_instants=("2026-12-31T23:55:00+07:00" "2027-03-01T00:05:00+07:00" "2027-02-11T08:05:00+07:00")
instant=${OPSCENTER_TEST_INSTANT:-${hard_instants[$((RANDOM % ${#hard_instants[@]}))]}}
say "Whole-system tests again, the clock at $instant"
export OPSCENTER_TEST_CLOCK=$instant
whole_system "@$(printf '%s' "$instant" | tr -d ':')"
unset OPSCENTER_TEST_CLOCK

if [ "$skipped" -ne 0 ]; then
  echo "!! $skipped tests were skipped; a skipped test checks nothing."
  status=1
fi

echo
echo "Tests: $passed passed, $failed failed (the second whole-system pass at $instant)"
exit $status
