"""The final gate: sentences that are not draft are removed whole and counted; official prose is not touched."""

from __future__ import annotations

import pytest

from app.checks.artefacts import find_artefacts, remove_artefacts

BEFORE = "全县坚持把教师队伍建设摆在突出位置，统筹推进教师培训和交流轮岗。"
AFTER = "城乡学校师资配置更加均衡，教师队伍整体素质稳步提升。"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("二是主要做法及成效 > （四）建强教师队伍，育人根基更加厚实 > 教师培训。", "heading path"),
        pytest.param(
            "参考了：松岭县教育局2021年工作总结、白河县教育局2022年工作总结。", "passage mention",
        ),
        ("本文参考了往年工作总结的写法。", "passage mention"),
        ("资料结束<<<[2][1]。", "passage mention"),  # the data block's end marker, seen in a check-half draft
        ("以上内容依据中的相关论述进行撰写。", "talk about the text"),
        ("本段围绕教师队伍建设展开论述。", "talk about the text"),
        ("篇幅已经足够，没有继续补充的内容了。", "talk about the text"),
        ("本段约120字。", "talk about the text"),
        # Seen in tuning-half drafts: the model judging or describing what it wrote.
        ("通过简明扼要的文字描述了推进改革的重要意义和具体措施，符合写作要求。", "talk about the text"),
        ("以“向深化改革要动力”为题，从优化营商环境等方面提出具体措施。", "talk about the text"),
        # Seen in a whole document: the section's request told back.
        ("主要做法及成效中关于“教师队伍建设扎实推进”的内容，要点可参考“组织集中研修”。", "talk about the text"),
        ("【主要做法及成效】[1]。", "passage label"),
        ("青川县教育局 ××年××月××日。", "signature"),
        ("**加强教师培训**。", "markdown"),
        ("[。", "fragment"),
        ("三是……。", "fragment"),
        ("以上内容均依、的摘录。", "passage mention"),
    ],
)
def test_a_sentence_that_is_not_draft_is_removed_whole(sentence, kind):
    text, removed = remove_artefacts(BEFORE + sentence + AFTER)
    assert text == BEFORE + AFTER
    assert [(a.kind, a.text, a.paragraph) for a in removed] == [(kind, sentence, 0)]


def test_a_markdown_heading_and_english_chatter_on_their_own_lines_are_removed():
    text, removed = remove_artefacts(f"# 教师队伍建设\n\n{BEFORE}\n\nHere is the draft.\n\n{AFTER}")
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert [(a.kind, a.text, a.paragraph) for a in removed] == [
        ("markdown", "# 教师队伍建设", 0),
        ("English", "Here is the draft.", 2),
    ]


def test_english_chatter_inside_a_paragraph_takes_only_itself():
    text, removed = remove_artefacts(f"{BEFORE}Here is the draft. {AFTER}")
    assert text == BEFORE + AFTER
    assert [a.text for a in removed] == ["Here is the draft."]


def test_every_artefact_of_a_draft_is_counted_and_a_paragraph_of_nothing_else_disappears():
    draft = (
        f"{BEFORE}篇幅已经足够，没有继续补充的内容了。\n\n"
        "本文参考了往年工作总结的写法。\n\n"
        f"{AFTER}以上内容依据中的相关论述进行撰写。"
    )
    text, removed = remove_artefacts(draft)
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert [(a.kind, a.paragraph) for a in removed] == [
        ("talk about the text", 0), ("passage mention", 1), ("talk about the text", 2)
    ]
    assert find_artefacts(draft) == removed  # the same list, without removing


@pytest.mark.parametrize(
    "prose",
    [
        "这一段时间以来，全县教育系统扎实推进教师队伍建设，师资结构持续优化。",
        "全县义务教育巩固率稳步提升，初中毕业生学业水平考试合格率达到90%以上。",
        "利用教学素材开展集体备课和教研活动，提升课堂教学质量。",
        "数字化转型加快推进，智慧校园建设全面铺开，“三个课堂”常态化应用。",
        "一是加强教师培训，组织骨干教师集中研修[1]。二是推进交流轮岗，城乡师资配置更加均衡[2]。",
        "工程质量全部符合设计要求，竣工验收一次通过。",
        "开展“书香校园”主题征文活动，以读书为题材的作品获省级奖项。",
    ],
)
def test_official_prose_is_not_touched(prose):
    assert remove_artefacts(prose) == (prose, [])
    assert find_artefacts(prose) == []
