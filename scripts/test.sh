#!/usr/bin/env bash
# The one test command (npm test): lint, format, type check, then unit, integration and browser
# tests against real parts (SQLite, HTTP, Socket.IO clients, Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh

echo "== lint (eslint + prettier)"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

echo "== module boundaries (dependency-cruiser, rules in .dependency-cruiser.cjs)"
npm run -s deps:check

echo "== type check"
npm run -s typecheck

echo "== build the wall"
npm run -s build:wall

mkdir -p test-artifacts
echo "== unit, integration and browser tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json

node -e '
const r = require("./test-artifacts/vitest.json");
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
process.exit(r.numFailedTests === 0 && r.numPassedTests > 0 ? 0 : 1);
'
