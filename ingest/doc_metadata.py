"""Document-level metadata: title, year, region, issuing body and document type.

Sources, in order of trust: the report's own title line, its signature / first statements, then the
file name. Masked figures stay masked: a "20xx年" title gives year None, an "xx区" region is kept.
"""

import re
from pathlib import PurePath

DOC_TYPES = ("工作总结", "汇报材料", "讲话稿", "政府工作报告", "工作方案", "工作计划", "其他")

# Words that make a short opening line the report's title.
TITLE_WORD_RE = re.compile(r"报告|总结|讲话|汇报|方案|计划|材料|发言|致辞|打算|思路|要点")
_TITLE_MAX_CHARS = 60
_TITLE_SCAN_LINES = 8

_MASK = r"(?:[xX×＊*]{2,}|[xX×])"
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_MASKED_YEAR_RE = re.compile(r"(?:19|20)" + r"[xX×＊*]{1,2}" + r"|[xX×＊*]{4}年")
_STEM_YEAR_RE = re.compile(r"^((?:19|20)[0-9]{2})(?![0-9])")
_HASH_SUFFIX_RE = re.compile(r"[_\-.]?[0-9a-fA-F]{8,}$")
_AS_OF_RE = re.compile(r"截[止至]((?:19|20)[0-9]{2})年(?:底|末|12月31日)")

_PLACE = rf"(?:{_MASK}|[\u4e00-\u9fa5]{{2,8}}?)(?:自治州|自治县|新区|省|市|县|区|州|旗|镇|乡)"
_NOT_PLACE = re.compile(r"^(?:我|全|本|各|该|城|市|县|区|辖|地|在|对|关于)")
_ORG_SUFFIX = r"(?:人民政府|教育体育局|教育和体育局|教育局|教体局|[\u4e00-\u9fa5]{2,4}局|委员会|政府)"
_ISSUER_RE = re.compile(rf"((?:{_MASK}|[\u4e00-\u9fa5]{{1,8}}?)(?:自治州|自治县|新区|省|市|县|区|州|旗|镇|乡){_ORG_SUFFIX})")
# The State Council issues a text when a title names it or its speaker speaks for it; a report
# that quotes "国务院办公厅《…意见》" is not thereby the State Council's.
_STATE_COUNCIL_RE = re.compile(r"国务院(?!办公厅|关于|印发|《)")
_SPEAKS_FOR_STATE_COUNCIL_RE = re.compile(r"代表国务院")
_REGION_RE = re.compile(rf"^(?:(?:19|20)[0-9xX]{{2}}年(?:度)?)?({_PLACE})")

_SPEECH_CUE_RE = re.compile(r"同志们|讲几点意见|讲几点看法|谈几点意见|讲三点意见|讲几个问题")


def fallback_title(source: str) -> str:
    """The file name without folders, extension or a trailing hash-like suffix."""
    stem = PurePath(source).stem
    trimmed = _HASH_SUFFIX_RE.sub("", stem)
    return trimmed or stem


def find_title_line(lines: list[str]) -> int | None:
    """Index of the title among the opening short lines (the last title-like one before the body)."""
    found = None
    for i, line in enumerate(lines[:_TITLE_SCAN_LINES]):
        s = line.strip()
        if not s:
            continue
        if len(s) > _TITLE_MAX_CHARS or "。" in s:
            break
        if TITLE_WORD_RE.search(s) and not s.endswith(("：", ":")):
            found = i
    return found


def extract_year(title: str | None, body_start: str, source: str) -> int | None:
    """Year from the title (None when it is masked), else the file name, else the first statements."""
    if title:
        if _MASKED_YEAR_RE.search(title):
            return None
        m = _YEAR_RE.search(title)
        if m:
            return int(m.group(1))
    m = _STEM_YEAR_RE.match(PurePath(source).stem)
    if m:
        return int(m.group(1))
    as_of = _AS_OF_RE.search(body_start)
    first = _YEAR_RE.search(body_start)
    if as_of and (first is None or as_of.start(1) <= first.start()):
        # "截止2017年底，…" opens a report written in the following year
        return int(as_of.group(1)) + 1
    return int(first.group(1)) if first else None


def extract_issuer(title: str | None, opening: str, closing: str) -> str | None:
    """Issuing body named in the title, the closing signature or the first statements."""
    if _STATE_COUNCIL_RE.search(title or "") or _SPEAKS_FOR_STATE_COUNCIL_RE.search(opening):
        return "国务院"
    for text in (title or "", closing, opening):
        m = _ISSUER_RE.search(text)
        if m and not _NOT_PLACE.match(m.group(1)):
            return m.group(1)
    return None


def extract_region(title: str | None, issuer: str | None) -> str | None:
    """Place name (省/市/县/区/州/镇, masked "xx区" kept) opening the title or the issuer."""
    for text in (title or "", issuer or ""):
        m = _REGION_RE.match(text)
        if m and not _NOT_PLACE.match(m.group(1)):
            return m.group(1)
    return None


def classify_doc_type(title: str | None, text: str) -> str:
    """Document type from title keywords, else from speech cues in the content."""
    t = title or ""
    if "政府工作报告" in t:
        return "政府工作报告"
    if re.search(r"讲话|致辞|发言", t):
        return "讲话稿"
    if "汇报" in t:
        return "汇报材料"
    if "总结" in t:
        return "工作总结"
    if "方案" in t:
        return "工作方案"
    if re.search(r"计划|打算|思路|要点", t):
        return "工作计划"
    head, tail = text[:1500], text[-800:]
    if _SPEECH_CUE_RE.search(head) or _SPEECH_CUE_RE.search(tail):
        return "讲话稿"
    if "政府工作" in head and "各位代表" in head:
        return "政府工作报告"
    return "其他"
