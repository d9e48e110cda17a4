#!/usr/bin/env bash
# Soak measurement (issue 5): the whole center with the simulator at normal rates, one wall open in
# Chromium for an hour; memory of the page and of the Wall server recorded at start and end.
#   bash tests/OpsCenter.Soak/run-soak.sh [minutes] [view]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
minutes="${1:-60}"
view="${2:-city}"
data="$(mktemp -d /tmp/opscenter-soak-XXXX)"
token="soak-$(date +%s)-device-token"
log="$data/apphost.log"

dotnet build "$root/OpsCenter.sln" -v q -nologo >/dev/null
dotnet run --no-build --project "$root/aspire/OpsCenter.AppHost" -- \
  --OpsCenter:DataPath="$data" --OpsCenter:WallDeviceToken="$token" >"$log" 2>&1 &
apphost=$!
trap 'kill $apphost 2>/dev/null || true; wait $apphost 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if curl -fsS http://localhost:5080/health >/dev/null 2>&1; then break; fi
  sleep 2
done
curl -fsS http://localhost:5080/health >/dev/null
sleep 150  # let the 30-day backfill finish (about 2 minutes) before the first sample

dotnet run --project "$root/tests/OpsCenter.Soak" -c Release -- \
  --url http://localhost:5080 --token "$token" --minutes "$minutes" --view "$view" \
  --output "$root/artifacts/soak-$view.md"
