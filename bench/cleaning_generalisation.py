"""Does the cleaner remove site noise it was not written for? Clean reports dressed in generated noise.

    python -m bench.cleaning_generalisation [--half tune|check|both] [--corpora DIR] [--news N] [--variants N]

Clean bodies: the State Council work reports 2010-2019 (their closing licence note cut off), the
sample library's reports (our own text; the one that is itself a scraped page is left out) and a fixed
sample of news articles. A news article is one line with its own web boilerplate; its sentences that
carry a boilerplate marker (the list below, the bench's own) are dropped before it is used, and the
rest is cut into paragraphs of about 120 characters. Each body is dressed `--variants` times per
half in the noise of bench.noise_generator, cleaned with ingest.clean, and scored with
bench.cleaning_score: per noise class the share of pieces (and characters) gone, and the share of body
sentences kept whole and in order. The bodies are also cleaned without noise (baseline: what the
cleaner takes from clean text). The seeds are scored against their gold as well (noise left and
sentences lost must stay 0). Tune the cleaner on the tune half only: `--show N` prints N leftovers
and losses of the tune half, never of the check half, which is only reported.

Prints a table and writes bench/results/cleaning_generalisation.json. Skips when the corpora are absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

from bench.bench_corpus import load_sample_library, sample_news
from bench.cleaning_score import CleaningScore, score_cleaning
from bench.noise_generator import make_noisy_document
from bench.noise_phrasings import HALVES, KINDS
from bench.seeds_gold import load_gold, score_against_gold
from ingest.clean import clean_scraped_text

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "cleaning_generalisation.json"
GOV_YEARS = range(2010, 2020)
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_LICENCE_OPENER_RE = re.compile(r"^本作品")
_NEWS_PREFIX_RE = re.compile(r"^.{0,40}?正文：")
_NEWS_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]*[”」』]?")
# Marks of a news site's own boilerplate: a sentence with one of these is not counted as body.
_NEWS_BOILER_RE = re.compile(
    r"责任编辑|编辑[:：|｜]|来源[:：|｜]|记者|原标题|返回搜狐|查看更多|更多精彩|分享让更多人|声明|版权|转载|"
    r"侵权|公众号|扫码|二维码|报料|客户端|APP|http|www\.|邮箱|热线|阅读原文|关注|点击|下载|投资建议|"
    r"投资有风险|入市需谨慎|本文|本站|图片|视频|图源|图/|（完）|\(完\)"
)
_NEWS_PARAGRAPH_CHARS = 120
_SCRAPED_SAMPLE_MARK = "网络转载"  # the sample report that is a site page, not a clean body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "both"), default="both")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--news", type=int, default=80, help="news articles used as bodies")
    parser.add_argument("--variants", type=int, default=3, help="noisy copies of each body per half")
    parser.add_argument("--show", type=int, default=0, help="print this many leftovers and losses (tune half)")
    args = parser.parse_args()
    if not (args.corpora / "gov_reports").is_dir():
        print(f"skipped: {args.corpora} not present", file=sys.stderr)
        return 0
    bodies = load_bodies(args.corpora, args.news)
    halves = HALVES if args.half == "both" else (args.half,)
    results = {"settings": {"bodies": Counter(kind for kind, _, _ in bodies), "variants": args.variants}}
    results["baseline"] = _summary(_score_bodies(bodies, None, 1))
    for half in halves:
        by_source = _score_bodies(bodies, half, args.variants)
        results[half] = _summary(by_source)
        _print_half(half, results[half], by_source, args.show if half == "tune" else 0)
    _print_baseline(results["baseline"])
    results["seeds"] = seed_scores(args.corpora / "seeds")
    print(f"seeds: noise left {results['seeds']['noise_left']} of {results['seeds']['noise_total']}, "
          f"sentences lost {results['seeds']['sentences_lost']} of {results['seeds']['sentences_total']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {RESULTS.relative_to(REPO)}")
    return 0


def load_bodies(corpora: Path, news_count: int) -> list[tuple[str, str, list[str]]]:
    """(source kind, name, body lines) of every clean body."""
    bodies = []
    for year in GOV_YEARS:
        for path in sorted((corpora / "gov_reports").glob(f"{year}_*.txt")):
            bodies.append(("gov", path.name, _report_lines(path.read_text(encoding="utf-8"))))
    for doc in load_sample_library():
        if _SCRAPED_SAMPLE_MARK not in doc.source:
            bodies.append(("sample", doc.source, _report_lines(doc.text)))
    if news_count:
        for doc in sample_news(corpora / "news", news_count):
            lines = news_body(doc.text)
            if lines:
                bodies.append(("news", doc.source, lines))
    return bodies


def _report_lines(text: str) -> list[str]:
    lines = []
    for raw in _INVISIBLE_RE.sub("", text).split("\n"):
        line = raw.strip()
        if _LICENCE_OPENER_RE.match(line):
            break
        if line:
            lines.append(line)
    return lines


def news_body(article: str) -> list[str]:
    """The article's sentences without its own boilerplate, as paragraphs; [] when too little is left."""
    text = _NEWS_PREFIX_RE.sub("", article, count=1)
    sentences = [s.strip() for s in _NEWS_SENTENCE_RE.findall(text)]
    sentences = [s for s in sentences if s and not _NEWS_BOILER_RE.search(s)]
    if len(sentences) < 3 or sum(map(len, sentences)) < 200:
        return []
    paragraphs, current = [], ""
    for sentence in sentences:
        current += sentence
        if len(current) >= _NEWS_PARAGRAPH_CHARS:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _score_bodies(bodies, half: str | None, variants: int) -> dict[str, CleaningScore]:
    """Scores per source kind; half None: the bodies cleaned as they are (no noise), the baseline."""
    scores: dict[str, CleaningScore] = {}
    for kind, name, lines in bodies:
        total = scores.setdefault(kind, CleaningScore())
        for variant in range(variants):
            seed = zlib.crc32(f"{name}|{half}|{variant}".encode())
            doc = make_noisy_document(lines, half or "tune", seed, kinds=() if half is None else KINDS)
            total.add(score_cleaning(doc, clean_scraped_text(doc.text).text))
    return scores


