from app.web_html import marked


def test_report_text_is_escaped_and_only_the_spans_are_marked() -> None:
    assert marked("<b>控辍保学</b>&", [(3, 7)]) == "&lt;b&gt;<mark>控辍保学</mark>&lt;/b&gt;&amp;"
