import pytest

from app.search.figure_questions import figure_cue, stated_figures


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("2016年粮食产量多少", "产量"),
        ("去年新增就业目标定了多少", "多少"),
        ("全县有几所寄宿制学校", "几"),
        ("城镇化率比例", "比例"),
        ("近几年教师队伍建设的做法", None),
        ("控辍保学 劝返复学", None),
        ("就业目标任务", None),
    ],
)
def test_a_question_asks_for_a_figure_by_its_words(question, cue):
    assert figure_cue(question) == cue


def test_the_sentence_stating_a_figure_about_the_question_is_found_with_its_unit():
    passage = "2021年，全县教育工作稳步推进。全年累计培训教师3860人次，实现全员覆盖。学校食堂全部达标。"
    found = stated_figures(passage, ["培训", "教师"])

    assert found is not None and found.coverage == 1.0
    assert found.figures == ("3860人次",)
    assert [passage[s:e] for s, e in found.spans] == ["3860人次"]


def test_years_are_not_the_figure_asked_for():
    assert stated_figures("2021年以来，教师培训工作扎实开展。", ["培训"]) is None


def test_a_figure_about_something_else_does_not_count():
    assert stated_figures("新建食堂12所。教师培训扎实开展。", ["培训"]) is None
    found = stated_figures("新建食堂12所。教师培训扎实开展。", [])
    assert found is not None and found.figures == ("12所",)
