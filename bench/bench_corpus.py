"""The benchmark corpus: gov reports + seeds + a fixed, deterministic sample of news articles.

Every pipeline gets the same documents with the same raw text; only the pipeline differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DocKind = Literal["gov", "seed", "news", "sample"]

SAMPLE_LIBRARY = Path(__file__).resolve().parent.parent / "app/sample_library/reports"

# Whitespace plus the zero-width characters the Wikisource copies carry (U+200B..U+200D, BOM).
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def strip_invisible(text: str) -> str:
    """Text with all whitespace and zero-width characters removed: the form every matcher compares."""
    return _INVISIBLE.sub("", text)


@dataclass(frozen=True)
class CorpusDocument:
    source: str  # file name as an index reports it; news articles get a synthetic one
    text: str
    kind: DocKind
    original: Path | None = None  # a file that is not plain text (.docx): what an ingest reads


def load_folder(folder: Path, kind: DocKind) -> list[CorpusDocument]:
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} does not exist")
    docs = [
        CorpusDocument(source=p.name, text=p.read_text(encoding="utf-8"), kind=kind)
        for p in sorted(folder.glob("*.txt"))
    ]
    if not docs:
        raise FileNotFoundError(f"corpus folder {folder} has no .txt files")
    return docs


def sample_news(folder: Path, count: int) -> list[CorpusDocument]:
    """Every Nth non-empty line of the sorted news files, N = total // count, first `count` of them."""
    lines: list[tuple[str, int, str]] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                lines.append((path.name, number, line.strip()))
    if len(lines) < count:
        raise ValueError(f"{folder} has {len(lines)} articles, fewer than the {count} asked for")
    step = len(lines) // count
    return [
        CorpusDocument(source=f"news_{name}_{number:05d}.txt", text=text, kind="news")
        for name, number, text in lines[::step][:count]
    ]


def load_sample_library(folder: Path = SAMPLE_LIBRARY) -> list[CorpusDocument]:
    """The bundled sample reports (.md, .txt, .docx), read as `wengao ingest` reads them."""
    from ingest.load import SUPPORTED_SUFFIXES, load_file

    return [
        CorpusDocument(source=p.name, text=load_file(p).text, kind="sample", original=p)
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in SUPPORTED_SUFFIXES
    ]


def load_corpus(
    corpora_dir: Path, news_count: int, *, reports_from: int | None = None, sample_library: bool = False
) -> list[CorpusDocument]:
    """`reports_from` keeps only reports of that year or later (their file names start with the year);
    `sample_library` adds the bundled sample reports (the writer-question cases point into them)."""
    reports = load_folder(corpora_dir / "gov_reports", "gov")
    if reports_from is not None:
        reports = [d for d in reports if int(d.source[:4]) >= reports_from]
    news = sample_news(corpora_dir / "news", news_count) if news_count else []
    samples = load_sample_library() if sample_library else []
    return reports + load_folder(corpora_dir / "seeds", "seed") + samples + news
