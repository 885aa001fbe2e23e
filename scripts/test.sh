#!/usr/bin/env bash
# The whole test suite: typecheck, unit + GPU kernel tests (Node + Dawn), then the
# end-to-end tests of the built page in headless Chromium. Needs Debian's chromium
# (its SwiftShader Vulkan driver and the browser) and libvulkan1: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/xdg-runtime-disback}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== unit and GPU kernel tests (vitest)"
npx vitest run
if [ -d tests/e2e ] && ls tests/e2e/*.test.ts >/dev/null 2>&1; then
  echo "== build"
  npx vite build --logLevel warn
  echo "== end-to-end tests (headless chromium)"
  npx vitest run --config vitest.e2e.config.ts
fi
