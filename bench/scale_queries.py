"""Query set of the scale benchmark: queries a writer would type, plus opening sentences of sampled chunks."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

# Written for this benchmark: short searches as a report writer or a news desk would phrase them.
WRITER_QUERIES = (
    "控辍保学工作进展",
    "义务教育优质均衡发展的主要做法",
    "营养改善计划落实情况",
    "两免一补政策",
    "减税降费的具体措施",
    "优化营商环境",
    "稳就业保民生",
    "脱贫攻坚取得的成效",
    "乡村振兴战略实施",
    "深化国有企业改革",
    "扩大内需促进消费",
    "加强生态环境保护",
    "打好污染防治攻坚战",
    "住房保障和棚户区改造",
    "基本医疗保险覆盖面",
    "养老服务体系建设",
    "科技创新能力提升",
    "财政赤字和地方政府债务",
    "粮食生产连年丰收",
    "农村义务教育学生营养",
    "存在的主要问题和不足",
    "下一步工作打算",
    "今年政府工作的总体要求",
    "过去一年经济运行情况",
    "国内生产总值增长",
    "居民消费价格涨幅",
    "对外开放和利用外资",
    "一带一路建设",
    "简政放权放管结合优化服务",
    "安全生产责任落实",
    "食品药品安全监管",
    "社会治安综合治理",
    "高温天气防暑降温",
    "暴雨洪涝灾害救援",
    "新能源汽车销量",
    "人工智能大模型发布",
    "手机新品上市价格",
    "暑期旅游市场火热",
    "电影票房创新高",
    "高校毕业生就业形势",
)

_OPENING_NOISE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(\s+\d{2}:\d{2}(:\d{2})?)?\s*[，,]?\s*(正文[：:])?\s*")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
MIN_SENTENCE_CHARS = 8
MAX_QUERY_CHARS = 40


def opening_sentence(text: str) -> str | None:
    """The chunk's first sentence of at least MIN_SENTENCE_CHARS characters, cut to MAX_QUERY_CHARS;
    a news line's leading timestamp and "正文：" label are dropped first (nobody types them)."""
    body = _OPENING_NOISE.sub("", text)
    for sentence in _SENTENCE_END.split(body):
        sentence = sentence.strip()
        if len(sentence) >= MIN_SENTENCE_CHARS:
            return sentence[:MAX_QUERY_CHARS]
    return None


def build_queries(
    chunks: Sequence[tuple[str, str]], *, total: int, seed: int
) -> list[dict[str, str]]:
    """`total` queries: every WRITER_QUERIES entry, then opening sentences of randomly drawn chunks.

    `chunks` holds (source, text) pairs. Each query carries a source to exclude in the filtered run:
    its own chunk's source for sampled queries (leave-one-out, as the drafting evaluation does), a
    random chunk's source for the written ones.
    """
    rng = random.Random(seed)
    if not chunks:
        raise ValueError("build_queries needs chunks to sample from")
    queries = [{"query": q, "kind": "writer", "exclude_source": rng.choice(chunks)[0]} for q in WRITER_QUERIES]
    order = list(range(len(chunks)))
    rng.shuffle(order)
    for index in order:
        if len(queries) >= total:
            break
        source, text = chunks[index]
        sentence = opening_sentence(text)
        if sentence is not None:
            queries.append({"query": sentence, "kind": "chunk_opening", "exclude_source": source})
    return queries[:total]
