"""Cleaning scraped report text: site artefacts go, every report sentence stays, in order.

Fixtures are invented pages about a fictional county (青禾县) in the styles of several
document-sharing sites; the optional corpora tests score the real seeds against the gold hashes.
"""

import re
import sys
from pathlib import Path

import pytest

from ingest.clean import CleanedText, clean_scraped_text
from ingest.masked_figures import find_masked_figures

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"

BODY = [
    "2023年，县教育局在县委、县政府的坚强领导下，聚焦立德树人根本任务，推动全县教育事业高质量发展。",
    "一、基本情况",
    "全县现有中小学校52所，在校学生41360人，专任教师3188人，学前三年毛入园率达到93.6%。",
    "二、主要做法",
    "（一）推进集团化办学。组建城乡教育集团6个，实行师资统一调配、教研统一安排、质量统一评价。",
    "（二）加强数字校园建设。指导学校从国家中小学智慧教育平台下载优质课程资源，开通家校共育微信群386个，及时回应家长关切。",
    "三、推进教育资源下载平台建设",
    "（三）抓实校园安全。开展防溺水专项教育，组织应急演练210场，全年未发生重大安全责任事故。",
]


def _sentences(lines: list[str]) -> list[str]:
    return [s for line in lines for s in re.split(r"[。！？；]", line) if s.strip()]


def _assert_body_kept_in_order(result: CleanedText, body: list[str]) -> None:
    flat = result.text.replace("\n", "")
    position = 0
    for sentence in _sentences(body):
        found = flat.find(sentence, position)
        assert found >= 0, f"lost or out of order: {sentence}"
        position = found + len(sentence)


def test_scraped_page_head_and_tail_are_removed_and_the_report_kept():
    page = "\n".join([
        "欢迎访问【青禾范文网】海量word文档免费下载！",
        "",
        "青禾县教育局2019年工作总结,青禾县教育局工作总结范文(精选5篇)",
        "青禾范文网 分享 时间： 加入收藏 我要投稿 点赞",
        "以下是网友为您整理分享的“青禾县教育局工作总结”相关范文，供您参考！",
        "",
        "青禾县教育局2023年工作总结",
        "",
        *BODY,
        "",
        "展开阅读全文",
        "相关推荐",
        "青禾县教育局2022年工作总结",
        "学校安全工作总结范文",
        "本站所有文档均由用户上传，仅供学习交流，如有侵权请联系网站删除。",
        "Copyright © 2015-2024 青禾范文网 版权所有 苏ICP备00000000号-1",
        "884213",
    ])
    result = clean_scraped_text(page)
    lines = result.text.split("\n")
    assert lines[0] == "青禾县教育局2023年工作总结"
    assert lines[1:] == BODY
    reasons = {r.reason for r in result.removed}
    assert {"banner", "seo_title", "site_meta", "seo_blurb", "download_prompt", "related_links",
            "copyright", "icp", "numeric_id"} <= reasons
    for noise in ("欢迎访问", "2019年", "加入收藏", "供您参考", "展开阅读全文", "2022年工作总结",
                  "如有侵权", "ICP", "884213"):
        assert noise not in result.text


def test_uploader_thumbnails_and_page_counters_are_removed():
    page = "\n".join([
        "青禾县教育局2023年工作总结.docx",
        "上传人：qh***5 文档编号：88123401 上传时间：2024-01-05 格式：DOCX 页数：6 大小：30.2KB",
        "青禾县教育局2023年工作总结.docx_第1页",
        "第1页 / 共6页",
        "青禾县教育局2023年工作总结.docx_第2页",
        "第2页 / 共6页",
        "点击查看更多>>",
        "资源描述：",
        "青禾县教育局2023年工作总结",
        *BODY,
        "第 6 页 共 6 页",
    ])
    result = clean_scraped_text(page)
    assert result.text.split("\n") == ["青禾县教育局2023年工作总结", *BODY]
    assert {"uploader", "thumbnail", "page_marker"} <= {r.reason for r in result.removed}


def test_page_markers_glued_mid_sentence_are_cut_and_the_sentence_joined():
    page = (
        "青禾县义务教育均衡发展汇报\n"
        "全年发放学生资助资金1260万元，惠及家庭经济困难学生第2页共5页8340人次。"
        "完成校舍改造3.2万平方米。第 3 页 共 5 页新建运动场地14块。\n"
        "第4页共5页深化课堂教学改革，全县课堂教学达标率提高到96%。"
    )
    result = clean_scraped_text(page)
    assert "惠及家庭经济困难学生8340人次。" in result.text
    assert "完成校舍改造3.2万平方米。新建运动场地14块。" in result.text
    assert "深化课堂教学改革" in result.text
    assert "页" not in result.text.replace("青禾县", "")
    assert [r.text for r in result.removed if r.reason == "page_marker"] == [
        "第2页共5页", "第 3 页 共 5 页", "第4页共5页"]


