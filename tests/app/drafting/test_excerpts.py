"""Passages shown to the model cut to the sentences about the request."""

import pytest

from app.drafting.excerpts import excerpt


def test_excerpt_keeps_the_sentences_about_the_query():
    text = "召开全县教育工作会议。部署年度重点任务。落实控辍保学责任，劝返复学学生。改善办学条件。"
    assert excerpt(text, "控辍保学", max_chars=20) == "落实控辍保学责任，劝返复学学生。"
    assert excerpt(text, "控辍保学", max_chars=100) == text
    assert excerpt("一句很长的话" * 10, "无关", max_chars=12) == "一句很长的话一句很长的话"
    with pytest.raises(ValueError, match="max_chars"):
        excerpt(text, "控辍保学", max_chars=0)
