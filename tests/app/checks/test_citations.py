from app.checks.citations import (
    attribute_paragraph,
    check_paragraph,
    supporting_passages,
)
from app.checks.text import cited_numbers, sentence_before, support

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


ATTRIBUTION_PASSAGES = {
    1: "组织骨干教师集中研修，建立县级名师工作室，带动青年教师专业成长。",
    2: "推进县管校聘改革，交流轮岗教师，城乡学校师资配置更加均衡。",
    3: "新建塑胶运动场，更新实验室仪器设备。",
}


def test_attribution_adds_the_best_supporting_passages_before_the_final_stop():
    paragraph = "组织骨干教师集中研修，推进县管校聘改革，城乡师资配置更加均衡，"
    text, added = attribute_paragraph(paragraph, ATTRIBUTION_PASSAGES, paragraph_index=4, min_overlap=0.2)
    assert text == "组织骨干教师集中研修，推进县管校聘改革，城乡师资配置更加均衡[2][1]。"
    assert [(a.n, a.paragraph) for a in added] == [(2, 4), (1, 4)]
    assert added[0].overlap >= added[1].overlap >= 0.2


def test_attribution_leaves_an_unsupported_paragraph_alone():
    paragraph = "深化农村饮水安全工程建设，完善供水设施管护机制。"
    assert attribute_paragraph(paragraph, ATTRIBUTION_PASSAGES, paragraph_index=0, min_overlap=0.2) == (paragraph, [])
    assert supporting_passages(paragraph, {}, min_overlap=0.0) == []
