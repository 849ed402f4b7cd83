#!/usr/bin/env bash
# npm test: every suite, each run even when an earlier one failed (so that one failure does not
# hide the others' results, and CI counts every test); exits non-zero when any failed.
# The integration suite runs on the Postgres DATABASE_URL names and then on embedded PGlite.
set -uo pipefail
suites=(typecheck test:unit test:integration)
if [ -n "${DATABASE_URL:-}" ]; then suites+=(test:integration:pglite); fi
# test:scale (two instances behind nginx) reuses the build test:bench made, before e2e rebuilds.
suites+=(test:bench test:scale test:e2e)
failed=()
for suite in "${suites[@]}"; do
  echo "== npm run $suite"
  npm run --silent "$suite" || failed+=("$suite")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test suites that failed: ${failed[*]}"
  exit 1
fi
