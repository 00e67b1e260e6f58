"""verify_draft as the final gate: what is not draft goes, the count runs once, figures are the writer's."""

from __future__ import annotations

from dataclasses import dataclass

from app.checks.topic import OffTopicParagraph
from app.checks.verify import Removed, verify_draft


@dataclass(frozen=True)
class Source:
    n: int
    text: str
    region: str = "青川县"
    title: str = "青川县教育局2022年工作总结"
    year: int | None = 2022


PASSAGE = Source(1, "全年公开招聘教师96人，新增学位3000个，教师培训合格率92.5%。")
DRAFT = "全县不断充实教师队伍，全年公开招聘教师96人，新增学位3000个[1]。"


def test_a_figure_found_only_in_a_cited_passage_is_blanked():
    checks = verify_draft(DRAFT, passages=[PASSAGE], own_texts=["起草教师队伍建设的一段"])
    assert checks.draft == "全县不断充实教师队伍，全年公开招聘教师××人，新增学位××个[1]。"
    assert [n.text for n in checks.unsupported_numbers] == ["96", "3000"]
    assert [str(b) for b in checks.blanks] == [
        "全年公开招聘教师××人（青川县教育局2022年工作总结：96人）",
        "新增学位××个（青川县教育局2022年工作总结：3000个）",
    ]


def test_figures_in_the_writers_facts_or_request_stay():
    checks = verify_draft(DRAFT, passages=[PASSAGE], own_texts=["今年招聘教师96人", "起草一段，新增学位3000个"])
    assert checks.draft == DRAFT and checks.unsupported_numbers == [] and checks.blanks == []


def test_the_gate_adds_what_it_removes_to_what_earlier_stages_removed():
    earlier = Removed(repeats=("重复的一句。",), off_topic=(OffTopicParagraph(2, "新建塑胶运动场。", 0.5),))
    draft = "以上内容依据中的相关论述进行撰写。\n\n一是充实教师队伍，公开招聘教师[1]。三是提高教师培训合格率[1]。"
    checks = verify_draft(draft, passages=[PASSAGE], own_texts=[], removed=earlier)
    assert checks.draft == "一是充实教师队伍，公开招聘教师[1]。二是提高教师培训合格率[1]。"
    assert checks.removed.repeats == earlier.repeats and checks.removed.off_topic == earlier.off_topic
    assert [a.kind for a in checks.removed.artefacts] == ["talk about the text"]
    assert [(f.lead, f.replaced_by) for f in checks.removed.enumeration_fixes] == [("三是", "二是")]
    assert checks.artefacts == [] and checks.enumeration_problems == []


def test_without_applying_the_findings_are_listed_and_the_draft_is_left():
    draft = "以上内容依据中的相关论述进行撰写。\n\n一是充实教师队伍，招聘教师96人[1]。三是提高培训质量[1]。"
    checks = verify_draft(draft, passages=[PASSAGE], own_texts=[], apply=False)
    assert checks.draft == draft
    assert [a.text for a in checks.artefacts] == ["以上内容依据中的相关论述进行撰写。"]
    assert [f.lead for f in checks.enumeration_problems] == ["三是"]
    assert [n.text for n in checks.unsupported_numbers] == ["96"]
    assert checks.removed == Removed()


def test_the_pasted_share_is_reported():
    copied = verify_draft("全年公开招聘教师××人，新增学位××个，教师培训合格率××%[1]。", passages=[PASSAGE], own_texts=[])
    fresh = verify_draft("全县持续深化教师管理改革，师资结构不断优化[1]。", passages=[PASSAGE], own_texts=[])
    assert copied.pasted_share == 1.0 and fresh.pasted_share == 0.0
