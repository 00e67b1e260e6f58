"""Each fact is shown to the section it is clearly about; the rest to 基本情况; none to the opening."""

from __future__ import annotations

from app.report.fact_assignment import assign_facts
from tests.app.report.scripted import OUTLINE

FACTS = ["新招聘教师：85人", "全县中小学：48所", "校园安全隐患整改：126处"]


def test_without_embeddings_a_fact_goes_to_the_heading_sharing_its_words_else_to_basics():
    shown = assign_facts(FACTS, OUTLINE)
    assert shown == {0: (), 1: ("全县中小学：48所",), 3: ("新招聘教师：85人",), 4: ("校园安全隐患整改：126处",), 5: ()}


def test_with_embeddings_only_a_clear_lead_decides_and_a_close_call_goes_to_basics():
    closeness = {"建强教师队伍，育人根基更加厚实": {"新招聘教师：85人": 0.80, "全县中小学：48所": 0.72},
                 "守牢安全底线，校园环境更加平安": {"新招聘教师：85人": 0.70, "全县中小学：48所": 0.715}}

    def relevance(topic, texts):
        return [closeness.get(topic, {}).get(text, 0.5) for text in texts]

    shown = assign_facts(FACTS[:2], OUTLINE, relevance)
    assert shown[3] == ("新招聘教师：85人",)  # 0.80 against 0.70: clear
    assert shown[1] == ("全县中小学：48所",)  # 0.72 against 0.715: a close call
    assert shown[0] == () and shown[4] == () and shown[5] == ()


def test_no_facts_no_sections_shown_any():
    assert assign_facts([], OUTLINE) == {0: (), 1: (), 3: (), 4: (), 5: ()}
