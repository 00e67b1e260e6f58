from app.drafting.passages import Passage
from app.web.rendering import marked, retrieved_html


def test_report_text_is_escaped_and_only_the_spans_are_marked() -> None:
    assert marked("<b>控辍保学</b>&", [(3, 7)]) == "&lt;b&gt;<mark>控辍保学</mark>&lt;/b&gt;&amp;"


def test_the_passages_being_drafted_from_are_escaped() -> None:
    passage = Passage(1, "正文", "a.txt", "<script>x</script>总结", 2021, "二、做法 > <b>培训</b>", "主要做法及成效", "d", "")
    shown = retrieved_html("教师<培训>", [passage])
    assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;x&lt;/script&gt;总结" in shown and "2021" in shown and "教师&lt;培训&gt;" in shown
