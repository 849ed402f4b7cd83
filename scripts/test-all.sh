#!/usr/bin/env bash
# npm test: every suite, each run even when an earlier one failed (so that one failure does not
# hide the others' results, and CI counts every test); exits non-zero when any failed.
# The integration suite runs on the Postgres DATABASE_URL names and then on embedded PGlite.
set -uo pipefail
suites=(typecheck test:unit test:integration)
if [ -n "${DATABASE_URL:-}" ]; then suites+=(test:integration:pglite); fi
# test:scale (two instances behind nginx) and test:e2e reuse the build test:bench made.
suites+=(test:bench test:scale test:e2e)
failed=()
started=$(date +%s)
for suite in "${suites[@]}"; do
  echo "== npm run $suite ($(date +%H:%M:%S))"
  # The end-to-end server serves the build test:bench made during this run (same folder, same
  # sources) rather than building again; a build older than the run is never trusted.
  build_id="${NEXT_DIST_DIR:-.next}/BUILD_ID"
  if [ "$suite" = "test:e2e" ] && [ -f "$build_id" ] && [ "$(stat -c %Y "$build_id")" -ge "$started" ]; then export E2E_SKIP_BUILD=1; fi
  npm run --silent "$suite" || failed+=("$suite")
done
echo "== done ($(date +%H:%M:%S))"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test suites that failed: ${failed[*]}"
  exit 1
fi
