"""In-paragraph enumerations: 一是…二是…三是…, 其一…其二…, 第一，…第二，…, 首先…其次…最后.

An item counts only where it opens the paragraph or follows punctuation, and only as part of a run
that starts at the first item and goes on in order (一是 then 二是 …): "统一是关键" is no item.
"""

import re
from dataclasses import dataclass

from ingest.headings import cn_to_int

_AFTER = r"(?:^|(?<=[。；！？：，、;!?:,\s]))"
_ENUM_RE = re.compile(
    _AFTER + r"(?:(?P<shi>[一二三四五六七八九十]{1,2})是"
    r"|其(?P<qi>[一二三四五六七八九十])[，,、：:]"
    r"|第(?P<di>[一二三四五六七八九十]{1,2})[，,、：:]"
    r"|(?P<seq>首先|其次|再次|最后)[，,])"
)
@dataclass(frozen=True)
class EnumItem:
    label: str   # "一是", "其二", "第三", "首先"
    offset: int  # where the item starts, relative to the text given


def find_enumeration(text: str) -> list[EnumItem]:
    """The items of the in-order enumeration runs in `text` (runs of at least two items)."""
    items: list[EnumItem] = []
    run: list[EnumItem] = []
    run_kind = ""
    for m in _ENUM_RE.finditer(text):
        kind = next(k for k in ("shi", "qi", "di", "seq") if m.group(k) is not None)
        if kind == "seq":
            label = m.group("seq")
            first = label == "首先"
            follows = run_kind == "seq" and (
                (label == "其次" and len(run) == 1) or (label in ("再次", "最后") and len(run) >= 2))
        else:
            label = m.group(0).rstrip("，,、：:")
            number = cn_to_int(m.group(kind)) or 0
            first = number == 1
            follows = run_kind == kind and number == len(run) + 1
        if first:
            if len(run) >= 2:
                items.extend(run)
            run, run_kind = [EnumItem(label, m.start())], kind
        elif follows:
            run.append(EnumItem(label, m.start()))
    if len(run) >= 2:
        items.extend(run)
    return items
