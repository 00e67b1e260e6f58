"""Cleanup of a small model's reply: prose from lists, echoes and labels removed, repeats dropped, length cut."""

from app.checks.text import draft_length
from app.drafting.cleanup import (
    clean_draft,
    drop_echoed_instructions,
    is_title_echo,
    prose_paragraphs,
    remove_repeats,
    strip_inline_labels,
    strip_source_labels,
    to_prose,
    trim_to_length,
)
from app.drafting.prompts import load_prompt


def test_remove_repeats_keeps_first_occurrence():
    text = "一是加强教师培训，建立名师工作室[1]。二是推进交流轮岗。\n二是推进交流轮岗。三是表彰优秀教师[2]。"
    cleaned, removed = remove_repeats(text)
    assert cleaned == "一是加强教师培训，建立名师工作室[1]。二是推进交流轮岗。\n\n三是表彰优秀教师[2]。"
    assert removed == ["二是推进交流轮岗。"]


def test_a_paragraph_opening_with_near_repeats_keeps_what_it_says_new():
    earlier = "根据中央部署，深入实施精准扶贫精准脱贫，再减少农村贫困人口××万以上[1]。对标全面建成小康社会任务，扎实推进脱贫攻坚[1]。"
    later = (
        "根据中央的部署，我们将深入实施精准扶贫精准脱贫，再减少农村贫困人口××万以上[2]。"
        "通过加强乡村治理、培育新型职业农民，推动农业农村现代化[2]。"
    )
    cleaned, removed = remove_repeats(f"{earlier}\n{later}")
    assert cleaned == f"{earlier}\n\n通过加强乡村治理、培育新型职业农民，推动农业农村现代化[2]。"
    assert removed == ["根据中央的部署，我们将深入实施精准扶贫精准脱贫，再减少农村贫困人口××万以上[2]。"]


def test_a_paragraph_that_rewords_an_earlier_one_goes_whole():
    earlier = "组织骨干教师集中研修，建立县级名师工作室，带动青年教师专业成长，教师队伍素质持续提升[1]。"
    reworded = "建立县级名师工作室，组织骨干教师集中研修，带动青年教师专业成长，教师队伍素质不断提升[2]。"
    assert remove_repeats(f"{earlier}\n{reworded}") == (earlier, [reworded])


def test_length_ignores_markers_and_trim_cuts_at_sentence_end():
    text = "甲乙丙丁戊[1]。己庚辛壬癸。\n\n子丑寅卯辰巳。"
    assert draft_length(text) == 19
    assert trim_to_length(text, 15) == "甲乙丙丁戊[1]。己庚辛壬癸。"
    assert trim_to_length(text, 3) == "甲乙丙丁戊[1]。"  # at least one sentence stays
    assert trim_to_length(text, 19) == text


def test_to_prose_joins_list_items_into_one_led_paragraph_and_drops_markup():
    reply = "## 控辍保学\n1. **健全机制**：签订控辍保学责任书，纳入年度考核[1]。\n- 动态监测：逐月比对学籍数据，建立跟踪台账[2]。"
    assert to_prose(reply, leads=("一是", "二是")) == [
        "一是健全机制，签订控辍保学责任书，纳入年度考核[1]。二是动态监测，逐月比对学籍数据，建立跟踪台账[2]。"
    ]
    assert to_prose(reply) == [
        "健全机制，签订控辍保学责任书，纳入年度考核[1]。动态监测，逐月比对学籍数据，建立跟踪台账[2]。"
    ]


def test_to_prose_relabels_ordinals_only_when_leading_items_anew():
    reply = "一是签订控辍保学责任书，纳入年度考核。\n三是逐月比对学籍数据，建立跟踪台账。"
    assert to_prose(reply, leads=("一是", "二是")) == ["一是签订控辍保学责任书，纳入年度考核。二是逐月比对学籍数据，建立跟踪台账。"]
    assert to_prose("一是签订控辍保学责任书，纳入年度考核，压实各方责任。") == ["一是签订控辍保学责任书，纳入年度考核，压实各方责任。"]


