from app.citation_check import check_paragraph, cited_numbers, sentence_before, support

PASSAGES = {
    1: "组织骨干教师集中研修12期，培训教师3200人次，建立县级名师工作室18个。",
    2: "改造薄弱学校校舍，新建塑胶运动场，配备多媒体教室设备。",
}


def test_marker_forms_are_normalised():
    text, status, removed = check_paragraph("组织骨干教师集中研修，建立名师工作室［1］。", PASSAGES, paragraph_index=0)
    assert text == "组织骨干教师集中研修，建立名师工作室[1]。"
    assert status.valid == (1,) and removed == []
    assert cited_numbers("见【1、2】和[3,4]") == [1, 2, 3, 4]


def test_marker_to_a_missing_passage_is_removed():
    text, status, removed = check_paragraph("组织骨干教师集中研修[1][7]。", PASSAGES, paragraph_index=2)
    assert text == "组织骨干教师集中研修[1]。"
    assert [(r.n, r.paragraph, r.reason) for r in removed] == [(7, 2, "no such passage")]
    assert status.removed == (7,)


def test_marker_on_an_unrelated_sentence_is_removed():
    text, status, removed = check_paragraph("组织骨干教师集中研修，建立名师工作室[2]。", PASSAGES, paragraph_index=0)
    assert text == "组织骨干教师集中研修，建立名师工作室。"
    assert not status.has_valid_citation
    assert removed[0].reason == "no shared content" and removed[0].overlap < 0.15


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    paragraph = "改造薄弱学校校舍。组织骨干教师集中研修。[1]"
    assert sentence_before(paragraph, paragraph.index("[1]")) == "组织骨干教师集中研修"
    assert check_paragraph(paragraph, PASSAGES, paragraph_index=0)[1].valid == (1,)


def test_generic_register_words_alone_are_not_support():
    assert support("全面加强工作，不断推进发展，切实提高质量", PASSAGES[2]) == 0.0
