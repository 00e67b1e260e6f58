"""Revision turns: the new-or-revise decision, and a revision against the scripted LLM, verified again."""

from __future__ import annotations

import pytest

from app.drafting.events import Token, Verified
from app.drafting.generation import DraftingError
from app.drafting.pipeline import draft_section
from app.drafting.request import InvalidRequest
from app.drafting.result import DraftResult
from app.drafting.revision import is_revision, stream_revision, target_length
from app.llm.client import LLMClient
from tests.app.drafting.fixtures import TEACHER_HITS, RecordingSearch
from tests.scripted_llm import ErrorReply, ScriptedLLM

REQUEST = "起草'主要做法及成效'中关于教师队伍建设的一段，约60字"
# 71 characters for the 60 asked: within the length, so no continuation call is made.
FIRST = (
    "全县组织骨干教师集中研修12期，培训教师3200人次，带动青年教师专业成长[1]。"
    "推进县管校聘改革，交流轮岗教师265名，城乡学校师资配置更加均衡[2]。"
)


@pytest.mark.parametrize(
    ("message", "has_draft", "expected"),
    [
        ("再正式一些", True, True),
        ("压缩到400字", True, True),
        ("补充一是二是三是", True, True),
        ("太长了", True, True),
        ("请把第二段的语气改得更加庄重，并突出师德建设方面的做法和成效", True, True),
        ("再正式一些", False, False),  # nothing to revise: a new request
        ("起草'存在问题'中关于教师编制的一段，约300字", True, False),
        ("请起草下一步工作打算", True, False),
        ("撰写一段关于控辍保学的主要做法", True, False),
        ("围绕学前教育普及普惠和城乡幼儿园布局调整，写出近三年的主要做法", True, False),
    ],
)
def test_a_turn_is_a_revision_or_a_new_request(message, has_draft, expected):
    assert is_revision(message, has_draft=has_draft) is expected


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [("压缩到400字", 400), ("扩写到一千字", 1000), ("控制在两百字以内", 200), ("再正式一些", 60), ("改成5字", 60),
     ("再压缩20字", 50), ("压缩10字", 50), ("增加一百字", 160), ("扩充40字左右", 100), ("压缩至100字", 100)],
)
def test_target_length_from_the_instruction_else_the_previous_draft(instruction, expected):
    previous = "一" * 60 + "[1]\n\n"
    assert target_length(instruction, previous) == expected


def client(llm: ScriptedLLM) -> LLMClient:
    return LLMClient(llm.base_url, llm.model, max_retries=0, read_timeout_s=10)


@pytest.fixture
def first_draft() -> DraftResult:
    with ScriptedLLM([FIRST]) as llm:
        result = draft_section(REQUEST, search=RecordingSearch(TEACHER_HITS), llm=client(llm))
    assert len(llm.requests) == 1
    return result


def test_revision_uses_the_same_passages_and_is_verified_again(first_draft):
    # The revision copies a passage's figure (12), invents one (999) and cites a passage that does not exist ([9]).
    revised = "全年组织骨干教师集中研修12期[1]。新增名师工作室999个[9]。"
    with ScriptedLLM([revised]) as llm:
        events = list(stream_revision(first_draft, "再正式一些", llm=client(llm), section_type="主要做法及成效",
                                      facts=["2024年招聘教师40名"], own_texts=[REQUEST]))
    prompt = llm.requests[0]["messages"][1]["content"]
    assert first_draft.draft in prompt and "再正式一些" in prompt and "2024年招聘教师40名" in prompt
    for passage in first_draft.passages:
        assert f"[{passage.n}]" in prompt
    tokens = "".join(e.text for e in events if isinstance(e, Token))
    assert tokens == revised
    result = events[-1].result
    assert isinstance(events[-1], Verified)
    assert result.passages == first_draft.passages
    assert "999" not in result.draft and "12期" not in result.draft
    assert result.draft.startswith("全年组织骨干教师集中研修××期[1]。新增名师工作室××个")
    assert [n.text for n in result.checks.unsupported_numbers] == ["12", "999"]
    assert [c.n for c in result.checks.removed_citations] == [9]
    assert result.prompt_versions["draft_revise"] == "2"


def test_figures_from_the_instruction_and_facts_stay(first_draft):
    revised = "今年招聘教师40名[1]，全年组织骨干教师集中研修12期[1]。"
    with ScriptedLLM([revised]) as llm:
        events = list(stream_revision(first_draft, "补充：今年招聘教师40名", llm=client(llm),
                                      section_type="主要做法及成效", facts=["今年集中研修12期"], own_texts=[REQUEST]))
    result = events[-1].result
    assert not result.checks.unsupported_numbers
    assert "40名" in result.draft and "12期" in result.draft


def test_a_revision_loses_its_chatter_and_the_passages_figures(first_draft):
    revised = (
        "好的，以下是修改后的稿件。\n\n"
        "全县推进县管校聘改革，全年交流轮岗教师265名，城乡学校师资配置更加均衡[2]。篇幅已经足够，没有继续补充的内容了。"
    )
    with ScriptedLLM([revised]) as llm:
        events = list(stream_revision(first_draft, "再正式一些", llm=client(llm), section_type="主要做法及成效",
                                      own_texts=[REQUEST]))
    result = events[-1].result
    assert result.draft == "全县推进县管校聘改革，全年交流轮岗教师××名，城乡学校师资配置更加均衡[2]。"
    assert [(a.kind, a.text) for a in result.checks.removed.artefacts] == [
        ("talk about the text", "好的，以下是修改后的稿件。"),
        ("talk about the text", "篇幅已经足够，没有继续补充的内容了。"),
    ]
    assert [n.text for n in result.checks.unsupported_numbers] == ["265"]
    assert [str(b) for b in result.checks.blanks] == ["全年交流轮岗教师××名（松岭县教育局2021年工作总结：265名）"]
    # The passages reach the revision prompt masked, as in a first draft.
    prompt = llm.requests[0]["messages"][1]["content"]
    assert "交流轮岗教师××名" in prompt and "265" not in prompt


def test_a_failing_llm_is_a_drafting_error(first_draft):
    with ScriptedLLM([ErrorReply(400, "context too long", "invalid_request_error")]) as llm:
        with pytest.raises(DraftingError, match="revising"):
            list(stream_revision(first_draft, "再正式一些", llm=client(llm), section_type="正文"))


def test_an_empty_instruction_is_refused(first_draft):
    with pytest.raises(InvalidRequest, match="empty"):
        list(stream_revision(first_draft, "  ", llm=None, section_type="正文"))


def test_a_revision_of_nothing_but_copied_labels_keeps_the_draft(first_draft):
    passage = first_draft.passages[0]
    label = f"[{passage.n}] 《{passage.title}》({passage.year}) {passage.heading_path}"
    with ScriptedLLM([label]) as llm:
        with pytest.raises(DraftingError, match="原稿保留"):
            list(stream_revision(first_draft, "再正式一些", llm=client(llm), section_type="正文"))
