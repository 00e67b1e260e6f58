import pytest

from app.search.everyday_terms import EverydayTerms
from app.search.plan import plan_question
from app.search.preferences import FigurePreference, YearPreference
from vectorstore.chinese_tokens import ChineseTokenizer

EVERYDAY = EverydayTerms({"看病贵": ["医疗费用负担", "看病就医"], "老师": ["教师"]})


@pytest.fixture(scope="module")
def tokenizer() -> ChineseTokenizer:
    return ChineseTokenizer()


def plan(question: str, tokenizer: ChineseTokenizer, reference_years=None):
    return plan_question(
        question, everyday=EVERYDAY, tokenizer=tokenizer, reference_years=reference_years or {None: 2019}
    )


def test_a_year_and_a_figure_question_gets_both_preferences(tokenizer):
    understood = plan("2016年粮食产量多少", tokenizer)

    assert [type(p) for p in understood.preferences] == [YearPreference, FigurePreference]
    assert understood.keyword_query == "粮食产量"  # the year goes to the year preference, 多少 nowhere
    assert understood.explain()["time"] == [{"text": "2016年", "kind": "year", "years": {"全部": "2016年"}}]
    assert understood.summary() == "2016年 → 2016年；问数字（产量）：写明数字的段落优先"


def test_everyday_words_add_official_terms_to_the_keyword_query_only(tokenizer):
    understood = plan("看病贵 减轻群众负担的措施", tokenizer)

    assert understood.question == "看病贵 减轻群众负担的措施"
    assert understood.keyword_query == "看病贵 减轻群众负担的措施"
    assert understood.added_terms == ("医疗费用负担", "看病就医")
    assert understood.explain()["everyday_terms"] == [{"words": "看病贵", "official": ["医疗费用负担", "看病就医"]}]
    assert understood.preferences == ()


def test_relative_years_are_explained_per_type_of_document(tokenizer):
    understood = plan("去年招了多少老师", tokenizer, {"工作总结": 2022, "工作计划": 2023, None: 2023})

    assert understood.explain()["time"][0]["years"] == {"工作总结": "2021年", "工作计划": "2022年"}
    assert understood.keyword_query == "招了 老师"  # 去年 in a passage is another year than the writer's
    assert understood.summary().startswith("去年 → 2021年（工作总结）、2022年（工作计划）")


def test_a_plain_topic_is_searched_as_written(tokenizer):
    understood = plan("控辍保学 劝返复学", tokenizer)

    assert understood.keyword_query == "控辍保学 劝返复学"
    assert understood.preferences == () and understood.summary() == ""
