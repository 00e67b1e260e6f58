"""`wengao search` reads a writer's question: the year it names ranks that year's reports first, 去年
counts from the library's newest report of each kind (or --as-of), and a user file extends the everyday words."""

from tests.app.cli_runner import run_wengao


def search(store, question: str, *options: str) -> list[dict]:
    code, hits, output = run_wengao("search", question, "--store", str(store), "--json", *options)
    assert code == 0, output
    return hits


def test_a_question_naming_a_year_finds_that_years_report_first(sample_store):
    plain = search(sample_store, "教师队伍建设", "--k", "5")
    hits = search(sample_store, "2020年教师队伍建设", "--k", "5")

    assert all(hit["year"] != 2020 for hit in plain)
    # The passages of 2020, or speaking of it (a 2019 summary's "2020年工作打算"), come first ...
    assert hits[0]["why"] and hits[0]["why"][0]["boost"] == "year"
    assert [hit["year"] for hit in hits[:2]].count(2020) == 1
    assert {"boost": "year", "value": 0.7, "reason": "2020年的工作总结"} in [
        {key: why[key] for key in ("boost", "value", "reason")} for hit in hits for why in hit["why"]
    ]
    # ... without dropping a close match of another year.
    assert any(hit["year"] != 2020 and not hit["why"] for hit in hits)
    assert hits[0]["understood"]["time"] == [{"text": "2020年", "kind": "year", "years": {"全部": "2020年"}}]


def test_last_year_counts_from_the_newest_report_of_its_kind_or_from_as_of(sample_store):
    newest = search(sample_store, "去年控辍保学工作", "--k", "3")
    as_of = search(sample_store, "去年控辍保学工作", "--k", "3", "--as-of", "2020")

    assert newest[0]["understood"]["time"][0]["years"]["工作总结"] == "2021年"  # newest 工作总结: 2022
    assert as_of[0]["understood"]["time"][0]["years"] == {"全部": "2019年"}
    assert newest[0]["year"] == 2021 and as_of[0]["year"] == 2019


def test_a_figure_question_shows_the_figure(sample_store):
    code, _, output = run_wengao("search", "全年累计培训教师多少人次", "--store", str(sample_store), "--k", "3")

    assert code == 0, output
    assert "理解为：" in output and "问数字（多少）" in output
    assert "↑ 数字：" in output
    assert "3860人次】" in output  # the figure marked like the query's words


def test_a_user_file_extends_the_everyday_words(sample_store, tmp_path, monkeypatch):
    def about_dropouts(hits: list[dict]) -> bool:
        return any("控辍保学" in hit["text"] or "劝返" in hit["text"] for hit in hits)

    assert not about_dropouts(search(sample_store, "娃娃不念书怎么办", "--k", "5"))
    terms = tmp_path / "我的说法.txt"
    terms.write_text("娃娃不念书 = 控辍保学, 劝返复学\n", encoding="utf-8")
    monkeypatch.setenv("WENGAO_EVERYDAY_TERMS_FILE", str(terms))

    hits = search(sample_store, "娃娃不念书怎么办", "--k", "5")

    assert hits[0]["understood"]["everyday_terms"] == [{"words": "娃娃不念书", "official": ["控辍保学", "劝返复学"]}]
    assert hits[0]["understood"]["added_terms"] == ["控辍保学", "劝返复学"]
    assert about_dropouts(hits)
    for hit in hits:  # which of the added terms each hit holds, for a writer to see why it came up
        assert hit["official_terms_found"] == [t for t in ("控辍保学", "劝返复学") if t in hit["text"]]


def test_a_broken_everyday_terms_file_is_one_line_naming_it(sample_store, tmp_path, monkeypatch):
    terms = tmp_path / "坏的.txt"
    terms.write_text("娃娃不念书 控辍保学\n", encoding="utf-8")
    monkeypatch.setenv("WENGAO_EVERYDAY_TERMS_FILE", str(terms))

    code, _, output = run_wengao("search", "控辍保学", "--store", str(sample_store))

    assert code == 2
    assert "坏的.txt:1" in output and "Traceback" not in output
