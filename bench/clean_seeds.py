"""Clean each scraped seed report and score it against the hand-made gold standard.

Run: python -m bench.clean_seeds [--seeds DIR] [--news DIR] [--news-sample N]
Prints a table and writes bench/results/clean_seeds.json. When the news corpus is present it also
cleans N random news articles and reports how many of their content sentences survive and how
many articles still carry obvious boilerplate (the markers below are the bench's own, written
independently of the cleaner's patterns).
"""

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
from bench.seeds_gold import load_gold, normalise_for_gold, score_against_gold, split_sentences
from ingest.clean import clean_scraped_text

DEFAULT_SEEDS = REPO.parent / "shared" / "corpora" / "seeds"
DEFAULT_NEWS = REPO.parent / "shared" / "corpora" / "news"
_ARTICLE_PREFIX_RE = re.compile(r"^.{0,40}?正文：")
# A sentence with any of these is boilerplate for the purpose of this check.
_BOILER_MARKERS_RE = re.compile(
    r"责任编辑|返回搜狐|查看更多|更多精彩内容|分享让更多人看到|投资建议|投资有风险|入市需谨慎|声明|版权|"
    r"转载|侵权|公众号|扫码|二维码|报料|客户端|APP|http|www\\.|来源[:：]|编辑[:：]|原标题|邮箱|热线|阅读原文"
)
# Obvious boilerplate that must never survive cleaning.
_OBVIOUS_RE = re.compile(r"责任编辑|返回搜狐|更多精彩内容请进入|分享让更多人看到|所有文章均包含本声明")
RESULTS = REPO / "bench" / "results" / "clean_seeds.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    parser.add_argument("--news-sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20240601, help="random seed for the news sample")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"seeds folder not found: {args.seeds}", file=sys.stderr)
        return 2
    gold = load_gold()
    rows = []
    for name in sorted(gold):
        path = args.seeds / name
        if not path.is_file():
            print(f"{name}: missing in {args.seeds}", file=sys.stderr)
            return 2
        raw = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        cleaned = clean_scraped_text(raw)
        seconds = time.perf_counter() - started
        score = score_against_gold(name, [cleaned.text], gold)
        rows.append({
            "seed": name,
            **score,
            "chars_in": len(raw),
            "chars_out": len(cleaned.text),
            "removed_items": len(cleaned.removed),
            "masked_figures": len(cleaned.masked_figures),
            "clean_seconds": round(seconds, 4),
        })
    header = f"{'seed':28} {'sent':>5} {'lost':>5} {'noise':>6} {'left':>5} {'chars in':>9} {'out':>7} {'masks':>6}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['seed']:28} {r['sentences_total']:5d} {r['sentences_lost']:5d} {r['noise_total']:6d} "
              f"{r['noise_left']:5d} {r['chars_in']:9d} {r['chars_out']:7d} {r['masked_figures']:6d}")
    totals = {k: sum(r[k] for r in rows) for k in ("sentences_total", "sentences_lost", "noise_total", "noise_left")}
    print("-" * len(header))
    print(f"{'total':28} {totals['sentences_total']:5d} {totals['sentences_lost']:5d} "
          f"{totals['noise_total']:6d} {totals['noise_left']:5d}")
    news = _news_check(args.news, args.news_sample, args.seed) if args.news.is_dir() else None
    if news:
        print(f"news: {news['articles']} articles, content sentences kept {news['content_kept']}/"
              f"{news['content_total']} ({news['content_kept_pct']:.2f}%), articles with obvious "
              f"boilerplate before {news['obvious_before']}, after {news['obvious_after']}, "
              f"chars removed {news['chars_removed']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"rows": rows, "totals": totals, "news": news}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"written {RESULTS.relative_to(REPO)}")
    return 0


def _news_check(folder: Path, sample: int, seed: int) -> dict:
    articles: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            articles.extend(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    picked = random.Random(seed).sample(articles, min(sample, len(articles)))
    total = kept = before = after = removed_chars = 0
    lost_examples: list[str] = []
    for line in picked:
        article = _ARTICLE_PREFIX_RE.sub("", line, count=1)
        cleaned = clean_scraped_text(article)
        out = normalise_for_gold(cleaned.text)
        removed_chars += sum(len(r.text) for r in cleaned.removed)
        before += bool(_OBVIOUS_RE.search(article))
        after += bool(_OBVIOUS_RE.search(cleaned.text))
        for sentence in split_sentences(article):
            if _BOILER_MARKERS_RE.search(sentence) or len(normalise_for_gold(sentence)) < 2:
                continue
            total += 1
            if normalise_for_gold(sentence) in out:
                kept += 1
            elif len(lost_examples) < 10:
                lost_examples.append(sentence[:80])
    return {
        "articles": len(picked),
        "content_total": total,
        "content_kept": kept,
        "content_kept_pct": 100.0 * kept / max(total, 1),
        "obvious_before": before,
        "obvious_after": after,
        "chars_removed": removed_chars,
        "lost_examples": lost_examples,
    }


if __name__ == "__main__":
    sys.exit(main())