def _summary(by_source: dict[str, CleaningScore]) -> dict:
    total = CleaningScore()
    for score in by_source.values():
        total.add(score)
    classes = {
        kind: {
            "pieces": total.pieces[kind],
            "pieces_left": total.pieces_left[kind],
            "removal_pieces": _share(total.pieces[kind] - total.pieces_left[kind], total.pieces[kind]),
            "removal_chars": _share(total.chars[kind] - total.chars_left[kind], total.chars[kind]),
        }
        for kind in KINDS if total.pieces[kind]
    }
    pieces, pieces_left = sum(total.pieces.values()), sum(total.pieces_left.values())
    chars, chars_left = sum(total.chars.values()), sum(total.chars_left.values())
    return {
        "classes": classes,
        "overall": {
            "pieces": pieces,
            "pieces_left": pieces_left,
            "removal_pieces": _share(pieces - pieces_left, pieces),
            "removal_chars": _share(chars - chars_left, chars),
        },
        "body": {
            kind: {"sentences": s.sentences, "kept": s.sentences_kept,
                   "retention": _share(s.sentences_kept, s.sentences), "stray_chars": s.stray_chars}
            for kind, s in [*by_source.items(), ("all", total)]
        },
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def _print_half(half: str, summary: dict, by_source: dict[str, CleaningScore], show: int) -> None:
    print(f"\n== {half} half")
    print(f"{'class':22}{'pieces':>8}{'left':>6}{'removed':>9}{'chars':>8}")
    for kind, row in summary["classes"].items():
        print(f"{kind:22}{row['pieces']:8d}{row['pieces_left']:6d}{row['removal_pieces']:9.4f}{row['removal_chars']:8.4f}")
    row = summary["overall"]
    print(f"{'overall':22}{row['pieces']:8d}{row['pieces_left']:6d}{row['removal_pieces']:9.4f}{row['removal_chars']:8.4f}")
    for kind, row in summary["body"].items():
        print(f"body {kind:17}{row['sentences']:8d} kept {row['kept']:6d}  retention {row['retention']:.4f}"
              f"  stray chars {row['stray_chars']}")
    if show:
        for kind, score in by_source.items():
            for noise_kind, text in score.left[:show]:
                print(f"  left [{kind}] {noise_kind}: {text}")
            for sentence in score.lost[:show]:
                print(f"  lost [{kind}] {sentence[:80]}")


def _print_baseline(summary: dict) -> None:
    print("\nbaseline (bodies without noise): " + ", ".join(
        f"{kind} {row['kept']}/{row['sentences']} ({row['retention']:.4f})" for kind, row in summary["body"].items()))


def seed_scores(folder: Path) -> dict:
    totals = Counter()
    gold = load_gold()
    if not folder.is_dir():
        return {"noise_left": None, "noise_total": None, "sentences_lost": None, "sentences_total": None}
    for name in sorted(gold):
        raw = (folder / name).read_text(encoding="utf-8")
        score = score_against_gold(name, [clean_scraped_text(raw).text], gold)
        totals.update({k: score[k] for k in ("noise_left", "noise_total", "sentences_lost", "sentences_total")})
    return dict(totals)


if __name__ == "__main__":
    sys.exit(main())
