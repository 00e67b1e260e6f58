"""Gold standard for cleaning the five scraped seed reports, stored as hashes only.

`bench/data/seeds_gold.json` holds, per seed file name, the SHA-1 of every report sentence and of
every site-noise fragment, each taken after `normalise_for_gold`. The sentences were cut by hand
from the seeds (report body only, page breaks mended); noise fragments shorter than 4 characters
are not stored. No seed text is kept in the repository.
"""

import hashlib
import json
import re
import zlib
from collections.abc import Iterable
from pathlib import Path

GOLD_PATH = Path(__file__).parent / "data" / "seeds_gold.json"
_WHITESPACE_RE = re.compile(r"\s+")
_SENTENCE_SPLIT_RE = re.compile(r"[。！？；\n]")
_SENTENCE_END_RE = re.compile(r"[。！？；]")


def normalise_for_gold(s: str) -> str:
    """Whitespace of any kind removed; nothing else changed."""
    return _WHITESPACE_RE.sub("", s)


def split_sentences(text: str) -> list[str]:
    """Pieces of `text` between 。！？； and line ends, stripped, empty ones dropped."""
    return [piece.strip() for piece in _SENTENCE_SPLIT_RE.split(text) if piece.strip()]


def sha1_of(s: str) -> str:
    return hashlib.sha1(normalise_for_gold(s).encode("utf-8")).hexdigest()


def crc_of(s: str) -> int:
    """A cheap checksum stored beside the SHA-1 so that a scan can skip most substrings."""
    return zlib.crc32(normalise_for_gold(s).encode("utf-8"))


def gold_entry(s: str) -> dict:
    norm = normalise_for_gold(s)
    return {"sha1": sha1_of(norm), "crc": crc_of(norm), "len": len(norm)}


def load_gold(path: Path = GOLD_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _found(text: str, wanted: list[dict], starts: Iterable[int] | None = None) -> set[str]:
    """SHA-1s of the `wanted` entries that occur in `text` (at `starts` only, when given)."""
    by_len: dict[int, dict[int, set[str]]] = {}
    for entry in wanted:
        by_len.setdefault(entry["len"], {}).setdefault(entry["crc"], set()).add(entry["sha1"])
    positions = sorted(set(starts)) if starts is not None else None
    found: set[str] = set()
    for n, by_crc in by_len.items():
        for start in positions if positions is not None else range(len(text) - n + 1):
            piece = text[start : start + n]
            if len(piece) != n:
                continue
            data = piece.encode("utf-8")
            sha_set = by_crc.get(zlib.crc32(data))
            if sha_set:
                digest = hashlib.sha1(data).hexdigest()
                if digest in sha_set:
                    found.add(digest)
    return found


def _sentence_starts(texts: list[str]) -> list[int]:
    """Positions in the normalised concatenation where a sentence may begin: piece and line
    starts and after each sentence end. Gold sentences are looked for there first."""
    starts = [0]
    offset = 0
    for text in texts:
        starts.append(offset)
        for line in text.split("\n"):
            norm = normalise_for_gold(line)
            starts.append(offset)
            starts.extend(offset + m.end() for m in _SENTENCE_END_RE.finditer(norm))
            offset += len(norm)
    return starts


def score_against_gold(seed_name: str, texts: list[str], gold: dict | None = None) -> dict:
    """How many gold sentences the output pieces lost and how many noise fragments they kept.

    A sentence is kept when its normalised form is a substring of the normalised concatenation
    of `texts`; a noise fragment is left when its normalised form is a substring of one piece.
    """
    gold = gold if gold is not None else load_gold()
    if seed_name not in gold:
        raise KeyError(f"seeds_gold.json: no entry for seed {seed_name!r}")
    entry = gold[seed_name]
    joined = normalise_for_gold("".join(texts))
    sentences = entry["sentences"]
    kept = _found(joined, sentences, _sentence_starts(texts))
    missing = [s for s in sentences if s["sha1"] not in kept]
    if missing:  # a sentence may also sit after leftover noise: scan everywhere for those
        kept |= _found(joined, missing)
    lost = [s["sha1"] for s in sentences if s["sha1"] not in kept]
    left: set[str] = set()
    for text in texts:
        left |= _found(normalise_for_gold(text), entry["noise"])
    return {
        "sentences_total": len(sentences),
        "sentences_lost": len(lost),
        "lost_examples": lost[:5],
        "noise_total": len(entry["noise"]),
        "noise_left": len(left),
        "noise_left_examples": sorted(left)[:5],
    }
