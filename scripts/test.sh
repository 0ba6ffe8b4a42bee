#!/usr/bin/env bash
# `npm test` after the dependency and drift checks: the main suite (vitest.config.ts, files in
# parallel), then the throughput tests on their own (vitest.alone.config.ts). Both always run; the
# exit status fails if either failed. Reports: test-results/vitest.json and vitest-alone.json.
set -u
npx vitest run "$@"
main=$?
npx vitest run --config vitest.alone.config.ts
alone=$?
[ $main -eq 0 ] && [ $alone -eq 0 ]
