#!/usr/bin/env bash
# Fresh clone -> installed, seed articles ingested, a question answered (or the chat opened).
# Usage: bash scripts/demo.sh ["your question" | ui]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1
.venv/bin/assistant ingest seeds/
if [ "${1:-}" = "ui" ]; then
  exec .venv/bin/assistant ui
fi
.venv/bin/ask "${1:-What did Putin tell the FSB?}"
