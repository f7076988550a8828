#!/usr/bin/env bash
# Score the analyzer on the public corpus from a private build directory (safe to run while others build).
#   scripts/score.sh [BUILD_DIR] [DOMAIN_REGEX]
# BUILD_DIR defaults to .build-score; DOMAIN_REGEX filters the printed misses/false positives by id prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build-score}
filter=${2:-.}
npx tsc -p tsconfig.build.json --outDir "$out" >/dev/null || echo "(type errors: scored what tsc emitted)" >&2
node "$out/cli/main.js" check --batch ../shared/corpus/public.jsonl > "$out/decisions.jsonl"
node ../shared/corpus/score.mjs "$out/decisions.jsonl" | grep -E "$filter|recall=" || true
