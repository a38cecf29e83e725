#!/usr/bin/env bash
# The whole test suite, on real components: Chroma, the bundled embedding model and LLM,
# a llama.cpp OpenAI-compatible server and a Chroma server on 127.0.0.1, Chromium for the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
# Browser test: Debian's Chromium and playwright-core (no browser download needed).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then (apt-get update -q && apt-get install -y -q chromium) >/dev/null
  else sudo apt-get update -q && sudo apt-get install -y -q chromium >/dev/null; fi
fi
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm install --no-audit --no-fund --silent)
export HF_HUB_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
