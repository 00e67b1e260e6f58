"""The outline of a long section: parsed from what a small model writes, or made from the passages."""

from app.drafting.outline import fallback_outline, parse_outline
from app.drafting.passages import Passage


def passage(n: int, text: str, heading: str = "") -> Passage:
    return Passage(n, text, f"s{n}.txt", f"报告{n}", 2022, heading, "主要做法及成效", f"d{n}", "")


PASSAGES = [
    passage(1, "组织骨干教师集中研修，建立名师工作室。", "二、主要做法 > （一）加强教师培训"),
    passage(2, "推进县管校聘改革，交流轮岗教师。", "二、主要做法 > （二）推进交流轮岗"),
]


def test_outline_lines_in_the_forms_a_small_model_writes():
    reply = "提纲如下：\n一、强化教师专业培训（来源：1、2）\n- 推进教师交流轮岗 [2]\n3. 加强队伍管理考核\n4. 短"
    points = parse_outline(reply, PASSAGES, max_points=5)
    assert [(p.title, p.sources) for p in points] == [
        ("强化教师专业培训", (1, 2)),
        ("推进教师交流轮岗", (2,)),
        ("加强队伍管理考核", (1,)),  # no source given: the passage sharing most with the title
    ]


def test_outline_drops_unknown_sources_and_stops_at_max_points():
    points = parse_outline("1. 强化教师专业培训 | 来源：7, 2\n2. 推进教师交流轮岗 | 来源：2", PASSAGES, max_points=1)
    assert [(p.title, p.sources) for p in points] == [("强化教师专业培训", (2,))]


def test_fallback_outline_uses_headings():
    assert [(p.title, p.sources) for p in fallback_outline(PASSAGES, points=3)] == [
        ("加强教师培训", (1,)),
        ("推进交流轮岗", (2,)),
    ]


def test_fallback_outline_merges_passages_under_a_shared_heading():
    same = passage(3, "县管校聘改革后，交流轮岗教师逐年增加。", "三、工作成效 > 第二，推进交流轮岗")
    other = passage(4, "表彰优秀教师，开展师德专题教育。", "三、工作成效 > （三）师德建设")
    assert [(p.title, p.sources) for p in fallback_outline([*PASSAGES, same, other], points=2)] == [
        ("加强教师培训", (1, 4)),
        ("推进交流轮岗", (2, 3)),
    ]
