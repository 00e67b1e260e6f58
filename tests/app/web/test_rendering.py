from app.checks.verify import verify_draft
from app.drafting.passages import Passage
from app.drafting.result import DraftResult
from app.web.rendering import checks_html, marked, retrieved_html


def test_report_text_is_escaped_and_only_the_spans_are_marked() -> None:
    assert marked("<b>控辍保学</b>&", [(3, 7)]) == "&lt;b&gt;<mark>控辍保学</mark>&lt;/b&gt;&amp;"


def test_the_passages_being_drafted_from_are_escaped() -> None:
    passage = Passage(1, "正文", "a.txt", "<script>x</script>总结", 2021, "二、做法 > <b>培训</b>", "主要做法及成效", "d", "")
    shown = retrieved_html("教师<培训>", [passage])
    assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;x&lt;/script&gt;总结" in shown and "2021" in shown and "教师&lt;培训&gt;" in shown


def test_each_finding_item_is_a_line_of_its_own() -> None:
    """Blank items hold "、" themselves ("××人、××所（…）"): joined by "、" they ran into one another."""
    passage = Passage(1, "全年新建学校6所，招聘教师96人。", "a.txt", "某县2022年工作总结", 2022, "", "", "d", "")
    checks = verify_draft("全年新建学校××所，招聘教师××人[1]。", passages=[passage], own_texts=["起草2024年的一段"])
    result = DraftResult(checks=checks, passages=[passage], outline=[], raw_draft="", timings={}, prompt_versions={})
    shown = checks_html(result)
    assert shown.count('<div class="wg-items">') >= 2
    assert "全年新建学校××所（某县2022年工作总结：6所）" in shown and "招聘教师××人（某县2022年工作总结：96人）" in shown