def test_numbered_preview_pages_are_mended_and_the_doubled_title_split_off():
    title = "青禾县教育局上半年工作总结"
    page1 = ("1、文本为Word版本,下载可任意编辑" + title + title
             + "上半年，县教育局围绕年度目标扎实推进各项工作，全县新增公办学位1800个，教师培训覆盖率达到100%，"
             "学前教育普及普惠督导评估顺利通过，职业教育招生规模稳中有升，在全市教育工作会议上作典型发")
    page2 = ("2、言。下半年，我们将持续深化教育领域综合改革，重点抓好集团化办学、教师县管校聘、课后服务提质等工作，"
             "确保全年目标任务圆满完成，努力办好人民满意的教育，为全县经济社会发展提供有力的人才支撑和智力保障，"
             "推动各项工作再上新台")
    page3 = ("3、阶。同时，持续推进校园安全专项整治行动，开展隐患排查，建立问题清单、责任清单和整改清单，实行销号管理，"
             "确保师生生命安全，全力营造安全稳定的校园环境，持续巩固平安校园建设成果，"
             "为教育事业发展创造良好的外部环境。")
    result = clean_scraped_text("\n\n".join([page1, page2, page3]))
    lines = result.text.split("\n")
    assert lines[0] == title
    assert lines[1].startswith("上半年，县教育局")
    assert "作典型发言。下半年" in result.text
    assert "再上新台阶。同时" in result.text
    assert "文本为Word版本" not in result.text
    assert not re.search(r"(^|\n)\d、", result.text)
    assert result.text.count(title) == 1


def test_title_glued_to_the_first_heading_is_put_on_its_own_line():
    page = "\n".join([
        "2024年青禾县基础教育工作汇报材料VIP专享VIP免费",
        "2024年青禾县基础教育工作汇报材料_第1页",
        "青禾县基础教育工作汇报材料一、基本情况全县现有公办学校38所，在校学生12680人，教职工985人，办学条件持续改善。",
    ])
    result = clean_scraped_text(page)
    lines = result.text.split("\n")
    assert lines[0] == "青禾县基础教育工作汇报材料"
    assert lines[1].startswith("一、基本情况全县现有公办学校38所")


def test_body_lines_mentioning_download_and_wechat_survive():
    result = clean_scraped_text("\n".join(BODY))
    assert result.text.split("\n") == BODY
    assert result.removed == []


def test_related_document_list_with_site_suffix_is_removed():
    links = [f"- {name}一号范文库" for name in (
        "村级党组织书记述职报告", "学校安全工作自查报告", "全面从严治党主体责任清单",
        "青年教师成长心得体会", "家长会班主任发言稿")]
    result = clean_scraped_text("\n".join([*links, "青禾县教育工作讲话", *BODY]))
    assert result.text.split("\n") == ["青禾县教育工作讲话", *BODY]
    assert sum(r.reason == "related_links" for r in result.removed) == len(links)


def test_truncated_preview_dots_go_with_the_site_text_after_them():
    page = "\n".join([
        "青禾县教育局关于控辍保学工作的报告",
        "全县建立控辍保学双线责任制，逐校逐生建立台账，劝返复学学生xx人，实现动态清零。下一步将继续...",
        "1、当您付费下载文档后，您只拥有了使用权限，并不意味着购买了版权。",
        "2、本站所有内容均由网友上传，本站不对文档的完整性做任何保证。",
        "回到顶部",
    ])
    result = clean_scraped_text(page)
    assert result.text.endswith("下一步将继续")
    assert "本站" not in result.text and "..." not in result.text
    assert "truncation" in {r.reason for r in result.removed}


def test_news_style_footer_is_trimmed_but_report_sentences_before_it_stay():
    article = ("青禾县教育局8月3日召开秋季开学工作部署会，要求各校做好校舍安全排查和教材发放工作。"
               "会议强调，各校要通过学校微信公众号及时向家长发布开学须知。"
               "返回搜狐，查看更多责任编辑：王小明")
    result = clean_scraped_text(article)
    assert result.text.endswith("及时向家长发布开学须知。")
    assert "责任编辑" not in result.text and "返回搜狐" not in result.text