def test_to_prose_keeps_prose_paragraphs_and_attaches_headings_and_fragments():
    first = "全面落实控辍保学责任制，县乡村三级逐级签订责任书，形成部门联动、学校主抓的工作格局[1]。"
    second = "建立一人一档跟踪台账，对疑似辍学学生逐一核实，确保应返尽返、应学尽学[2]。"
    assert to_prose(f"{first}\n\n{second}") == [first, second]
    assert to_prose(f"{first}\n强化督查问效\n{second}\n成效明显") == [first, "强化督查问效。" + second + "成效明显。"]


def test_to_prose_keeps_the_colon_of_a_line_that_introduces_the_next():
    reply = "全年主要预期目标是：\n城镇新增就业稳中有增，居民收入增长与经济增长基本同步，物价保持基本稳定[1]。"
    assert to_prose(reply) == ["全年主要预期目标是：城镇新增就业稳中有增，居民收入增长与经济增长基本同步，物价保持基本稳定[1]。"]


def test_sentences_echoing_the_instructions_are_dropped():
    instructions = "篇幅还不够。请接着写一段，补充素材中尚未写到的做法或成效，不要重复上面已有的内容。"
    paragraphs = ["篇幅还不够。请接着写一段，补充素材中尚未写到的做法或成效。落实控辍保学责任，劝返复学学生[1]。", "不要重复上面已有的内容。"]
    assert drop_echoed_instructions(paragraphs, instructions) == ["落实控辍保学责任，劝返复学学生[1]。"]
    assert to_prose("主要做法及成效") == []


def test_sentences_describing_the_paragraph_instead_of_writing_it_are_dropped():
    """Seen with the 1.5B model: the instructions retold with the point filled in."""
    paragraphs = [
        "推动区域协调发展，支持中西部地区加快发展[3]。这一段以“推动区域协调发展”开头，并引用了的相关内容[6]。",
        "本段要点是“加强教师培训”，写200字左右。",
    ]
    instructions = "请为“”写一段，本段要点是“”。本段以“”开头，写字左右，只写这一段。"
    assert drop_echoed_instructions(paragraphs, instructions) == ["推动区域协调发展，支持中西部地区加快发展[3]。"]
    # A sentence that only mentions a paragraph of a document stays.
    kept = ["会议通过了决定，其中第三段明确了责任分工[1]。"]
    assert drop_echoed_instructions(kept, instructions) == kept


LABELS = [("清溪县教育局2021年工作总结", 2021, "二、主要做法及成效 > （一）控辍保学")]


def test_copied_passage_labels_leave_the_draft() -> None:
    draft = (
        "《清溪县教育局2021年工作总结》(2021) 二、主要做法及成效 > （一）控辍保学：全面落实控辍保学责任[1]。\n\n"
        "在《清溪县教育局2021年工作总结》中提到，劝返复学工作成效明显[1]。\n\n"
        "《清溪县教育局2021年工作总结》(2021)。"
    )
    assert strip_source_labels(draft, LABELS) == "全面落实控辍保学责任[1]。\n\n劝返复学工作成效明显[1]。"


def test_titles_of_other_documents_stay() -> None:
    draft = "严格执行《中华人民共和国义务教育法》，落实控辍保学责任[1]。"
    assert strip_source_labels(draft, LABELS) == draft


def test_copied_heading_paths_and_bare_headings_leave_the_draft() -> None:
    labels = [*LABELS, ("松岭县教育局2024年教师队伍建设工作汇报", 2024, "一、主要做法 > （二）青年教师培养")]
    draft = (
        "二、主要做法及成效 > （一）控辍保学。\n\n"
        "全年遴选青年教师126名[2]。\n\n"
        "(2021) 二、主要做法及成效[1]。\n\n"
        "（二）青年教师培养\n\n"
        "《松岭县教育局2024年教师队伍建设工作汇报》(2021) 一、主要做法 > （二）青年教师培养：结对指导成效明显[2]。"
    )
    assert strip_source_labels(draft, labels) == "全年遴选青年教师126名[2]。\n\n结对指导成效明显[2]。"


