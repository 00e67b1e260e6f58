"""Nothing but the draft: what a small model writes about its task instead of the task itself.

Heading paths copied from the passages' labels ("二、主要做法 > （四）建强教师队伍"), mentions of the passages
("参考了：…", "根据素材[2]"), talk about the text ("以上内容依据……撰写", "本段……", "篇幅已经足够……"),
markdown, English chatter, and the fragments left when a label is cut out of a sentence ("[。",
"以上内容均依、的摘录。"). The final gate (`remove_artefacts`) removes each such sentence whole, never a
part of it (a part removed leaves a broken sentence), and counts what it removed; `find_artefacts`
lists them without removing, for `--no-verify` and for evaluation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.checks.text import CITATION, split_sentences

# (kind, pattern): a sentence matching the pattern is not part of the draft. The kinds name what the
# writer would call it; patterns are anchored or specific enough not to match official prose
# ("以上" alone is "50%以上", "素材" alone may be "教学素材").
ARTEFACT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("heading path", r"\S\s*(?:>|＞|›|»)\s*\S"),
        ("passage label", r"《[^》]{2,40}》\s*[（(]\d{4}[）)]|^\s*[\[［【]\d+[\]］】]\s*《"
                          r"|^\s*【[^】\d]{2,24}】\s*(?:\[\d+\]\s*)*[。．]?\s*$"),  # "【主要做法及成效】。"
        # A signature and date line written into the prose ("青川县教育局 ××年××月××日。"): the document's, not a sentence.
        ("signature", r"^\s*[\u4e00-\u9fff]{2,20}(?:局|政府|委员会|办公室|党委)\s*(?:\d{4}|××)\s*年\s*(?:\d{1,2}|××)\s*月"
                      r"(?:\s*(?:\d{1,2}|××)\s*日)?\s*[。．]?\s*$"),
        ("passage mention", r"参考了|参考资料|(?:素材|资料|材料|摘录)\s*(?:编号|[\[［【]?\d)|摘录|资料(?:开始|结束)|<<<|>>>|«|»"
                            r"|(?:根据|依据|参考|参照|结合|基于|按照)(?:以上|上述|所给|提供的|给出的|您提供的|你提供的)?"
                            r"(?:的)?(?:素材|资料|摘录|往年报告|参考材料)"),
        ("talk about the text", r"^\s*(?:以上|上述|下面|以下)(?:内容|文字|段落|是|为|就是|即为|便是|部分)"
                                r"|(?:本|该|此|这一?)段(?!时间|时期|历史|路|日子)|篇幅|(?<!数)字数|字左右|\d+\s*字(?!号)|补充的内容"
                                r"|写作要求|中关于[“\"][^”\"]{2,30}[”\"]的(?:内容|正文|段落|一段|部分)|(?:文字|本文|全文|文章)(?:简要地?|简明扼要地?)?(?:描述|概括|阐述|介绍)了|以[“\"][^”\"]{2,30}[”\"]为题"
                                r"|^\s*(?:好的|当然|根据您?的?要求|按照您?的?要求|如需|如有需要|希望(?:以上|这)|注[：:]|说明[：:]|备注[：:]|正文[：:]|标题[：:])"),
        ("markdown", r"^\s*(?:#{1,6}\s|[-*•]\s|\|)|\*\*|```|__"),
        ("English", r"[A-Za-z]{2,}[\s,.:;!?]+[A-Za-z]{2,}"),
    )
)
# A sentence needs this many Chinese characters to be one (not "[。" or "三是……。").
MIN_SENTENCE_CHARS = 4
_ORDINAL_LEAD = re.compile(r"^\s*[一二三四五六七八九十]+是")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LEADING_PUNCT = re.compile(r"^[\s，,。.：:；;、)）\]］】>＞]+")


# What the writer reads for each kind (the checks panel is in Chinese; the kinds stay stable names).
KIND_LABELS = {
    "heading path": "标题路径",
    "passage label": "材料出处",
    "passage mention": "提及材料",
    "talk about the text": "关于写作本身的话",
    "markdown": "排版符号",
    "English": "英文",
    "fragment": "残句",
    "heading": "标题",
    "echoed fact": "照抄的事实",
    "signature": "落款",
}


@dataclass(frozen=True)
class Artefact:
    kind: str
    text: str  # the sentence as it stood in the draft
    paragraph: int

    def __str__(self) -> str:
        return f"{KIND_LABELS.get(self.kind, self.kind)}：{self.text}"


def artefact_kind(sentence: str) -> str | None:
    """What makes `sentence` not part of a draft, or None when it is prose."""
    body = CITATION.sub("", sentence)
    for kind, pattern in ARTEFACT_PATTERNS:
        if pattern.search(body):
            return kind
    if len(_HAN.findall(_ORDINAL_LEAD.sub("", body))) < MIN_SENTENCE_CHARS:
        return "fragment"
    return None


# A lead-in announcing what follows ("根据素材，补充以下做法：一是……"): the announcement is talk, what it
# announces may be draft. Other colons ("参考了：《…》") introduce more talk.
_LEAD_IN = re.compile(r"^[^：:]*(?:以下|如下|下列|补充)[^：:]{0,12}[：:]")
# English sentences end with a full stop and a space, which the Chinese sentence split does not see.
_ENGLISH_END = re.compile(r"(?<=[A-Za-z][.!?])\s+")


def _split_lead_in(sentence: str) -> tuple[str, str]:
    """A sentence opened by a lead-in announcing what follows, split after its colon (tail empty without one)."""
    match = _LEAD_IN.match(sentence)
    if match is None:
        return sentence, ""
    return sentence[: match.end()], sentence[match.end() :]


def _sentences(paragraph: str) -> list[str]:
    return [part for sentence in split_sentences(paragraph) for part in _ENGLISH_END.split(sentence) if part]


def _gate(text: str, *, remove: bool) -> tuple[str, list[Artefact]]:
    found: list[Artefact] = []
    kept_paragraphs: list[str] = []
    for index, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        kept: list[str] = []
        for sentence in _sentences(paragraph):
            kind = artefact_kind(sentence)
            if kind is None:
                kept.append(sentence)
                continue
            head, tail = _split_lead_in(sentence)
            if tail and artefact_kind(head) and artefact_kind(tail) is None:
                found.append(Artefact(kind, head.strip(), index))  # "根据素材，补充如下：一是……": the lead-in goes
                kept.append(tail if remove else sentence)
                continue
            found.append(Artefact(kind, sentence.strip(), index))
            if not remove:
                kept.append(sentence)
        prose = _LEADING_PUNCT.sub("", "".join(kept)).strip() if remove else "".join(kept).strip()
        if prose:
            kept_paragraphs.append(prose)
    return "\n\n".join(kept_paragraphs), found


def find_artefacts(text: str) -> list[Artefact]:
    """Every sentence of `text` that is not part of a draft."""
    return _gate(text, remove=False)[1]


def remove_artefacts(text: str) -> tuple[str, list[Artefact]]:
    """The final gate: `text` without the sentences that are not part of a draft, and what it removed."""
    return _gate(text, remove=True)
