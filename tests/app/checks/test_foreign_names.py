from app.checks.foreign_names import blank_foreign_names, find_foreign_names

PASSAGE = "松岭县实施“青蓝结对工程”，松岭县第二中学与柳溪镇中心小学结对帮扶。"


def test_names_from_passages_are_found_and_places_and_schools_blanked():
    draft = "我县借鉴经验，推动松岭县第二中学与乡村学校结对，实施“青蓝结对工程”。"
    names = find_foreign_names(draft, passages=[PASSAGE], passage_regions=["松岭县"], own_texts=["起草教师队伍建设"])
    assert [(n.name, n.kind, n.blanked) for n in names] == [("松岭县第二中学", "school", True), ("青蓝结对工程", "programme", False)]
    assert blank_foreign_names(draft, names) == "我县借鉴经验，推动××中学与乡村学校结对，实施“青蓝结对工程”。"


def test_names_the_writer_gave_are_kept():
    draft = "柳溪镇中心小学开展结对帮扶。"
    own = ["柳溪镇中心小学是本县的试点学校"]
    assert find_foreign_names(draft, passages=[PASSAGE], passage_regions=["松岭县"], own_texts=own) == []


def test_generic_place_words_are_not_names():
    draft = "全县中小学和城区幼儿园结对。"
    passages = ["全县中小学和城区幼儿园开展活动。"]
    assert find_foreign_names(draft, passages=passages, passage_regions=[], own_texts=[]) == []


def test_a_preposition_before_a_common_place_noun_is_no_name():
    passage = "实现1亿左右农业转移人口和其他常住人口在城镇落户，柳溪镇率先推进。"
    draft = "推动农业转移人口在城镇落户。"
    assert find_foreign_names(draft, passages=[passage], passage_regions=[], own_texts=[]) == []
    assert [n.name for n in find_foreign_names("柳溪镇率先推进。", passages=[passage], passage_regions=[], own_texts=[])] == ["柳溪镇"]