def test_a_heading_path_cut_short_is_still_a_label() -> None:
    labels = [("清溪县教育局2021年工作总结", 2021, "二、主要做法及成效 > （一）控辍保学 > 1.劝返复学")]
    draft = "[1] 《清溪县教育局2021年工作总结》(2021) 二、主要做法及成效 > （一）控辍保学 [1]\n\n劝返复学32人[1]。"
    assert strip_source_labels(draft, labels) == "劝返复学32人[1]。"


def test_a_bracketed_ordinal_opening_a_reply_goes_and_a_citation_stays():
    # Seen in a browser run: the small model opened its third point with "【二】".
    assert to_prose("【二】在试点基础上，将青年教师培养计划扩大到全县所有中小学[3]。") == [
        "在试点基础上，将青年教师培养计划扩大到全县所有中小学[3]。"
    ]
    assert to_prose("全面启动青年教师培养计划，为新入职教师配备导师，实行分层培养[1]。")[0].endswith("[1]。")


def test_inline_labels_go_and_their_sentences_stay():
    assert strip_inline_labels("具体做法：组织集中研修。成效：教师能力明显提升。第二部分：巩固成果。") == (
        "组织集中研修。教师能力明显提升。巩固成果。"
    )


def test_the_prompts_word_for_the_text_is_no_label_of_it():
    second = "加快农业转移人口市民化，深化户籍制度改革，放宽城镇落户条件[2]。"
    reply = f"正文：深入推进新型城镇化。城镇化是现代化的必由之路[1]。\n\n正文：{second}"
    assert prose_paragraphs(reply, load_prompt("draft_short")) == ["深入推进新型城镇化。城镇化是现代化的必由之路[1]。", second]
    assert strip_inline_labels("按照正文，要求各地落实。") == "按照正文，要求各地落实。"  # not at a sentence start


def test_a_paragraph_that_only_restates_the_topic_is_a_title():
    assert is_title_echo("坚持创新引领发展，着力激发社会创造力[1]。", "坚持创新引领发展 着力激发社会创造力")
    assert not is_title_echo("坚持创新引领发展，全年新建国家级创新平台，企业研发投入持续增长。", "创新引领发展")


def test_the_writers_facts_copied_out_as_given_are_removed_and_a_sentence_using_one_stays():
    raw = "新招聘教师：85人。全县中小学：46所。\n\n全年新招聘教师85人，补充到乡村学校。"
    cleaned = clean_draft(raw, [], topic="教师队伍", relevance=None, facts=["新招聘教师：85人", "全县中小学：46所"])
    assert cleaned.text == "全年新招聘教师85人，补充到乡村学校。"
    assert [a.kind for a in cleaned.removed.artefacts] == ["echoed fact", "echoed fact"]


def test_a_label_naming_the_section_and_topic_before_the_text_goes_and_the_text_stays():
    paragraphs = prose_paragraphs("存在问题中关于“存在的问题”的正文：一是控辍保学形势依然严峻。", load_prompt("draft_short"))
    assert paragraphs == ["一是控辍保学形势依然严峻。"]


def test_a_section_of_a_document_does_not_repeat_what_an_earlier_section_said():
    earlier = "全县坚持把控辍保学作为底线任务，建立动态监测台账[1]。"
    cleaned, removed = remove_repeats("坚持把控辍保学作为底线任务，建立动态监测台账[2]。新增学位××个[2]。", earlier=earlier)
    assert cleaned == "新增学位××个[2]。"
    assert removed == ["坚持把控辍保学作为底线任务，建立动态监测台账[2]。"]


def test_the_name_of_the_part_of_the_document_used_as_a_label_goes_and_its_sentence_stays():
    assert strip_inline_labels("主要做法及成效：新建幼儿园××所。下一步工作：优化教育资源配置。") == "新建幼儿园××所。优化教育资源配置。"


def test_a_lead_runs_on_into_its_point_without_a_space_or_a_citation_between():
    cleaned = clean_draft("一是 全面落实责任。二是[2] 强化保障[2]。", [], topic="控辍保学", relevance=None)
    assert cleaned.text == "一是全面落实责任。二是强化保障[2]。"
