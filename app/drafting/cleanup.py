"""Repairs a small model's reply needs before it is checked: a list turned into prose, sentences that
echo the instructions or name the passages' labels removed, what is not draft removed, repeated
paragraphs and sentences dropped, paragraphs off the topic dropped, and length beyond the target cut.
Lengths count characters of text, not citation markers or whitespace (app.checks.text.draft_length)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.checks.artefacts import Artefact, remove_artefacts
from app.checks.text import CITATION, content_bigrams, draft_length, split_sentences
from app.checks.topic import OffTopicParagraph, Relevance, off_topic_paragraphs
from app.checks.verify import Removed
from app.drafting.passages import Passage, passage_labels
from app.drafting.prompts import PromptTemplate

DUPLICATE_SIMILARITY = 0.8


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= DUPLICATE_SIMILARITY


def _sentence_key(sentence: str) -> str:
    return re.sub(r"\s", "", CITATION.sub("", sentence)).rstrip("。！？；!?;")


def remove_repeats(text: str, *, earlier: str = "") -> tuple[str, list[str]]:
    """Drop sentences that (nearly) repeat an earlier one, and paragraphs that (nearly) repeat an
    earlier paragraph. Sentence by sentence, not paragraph by paragraph: a point
    drawn from a passage much like an earlier one repeats its first sentences and then says something
    new (tuning half: a 1,000-character draft lost 430 characters of 940 as whole repeated paragraphs,
    half of them new sentences). `earlier`: text written before (other sections of the document) that
    `text` must not repeat either. Returns the cleaned text and what was removed."""
    removed: list[str] = []
    seen_sentences: list[set[str]] = []
    seen_keys: set[str] = set()
    seen_paragraphs: list[set[str]] = []
    for paragraph in (p.strip() for p in earlier.split("\n") if p.strip()):
        for sentence in split_sentences(paragraph):
            seen_keys.add(_sentence_key(sentence))
            seen_sentences.append(content_bigrams(sentence))
        seen_paragraphs.append(content_bigrams(paragraph))
    result: list[str] = []
    for paragraph in (p.strip() for p in text.split("\n")):
        if not paragraph:
            continue
        sentences: list[str] = []
        repeated: list[str] = []
        for sentence in split_sentences(paragraph):
            key = _sentence_key(sentence)
            grams = content_bigrams(sentence)
            if len(key) >= 8 and (key in seen_keys or any(_similar(grams, seen) for seen in seen_sentences)):
                repeated.append(sentence.strip())
                continue
            seen_keys.add(key)
            seen_sentences.append(grams)
            sentences.append(sentence)
        kept = "".join(sentences).strip()
        grams = content_bigrams(kept)
        if kept and any(_similar(grams, seen) for seen in seen_paragraphs):
            repeated += [s.strip() for s in sentences]
            kept = ""
        removed += repeated
        if kept:
            seen_paragraphs.append(grams)
            result.append(kept)
    return "\n\n".join(result), removed


def trim_to_length(text: str, max_chars: int) -> str:
    """Cut the text at the last sentence end that keeps it within `max_chars` (at least one sentence stays)."""
    if draft_length(text) <= max_chars:
        return text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept: list[str] = []
    total = 0
    for paragraph in paragraphs:
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            size = draft_length(sentence)
            if total + size > max_chars and (kept or sentences):
                if sentences:
                    kept.append("".join(sentences).strip())
                return "\n\n".join(kept)
            sentences.append(sentence)
            total += size
        kept.append("".join(sentences).strip())
    return "\n\n".join(kept)


# A list item as a small model writes it: "1. " "1）" "一、" "（一）" "第一步：" "- " "* ".
_ITEM = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[步点条项]\s*[：:、.．，,]?|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|[【\[][一二三四五六七八九十]+[】\]]|\d+\s*[.、．)）](?!\d)|[-*•·]\s)\s*"
)
# "一是" opens an item too, but is prose: it stays unless the items are led anew.
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")
_MARKDOWN = re.compile(r"^\s*(?:#+|>+)\s*|\*\*|__|`")
_TITLE = re.compile(r"^([^。！？；!?;：:]{2,24})[：:]\s*(.+)$")
HEADING_MAX_CHARS = 25
FRAGMENT_MAX_CHARS = 30


def _is_heading(line: str) -> bool:
    body = CITATION.sub("", line).rstrip("：:")
    return len(body) <= HEADING_MAX_CHARS and not re.search(r"[。！？；!?;]", body)


def _sentence(text: str) -> str:
    text = text.strip()
    if text.endswith(("：", ":")):
        return text[:-1] + "："  # it introduces what follows: "主要目标是：" stays so
    text = text.rstrip("，,、")
    return text if not text or text[-1] in "。！？；!?;" or CITATION.search(text[-6:]) else text + "。"


def to_prose(text: str, *, leads: tuple[str, ...] = ()) -> list[str]:
    """Paragraphs of formal prose from a reply that may be a list: markdown and item numbers go, a
    "标题：内容" item becomes "标题，内容", a run of items becomes one paragraph (its items led by
    `leads`, e.g. 一是/二是, when there are two or more), a leading title line is dropped, other headings
    open the paragraph that follows them (a last one joins the paragraph before, or goes when it is
    all there is), and fragments too short to stand alone join the one before."""
    lines = [_MARKDOWN.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    paragraphs: list[list[tuple[str, bool]]] = []  # sentences, each marked whether it was a list item
    joinable = False  # the last paragraph is a heading alone or a run of items: what follows joins it
    heading_open = False  # the last paragraph is a heading alone
    for i, raw in enumerate(lines):
        item = bool(_ITEM.match(raw) or _ORDINAL.match(raw))
        line = _ITEM.sub("", raw, count=1).strip().lstrip("：:，,、")  # a colon left over from "标题\n：内容"
        if not line:
            continue
        if (m := _TITLE.match(line)) and not _is_heading(line):
            line = f"{m.group(1).strip()}，{m.group(2)}"
        if _is_heading(line):
            if i == 0 and len(lines) > 1 and not item and not line.endswith(("：", ":")):
                continue  # the reply's own title: the section does not need it
            paragraphs.append([(_sentence(line), False)])
            joinable = heading_open = True
            continue
        short = draft_length(line) < FRAGMENT_MAX_CHARS
        if paragraphs and (item and joinable or short or len(paragraphs[-1]) == 1 and joinable):
            paragraphs[-1].append((_sentence(line), item))
        else:
            paragraphs.append([(_sentence(line), item)])
        joinable, heading_open = item, False
    if heading_open:
        closing = paragraphs.pop()  # a closing fragment such as "成效明显" heads nothing: alone, it goes
        if paragraphs:
            paragraphs[-1] += closing
    result: list[str] = []
    for parts in paragraphs:
        items = sum(is_item for _, is_item in parts)
        if leads and items > 1:
            leading = iter(leads)
            parts = [(next(leading, "") + _ORDINAL.sub("", text, count=1), True) if is_item else (text, False)
                     for text, is_item in parts]
        result.append("".join(text for text, _ in parts))
    return result


ECHO_SIMILARITY = 0.6


# A sentence about the paragraph itself ("这一段以“一是……”开头，并引用了……的相关内容"): the small model
# retelling its instructions in its own words, with the point's title filled in, which the bigram
# comparison with the instructions alone does not catch. Official prose never speaks of "this paragraph".
_SELF_REFERENCE = re.compile(r"^\s*(?:这一?段|本段|该段|此段)(?:话|文字)?[^。！？；]*?(?:开头|引用|素材|字左右|要点|写)")


def drop_echoed_instructions(paragraphs: list[str], instructions: str) -> list[str]:
    """Sentences a small model copied from its own instructions ("篇幅还不够…", "段末注明…") removed:
    those sharing at least ECHO_SIMILARITY of their content bigrams with `instructions`, and those
    that describe the paragraph instead of writing it."""
    said = content_bigrams(instructions)
    kept: list[str] = []
    for paragraph in paragraphs:
        sentences = [
            s for s in split_sentences(paragraph)
            if not _SELF_REFERENCE.match(s)
            and (not (grams := content_bigrams(s)) or len(grams & said) / len(grams) < ECHO_SIMILARITY)
        ]
        if "".join(sentences).strip():
            kept.append("".join(sentences).strip())
    return kept


_LABEL_LEAD = r"(?:在|据|根据|如|正如)?"
_LABEL_YEAR = r"(?:\s*[（(]\d{4}[)）])?"
_LABEL_TAIL = r"(?:中|里)?(?:提到|指出|写道|强调|所述|提出)?[：:，,]?"
_NOT_TEXT = re.compile(r"[\s，,。：:；;、.．]")


def strip_source_labels(text: str, labels: list[tuple[str, int | None, str]]) -> str:
    """The passage labels a small model copies into its prose removed ("《××县教育局2021年工作总结》(2021)
    二、主要做法 > （一）…：", "在《…》中提到，", a heading path on its own): a draft for the writer's own
    report does not name the earlier reports it draws on (its [n] markers do), and a label's year would
    be blanked as a figure no passage text supports. `labels`: (title, year, heading path) of each
    passage shown to the model."""
    # A model copies a heading path whole or cut short: every leading part of a path is a label.
    parts_of = [heading.split(" > ") for _, _, heading in labels if heading]
    prefixes = {" > ".join(parts[:k]) for parts in parts_of for k in range(1, len(parts) + 1)}
    headings = sorted(prefixes, key=len, reverse=True)
    heading_pattern = "|".join(re.escape(h) for h in headings)
    after_title = _LABEL_YEAR + (rf"(?:\s*(?:{heading_pattern}))?" if headings else "")
    for title in sorted({title for title, _, _ in labels if title}, key=len, reverse=True):
        text = re.sub(_LABEL_LEAD + "《" + re.escape(title) + "》" + after_title + _LABEL_TAIL, "", text)
    # A heading path ("二、… > （一）…") is never prose; alone, a year label or a heading is no paragraph either.
    paths = [h for h in headings if " > " in h]
    if paths:
        text = re.sub(_LABEL_YEAR + r"\s*(?:" + "|".join(re.escape(h) for h in paths) + ")", "", text)
    heading_parts = {_NOT_TEXT.sub("", part) for parts in parts_of for part in parts}
    kept = []
    for paragraph in text.split("\n\n"):
        paragraph = paragraph.strip().lstrip("，,。：:；; ")
        content = _NOT_TEXT.sub("", CITATION.sub("", re.sub(r"[（(]\d{4}[)）]", "", paragraph)))
        if content and content not in heading_parts:
            kept.append(paragraph)
    return "\n\n".join(kept)


# Labels a small model puts inside a paragraph to structure it ("具体做法：……。成效：通过……"): the label
# goes, the sentence it opens stays.
_INLINE_LABEL = re.compile(
    r"(^|[。；！？])\s*(?:具体做法|主要做法|具体措施|主要措施|主要举措|做法|措施|举措|成效|主要成效|取得成效|工作成效|效果"
    r"|第[一二三四五六七八九十]+(?:部分|点|方面)"
    # the names of a document's parts, which a section's prompt names
    r"|主要做法及成效|存在(?:的)?问题|下一步工作|工作打算|基本情况)[：:]\s*"
)


# The prompts' own word for what to write, which the small model puts before a paragraph as its label
# ("正文：…", turned into "正文，…" when the reply is made prose): 6 of 20 tuning-half drafts had it.
# The same with the prompt's section and topic before it ("存在问题中关于“存在的问题”的正文：…").
_PROMPT_WORD_LABEL = re.compile(r"(^|[。；！？])\s*(?:[^。；！？：:，,\n]{0,30}的)?(?:正文|草稿|初稿)[：:，,]\s*")


def strip_inline_labels(paragraph: str) -> str:
    paragraph = _PROMPT_WORD_LABEL.sub(lambda m: m.group(1), paragraph)
    return _INLINE_LABEL.sub(lambda m: m.group(1), paragraph)


def prose_paragraphs(reply: str, template: PromptTemplate, *, leads: tuple[str, ...] = ()) -> list[str]:
    """A reply to `template` as paragraphs of prose (`to_prose`), without inline labels and without what
    echoes the template's own wording."""
    paragraphs = [strip_inline_labels(p) for p in to_prose(reply, leads=leads)]
    return drop_echoed_instructions(paragraphs, template.instructions)


# A paragraph that only restates the topic is the section's title written as a paragraph.
TITLE_ECHO_SHARE = 0.8
TITLE_ECHO_MAX_CHARS = 60


def is_title_echo(paragraph: str, topic: str) -> bool:
    """True for a short paragraph whose content is (nearly) all the topic's: a heading, not prose."""
    grams = content_bigrams(paragraph)
    if not grams or draft_length(paragraph) > TITLE_ECHO_MAX_CHARS:
        return False
    return len(grams & content_bigrams(topic)) / len(grams) >= TITLE_ECHO_SHARE


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: Removed  # artefacts, titles, repeats and off-topic paragraphs (the final gate adds what slipped through)

    @property
    def length(self) -> int:
        return draft_length(self.text)


# A lead followed by a space or a citation marker ("一是 全面落实", "二是[2] 一年来"): the lead runs on.
_LEAD_GAP = re.compile(r"(^|[。；！？])\s*([一二三四五六七八九十]+是)(?:\[\d+\])*[\s\u00a0\u3000]+")


def _fact_key(text: str) -> str:
    return _NOT_TEXT.sub("", CITATION.sub("", text))


def drop_echoed_facts(paragraph: str, facts: Sequence[str]) -> tuple[str, list[str]]:
    """The paragraph without sentences that are one of the writer's facts as given ("新招聘教师：85人。"):
    the facts block copied out, not a sentence that uses a fact. Returns the rest and what went."""
    keys = {_fact_key(f) for f in facts if _fact_key(f)}
    if not keys:
        return paragraph, []
    sentences = split_sentences(paragraph)
    echoed = [s for s in sentences if _fact_key(s.lstrip("-•· ")) in keys]
    return "".join(s for s in sentences if s not in echoed).strip(), [s.strip() for s in echoed]


def clean_draft(
    raw: str, passages: Sequence[Passage], *, topic: str, relevance: Relevance | None, facts: Sequence[str] = ()
) -> Cleaned:
    """The passages' copied labels, then what is not draft (app.checks.artefacts), the writer's facts
    copied out as they were given, paragraphs that only restate the topic (a title), repeats and (with
    `relevance`) paragraphs off `topic` removed: before the length is measured and trimmed, so what goes
    never takes the room of the draft."""
    text, artefacts = remove_artefacts(strip_source_labels(raw, passage_labels(passages)))
    kept: list[str] = []
    for paragraph in (p.strip() for p in text.split("\n\n") if p.strip()):
        paragraph, echoed = drop_echoed_facts(_LEAD_GAP.sub(r"\1\2", paragraph), facts)
        artefacts += [Artefact("echoed fact", sentence, -1) for sentence in echoed]
        if not paragraph:
            continue
        if is_title_echo(paragraph, topic):
            artefacts.append(Artefact("heading", paragraph, -1))
        else:
            kept.append(paragraph)
    text, repeats = remove_repeats("\n\n".join(kept))
    off_topic: list[OffTopicParagraph] = []
    if relevance is not None:
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        off_topic = off_topic_paragraphs(topic, paragraphs, relevance)
        dropped = {p.index for p in off_topic}
        text = "\n\n".join(p for i, p in enumerate(paragraphs) if i not in dropped)
    return Cleaned(text, Removed(repeats=tuple(repeats), off_topic=tuple(off_topic), artefacts=artefacts))
