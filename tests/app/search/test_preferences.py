from app.search.preferences import FigurePreference, YearPreference
from app.search.time_expressions import find_time_mentions
from vectorstore.search_filters import SearchFilters


def year_preference(question: str, reference_years: dict) -> YearPreference:
    return YearPreference(tuple(find_time_mentions(question)), reference_years, 0.25)


def test_a_passage_of_the_named_year_earns_the_bonus():
    preference = year_preference("2016年粮食产量", {None: 2019})
    bonus = preference.bonus("粮食产量稳定。", {"year": 2016, "doc_type": "政府工作报告"})

    assert bonus is not None and bonus.value == 0.25 and bonus.reason == "2016年的政府工作报告"
    assert preference.bonus("粮食产量稳定。", {"year": 2010, "doc_type": "政府工作报告"}) is None


def test_the_next_years_report_earns_it_where_it_speaks_of_that_year():
    preference = year_preference("2016年粮食产量", {None: 2019})
    report = {"year": 2017, "doc_type": "政府工作报告", "heading_path": ""}
    under_heading = preference.bonus("粮食产量创新高。", report | {"heading_path": "一、2016年工作回顾"})
    past_year = preference.bonus("过去一年，粮食产量创新高。", report)

    assert under_heading is not None and "标题说到2016年" in under_heading.reason
    assert past_year is not None and past_year.spans == ((0, 4),)
    assert preference.bonus("今年粮食产量要稳定。", report) is None


def test_a_year_end_summary_speaks_of_its_own_year():
    preference = year_preference("2020年教师培训", {None: 2022})
    summary = {"year": 2021, "doc_type": "工作总结", "heading_path": ""}

    assert preference.bonus("一年来，教师培训扎实开展。", summary) is None  # 2021's, not 2020's
    assert preference.bonus("2020年以来，教师培训扎实开展。", summary) is not None


def test_relative_years_count_from_the_newest_document_of_each_type():
    preference = year_preference("去年招了多少老师", {"工作总结": 2022, "工作计划": 2023, None: 2023})

    assert preference.bonus("招聘教师。", {"year": 2021, "doc_type": "工作总结"}) is not None
    assert preference.bonus("招聘教师。", {"year": 2022, "doc_type": "工作总结"}) is None
    assert preference.bonus("招聘教师。", {"year": 2022, "doc_type": "工作计划"}) is not None
    assert set(preference.pool_filters) == {
        SearchFilters(year_min=2021, year_max=2022, doc_types=("工作总结",)),
        SearchFilters(year_min=2022, year_max=2023, doc_types=("工作计划",)),
    }


def test_an_absolute_year_searches_its_own_and_the_next_years_rows():
    assert list(year_preference("“十三五”时期", {None: 2019}).pool_filters) == [SearchFilters(year_min=2016, year_max=2021)]


def test_a_passage_without_a_known_year_earns_nothing():
    assert year_preference("2016年", {None: 2019}).bonus("2016年……", {"year": -1}) is None


def test_the_figure_bonus_grows_with_the_questions_terms_in_the_sentence():
    preference = FigurePreference(("粮食", "产量"), 0.2)
    full = preference.bonus("全年粮食产量1.2万亿斤。", {})
    half = preference.bonus("全年粮食收购3000万吨。", {})

    assert full is not None and full.value == 0.2 and full.reason == "数字：1.2万亿斤"
    assert half is not None and half.value == 0.1
    assert preference.bonus("粮食产量稳定增长。", {}) is None


def test_a_heading_naming_its_year_says_what_the_passage_is_about():
    preference = year_preference("2015年粮食产量", {None: 2019})
    report = {"year": 2015, "doc_type": "政府工作报告"}

    assert preference.bonus("粮食产量6.07亿吨。", report | {"heading_path": "一、2014年工作回顾"}) is None
    assert preference.bonus("粮食产量要稳定。", report | {"heading_path": "四、2015年重点工作"}) is not None
    assert preference.bonus("粮食产量要稳定。", report | {"heading_path": "四、协调推动经济增长"}) is not None
