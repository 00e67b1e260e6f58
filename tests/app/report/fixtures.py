"""A small fictional shelf of past reports for the whole-document tests: documents, their chunks in
order (as a library holds them), and search hits over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.app.drafting.fixtures import FakeHit, RecordingSearch, hit


@dataclass(frozen=True)
class ShelfDoc:
    doc_id: str
    title: str
    year: int
    region: str
    doc_type: str


@dataclass(frozen=True)
class Chunk:
    page_content: str
    metadata: dict[str, Any] = field(default_factory=dict)


def chunk(text: str, heading: str = "", role: str = "主要做法及成效") -> Chunk:
    return Chunk(text, {"heading_path": heading, "section_role": role})


# 松岭县's 2022 summary: an opening, 一、 without sub-sections, 二、 with three （一）s (one with 1. items),
# 三、, and a 四、 named with the next year.
SONGLING_2022 = [
    chunk("一年来，松岭县教育局坚持立德树人，全县教育事业稳步发展。" * 3, "", "开头"),
    chunk("全县有中小学48所，在校学生3.1万人，教职工2800人。" * 4, "一、基本情况", "基本情况"),
    chunk("坚持党建引领，落实党组织领导的校长负责制。" * 5, "二、主要做法及成效 > （一）坚持党建引领，办学方向更加坚定"),
    chunk("拓宽补充渠道，招聘教师96人。" * 3, "二、主要做法及成效 > （二）建强教师队伍，育人根基更加厚实 > 1.拓宽补充渠道。"),
    chunk("做实培养培训，培训教师3200人次。" * 3, "二、主要做法及成效 > （二）建强教师队伍，育人根基更加厚实 > 2.做实培养培训。"),
    chunk("守牢安全底线，开展隐患排查。" * 5, "二、主要做法及成效 > （三）守牢安全底线，校园环境更加平安"),
    chunk("城乡教育资源配置仍不均衡，教师结构性缺员。" * 3, "三、存在问题", "存在问题"),
    chunk("推进义务教育优质均衡发展，深化教师队伍建设。" * 3, "四、2023年工作打算", "下一步工作"),
]

SHELF_DOCS = [
    ShelfDoc("songling-2022", "松岭县教育局2022年工作总结", 2022, "松岭县", "工作总结"),
    ShelfDoc("songling-2019", "松岭县教育局2019年工作总结", 2019, "松岭县", "工作总结"),
    ShelfDoc("baihe-2023", "白河县教育局2023年工作总结", 2023, "白河县", "工作总结"),
    ShelfDoc("songling-speech", "在全县2023年教育工作会议上的讲话", 2023, "松岭县", "讲话稿"),
]


class FakeShelf:
    def __init__(self, docs: list[ShelfDoc] = SHELF_DOCS) -> None:
        self.docs = docs
        self.chunks = {d.doc_id: SONGLING_2022 if d.doc_id == "songling-2022" else [chunk("正文。" * 20, "一、其他")] for d in docs}

    def documents(self) -> list[ShelfDoc]:
        return self.docs

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self.chunks[doc_id]


BASICS = hit("全县有中小学48所，在校学生3.1万人，教职工2800人，义务教育巩固率99.2%。",
             source="松岭县教育局2022年工作总结.md", year=2022, region="松岭县", heading="一、基本情况", role="基本情况")
TEACHERS = hit("拓宽教师补充渠道，全年招聘教师96人，培训教师3200人次，建立名师工作室18个。",
               source="松岭县教育局2022年工作总结.md", year=2022, region="松岭县",
               heading="二、主要做法及成效 > （二）建强教师队伍，育人根基更加厚实")
SAFETY = hit("守牢校园安全底线，开展隐患排查整治，全年排查隐患126处，校园安全形势平稳。",
             source="白河县教育局2023年工作总结.md", year=2023, region="白河县",
             heading="二、主要做法及成效 > （三）守牢安全底线")
PROBLEMS = hit("城乡教育资源配置仍不均衡，部分乡村学校教师结构性缺员，学前教育普惠资源不足。",
               source="白河县教育局2023年工作总结.md", year=2023, region="白河县", heading="三、存在问题", role="存在问题")
PLANS = hit("推进义务教育优质均衡发展，深化县管校聘改革，办好人民满意的教育。",
            source="松岭县教育局2019年工作总结.md", year=2019, region="松岭县", heading="四、2020年工作打算", role="下一步工作")

ALL_HITS: list[FakeHit] = [BASICS, TEACHERS, SAFETY, PROBLEMS, PLANS]


def shelf_search() -> RecordingSearch:
    return RecordingSearch(ALL_HITS)