def test_masked_figures_are_kept_in_the_text_and_listed():
    text = ("20XX年，xx县新建学校x所，投入资金x.x亿元，资助学生xxxx.xxx万元，巩固率达xx%。"
            "赶超*、争先进，*教育督导网予以通报，××镇中心小学获评先进。用Excel表格统计。")
    result = clean_scraped_text(text)
    assert result.text == text
    assert result.masked_figures == ["20XX", "xx", "x", "x.x", "xxxx.xxx", "xx%", "*", "*", "××"]


def test_find_masked_figures_spans_and_what_is_not_a_mask():
    text = "投资x.x亿元，访问www.xxx.com下载，二○○○年，3×4，Box与Excel，○○学校，达*%"
    found = find_masked_figures(text)
    assert [(text[s:e], m) for s, e, m in found] == [(m, m) for _, _, m in found]
    assert [m for _, _, m in found] == ["x.x", "○○", "*%"]


def test_whitespace_is_normalised_to_one_paragraph_per_line():
    text = "\u3000\u3000青禾县教育工作汇报\r\n\r\n\r\n\t一、基本情况  \n\u00a0全县现有学校52所。\u200b\n\n"
    result = clean_scraped_text(text)
    assert result.text == "青禾县教育工作汇报\n一、基本情况\n全县现有学校52所。"


def test_empty_and_only_boilerplate_inputs_give_empty_text():
    assert clean_scraped_text("").text == ""
    assert clean_scraped_text(" \n\u3000\n").text == ""
    boilerplate = "\n".join([
        "欢迎来到【青禾文库】免费下载word文档！",
        "青禾文库 分享 时间：2024-03-01 加入收藏",
        "微信扫码领取福利",
        "VIP",
        "第1页 / 共3页",
        "本站所有内容均由用户上传，如有侵权请联系客服删除。",
        "ICP备12345678号",
        "523117",
    ])
    result = clean_scraped_text(boilerplate)
    assert result.text == ""
    assert len(result.removed) >= 8


@pytest.mark.parametrize("odd", [
    "。。。。", "\n\n\n", "x" * 5000, "一" * 20000, "\x00\x01\x02", "第页共页", "1、\n2、\n3、",
    ")\";\n);", "……\n……", "* * *", "- a\n- b\n- c",
])
def test_odd_input_never_raises(odd):
    result = clean_scraped_text(odd)
    assert isinstance(result.text, str)
    assert "\n\n" not in result.text


def test_non_string_input_is_a_clear_error():
    with pytest.raises(TypeError, match="text must be str"):
        clean_scraped_text(b"bytes")  # type: ignore[arg-type]


# --- real corpora (optional) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_module():
    sys.path.insert(0, str(REPO))
    from bench import seeds_gold

    return seeds_gold


@pytest.mark.corpora
def test_seeds_lose_no_sentence_and_keep_no_noise(gold_module):
    seeds = CORPORA / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/corpora/seeds not present")
    gold = gold_module.load_gold()
    for name in sorted(gold):
        raw = (seeds / name).read_text(encoding="utf-8")
        score = gold_module.score_against_gold(name, [clean_scraped_text(raw).text], gold)
        assert score["sentences_lost"] == 0, (name, score)
        assert score["noise_left"] == 0, (name, score)
        # The scorer itself must see noise in the raw page and losses in a cut-down text.
        assert gold_module.score_against_gold(name, [raw], gold)["noise_left"] > 0
        half = clean_scraped_text(raw).text[: len(raw) // 4]
        assert gold_module.score_against_gold(name, [half], gold)["sentences_lost"] > 0


@pytest.mark.corpora
def test_clean_government_reports_lose_nothing_but_the_licence_note():
    reports = sorted((CORPORA / "gov_reports").glob("*.txt"))
    if not reports:
        pytest.skip("../shared/corpora/gov_reports not present")
    for path in reports[::6]:
        raw = path.read_text(encoding="utf-8")
        result = clean_scraped_text(raw)
        assert {r.reason for r in result.removed} <= {"copyright"}, path.name
        kept = re.sub(r"\s+", "", result.text)
        body = raw.split("本作品")[0]
        # Whitespace and zero-width characters are the only other difference.
        assert kept == re.sub(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]+", "", body), path.name


def test_contributor_note_and_partial_preview_notice_are_removed():
    page = "\n".join([
        "青禾县教育局2023年工作总结",
        "【青禾文摘网 · 教育总结】本文由网友投稿，仅供参考学习。",
        *BODY,
        "青禾县教育局",
        "温馨提示：本文档共6页，当前仅显示部分内容，开通VIP会员后可下载完整版Word文档！",
    ])
    result = clean_scraped_text(page)
    assert result.text.split("\n") == ["青禾县教育局2023年工作总结", *BODY, "青禾县教育局"]
