#!/usr/bin/env bash
# npm run test:e2e: the Playwright journeys; with E2E_SHARDS=N (N > 1) split by spec file into N
# shards of about equal running time (scripts/e2e-shards.mjs) that run at once, each against a
# server, port and database of its own, so that no shard
# sees another's records, sessions or rate limits. The app is built once (unless E2E_SKIP_BUILD=1)
# and every shard's server serves that build. Two shards by default where there are two cores or
# more (they finish 1.4–1.8× sooner than one on two cores), one otherwise.
# Extra arguments go to every `playwright test` (a spec file, --grep ...); with them, one shard.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh || exit 1

shards="${E2E_SHARDS:-$(( $(nproc) >= 2 ? 2 : 1 ))}"
if [ "$#" -gt 0 ] || [ "$shards" -le 1 ]; then exec npx playwright test "$@"; fi

if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build || exit 1; fi
export E2E_SKIP_BUILD=1

base_port="${E2E_PORT:-3100}"
base_data="${E2E_DATA_DIR:-.data-e2e}"
created=()
cleanup() {
  for url in "${created[@]}"; do
    psql "${url%/*}/postgres" -qc "drop database if exists \"${url##*/}\" with (force)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# Spec files split by their recorded running time (scripts/e2e-shards.mjs, e2e/durations.json).
# A failure here must fail the run: shards with no files would otherwise "pass" having run nothing.
split_out="$(node scripts/e2e-shards.mjs "$shards")" || { echo "e2e: could not split the spec files into shards" >&2; exit 1; }
mapfile -t lists <<<"$split_out"
listed="$(printf '%s\n' "${lists[@]}" | tr ' ' '\n' | grep -c '\.spec\.ts$' || true)"
expected="$(find e2e -name '*.spec.ts' | wc -l)"
if [ "$listed" -ne "$expected" ] || [ "$expected" -eq 0 ]; then
  echo "e2e: the shards list $listed spec files, e2e/ has $expected" >&2
  exit 1
fi
pids=()
for i in $(seq 1 "$shards"); do
  files="${lists[$((i - 1))]:-}"
  if [ -z "$files" ]; then continue; fi
  db_url="${DATABASE_URL:-}"
  if [ -n "$db_url" ] && [ "$i" -gt 1 ]; then
    # A database of its own beside the one DATABASE_URL names (which the first shard uses).
    db_url="${DATABASE_URL}_e2e$i"
    psql "${db_url%/*}/postgres" -qc "drop database if exists \"${db_url##*/}\" with (force)" -c "create database \"${db_url##*/}\"" >/dev/null || exit 1
    created+=("$db_url")
  fi
  (
    export E2E_SHARD="$i" E2E_PORT=$((base_port + i - 1)) E2E_DATA_DIR="$base_data-$i"
    if [ -n "$db_url" ]; then export DATABASE_URL="$db_url"; fi
    # shellcheck disable=SC2086 # a list of spec file names, none with spaces
    npx playwright test $files 2>&1 | sed -u "s/^/[e2e $i\/$shards] /"
    exit "${PIPESTATUS[0]}"
  ) &
  pids+=($!)
done

status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
